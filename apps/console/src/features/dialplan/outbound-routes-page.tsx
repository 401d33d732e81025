import { PlusOutlined } from '@ant-design/icons';
import type { OutboundRouteDto } from '@rexian/contracts';
import { Alert, Button, Card, Input, Popconfirm, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useCan } from '../../layout/require-permission.tsx';
import { errorText } from '../../shared/error-text.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useNotify } from '../../shared/use-notify.ts';
import { accessNumbersApi, outboundRoutesApi, trunksApi } from './dialplan-api.ts';
import { OutboundRouteFormModal } from './outbound-route-form-modal.tsx';
import { ruleText } from './route-values.ts';

/** PBX → 外呼路由: which dialled numbers go out through which trunks, with which caller ID. */
export function OutboundRoutesPage() {
  const { t } = useI18n();
  const notify = useNotify();
  const canWrite = useCan()('pbx.dialplan.write');
  const [q, setQ] = useState<string | undefined>(undefined);
  const [editing, setEditing] = useState<OutboundRouteDto | 'new' | null>(null);
  const list = useLoad(() => outboundRoutesApi.list(q), [q]);
  const trunks = useLoad(() => trunksApi.list(), []);
  const accessNumbers = useLoad(() => accessNumbersApi.all(), []);

  const open = (target: OutboundRouteDto | 'new') => {
    setEditing(target);
    void trunks.reload();
    void accessNumbers.reload();
  };
  const remove = async (r: OutboundRouteDto) => {
    try {
      await outboundRoutesApi.remove(r.id);
      notify.success(t('common.deleted'));
      await list.reload();
    } catch (e) {
      notify.failure(e);
    }
  };

  const columns: TableColumnsType<OutboundRouteDto> = [
    { title: t('route.sortOrder'), dataIndex: 'sortOrder', width: 80 },
    {
      title: t('route.name'),
      key: 'name',
      render: (_, r) => (
        <Space size={4}>
          <span>{r.name}</span>
          {!r.enabled && <Tag color="red">{t('dp.disabled')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('route.rules'),
      key: 'rules',
      render: (_, r) => r.rules.map((rule, i) => <Tag key={`${i}-${rule.value}`}>{ruleText(rule)}</Tag>),
    },
    {
      title: t('route.trunks'),
      key: 'trunks',
      render: (_, r) => r.trunkNames.map((name, i) => <Tag key={`${i}-${name}`}>{`${i + 1}. ${name}`}</Tag>),
    },
    { title: t('route.callerId'), dataIndex: 'callerIdNumber', render: (v: string | null) => v ?? t('route.callerIdDefault') },
    {
      title: t('route.rewrite'),
      key: 'rewrite',
      render: (_, r) =>
        [
          r.stripDigits > 0 ? t('route.stripN', { n: r.stripDigits }) : '',
          r.prepend ? t('route.prependDigits', { digits: r.prepend }) : '',
        ]
          .filter(Boolean)
          .join(', ') || '—',
    },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_, r) => (
        <Space size="small">
          <Button size="small" type="link" onClick={() => open(r)} data-testid="route-edit">
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('common.confirmDelete', { name: r.name })}
            okText={t('common.ok')}
            cancelText={t('common.cancel')}
            onConfirm={() => remove(r)}
            okButtonProps={{ 'data-testid': 'confirm-delete' }}
          >
            <Button size="small" type="link" danger data-testid="route-delete">
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  return (
    <Card title={t('nav.outboundRoutes')} data-testid="outboundRoutes-page">
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('route.searchPlaceholder')}
          onSearch={(text) => setQ(text.trim() || undefined)}
          style={{ width: 240 }}
          data-testid="route-search"
        />
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="route-add">
            {t('common.add')}
          </Button>
        )}
      </Space>
      {list.error !== undefined && (
        <Alert type="error" showIcon title={errorText(list.error, t)} style={{ marginBottom: 16 }} data-testid="page-error" />
      )}
      <Table<OutboundRouteDto>
        rowKey="id"
        columns={columns}
        dataSource={list.data ?? []}
        loading={list.loading}
        data-testid="route-table"
        pagination={{ showSizeChanger: true, showTotal: (total) => t('common.total', { total }) }}
      />
      <OutboundRouteFormModal
        editing={editing}
        trunks={trunks.data ?? []}
        accessNumbers={accessNumbers.data?.items ?? []}
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
