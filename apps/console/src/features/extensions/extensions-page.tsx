import { KeyOutlined, PlusOutlined } from '@ant-design/icons';
import type { Extension } from '@rexian/contracts';
import { Alert, Button, Card, Input, Popconfirm, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useCan } from '../../layout/require-permission.tsx';
import { errorText } from '../../shared/error-text.ts';
import { formatDateTime } from '../../shared/format-date.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useNotify } from '../../shared/use-notify.ts';
import { DemoCredentialsModal } from './demo-credentials-modal.tsx';
import { ExtensionFormModal } from './extension-form-modal.tsx';
import { type ExtensionFilters, type ExtensionStatus, extensionsApi } from './extensions-api.ts';
import { ResetPasswordModal } from './reset-password-modal.tsx';
import { SecretModal } from './secret-modal.tsx';

/** PBX → 分机管理: extensions with their registration status, CRUD, enable/disable, password reset. */
export function ExtensionsPage() {
  const { t, locale } = useI18n();
  const notify = useNotify();
  const canWrite = useCan()('pbx.extension.write');
  const [filters, setFilters] = useState<ExtensionFilters>({ page: 1, pageSize: 20 });
  const [editing, setEditing] = useState<Extension | 'new' | null>(null);
  const [resetting, setResetting] = useState<Extension | null>(null);
  const [secret, setSecret] = useState<{ number: string; password: string } | null>(null);
  const [demoOpen, setDemoOpen] = useState(false);
  const list = useLoad(() => extensionsApi.list(filters), [filters]);

  const act = async (run: () => Promise<unknown>, done: string) => {
    try {
      await run();
      notify.success(done);
      await list.reload();
    } catch (e) {
      notify.failure(e);
    }
  };

  const columns: TableColumnsType<Extension> = [
    { title: t('ext.number'), dataIndex: 'number' },
    { title: t('ext.displayName'), dataIndex: 'displayName' },
    {
      title: t('ext.status'),
      key: 'status',
      render: (_, x) => (
        <Space size={4}>
          {x.status === 'online' ? (
            <Tag color="green" data-testid="ext-status">
              {t('ext.statusOnline')}
            </Tag>
          ) : (
            <Tag data-testid="ext-status">{t('ext.statusOffline')}</Tag>
          )}
          {!x.enabled && (
            <Tag color="red" data-testid="ext-disabled-tag">
              {t('ext.disabled')}
            </Tag>
          )}
        </Space>
      ),
    },
    {
      title: t('ext.contacts'),
      key: 'contacts',
      render: (_, x) =>
        x.registrations.length === 0 ? (
          <Typography.Text type="secondary">{t('ext.noRegistration')}</Typography.Text>
        ) : (
          <Space orientation="vertical" size={0}>
            {x.registrations.map((r) => (
              <Typography.Text key={r.contact} style={{ fontSize: 12 }} title={r.contact}>
                {r.source}
              </Typography.Text>
            ))}
          </Space>
        ),
    },
    {
      title: t('ext.userAgent'),
      key: 'userAgent',
      render: (_, x) => [...new Set(x.registrations.map((r) => r.userAgent).filter(Boolean))].join(', '),
    },
    { title: t('ext.lastSeen'), dataIndex: 'lastSeenAt', render: (v: string | null) => formatDateTime(v, locale) },
    { title: t('ext.employee'), dataIndex: 'employeeName' },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 280,
      render: (_, x) => (
        <Space size={0} wrap>
          <Button size="small" type="link" onClick={() => setEditing(x)} data-testid="ext-edit">
            {t('common.edit')}
          </Button>
          {x.enabled ? (
            <Popconfirm
              title={t('ext.confirmDisable', { number: x.number })}
              okText={t('common.ok')}
              cancelText={t('common.cancel')}
              onConfirm={() => act(() => extensionsApi.update(x.id, { enabled: false }), t('ext.disabledDone'))}
              okButtonProps={{ 'data-testid': 'confirm-disable' }}
            >
              <Button size="small" type="link" data-testid="ext-disable">
                {t('ext.disable')}
              </Button>
            </Popconfirm>
          ) : (
            <Button
              size="small"
              type="link"
              onClick={() => void act(() => extensionsApi.update(x.id, { enabled: true }), t('ext.enabledDone'))}
              data-testid="ext-enable"
            >
              {t('ext.enable')}
            </Button>
          )}
          <Button size="small" type="link" onClick={() => setResetting(x)} data-testid="ext-reset">
            {t('ext.resetPassword')}
          </Button>
          <Popconfirm
            title={t('common.confirmDelete', { name: x.number })}
            okText={t('common.ok')}
            cancelText={t('common.cancel')}
            onConfirm={() => act(() => extensionsApi.remove(x.id), t('common.deleted'))}
            okButtonProps={{ 'data-testid': 'confirm-delete' }}
          >
            <Button size="small" type="link" danger data-testid="ext-delete">
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  return (
    <Card title={t('nav.extensions')} data-testid="extensions-page">
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('ext.searchPlaceholder')}
          onSearch={(q) => setFilters((f) => ({ ...f, page: 1, q: q.trim() || undefined }))}
          style={{ width: 220 }}
          data-testid="ext-search"
        />
        <Select<ExtensionStatus>
          allowClear
          placeholder={t('ext.statusPlaceholder')}
          style={{ width: 160 }}
          options={[
            { value: 'online', label: t('ext.statusOnline') },
            { value: 'offline', label: t('ext.statusOffline') },
          ]}
          onChange={(status) => setFilters((f) => ({ ...f, page: 1, status: status ?? undefined }))}
          data-testid="ext-status-filter"
        />
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="ext-add">
            {t('common.add')}
          </Button>
        )}
        {canWrite && (
          <Button icon={<KeyOutlined />} onClick={() => setDemoOpen(true)} data-testid="ext-demo-credentials">
            {t('ext.demoCredentials')}
          </Button>
        )}
      </Space>
      {list.error !== undefined && (
        <Alert type="error" showIcon title={errorText(list.error, t)} style={{ marginBottom: 16 }} data-testid="page-error" />
      )}
      <Table<Extension>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        data-testid="extensions-table"
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (page, pageSize) => setFilters((f) => ({ ...f, page: pageSize === f.pageSize ? page : 1, pageSize })),
        }}
      />
      <ExtensionFormModal
        editing={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          notify.success(t('common.saved'));
          void list.reload();
        }}
        onCreated={(created) => {
          setEditing(null);
          setSecret({ number: created.number, password: created.password });
          void list.reload();
        }}
      />
      <ResetPasswordModal
        target={resetting}
        onClose={() => setResetting(null)}
        onDone={(result) => {
          setResetting(null);
          setSecret({ number: result.number, password: result.password });
        }}
      />
      <SecretModal secret={secret} onClose={() => setSecret(null)} />
      <DemoCredentialsModal open={demoOpen} onClose={() => setDemoOpen(false)} />
    </Card>
  );
}
