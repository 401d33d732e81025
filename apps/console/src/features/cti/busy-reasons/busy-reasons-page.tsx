import { PlusOutlined } from '@ant-design/icons';
import type { BusyReasonDto } from '@rexian/contracts';
import { Alert, Button, Card, Popconfirm, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { useCan } from '../../../layout/require-permission.tsx';
import { errorText } from '../../../shared/error-text.ts';
import { useLoad } from '../../../shared/use-load.ts';
import { useNotify } from '../../../shared/use-notify.ts';
import { busyReasonsApi } from '../cti-api.ts';
import { BusyReasonFormModal } from './busy-reason-form-modal.tsx';

/**
 * CTI 管理 → 忙碌原因: the reasons an agent picks when going busy. Built-in ones can be renamed and
 * reordered but not deleted; custom ones fully managed (cti.agent.write).
 */
export function BusyReasonsPage() {
  const { t } = useI18n();
  const notify = useNotify();
  const canWrite = useCan()('cti.agent.write');
  const [editing, setEditing] = useState<BusyReasonDto | 'new' | null>(null);
  const list = useLoad(() => busyReasonsApi.list(), []);

  const remove = async (reason: BusyReasonDto) => {
    try {
      await busyReasonsApi.remove(reason.id);
      notify.success(t('common.deleted'));
      await list.reload();
    } catch (e) {
      notify.failure(e);
    }
  };

  const columns: TableColumnsType<BusyReasonDto> = [
    { title: t('busyReason.sortOrder'), dataIndex: 'sortOrder', width: 100 },
    { title: t('busyReason.code'), dataIndex: 'code', width: 200 },
    { title: t('busyReason.name'), dataIndex: 'name' },
    {
      title: t('busyReason.kind'),
      dataIndex: 'builtin',
      width: 140,
      render: (builtin: boolean) =>
        builtin ? <Tag color="blue">{t('busyReason.builtin')}</Tag> : <Tag>{t('busyReason.custom')}</Tag>,
    },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_, r) => (
        <Space size="small">
          <Button size="small" type="link" onClick={() => setEditing(r)} data-testid="busy-reason-edit">
            {t('common.edit')}
          </Button>
          {!r.builtin && (
            <Popconfirm
              title={t('common.confirmDelete', { name: r.name })}
              okText={t('common.ok')}
              cancelText={t('common.cancel')}
              onConfirm={() => remove(r)}
              okButtonProps={{ 'data-testid': 'confirm-delete' }}
            >
              <Button size="small" type="link" danger data-testid="busy-reason-delete">
                {t('common.delete')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    });
  }

  return (
    <Card title={t('nav.busyReasons')} data-testid="busyReasons-page">
      {canWrite && (
        <Space wrap style={{ marginBottom: 16 }}>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="busy-reason-add">
            {t('common.add')}
          </Button>
        </Space>
      )}
      {list.error !== undefined && (
        <Alert type="error" showIcon title={errorText(list.error, t)} style={{ marginBottom: 16 }} data-testid="page-error" />
      )}
      <Table<BusyReasonDto>
        rowKey="id"
        columns={columns}
        dataSource={list.data ?? []}
        loading={list.loading}
        data-testid="busy-reasons-table"
        pagination={{ showTotal: (total) => t('common.total', { total }) }}
      />
      <BusyReasonFormModal
        editing={editing}
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
