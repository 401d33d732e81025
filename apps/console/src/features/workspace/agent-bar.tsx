import type { AgentParty, AgentSession, BusyReasonDto, TransferTarget } from '@rexian/contracts';
import { Button, Card, Form, Input, Modal, Radio, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useNotify } from '../../shared/use-notify.ts';
import { formatDuration } from '../records/call-values.ts';
import { PartyDialog } from './party-dialog.tsx';
import { agentApi } from './workspace-api.ts';
import { callButtons, PARTY_KINDS, type PartyAction, partyLabel } from './workspace-values.ts';

type Props = {
  session: AgentSession;
  serverNow: number;
  reasons: readonly BusyReasonDto[];
  apply: (s: AgentSession) => void;
  /** Outbound access numbers for 外呼's caller ID; undefined when the user may not list them. */
  accessNumbers?: readonly string[] | undefined;
  /** A click-to-dial call was placed: its id and the number dialled (the pop shows it until the far leg exists). */
  onDialled?: (callId: string, number: string) => void;
};

/** The states an agent chooses; busy is one entry per busy reason (the ACD knows a reason by its code). */
const CHOOSABLE = ['idle', 'busy', 'away', 'outbound-only'] as const;
const STATE_COLOR: Record<AgentSession['state'], string> = {
  'signed-out': 'default',
  idle: 'green',
  busy: 'orange',
  away: 'gold',
  'outbound-only': 'cyan',
  reserved: 'purple',
  ringing: 'magenta',
  talking: 'red',
  'wrap-up': 'blue',
};

/**
 * 工具条 (§六 web agent): sign in (bound extension / another / monitor only), the state with its timer,
 * the call's timer, and the call buttons — each enabled only in the states where the server accepts it.
 */
