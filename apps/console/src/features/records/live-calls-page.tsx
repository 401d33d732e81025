import { type CdrDetail, callTypes } from '@rexian/contracts';
import { Alert, Button, Card, Input, Popconfirm, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useCan } from '../../layout/require-permission.tsx';
import { errorText } from '../../shared/error-text.ts';
import { formatDateTime } from '../../shared/format-date.ts';
import { useNotify } from '../../shared/use-notify.ts';
import { formatDuration, legAnswered, liveDurationMs } from './call-values.ts';
import { liveCallsApi } from './records-api.ts';
import { useCodeLabel } from './use-code-label.ts';
import { useLiveCalls } from './use-live-calls.ts';

/** 统计报表 → 当前通话列表 (§4.7.7): calls in progress with their state and a ticking duration. */
export function LiveCallsPage() {
  const { t, locale } = useI18n();
  const label = useCodeLabel();
  const { calls, error, serverNow, mode } = useLiveCalls();
  const canControl = useCan()('pbx.call.control');
  const notify = useNotify();
  const act = async (run: () => Promise<unknown>, done: string) => {
    try {
      await run();
      notify.success(done);
    } catch (e) {
      notify.failure(e);
    }
  };
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
  if (canControl) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, c) => (
        <Space size={0} wrap>
          <Button
            size="small"
            type="link"
            onClick={() => act(() => liveCallsApi.setRecording(c.callId, true), t('live.recordingStarted'))}
            data-testid="live-record-on"
          >
            {t('live.recordOn')}
          </Button>
          <Button
            size="small"
            type="link"
            onClick={() => act(() => liveCallsApi.setRecording(c.callId, false), t('live.recordingStopped'))}
            data-testid="live-record-off"
          >
            {t('live.recordOff')}
          </Button>
          <Popconfirm
            title={t('live.confirmHangup', { caller: c.caller, callee: c.callee })}
            okText={t('common.ok')}
            cancelText={t('common.cancel')}
            onConfirm={() => act(() => liveCallsApi.hangup(c.callId), t('live.hungUp'))}
            okButtonProps={{ 'data-testid': 'confirm-hangup', danger: true }}
          >
            <Button size="small" type="link" danger data-testid="live-hangup">
              {t('live.hangup')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  return (
    <Card
      title={t('nav.liveCalls')}
      data-testid="liveCalls-page"
      extra={
        <Typography.Text type="secondary" data-testid="live-count">
          {calls ? t('live.count', { n: calls.length }) : ''} ·{' '}
          <span data-testid="live-mode" data-mode={mode}>
            {mode === 'stream' ? t('live.streaming') : t('live.refreshHint')}
          </span>
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
