import { type CdrDetail, callTypes, type LiveCalls } from '@rexian/contracts';
import { Alert, Card, Input, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { errorText } from '../../shared/error-text.ts';
import { formatDateTime } from '../../shared/format-date.ts';
import { formatDuration, legAnswered, liveDurationMs } from './call-values.ts';
import { cdrsApi } from './records-api.ts';
import { useCodeLabel } from './use-code-label.ts';

const POLL_MS = 2000;

/**
 * Polls the current calls every 2 s; between polls the durations tick once a second from the server's
 * clock (its `now` plus the time since the answer arrived), so a skewed browser clock does not matter.
 */
function useLiveCalls() {
  const [data, setData] = useState<{ calls: LiveCalls; receivedAt: number } | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [, setTick] = useState(0);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const calls = await cdrsApi.live();
        if (!alive.current) return;
        setData({ calls, receivedAt: Date.now() });
        setError(undefined);
      } catch (e) {
        if (alive.current) setError(e);
      }
      if (alive.current) timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    const ticker = setInterval(() => setTick((n) => n + 1), 1000);
    return () => {
      alive.current = false;
      clearTimeout(timer);
      clearInterval(ticker);
    };
  }, []);
  const serverNow = data ? Date.parse(data.calls.now) + (Date.now() - data.receivedAt) : Date.now();
  return { calls: data?.calls.items, error, serverNow };
}

/** 统计报表 → 当前通话列表 (§4.7.7): calls in progress with their state and a ticking duration. */
export function LiveCallsPage() {
  const { t, locale } = useI18n();
  const label = useCodeLabel();
  const { calls, error, serverNow } = useLiveCalls();
  const [filter, setFilter] = useState<{ caller: string; callee: string; callType?: string }>({ caller: '', callee: '' });
  const shown = (calls ?? []).filter(
    (c) =>
      c.caller.includes(filter.caller.trim()) &&
      c.callee.includes(filter.callee.trim()) &&
      (filter.callType === undefined || c.callType === filter.callType),
  );
  const state = (answered: boolean) =>
    answered ? <Tag color="green">{t('cdr.answered')}</Tag> : <Tag>{t('cdr.notAnswered')}</Tag>;

  const columns: TableColumnsType<CdrDetail> = [
    { title: t('cdr.caller'), dataIndex: 'caller' },
    { title: t('cdr.callee'), dataIndex: 'callee' },
    { title: t('cdr.callType'), dataIndex: 'callType', render: (v: string) => label('call.type', v) },
    { title: t('live.callerState'), key: 'callerState', render: (_, c) => state(legAnswered(c, 'caller')) },
    { title: t('live.calleeState'), key: 'calleeState', render: (_, c) => state(legAnswered(c, 'callee')) },
    { title: t('cdr.accessNumber'), dataIndex: 'accessNumber' },
    { title: t('cdr.startedAt'), dataIndex: 'startedAt', render: (v: string) => formatDateTime(v, locale) },
    {
      title: t('live.duration'),
      key: 'duration',
      render: (_, c) => <span data-testid="live-duration">{formatDuration(liveDurationMs(c, serverNow))}</span>,
    },
  ];

  return (
    <Card
      title={t('nav.liveCalls')}
      data-testid="liveCalls-page"
      extra={
        <Typography.Text type="secondary" data-testid="live-count">
          {calls ? t('live.count', { n: calls.length }) : ''} · {t('live.refreshHint')}
        </Typography.Text>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input
          allowClear
          placeholder={t('cdr.caller')}
          style={{ width: 160 }}
          value={filter.caller}
          onChange={(e) => setFilter((f) => ({ ...f, caller: e.target.value }))}
          data-testid="live-filter-caller"
        />
        <Input
          allowClear
          placeholder={t('cdr.callee')}
          style={{ width: 160 }}
          value={filter.callee}
          onChange={(e) => setFilter((f) => ({ ...f, callee: e.target.value }))}
          data-testid="live-filter-callee"
        />
        <Select
          allowClear
          placeholder={t('cdr.callType')}
          style={{ width: 140 }}
          options={callTypes.map((v) => ({ value: v, label: label('call.type', v) }))}
          onChange={(callType?: string) => setFilter((f) => ({ ...f, callType }))}
          data-testid="live-filter-type"
        />
      </Space>
      {error !== undefined && (
        <Alert type="error" showIcon title={errorText(error, t)} style={{ marginBottom: 16 }} data-testid="page-error" />
      )}
      <Table<CdrDetail>
        rowKey="callId"
        size="small"
        columns={columns}
        dataSource={shown}
        loading={calls === undefined && error === undefined}
        locale={{ emptyText: t('live.empty') }}
        pagination={false}
        data-testid="live-calls-table"
      />
    </Card>
  );
}
