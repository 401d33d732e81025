import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { employeesApi } from '../../api/resources.ts';

type Option = { value: string; label: string };

/**
 * Searches employees on the server as the user types (there may be thousands). The currently bound
 * employee is always offered so an edit form shows a name, not an id.
 */
export function EmployeePicker(props: {
  value?: string | null;
  onChange?: (value: string | null) => void;
  current: Option | null;
  placeholder?: string;
}) {
  const { value, onChange, current, placeholder } = props;
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<Option[]>([]);

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      employeesApi
        .list({ page: 1, pageSize: 50, ...(q ? { q } : {}) })
        .then((page) => live && setOptions(page.items.map((e) => ({ value: e.id, label: `${e.name} (${e.code})` }))))
        .catch(() => live && setOptions([]));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q]);

  const merged = current && !options.some((o) => o.value === current.value) ? [current, ...options] : options;
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={value ?? undefined}
      onChange={(v?: string) => onChange?.(v ?? null)}
      options={merged}
      placeholder={placeholder}
      data-testid="user-employee"
    />
  );
}
