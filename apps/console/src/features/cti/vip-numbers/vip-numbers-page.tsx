import { PlusOutlined } from '@ant-design/icons';
import type { VipNumber } from '@rexian/contracts';
import { Alert, Button, Card, Input, Popconfirm, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { useCan } from '../../../layout/require-permission.tsx';
import { errorText } from '../../../shared/error-text.ts';
import { useLoad } from '../../../shared/use-load.ts';
import { useNotify } from '../../../shared/use-notify.ts';
import { queuesApi, vipNumbersApi } from '../cti-api.ts';
import { VipNumberFormModal } from './vip-number-form-modal.tsx';

/** CTI 管理 → VIP 管理 (§4.6.6): the CTI VIP list, each number global or for chosen queues. */
export function VipNumbersPage() {
  const { t } = useI18n();
  const notify = useNotify();
  const can = useCan();
  const canWrite = can('cti.vip.write');
  const [q, setQ] = useState<string | undefined>(undefined);
  const [editing, setEditing] = useState<VipNumber | 'new' | null>(null);
  const list = useLoad(() => vipNumbersApi.list(q), [q]);
  // Queue names are a convenience; without cti.queue.read the ids are shown shortened.
  const queues = useLoad(() => (can('cti.queue.read') ? queuesApi.list() : Promise.resolve([])), []);
  const queueList = queues.data ?? [];
  const queueNames = useMemo(() => new Map(queueList.map((x) => [x.id, `${x.name} (${x.number})`])), [queueList]);

  const remove = async (vip: VipNumber) => {
    try {
      await vipNumbersApi.remove(vip.id);
      notify.success(t('common.deleted'));
      await list.reload();
    } catch (e) {
      notify.failure(e);
    }
  };

  const columns: TableColumnsType<VipNumber> = [
    { title: t('vip.number'), dataIndex: 'number', width: 200 },
    {
      title: t('vip.queues'),
      key: 'queues',
      render: (_, v) =>
        v.isGlobal ? (
          <Tag color="gold">{t('vip.global')}</Tag>
        ) : (
          v.queueIds.map((id) => <Tag key={id}>{queueNames.get(id) ?? id.slice(0, 8)}</Tag>)
        ),
    },
    { title: t('vip.notes'), dataIndex: 'notes' },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_, v) => (
        <Space size="small">
          <Button size="small" type="link" onClick={() => setEditing(v)} data-testid="vip-edit">
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('common.confirmDelete', { name: v.number })}
            okText={t('common.ok')}
            cancelText={t('common.cancel')}
            onConfirm={() => remove(v)}
            okButtonProps={{ 'data-testid': 'confirm-delete' }}
          >
            <Button size="small" type="link" danger data-testid="vip-delete">
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  return (
    <Card title={t('nav.vipNumbers')} data-testid="vipNumbers-page">
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('vip.searchPlaceholder')}
          onSearch={(text) => setQ(text.trim() || undefined)}
          style={{ width: 240 }}
          data-testid="vip-search"
        />
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="vip-add">
            {t('common.add')}
          </Button>
        )}
      </Space>
      {list.error !== undefined && (
        <Alert type="error" showIcon title={errorText(list.error, t)} style={{ marginBottom: 16 }} data-testid="page-error" />
      )}
      <Table<VipNumber>
        rowKey="id"
        columns={columns}
        dataSource={list.data ?? []}
        loading={list.loading}
        data-testid="vip-table"
        pagination={{ showSizeChanger: true, showTotal: (total) => t('common.total', { total }) }}
      />
      <VipNumberFormModal
        editing={editing}
        queues={queueList}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          notify.success(t('common.saved'));
          void list.reload();
        }}
      />
    </Card>
  );
}
