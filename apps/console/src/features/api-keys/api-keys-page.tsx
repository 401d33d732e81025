import { PlusOutlined } from '@ant-design/icons';
import type { ApiKey, ApiKeyCreated } from '@rexian/contracts';
import { Alert, Button, Card, Popconfirm, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { errorText } from '../../shared/error-text.ts';
import { formatDateTime } from '../../shared/format-date.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useNotify } from '../../shared/use-notify.ts';
import { ApiKeyDrawer } from './api-key-drawer.tsx';
import { type ApiKeyStatus, apiKeyStatus } from './api-key-values.ts';
import { apiKeysApi } from './api-keys-api.ts';
import { KeyOnceModal } from './key-once-modal.tsx';

const statusColor: Record<ApiKeyStatus, string | undefined> = { active: 'green', expired: 'orange', revoked: undefined };

/**
 * 系统管理 → API 密钥 (docs/agent-sdk.md, "Click to call for third-party CRMs"): the keys CRM servers use
 * for the http 外呼接口. The list never holds a key, only its prefix; a new key is shown once, in a modal.
 * Revoked keys stay listed, greyed, for the record.
 */
export function ApiKeysPage() {
  const { t, locale } = useI18n();
  const notify = useNotify();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const list = useLoad(() => apiKeysApi.list(), []);
  const now = new Date();

  const revoke = async (key: ApiKey) => {
    try {
      await apiKeysApi.revoke(key.id);
      notify.success(t('apiKey.revoked'));
      await list.reload();
    } catch (e) {
      notify.failure(e);
    }
  };

  const when = (v: string | null, empty: string) => (v ? formatDateTime(v, locale) : empty);
  const columns: TableColumnsType<ApiKey> = [
    { title: t('apiKey.name'), dataIndex: 'name' },
    {
      title: t('apiKey.prefix'),
      dataIndex: 'prefix',
      render: (v: string) => (
        <Typography.Text code data-testid="api-key-prefix">
          {v}
        </Typography.Text>
      ),
    },
    { title: t('apiKey.scope'), dataIndex: 'scope', render: (v: ApiKey['scope']) => t(`apiKey.scope.${v}`) },
    { title: t('apiKey.agentNumber'), dataIndex: 'agentNumber', render: (v: string | null) => v ?? '' },
    {
      title: t('apiKey.allowedIps'),
      dataIndex: 'allowedIps',
      render: (ips: string[]) =>
        ips.length === 0 ? (
          <Typography.Text type="secondary">{t('apiKey.allowedIpsAny')}</Typography.Text>
        ) : (
          <Space size={[0, 4]} wrap>
            {ips.map((ip) => (
              <Tag key={ip}>{ip}</Tag>
            ))}
          </Space>
        ),
    },
    { title: t('apiKey.createdAt'), dataIndex: 'createdAt', render: (v: string) => when(v, '') },
    { title: t('apiKey.lastUsedAt'), dataIndex: 'lastUsedAt', render: (v: string | null) => when(v, t('apiKey.never')) },
    { title: t('apiKey.expiresAt'), dataIndex: 'expiresAt', render: (v: string | null) => when(v, t('apiKey.noExpiry')) },
    {
      title: t('apiKey.status'),
      key: 'status',
      render: (_, k) => {
        const status = apiKeyStatus(k, now);
        return (
          <Space size={4} wrap>
            <Tag color={statusColor[status]} data-testid="api-key-status">
              {t(`apiKey.status.${status}`)}
            </Tag>
            {k.revokedAt && (
              <Typography.Text type="secondary" title={t('apiKey.revokedAt')}>
                {formatDateTime(k.revokedAt, locale)}
              </Typography.Text>
            )}
          </Space>
        );
      },
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, k) =>
        k.revokedAt ? null : (
          <Popconfirm
            title={t('apiKey.confirmRevoke', { name: k.name })}
            okText={t('apiKey.revoke')}
            okButtonProps={{ danger: true, 'data-testid': 'confirm-revoke' }}
            cancelText={t('common.cancel')}
            onConfirm={() => revoke(k)}
          >
            <Button size="small" type="link" danger data-testid="api-key-revoke">
              {t('apiKey.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Card title={t('nav.apiKeys')} data-testid="apiKeys-page">
      <Typography.Paragraph type="secondary">{t('apiKey.hint')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="api-key-add">
          {t('apiKey.create')}
        </Button>
      </Space>
      {list.error !== undefined && (
        <Alert type="error" showIcon title={errorText(list.error, t)} style={{ marginBottom: 16 }} data-testid="page-error" />
      )}
      <Table<ApiKey>
        rowKey="id"
        columns={columns}
        dataSource={list.data ?? []}
        loading={list.loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="api-keys-table"
        onRow={(k) =>
          ({
            'data-status': apiKeyStatus(k, now),
            style: k.revokedAt ? { opacity: 0.45 } : undefined,
          }) as HTMLAttributes<HTMLElement>
        }
      />
      <ApiKeyDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(key) => {
          setCreating(false);
          setCreated(key);
          void list.reload();
        }}
      />
      <KeyOnceModal created={created} onClose={() => setCreated(null)} />
    </Card>
  );
}
