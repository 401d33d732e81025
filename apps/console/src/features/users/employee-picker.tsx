import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { employeesApi } from '../../api/resources.ts';
import { useCan } from '../../layout/require-permission.tsx';

type Option = { value: string; label: string };

/**
 * Searches employees on the server as the user types (there may be thousands). The currently bound
 * employee is always offered so an edit form shows a name, not an id. Nothing is fetched before the list is
 * first opened, nor without org.employee.read (a refused call would only add an audit entry).
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
  const [opened, setOpened] = useState(false);
  const mayRead = useCan()('org.employee.read');

  useEffect(() => {
    if (!opened || !mayRead) return;
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
  }, [q, opened, mayRead]);

  const merged = current && !options.some((o) => o.value === current.value) ? [current, ...options] : options;
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={value ?? undefined}
      onChange={(v?: string) => onChange?.(v ?? null)}
      options={merged}
      placeholder={placeholder}
      onOpenChange={(open) => open && setOpened(true)}
      data-testid="user-employee"
    />
  );
}
