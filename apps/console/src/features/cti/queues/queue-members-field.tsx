import { DeleteOutlined } from '@ant-design/icons';
import { Button, InputNumber, Space, Table } from 'antd';
import { useCallback, useState } from 'react';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { type PickerOption, RemotePicker } from '../agents/remote-picker.tsx';
import { agentsApi } from '../cti-api.ts';
import type { MemberFormValue } from '../queue-form-values.ts';

/** 队列成员座席指定 (§4.6.4.1): pick agents into the queue, each with a skill level 0–9 (9 highest). */
export function QueueMembersField(props: {
  value?: MemberFormValue[];
  onChange?: (value: MemberFormValue[]) => void;
  enabled: boolean;
}) {
  const { value = [], onChange, enabled } = props;
  const { t } = useI18n();
  const [picked, setPicked] = useState<string | null>(null);
  const [labels, setLabels] = useState<Map<string, string>>(new Map());
  const search = useCallback(async (q: string): Promise<PickerOption[]> => {
    const page = await agentsApi.list({ page: 1, pageSize: 50, ...(q ? { q } : {}) });
    const options = page.items.map((a) => ({ value: a.id, label: `${a.name} (${a.number})` }));
    setLabels((known) => new Map([...known, ...options.map((o) => [o.value, o.label] as const)]));
    return options;
  }, []);

  const add = (agentId: string | null) => {
    setPicked(null);
    if (!agentId || value.some((m) => m.agentId === agentId)) return;
    onChange?.([...value, { agentId, level: 5, label: labels.get(agentId) ?? agentId }]);
  };
  const setLevel = (agentId: string, level: number | null) =>
    onChange?.(value.map((m) => (m.agentId === agentId ? { ...m, level: level ?? 0 } : m)));

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <div style={{ maxWidth: 360 }}>
        <RemotePicker value={picked} onChange={add} current={null} search={search} enabled={enabled} testId="queue-member-pick" />
      </div>
      <Table<MemberFormValue>
        size="small"
        rowKey="agentId"
        dataSource={value}
        pagination={false}
        data-testid="queue-members"
        columns={[
          { title: t('queue.memberAgent'), dataIndex: 'label', render: (label: string | undefined, m) => label ?? m.agentId },
          {
            title: t('queue.memberLevel'),
            dataIndex: 'level',
            width: 180,
            render: (level: number, m) => (
              <InputNumber
                min={0}
                max={9}
                precision={0}
                value={level}
                onChange={(v) => setLevel(m.agentId, v)}
                data-testid="queue-member-level"
              />
            ),
          },
          {
            title: t('common.actions'),
            key: 'remove',
            width: 90,
            render: (_, m) => (
              <Button
                type="text"
                icon={<DeleteOutlined />}
                aria-label={t('common.delete')}
                onClick={() => onChange?.(value.filter((x) => x.agentId !== m.agentId))}
                data-testid="queue-member-remove"
              />
            ),
          },
        ]}
      />
    </Space>
  );
}