export function AgentBar({ session, serverNow, reasons, apply, accessNumbers, onDialled }: Props) {
  const { t } = useI18n();
  const notify = useNotify();
  const [mode, setMode] = useState<'bound' | 'other' | 'monitor'>(session.boundExtension ? 'bound' : 'monitor');
  const [other, setOther] = useState('');
  const [transferOpen, setTransferOpen] = useState(false);
  const [partyAction, setPartyAction] = useState<PartyAction | undefined>(undefined);
  /** Resolves true when the command went through (a dialog closes then, and stays open on an error). */
  const run = async (action: () => Promise<AgentSession>, done?: string): Promise<boolean> => {
    try {
      apply(await action());
      if (done) notify.success(done);
      return true;
    } catch (e) {
      notify.failure(e);
      return false;
    }
  };
  const withParty = async (action: PartyAction, to: AgentParty, accessNumber: string | undefined) => {
    const ok =
      action === 'dial'
        ? await run(
            async () => {
              const { callId } = await agentApi.dial({ to, ...(accessNumber ? { accessNumber } : {}) });
              onDialled?.(callId, partyLabel(to));
              return agentApi.session();
            },
            t('ws.dialling', { number: partyLabel(to) }),
          )
        : await run(() => agentApi.withParty(action, to));
    if (ok) setPartyAction(undefined);
  };

  const signedIn = session.state !== 'signed-out';
  const call = session.call;
  const stateLabel =
    session.state === 'busy' && session.reasonId
      ? t('ws.busyWith', { reason: reasons.find((r) => r.code === session.reasonId)?.name ?? session.reasonId })
      : t(`ws.state.${session.state}`);
  const chooses = signedIn && (call === null || session.state === 'wrap-up');
  const on = callButtons(session.extension, call);
  const { consulting, conferencing } = on;
  const stateValue = session.state === 'busy' ? `busy:${session.reasonId ?? ''}` : session.state;
  const stateOptions = CHOOSABLE.flatMap((s) =>
    s === 'busy'
      ? reasons.map((r) => ({ value: `busy:${r.code}`, label: t('ws.busyWith', { reason: r.name }) }))
      : [{ value: s, label: t(`ws.state.${s}`) }],
  );
  const changeState = (value: string) => {
    const [state, reasonId] = value.split(':') as [(typeof CHOOSABLE)[number], string | undefined];
    void run(() => agentApi.setState({ state, ...(reasonId ? { reasonId } : {}) }));
  };
  const signIn = () => {
    const extension = mode === 'bound' ? undefined : mode === 'monitor' ? null : other.trim();
    void run(() => agentApi.signIn(extension === undefined ? {} : { extension }));
  };

  return (
    <Card size="small" data-testid="agent-bar">
      <Space wrap size="middle" align="center">
        <Typography.Text strong>{t('ws.agent', { number: session.agentNumber, name: session.agentName })}</Typography.Text>
        <Tag color={STATE_COLOR[session.state]} data-testid="ws-state" data-state={session.state}>
          {stateLabel}
        </Tag>
        {signedIn && (
          <Typography.Text type="secondary" data-testid="ws-extension">
            {session.extension ? t('ws.extension', { extension: session.extension }) : t('ws.monitorOnly')}
          </Typography.Text>
        )}
        <span>
          {t('ws.stateTime')}{' '}
          <Typography.Text code data-testid="ws-state-timer">
            {formatDuration(serverNow - Date.parse(session.stateSince))}
          </Typography.Text>
        </span>
        {call && (
          <span>
            {t('ws.callTime')}{' '}
            <Typography.Text code data-testid="ws-call-timer">
              {formatDuration(serverNow - Date.parse(call.since))}
            </Typography.Text>
          </span>
        )}
        {consulting && (
          <Tag color="volcano" data-testid="ws-consulting">
            {t('ws.consulting')}
          </Tag>
        )}
        {conferencing && (
          <Tag color="geekblue" data-testid="ws-conferencing">
            {t('ws.conferencing')}
          </Tag>
        )}
      </Space>
      <Space wrap style={{ marginTop: 12 }}>
        {!signedIn ? (
          <>
            <Radio.Group value={mode} onChange={(e) => setMode(e.target.value)} data-testid="ws-signin-mode">
              <Radio value="bound" disabled={!session.boundExtension} data-testid="ws-mode-bound">
                {session.boundExtension ? t('ws.mode.bound', { extension: session.boundExtension }) : t('ws.mode.boundNone')}
              </Radio>
              <Radio value="other" data-testid="ws-mode-other">
                {t('ws.mode.other')}
              </Radio>
              <Radio value="monitor" data-testid="ws-mode-monitor">
                {t('ws.mode.monitor')}
              </Radio>
            </Radio.Group>
            {mode === 'other' && (
              <Input
                style={{ width: 120 }}
                placeholder={t('ws.otherExtension')}
                value={other}
                onChange={(e) => setOther(e.target.value)}
                data-testid="ws-other-extension"
              />
            )}
            <Button
              type="primary"
              onClick={signIn}
              disabled={mode === 'other' && !/^[0-9]{1,16}$/.test(other.trim())}
              data-testid="ws-sign-in"
            >
              {t('ws.signIn')}
            </Button>
          </>
        ) : (
          <>
            <Select
              style={{ width: 180 }}
              value={stateOptions.some((o) => o.value === stateValue) ? stateValue : undefined}
              placeholder={t('ws.changeState')}
              options={stateOptions}
              onChange={changeState}
              disabled={!chooses}
              aria-label={t('ws.changeState')}
              data-testid="ws-state-select"
            />
            <Button
              type="primary"
              disabled={!on.answer}
              onClick={() => void run(() => agentApi.command('answer'))}
              title={t('ws.answerHint')}
              data-testid="ws-answer"
            >
              {t('ws.answer')}
            </Button>
            <Button
              danger
              disabled={!on.hangup}
              onClick={() => void run(() => agentApi.command('hangup'))}
              data-testid="ws-hangup"
            >
              {t('ws.hangup')}
            </Button>
            <Button disabled={!on.hold} onClick={() => void run(() => agentApi.command('hold'))} data-testid="ws-hold">
              {t('ws.hold')}
            </Button>
            <Button disabled={!on.unhold} onClick={() => void run(() => agentApi.command('unhold'))} data-testid="ws-unhold">
              {t('ws.unhold')}
            </Button>
            <Button disabled={!on.transfer} onClick={() => setTransferOpen(true)} data-testid="ws-transfer">
              {t('ws.transfer')}
            </Button>
            {consulting ? (
              <>
                <Button
                  type="primary"
                  onClick={() => void run(() => agentApi.command('consult/complete'), t('ws.transferred'))}
                  data-testid="ws-consult-complete"
                >
                  {t('ws.consultComplete')}
                </Button>
                <Button onClick={() => void run(() => agentApi.command('consult/cancel'))} data-testid="ws-consult-cancel">
                  {t('ws.consultCancel')}
                </Button>
              </>
            ) : (
              <Button disabled={!on.consult} onClick={() => setPartyAction('consult')} data-testid="ws-consult">
                {t('ws.consult')}
              </Button>
            )}
            {conferencing ? (
              <Button onClick={() => void run(() => agentApi.command('conference/drop'))} data-testid="ws-conference-drop">
                {t('ws.conferenceDrop')}
              </Button>
            ) : (
              <Button disabled={!on.conference} onClick={() => setPartyAction('conference')} data-testid="ws-conference">
                {t('ws.conference')}
              </Button>
            )}
            <Tooltip title={session.extension ? undefined : t('ws.dialNeedsExtension')}>
              <Button disabled={!on.dial} onClick={() => setPartyAction('dial')} data-testid="ws-dial">
                {t('ws.dial')}
              </Button>
            </Tooltip>
            {/* 评分: the agent leaves and the customer hears the satisfaction survey (POST /agent/call/rate). */}
            <Tooltip title={t('ws.rateHint')}>
              <Button
                disabled={!on.rate}
                onClick={() => void run(() => agentApi.command('rate'), t('ws.rated'))}
                data-testid="ws-rate"
              >
                {t('ws.rate')}
              </Button>
            </Tooltip>
            <Button disabled={call !== null} onClick={() => void run(() => agentApi.signOut())} data-testid="ws-sign-out">
              {t('ws.signOut')}
            </Button>
          </>
        )}
      </Space>
      <TransferDialog
        open={transferOpen}
        onClose={() => setTransferOpen(false)}
        onTransfer={(to) => run(() => agentApi.transfer(to), t('ws.transferred')).then(() => setTransferOpen(false))}
      />
      {partyAction && (
        <PartyDialog
          key={partyAction}
          open
          title={t(`ws.${partyAction}Title`)}
          okText={t(`ws.${partyAction}`)}
          kinds={PARTY_KINDS[partyAction]}
          accessNumbers={partyAction === 'dial' ? accessNumbers : undefined}
          onClose={() => setPartyAction(undefined)}
          onSubmit={(to, accessNumber) => withParty(partyAction, to, accessNumber)}
        />
      )}
    </Card>
  );
}

