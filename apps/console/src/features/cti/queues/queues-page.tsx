import { PlusOutlined } from '@ant-design/icons';
import type { Queue } from '@rexian/contracts';
import { Alert, Button, Card, Input, Popconfirm, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { useCan } from '../../../layout/require-permission.tsx';
import { errorText } from '../../../shared/error-text.ts';
import { useLoad } from '../../../shared/use-load.ts';
import { useNotify } from '../../../shared/use-notify.ts';
import { queuesApi } from '../cti-api.ts';
import { msToSeconds } from '../queue-form-values.ts';
import { QueueFormModal } from './queue-form-modal.tsx';

/** CTI 管理 → 队列管理 (§4.6.4): search, add/edit the full parameter table, delete with confirmation. */
export function QueuesPage() {
  const { t } = useI18n();
  const notify = useNotify();
  const canWrite = useCan()('cti.queue.write');
  const [q, setQ] = useState<string | undefined>(undefined);
  const [editing, setEditing] = useState<Queue | 'new' | null>(null);
  const list = useLoad(() => queuesApi.list(q), [q]);
  // Overflow targets need every queue, not only the ones the search shows.
  const all = useLoad(() => queuesApi.list(), []);

  const remove = async (queue: Queue) => {
    try {
      await queuesApi.remove(queue.id);
      notify.success(t('common.deleted'));
      await Promise.all([list.reload(), all.reload()]);
    } catch (e) {
      notify.failure(e);
    }
  };

  const seconds = (ms: number) => `${msToSeconds(ms)} ${t('cti.seconds')}`;
  const columns: TableColumnsType<Queue> = [
    { title: t('queue.number'), dataIndex: 'number', width: 110 },
    { title: t('queue.name'), dataIndex: 'name' },
    { title: t('queue.strategy'), dataIndex: 'strategy', render: (s: Queue['strategy']) => t(`queue.strategy.${s}`) },
    {
      title: t('queue.rules.chosen'),
      dataIndex: 'preferenceRules',
      render: (rules: Queue['preferenceRules']) => rules.map((r, i) => <Tag key={r}>{`${i + 1}. ${t(`queue.rule.${r}`)}`}</Tag>),
    },
    { title: t('queue.ringTime'), dataIndex: 'ringTimeMs', width: 120, render: seconds },
    { title: t('queue.maxWait'), dataIndex: 'maxWaitMs', width: 120, render: seconds },
    {
      title: t('queue.section.vip'),
      dataIndex: 'vipEnabled',
      width: 80,
      render: (on: boolean) => (on ? t('common.yes') : t('common.no')),
    },
    {
      title: t('queue.members'),
      dataIndex: 'members',
      width: 110,
      render: (m: Queue['members']) => t('queue.memberCount', { count: m.length }),
    },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: 150,
      render: (_, row) => (
        <Space size="small">
          <Button size="small" type="link" onClick={() => setEditing(row)} data-testid="queue-edit">
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('common.confirmDelete', { name: row.name })}
            okText={t('common.ok')}
            cancelText={t('common.cancel')}
            onConfirm={() => remove(row)}
            okButtonProps={{ 'data-testid': 'confirm-delete' }}
          >
            <Button size="small" type="link" danger data-testid="queue-delete">
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  return (
    <Card title={t('nav.queues')} data-testid="queues-page">
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('queue.searchPlaceholder')}
          onSearch={(text) => setQ(text.trim() || undefined)}
          style={{ width: 240 }}
          data-testid="queue-search"
        />
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="queue-add">
            {t('common.add')}
          </Button>
        )}
      </Space>
      {list.error !== undefined && (
        <Alert type="error" showIcon title={errorText(list.error, t)} style={{ marginBottom: 16 }} data-testid="page-error" />
      )}
      <Table<Queue>
        rowKey="id"
        columns={columns}
        dataSource={list.data ?? []}
        loading={list.loading}
        scroll={{ x: 1000 }}
        data-testid="queues-table"
        pagination={{ showSizeChanger: true, showTotal: (total) => t('common.total', { total }) }}
      />
      <QueueFormModal
        editing={editing}
        queues={all.data ?? []}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          notify.success(t('common.saved'));
          void list.reload();
          void all.reload();
        }}
      />
    </Card>
  );
}
