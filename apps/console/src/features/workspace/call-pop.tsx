import type { CallerHistory, CdrSummary, ServiceRecord } from '@rexian/contracts';
import { Alert, Button, Card, Descriptions, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useCan } from '../../layout/require-permission.tsx';
import { errorText } from '../../shared/error-text.ts';
import { formatDateTime } from '../../shared/format-date.ts';
import { formatDuration } from '../records/call-values.ts';
import type { Pop } from './use-agent-session.ts';
import { serviceRecordsApi } from './workspace-api.ts';
import { safePopUrl } from './workspace-values.ts';

/** The CDR row is written as the call starts; a pop can arrive a moment before it. */
const HISTORY_RETRY_MS = 1000;

/**
 * 来电弹屏 / 去电弹屏 (§六 (10), (11)): the call that rang the agent — caller, queue, access number — and the
 * customer's earlier calls and service records, looked up on the server from the call id.
 */
export function CallPop({ pop, onClose, dialled }: { pop: Pop; onClose: () => void; dialled?: string | undefined }) {
  const { t, locale } = useI18n();
  const canRead = useCan()('crm.service-record.read');
  const [history, setHistory] = useState<CallerHistory | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const { call } = pop;

  useEffect(() => {
    if (!canRead) return;
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setHistory(undefined);
    setError(undefined);
    const load = async (retries: number) => {
      try {
        const h = await serviceRecordsApi.history(call.callId);
        if (alive) setHistory(h);
      } catch (e) {
        if (!alive) return;
        if (retries > 0) timer = setTimeout(() => void load(retries - 1), HISTORY_RETRY_MS);
        else setError(e);
      }
    };
    void load(3);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [call.callId, canRead]);

  const inbound = call.direction === 'inbound';
  const popUrl = safePopUrl(pop.popUrl);
  // A click-to-dial call has no far party until the agent's phone answers: show what was dialled meanwhile.
  const customer = inbound ? call.caller : call.callee || dialled || '';
  const callColumns: TableColumnsType<CdrSummary> = [
    { title: t('cdr.startedAt'), dataIndex: 'startedAt', render: (v: string) => formatDateTime(v, locale) },
    { title: t('cdr.caller'), dataIndex: 'caller' },
    { title: t('cdr.callee'), dataIndex: 'callee' },
    { title: t('ws.callTime'), dataIndex: 'talkMs', render: (v: number | null) => formatDuration(v) },
  ];
  const recordColumns: TableColumnsType<ServiceRecord> = [
    { title: t('sr.startedAt'), dataIndex: 'startedAt', render: (v: string) => formatDateTime(v, locale) },
    { title: t('sr.employee'), dataIndex: 'employeeName' },
    { title: t('sr.serviceType'), dataIndex: 'serviceType', render: (v: string) => t(`sr.type.${v}` as 'sr.type.other') },
    { title: t('sr.status'), dataIndex: 'status', render: (v: string) => t(`sr.status.${v}` as 'sr.status.other') },
    { title: t('sr.subject'), dataIndex: 'subject' },
    { title: t('sr.content'), dataIndex: 'content', ellipsis: true },
  ];

  return (
    <Card
      size="small"
      data-testid="call-pop"
      data-direction={call.direction}
      title={
        <span>
          {inbound ? t('ws.pop.inbound') : t('ws.pop.outbound')}{' '}
          <Tag color={inbound ? 'blue' : 'green'}>{t(`ws.direction.${call.direction}`)}</Tag>
          {pop.ended && <Tag data-testid="call-pop-ended">{t('ws.pop.ended')}</Tag>}
        </span>
      }
      extra={
        <Space>
          {popUrl && (
            <Typography.Link href={popUrl} target="_blank" rel="noopener noreferrer" data-testid="call-pop-url">
              {t('ws.pop.openUrl')}
            </Typography.Link>
          )}
          <Button size="small" type="link" onClick={onClose} data-testid="call-pop-close">
            {t('ws.pop.close')}
          </Button>
        </Space>
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={inbound ? t('ws.pop.caller') : t('ws.pop.customer')}>
          <Typography.Text strong data-testid="call-pop-number">
            {customer}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('ws.pop.queue')}>
          <span data-testid="call-pop-queue">{call.queueName ?? '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('ws.pop.accessNumber')}>
          <span data-testid="call-pop-access">{call.accessNumber ?? '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('ws.pop.state')}>
          {pop.ended ? t('ws.pop.ended') : t(`ws.call.${call.state}`)}
        </Descriptions.Item>
      </Descriptions>
      {error !== undefined && <Alert type="warning" showIcon title={errorText(error, t)} style={{ marginBottom: 8 }} />}
      {canRead && (
        <>
          <Typography.Title level={5}>{t('ws.pop.history')}</Typography.Title>
          <Table<CdrSummary>
            rowKey="callId"
            size="small"
            columns={callColumns}
            dataSource={history?.calls ?? []}
            loading={history === undefined && error === undefined}
            locale={{ emptyText: t('ws.pop.noHistory') }}
            pagination={false}
            data-testid="call-pop-calls"
          />
          <Typography.Title level={5} style={{ marginTop: 12 }}>
            {t('ws.pop.records')}
          </Typography.Title>
          <Table<ServiceRecord>
            rowKey="id"
            size="small"
            columns={recordColumns}
            dataSource={history?.records ?? []}
            loading={history === undefined && error === undefined}
            locale={{ emptyText: t('ws.pop.noRecords') }}
            pagination={false}
            data-testid="call-pop-records"
          />
        </>
      )}
    </Card>
  );
}
