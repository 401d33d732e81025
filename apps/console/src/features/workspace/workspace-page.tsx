import type { BusyReasonDto } from '@rexian/contracts';
import { Alert, Card, Checkbox, Col, Row, Space, Tooltip, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useCan } from '../../layout/require-permission.tsx';
import { errorText } from '../../shared/error-text.ts';
import { useNotify } from '../../shared/use-notify.ts';
import { busyReasonsApi } from '../cti/cti-api.ts';
import { AgentBar } from './agent-bar.tsx';
import { CallPop } from './call-pop.tsx';
import { MyServiceRecords, ServiceRecordForm } from './service-record-form.tsx';
import { useAgentSession } from './use-agent-session.ts';
import { agentApi } from './workspace-api.ts';
import { safePopUrl } from './workspace-values.ts';

/** The agent's choice to open the CRM page by itself when a call rings (default off). */
const AUTO_OPEN_KEY = 'rexian.workspace.autoOpenPop';
const readAutoOpen = () => {
  try {
    return localStorage.getItem(AUTO_OPEN_KEY) === 'true';
  } catch {
    return false;
  }
};

/**
 * 座席工作台 (§六 web agent): the agent bar on top, the screen pop when a call rings, and the service-record
 * form saved against the current or last call. Everything acts on the signed-in user's own agent.
 */
export function WorkspacePage() {
  const { t } = useI18n();
  const notify = useNotify();
  const { session, error, mode, serverNow, pop, lastCall, apply, closePop } = useAgentSession();
  const can = useCan();
  const [reasons, setReasons] = useState<BusyReasonDto[]>([]);
  const [saved, setSaved] = useState(0);
  const [accessNumbers, setAccessNumbers] = useState<string[] | undefined>(undefined);
  const [dialled, setDialled] = useState<{ callId: string; number: string } | undefined>(undefined);
  const [autoOpen, setAutoOpen] = useState(readAutoOpen);
  const opened = useRef<string | undefined>(undefined);
  const mayListAccessNumbers = can('pbx.dialplan.read');
  useEffect(() => {
    busyReasonsApi
      .list()
      .then(setReasons)
      .catch((e: unknown) => notify.failure(e));
  }, [notify]);
  useEffect(() => {
    // Without the dial-plan permission there is no picker: the outbound routes choose the caller ID.
    if (!mayListAccessNumbers) return;
    agentApi
      .outboundAccessNumbers()
      .then(setAccessNumbers)
      .catch((e: unknown) => notify.failure(e));
  }, [mayListAccessNumbers, notify]);
  // 来电弹屏 to a third-party CRM: once per call, only if the agent asked for it (a pop-up not opened by a
  // click may be blocked by the browser; the link in the pop is always there).
  const popUrl = safePopUrl(pop?.popUrl ?? null);
  const popCallId = pop?.call.callId;
  useEffect(() => {
    if (!autoOpen || !popUrl || !popCallId || opened.current === popCallId) return;
    opened.current = popCallId;
    window.open(popUrl, '_blank', 'noopener,noreferrer');
  }, [autoOpen, popUrl, popCallId]);
  const changeAutoOpen = (on: boolean) => {
    setAutoOpen(on);
    try {
      localStorage.setItem(AUTO_OPEN_KEY, String(on));
    } catch {
      // Storage disabled: the choice lasts for this page only.
    }
  };

  return (
    <Card
      title={t('nav.workspace')}
      data-testid="workspace-page"
      extra={
        <Space>
          <Tooltip title={t('ws.autoOpenPopHint')}>
            <Checkbox checked={autoOpen} onChange={(e) => changeAutoOpen(e.target.checked)} data-testid="ws-auto-open">
              {t('ws.autoOpenPop')}
            </Checkbox>
          </Tooltip>
          <Typography.Text type="secondary" data-testid="ws-mode" data-mode={mode}>
            {mode === 'stream' ? t('ws.streaming') : t('ws.polling')}
          </Typography.Text>
        </Space>
      }
    >
      {error !== undefined && (
        <Alert type="error" showIcon title={errorText(error, t)} style={{ marginBottom: 16 }} data-testid="page-error" />
      )}
      {session && (
        <AgentBar
          session={session}
          serverNow={serverNow}
          reasons={reasons}
          apply={apply}
          accessNumbers={accessNumbers}
          onDialled={(callId, number) => setDialled({ callId, number })}
        />
      )}
      <Row gutter={16} style={{ marginTop: 16 }}>
        {pop && (
          <Col xs={24} xl={14}>
            <CallPop
              key={pop.call.callId}
              pop={pop}
              onClose={closePop}
              dialled={dialled?.callId === pop.call.callId ? dialled.number : undefined}
            />
          </Col>
        )}
        {can('crm.service-record.write') && (
          <Col xs={24} xl={pop ? 10 : 24}>
            <ServiceRecordForm call={lastCall} onSaved={() => setSaved((n) => n + 1)} />
          </Col>
        )}
      </Row>
      {can('crm.service-record.read') && (
        <div style={{ marginTop: 16 }}>
          <MyServiceRecords version={saved} />
        </div>
      )}
    </Card>
  );
}
