import { ReloadOutlined } from '@ant-design/icons';
import type { SipBan } from '@rexian/contracts';
import { Alert, Button, Card, Popconfirm, Space, Table, type TableColumnsType } from 'antd';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useCan } from '../../layout/require-permission.tsx';
import { errorText } from '../../shared/error-text.ts';
import { formatDateTime } from '../../shared/format-date.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useNotify } from '../../shared/use-notify.ts';
import { sipBansApi } from './sip-bans-api.ts';

/** PBX → SIP 封禁: addresses banned after failed digest answers; an admin may lift a ban early. */
export function SipBansPage() {
  const { t, locale } = useI18n();
  const notify = useNotify();
  const canWrite = useCan()('pbx.extension.write');
  const list = useLoad(() => sipBansApi.list(), []);

  const lift = async (ban: SipBan) => {
    try {
      await sipBansApi.lift(ban.source);
      notify.success(t('sipBan.lifted'));
      await list.reload();
    } catch (e) {
      notify.failure(e);
    }
  };

  const columns: TableColumnsType<SipBan> = [
    { title: t('sipBan.source'), dataIndex: 'source' },
    { title: t('sipBan.user'), dataIndex: 'user', render: (v: string | null) => v ?? '—' },
    { title: t('sipBan.reason'), dataIndex: 'reason', render: (v: SipBan['reason']) => t(`sipBan.reason.${v}`) },
    { title: t('sipBan.failures'), dataIndex: 'failures' },
    { title: t('sipBan.since'), dataIndex: 'since', render: (v: string) => formatDateTime(v, locale) },
    { title: t('sipBan.until'), dataIndex: 'until', render: (v: string) => formatDateTime(v, locale) },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, ban) => (
        <Popconfirm
          title={t('sipBan.confirmLift', { source: ban.source })}
          okText={t('common.ok')}
          cancelText={t('common.cancel')}
          onConfirm={() => lift(ban)}
          okButtonProps={{ 'data-testid': 'confirm-lift' }}
        >
          <Button size="small" type="link" data-testid="ban-lift">
            {t('sipBan.lift')}
          </Button>
        </Popconfirm>
      ),
    });
  }

  return (
    <Card title={t('nav.sipBans')} data-testid="sipBans-page">
      <Space wrap style={{ marginBottom: 16 }}>
        <Alert type="info" showIcon title={t('sipBan.hint')} />
        <Button icon={<ReloadOutlined />} onClick={() => void list.reload()} data-testid="ban-refresh">
          {t('sipBan.refresh')}
        </Button>
      </Space>
      {list.error !== undefined && (
        <Alert type="error" showIcon title={errorText(list.error, t)} style={{ marginBottom: 16 }} data-testid="page-error" />
      )}
      <Table<SipBan>
        rowKey="source"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        pagination={false}
        data-testid="sip-bans-table"
      />
    </Card>
  );
}
