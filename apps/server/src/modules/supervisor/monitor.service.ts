import type { SupervisorMonitorMode, SupervisorMonitorSession } from '@rexian/contracts';
import type { MonitorSession } from '@rexian/cti';
import { AppError } from '@rexian/kernel';
import type { CtiRuntime } from '../../cti/cti-runtime.ts';
import type { Actor } from '../../http/actor.ts';
import type { TelephonyRuntime } from '../../telephony/telephony-runtime.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { supervisorErrors } from './supervisor.service.ts';
import { canSupervise } from './supervisor-scope.ts';

export const monitorErrors = {
  noExtension: () =>
    new AppError('SUPERVISOR_NO_EXTENSION', 'the supervisor has no extension to monitor on', { category: 'conflict' }),
  selfMonitor: () =>
    new AppError('SUPERVISOR_SELF_MONITOR', 'a supervisor cannot monitor their own call', { category: 'conflict' }),
};

/**
 * Listen (监听), whisper (密语), barge (强插) and take over (强拆) on an agent's call (issue 8 §4), limited to
 * the actor's supervisor scope (supervisor-scope.ts: an admin reaches every agent, a supervisor the agents
 * of its managed groups and queues; anything else answers 404, the agent's existence is not revealed).
 * The supervisor is called on their signed-in extension, else on their agent's bound extension.
 */
export function createMonitorService(d: { telephony: () => TelephonyRuntime | null; audit: AuditService }) {
  async function context(actor: Actor, agentId: string): Promise<CtiRuntime> {
    // A user with no employee (hence no agent) who is not an admin supervises nobody, whatever runs.
    if (!actor.isAdmin && !actor.employeeId) throw supervisorErrors.agentNotFound(agentId);
    const rt = d.telephony()?.cti;
    if (!rt) throw supervisorErrors.notRunning();
    await rt.refresh();
    if (!canSupervise(rt, actor, agentId)) throw supervisorErrors.agentNotFound(agentId);
    const own = actor.employeeId ? rt.agentOfEmployee(actor.employeeId) : undefined;
    if (own?.id === agentId) throw monitorErrors.selfMonitor();
    return rt;
  }

  function extensionOf(rt: CtiRuntime, actor: Actor): string {
    const own = actor.employeeId ? rt.agentOfEmployee(actor.employeeId) : undefined;
    if (!own) throw monitorErrors.noExtension();
    let signedIn: string | undefined;
    try {
      const a = rt.acd.agent(own.id);
      signedIn = a.state === 'signed-out' ? undefined : a.extension;
    } catch {
      signedIn = undefined;
    }
    const extension = signedIn ?? own.boundExtension;
    if (!extension) throw monitorErrors.noExtension();
    return extension;
  }

  const view = (s: MonitorSession): SupervisorMonitorSession => ({
    agentId: s.agentId,
    callId: s.callId,
    extension: s.extension,
    mode: s.mode,
    state: s.state,
    takeover: s.takeover,
  });

  return {
    async start(actor: Actor, ip: string, agentId: string, mode: SupervisorMonitorMode): Promise<SupervisorMonitorSession> {
      const rt = await context(actor, agentId);
      const s = await rt.supervision.monitor(extensionOf(rt, actor), agentId, mode, actor.userId);
      await d.audit.change(actor, ip, 'agent.call.monitor', { type: 'agent', id: agentId }, { mode, callId: s.callId });
      return view(s);
    },

    async setMode(actor: Actor, agentId: string, mode: SupervisorMonitorMode): Promise<SupervisorMonitorSession> {
      const rt = await context(actor, agentId);
      return view(await rt.supervision.setMode(agentId, mode));
    },

    async stop(actor: Actor, agentId: string): Promise<void> {
      const rt = await context(actor, agentId);
      await rt.supervision.stop(agentId);
    },

    async takeover(actor: Actor, ip: string, agentId: string): Promise<SupervisorMonitorSession> {
      const rt = await context(actor, agentId);
      const extension = rt.supervision.session(agentId)?.extension ?? extensionOf(rt, actor);
      const s = await rt.supervision.takeover(extension, agentId, actor.userId);
      await d.audit.change(actor, ip, 'agent.call.takeover', { type: 'agent', id: agentId }, { callId: s.callId });
      return view(s);
    },
  };
}
export type MonitorService = ReturnType<typeof createMonitorService>;
