import type { ClickToCall, ClickToCallState } from '@rexian/contracts';
import type { Queryable } from '@rexian/db';
import { AppError } from '@rexian/kernel';
import type { TelephonyRuntime } from '../../telephony/telephony-runtime.ts';
import type { VerifiedApiKey } from './api-keys.service.ts';

const errors = {
  notRunning: () => new AppError('CTI_NOT_RUNNING', 'CTI is not running', { category: 'unavailable' }),
  scope: () => new AppError('API_KEY_SCOPE', 'this key may not call for that agent', { category: 'forbidden' }),
  agentRequired: () => new AppError('CLICK_TO_CALL_AGENT_REQUIRED', 'agentNumber is required', { category: 'invalid' }),
  agentUnknown: () => new AppError('ACD_AGENT_NOT_FOUND', 'agent not found', { category: 'not_found' }),
  callUnknown: () => new AppError('CDR_NOT_FOUND', 'call not found', { category: 'not_found' }),
};

/**
 * The http 外呼接口 for third-party CRMs (§3 开发接口): a key's call for an agent — the agent's phone rings
 * first, then the number, exactly as the workspace's click to dial — and the state of such a call.
 */
export function createClickToCallService(d: { db: Queryable; telephony: () => TelephonyRuntime | null }) {
  return {
    async call(key: VerifiedApiKey, body: ClickToCall): Promise<{ callId: string }> {
      const rt = d.telephony()?.cti;
      if (!rt) throw errors.notRunning();
      await rt.refresh();
      let agent = key.scope === 'agent' ? rt.agent(key.agentId ?? '') : undefined;
      if (key.scope === 'agent') {
        if (!agent) throw errors.agentUnknown();
        if (body.agentNumber !== undefined && body.agentNumber !== agent.number) throw errors.scope();
      } else {
        if (body.agentNumber === undefined) throw errors.agentRequired();
        agent = rt.agentByNumber(body.agentNumber);
        if (!agent) throw errors.agentUnknown();
      }
      const internal = await d.db.query('SELECT 1 FROM extensions WHERE number = $1 AND enabled', [body.number]);
      const to =
        internal.rows.length > 0
          ? { kind: 'extension' as const, number: body.number }
          : { kind: 'number' as const, number: body.number };
      return { callId: await rt.cti.dial(agent.id, to, body.accessNumber ?? null) };
    },

    /** A call's progress; an agent key sees only its agent's calls. */
    async state(key: VerifiedApiKey, callId: string): Promise<ClickToCallState> {
      if (key.scope === 'agent') {
        const own = await d.db.query('SELECT 1 FROM cti_events WHERE call_id = $1 AND agent_id = $2 LIMIT 1', [
          callId,
          key.agentId,
        ]);
        if (own.rows.length === 0) throw errors.callUnknown();
      }
      await d.telephony()?.flushCdrs();
      const r = await d.db.query<{ open: boolean; answered_at: Date | null; ended_at: Date | null; cause: string | null }>(
        'SELECT open, answered_at, ended_at, cause FROM cdrs WHERE call_id = $1',
        [callId],
      );
      const row = r.rows[0];
      if (!row) throw errors.callUnknown();
      return {
        callId,
        status: row.open ? 'open' : 'ended',
        answeredAt: row.answered_at?.toISOString() ?? null,
        endedAt: row.ended_at?.toISOString() ?? null,
        cause: row.cause,
      };
    },
  };
}
export type ClickToCallService = ReturnType<typeof createClickToCallService>;
