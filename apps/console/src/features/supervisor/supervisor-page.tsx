import type { SupervisedAgent, SupervisedQueue, SupervisedWaitingCall, SupervisorMonitorMode } from '@rexian/contracts';
import {
  Alert,
  Button,
  Card,
  Dropdown,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/translate.ts';
import { errorText } from '../../shared/error-text.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useNotify } from '../../shared/use-notify.ts';
import { busyReasonsApi } from '../cti/cti-api.ts';
import { formatDuration } from '../records/call-values.ts';
import { supervisorApi } from './supervisor-api.ts';
import { agentActions, agentCounts, elapsedMs, longestWaitMs } from './supervisor-values.ts';
import { useSupervisorBoards } from './use-supervisor-boards.ts';

const stateColor: Record<SupervisedAgent['state'], string | undefined> = {
  'signed-out': undefined,
  idle: 'green',
  busy: 'orange',
  away: 'gold',
  'outbound-only': 'cyan',
  reserved: 'blue',
  ringing: 'blue',
  talking: 'red',
  'wrap-up': 'purple',
};

/**
 * 班长监控 (§3 班长席, §4.7 座席监控 / 队列监控): the agents and queues of the supervisor's managed scope,
 * live from the server's stream with ticking durations; forced busy / idle / sign-out, listen / whisper /
 * barge / take over on an agent's call, and moving a waiting call to another queue.
 */
export function SupervisorPage() {
  const { t } = useI18n();
  const notify = useNotify();
  const { data, error, serverNow, mode } = useSupervisorBoards();
  const reasons = useLoad(() => busyReasonsApi.list(), []);
  const [moving, setMoving] = useState<{ call: SupervisedWaitingCall; from: string } | undefined>(undefined);
  const [target, setTarget] = useState<string | undefined>(undefined);
  const act = async (run: () => Promise<unknown>, done: MessageKey) => {
    try {
      await run();
      notify.success(t(done));
    } catch (e) {
      notify.failure(e);
    }
  };
  // The default reason adds nothing to 示忙; others show their admin-defined name.
  const reasonName = (id: string | null) =>
    id === null || id === 'default' ? '' : (reasons.data?.find((r) => r.code === id)?.name ?? id);
  const monitor = (a: SupervisedAgent, m: SupervisorMonitorMode) =>
    act(() => supervisorApi.monitor(a.agentId, m), 'sup.monitorStarted');

  const agentColumns: TableColumnsType<SupervisedAgent> = [
    { title: t('sup.agentNumber'), dataIndex: 'number', width: 90 },
    { title: t('sup.agentName'), dataIndex: 'name' },
    { title: t('sup.group'), dataIndex: 'groupName', render: (v: string | null) => v ?? '' },
    {
      title: t('sup.state'),
      key: 'state',
      render: (_, a) => (
        <Space size={4}>
          <Tag color={stateColor[a.state]} data-testid="sup-agent-state" data-state={a.state}>
            {t(`sup.state.${a.state}` as MessageKey)}
            {a.state === 'busy' && reasonName(a.reasonId) ? ` · ${reasonName(a.reasonId)}` : ''}
          </Tag>
          {!a.connected && a.state !== 'signed-out' && <Tag color="default">{t('sup.disconnected')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('sup.stateTime'),
      key: 'since',
      render: (_, a) => <span data-testid="sup-state-time">{formatDuration(elapsedMs(a.since, serverNow))}</span>,
    },
    {
      title: t('sup.extension'),
      key: 'extension',
      render: (_, a) => a.extension ?? (a.state === 'signed-out' ? '' : t('sup.monitorOnly')),
    },
    {
      title: t('sup.call'),
      key: 'call',
      render: (_, a) =>
        a.call ? (
          <span data-testid="sup-agent-call">
            {a.call.customer}
            {a.call.queueName ? ` · ${a.call.queueName}` : ''} · {t(`sup.callState.${a.call.state}` as MessageKey)}{' '}
            {formatDuration(elapsedMs(a.call.since, serverNow))}
          </span>
        ) : (
          ''
        ),
    },
    { title: t('sup.answered'), dataIndex: 'answered', width: 80 },
    { title: t('sup.talkTime'), key: 'talkMs', render: (_, a) => formatDuration(a.talkMs) },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, a) => {
        const can = agentActions(a);
        return (
          <Space size={0} wrap>
            <Dropdown
              disabled={!can.busy}
              trigger={['click']}
              menu={{
                items: (reasons.data ?? [{ code: 'default', name: t('sup.forceBusy') }]).map((r) => ({
                  key: r.code,
                  label: <span data-testid={`sup-busy-reason-${r.code}`}>{r.name}</span>,
                })),
                onClick: ({ key }) =>
                  void act(() => supervisorApi.forceState(a.agentId, { state: 'busy', reasonId: key }), 'sup.forced'),
              }}
            >
              <Button size="small" type="link" disabled={!can.busy} data-testid="sup-force-busy">
                {t('sup.forceBusy')}
              </Button>
            </Dropdown>
            <Button
              size="small"
              type="link"
              disabled={!can.idle}
              onClick={() => void act(() => supervisorApi.forceState(a.agentId, { state: 'idle' }), 'sup.forced')}
              data-testid="sup-force-idle"
            >
              {t('sup.forceIdle')}
            </Button>
            <Popconfirm
              title={t('sup.confirmSignOut', { number: a.number })}
              okText={t('common.ok')}
              cancelText={t('common.cancel')}
              disabled={!can.signOut}
              onConfirm={() => act(() => supervisorApi.forceState(a.agentId, { state: 'signed-out' }), 'sup.forced')}
              okButtonProps={{ 'data-testid': 'sup-confirm-sign-out', danger: true }}
            >
              <Button size="small" type="link" danger disabled={!can.signOut} data-testid="sup-force-sign-out">
                {t('sup.forceSignOut')}
              </Button>
            </Popconfirm>
            {(['listen', 'whisper', 'barge'] as const).map((m) => (
              <Button
                key={m}
                size="small"
                type="link"
                disabled={!can.monitor}
                onClick={() => void monitor(a, m)}
                data-testid={`sup-${m}`}
              >
                {t(`sup.${m}`)}
              </Button>
            ))}
            <Popconfirm
              title={t('sup.confirmTakeover', { number: a.number })}
              okText={t('common.ok')}
              cancelText={t('common.cancel')}
              disabled={!can.monitor}
              onConfirm={() => act(() => supervisorApi.takeover(a.agentId), 'sup.monitorStarted')}
              okButtonProps={{ 'data-testid': 'sup-confirm-takeover', danger: true }}
            >
              <Button size="small" type="link" danger disabled={!can.monitor} data-testid="sup-takeover">
                {t('sup.takeover')}
              </Button>
            </Popconfirm>
            <Button
              size="small"
              type="link"
              disabled={!can.monitor}
              onClick={() => void act(() => supervisorApi.stopMonitor(a.agentId), 'sup.monitorStopped')}
              data-testid="sup-stop-monitor"
            >
              {t('sup.stopMonitor')}
            </Button>
          </Space>
        );
      },
    },
  ];

  const queues = data?.queues ?? [];
  const callColumns = (q: SupervisedQueue): TableColumnsType<SupervisedWaitingCall> => [
    {
      title: t('sup.caller'),
      key: 'caller',
      render: (_, c) => (
        <Space size={4}>
          {c.caller}
          {c.vip && <Tag color="gold">{t('sup.vip')}</Tag>}
          {c.status === 'offered' && <Tag color="blue">{t('sup.offered')}</Tag>}
        </Space>
      ),
    },
    { title: t('sup.waitTime'), key: 'wait', render: (_, c) => formatDuration(elapsedMs(c.enteredAt, serverNow)) },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, c) => (
        <Button
          size="small"
          type="link"
          disabled={queues.length < 2 || c.status !== 'waiting'}
          onClick={() => {
            setTarget(undefined);
            setMoving({ call: c, from: q.queueId });
          }}
          data-testid="sup-move-call"
        >
          {t('sup.move')}
        </Button>
      ),
    },
  ];
  const queueColumns: TableColumnsType<SupervisedQueue> = [
    { title: t('sup.queue'), dataIndex: 'name' },
    { title: t('sup.queueNumber'), dataIndex: 'number' },
    { title: t('sup.waiting'), dataIndex: 'waiting', render: (v: number) => <span data-testid="sup-queue-waiting">{v}</span> },
    {
      title: t('sup.longestWait'),
      key: 'longest',
      render: (_, q) => <span data-testid="sup-longest-wait">{formatDuration(longestWaitMs(q, serverNow))}</span>,
    },
    { title: t('sup.idleAgents'), dataIndex: 'idleAgents' },
    { title: t('sup.signedInAgents'), dataIndex: 'signedInAgents' },
  ];

  const agents = data?.agents ?? [];
  const counts = agentCounts(agents);
  const scopeText = data?.scope === 'all' ? t('sup.scopeAll') : data?.scope === 'managed' ? t('sup.scopeManaged') : undefined;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="supervisor-page">
      {error !== undefined && <Alert type="error" showIcon title={errorText(error, t)} data-testid="page-error" />}
      {data?.scope === 'none' && <Alert type="info" showIcon title={t('sup.scopeNone')} data-testid="sup-scope-none" />}
      <Card
        title={t('sup.agents')}
        extra={
          <Typography.Text type="secondary">
            {scopeText ? `${scopeText} · ` : ''}
            <span data-testid="sup-summary">{t('sup.summary', counts)}</span> ·{' '}
            <span data-testid="sup-mode" data-mode={mode}>
              {mode === 'stream' ? t('sup.streaming') : t('sup.polling')}
            </span>
          </Typography.Text>
        }
      >
        <Table<SupervisedAgent>
          rowKey="agentId"
          size="small"
          columns={agentColumns}
          dataSource={agents}
          loading={data === undefined && error === undefined}
          locale={{ emptyText: t('sup.noAgents') }}
          pagination={false}
          scroll={{ x: true }}
          data-testid="sup-agents-table"
        />
      </Card>
      <Card title={t('sup.queues')}>
        <Table<SupervisedQueue>
          rowKey="queueId"
          size="small"
          columns={queueColumns}
          dataSource={queues}
          loading={data === undefined && error === undefined}
          locale={{ emptyText: t('sup.noQueues') }}
          pagination={false}
          expandable={{
            rowExpandable: (q) => q.calls.length > 0,
            expandedRowRender: (q) => (
              <Table<SupervisedWaitingCall>
                rowKey="callId"
                size="small"
                columns={callColumns(q)}
                dataSource={q.calls}
                pagination={false}
                data-testid="sup-waiting-calls"
              />
            ),
          }}
          data-testid="sup-queues-table"
        />
      </Card>
      <Modal
        open={moving !== undefined}
        title={moving ? t('sup.moveTitle', { caller: moving.call.caller }) : ''}
        okText={t('common.ok')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: target === undefined, 'data-testid': 'sup-move-ok' }}
        onCancel={() => setMoving(undefined)}
        onOk={async () => {
          if (!moving || target === undefined) return;
          await act(() => supervisorApi.moveCall(moving.call.callId, target), 'sup.moved');
          setMoving(undefined);
        }}
      >
        <Select
          style={{ width: '100%' }}
          placeholder={t('sup.moveTarget')}
          value={target}
          onChange={setTarget}
          options={queues
            .filter((q) => q.queueId !== moving?.from)
            .map((q) => ({ value: q.queueId, label: `${q.name} (${q.number})` }))}
          data-testid="sup-move-target"
        />
      </Modal>
    </Space>
  );
}
