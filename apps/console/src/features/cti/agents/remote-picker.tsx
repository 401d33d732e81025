import { Select } from 'antd';
import { useEffect, useState } from 'react';

export type PickerOption = { value: string; label: string };

/**
 * A Select that searches the server as the user types (employees and extensions may be thousands). The
 * current binding is always offered so an edit form shows a name, not an id. Nothing is fetched before
 * the list is first opened, nor when `enabled` is false (no read permission: a refused call would only
 * add an audit entry).
 */
export function RemotePicker(props: {
  value?: string | null;
  onChange?: (value: string | null) => void;
  current: PickerOption | null;
  search: (q: string) => Promise<PickerOption[]>;
  enabled: boolean;
  testId: string;
}) {
  const { value, onChange, current, search, enabled, testId } = props;
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<PickerOption[]>([]);
  const [opened, setOpened] = useState(false);

  useEffect(() => {
    if (!opened || !enabled) return;
    let live = true;
    const timer = setTimeout(() => {
      search(q)
        .then((found) => live && setOptions(found))
        .catch(() => live && setOptions([]));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q, opened, enabled, search]);

  const merged = current && !options.some((o) => o.value === current.value) ? [current, ...options] : options;
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={value ?? undefined}
      onChange={(v?: string) => onChange?.(v ?? null)}
      options={merged}
      disabled={!enabled}
      onOpenChange={(open) => open && setOpened(true)}
      data-testid={testId}
    />
  );
}
