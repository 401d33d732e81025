import { PlusOutlined } from '@ant-design/icons';
import type { TrunkDto, TrunkStatusDto } from '@rexian/contracts';
import { Alert, Button, Card, Input, Popconfirm, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useCan } from '../../layout/require-permission.tsx';
import { errorText } from '../../shared/error-text.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useNotify } from '../../shared/use-notify.ts';
import { trunksApi } from './dialplan-api.ts';
import { TrunkFormModal } from './trunk-form-modal.tsx';
import { channelsText, statusById } from './trunk-values.ts';

const STATUS_POLL_MS = 5000;
const registrationColor: Record<TrunkStatusDto['registration'], string | undefined> = {
  registered: 'green',
  registering: 'blue',
  failed: 'red',
  'not-required': undefined,
  unknown: undefined,
};

/** The live state of every trunk, asked again every 5 s while the page is open. */
function useTrunkStatus(): Map<string, TrunkStatusDto> {
  const [status, setStatus] = useState<Map<string, TrunkStatusDto>>(() => new Map());
  useEffect(() => {
    let live = true;
    const poll = () =>
      trunksApi
        .status()
        .then((list) => live && setStatus(statusById(list)))
        .catch(() => undefined);
    void poll();
    const timer = setInterval(() => void poll(), STATUS_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);
  return status;
}

/** PBX → 中继管理: SIP trunks to carriers with a live registration and channel column. */
export function TrunksPage() {
  const { t } = useI18n();
  const notify = useNotify();
  const canWrite = useCan()('pbx.dialplan.write');
  const [q, setQ] = useState<string | undefined>(undefined);
  const [editing, setEditing] = useState<TrunkDto | 'new' | null>(null);
  const list = useLoad(() => trunksApi.list(q), [q]);
  const status = useTrunkStatus();

  const remove = async (x: TrunkDto) => {
    try {
      await trunksApi.remove(x.id);
      notify.success(t('common.deleted'));
      await list.reload();
    } catch (e) {
      notify.failure(e);
    }
  };

  const columns: TableColumnsType<TrunkDto> = [
    { title: t('trunk.name'), dataIndex: 'name' },
    {
      title: t('trunk.host'),
      key: 'host',
      render: (_, x) => `${x.host}:${x.port} (${x.transport.toUpperCase()})`,
    },
    { title: t('trunk.authMode'), dataIndex: 'authMode', render: (m: TrunkDto['authMode']) => t(`trunk.authMode.${m}`) },
    {
      title: t('trunk.status'),
      key: 'status',
      render: (_, x) => {
        const s = status.get(x.id);
        const registration = s?.registration ?? 'unknown';
        return (
          <Space size={4} wrap>
            <Tag color={registrationColor[registration]} title={s?.lastError ?? undefined} data-testid="trunk-registration">
              {t(`trunk.reg.${registration}`)}
            </Tag>
            {!x.enabled && (
              <Tag color="red" data-testid="trunk-disabled-tag">
                {t('dp.disabled')}
              </Tag>
            )}
          </Space>
        );
      },
    },
    {
      title: t('trunk.channels'),
      key: 'channels',
      render: (_, x) => (
        <span data-testid="trunk-channels">{channelsText(status.get(x.id)?.activeChannels ?? 0, x.maxChannels)}</span>
      ),
    },
    { title: t('trunk.callerId'), dataIndex: 'callerId' },
    { title: t('trunk.routes'), dataIndex: 'routeCount', width: 100 },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_, x) => (
        <Space size="small">
          <Button size="small" type="link" onClick={() => setEditing(x)} data-testid="trunk-edit">
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('common.confirmDelete', { name: x.name })}
            okText={t('common.ok')}
            cancelText={t('common.cancel')}
            onConfirm={() => remove(x)}
            okButtonProps={{ 'data-testid': 'confirm-delete' }}
          >
            <Button size="small" type="link" danger data-testid="trunk-delete">
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  return (
    <Card title={t('nav.trunks')} data-testid="trunks-page">
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('trunk.searchPlaceholder')}
          onSearch={(text) => setQ(text.trim() || undefined)}
          style={{ width: 240 }}
          data-testid="trunk-search"
        />
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="trunk-add">
            {t('common.add')}
          </Button>
        )}
        <Typography.Text type="secondary">{t('trunk.statusHint')}</Typography.Text>
      </Space>
      {list.error !== undefined && (
        <Alert type="error" showIcon title={errorText(list.error, t)} style={{ marginBottom: 16 }} data-testid="page-error" />
      )}
      <Table<TrunkDto>
        rowKey="id"
        columns={columns}
        dataSource={list.data ?? []}
        loading={list.loading}
        data-testid="trunk-table"
        pagination={{ showSizeChanger: true, showTotal: (total) => t('common.total', { total }) }}
      />
      <TrunkFormModal
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