type Kind = TransferTarget['kind'];

/** 转接: to an agent, an extension, an outside number, a queue or an IVR (blind; the agent goes to wrap-up). */
function TransferDialog(props: { open: boolean; onClose: () => void; onTransfer: (to: TransferTarget) => Promise<void> }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<Kind>('agent');
  const [value, setValue] = useState('');
  const v = value.trim();
  const target = (): TransferTarget =>
    kind === 'agent' ? { kind, agentNumber: v } : kind === 'queue' ? { kind, queueId: v } : { kind, number: v };
  return (
    <Modal
      open={props.open}
      title={t('ws.transferTitle')}
      onCancel={props.onClose}
      onOk={() => void props.onTransfer(target())}
      okButtonProps={{ disabled: v === '', 'data-testid': 'ws-transfer-ok' }}
      okText={t('ws.transfer')}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('ws.transferTo')}>
          <Select
            value={kind}
            onChange={setKind}
            options={(['agent', 'extension', 'number', 'queue', 'ivr'] as const).map((k) => ({
              value: k,
              label: t(`ws.target.${k}`),
            }))}
            data-testid="ws-transfer-kind"
          />
        </Form.Item>
        <Form.Item label={t(`ws.target.${kind}`)}>
          <Input value={value} onChange={(e) => setValue(e.target.value)} data-testid="ws-transfer-target" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
