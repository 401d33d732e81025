import { z } from 'zod';
import { supervisorMonitorModes } from './supervisor.ts';

/**
 * Supervisor monitoring (§3 班长席; issue 8 §4): listen (监听), whisper (密语), barge (强插) and take over
 * (强拆) on an agent's call, through `/supervisor/agents/:agentId/monitor` and `/takeover`. The
 * supervisor's phone (their signed-in extension, else their bound one) is called and joins the call.
 */
export const supervisorMonitorRequest = z.strictObject({ mode: z.enum(supervisorMonitorModes) });
export type SupervisorMonitorRequest = z.infer<typeof supervisorMonitorRequest>;

export const supervisorMonitorSession = z.object({
  agentId: z.string(),
  callId: z.string(),
  /** The supervisor's extension being called / in the call. */
  extension: z.string(),
  mode: z.enum(supervisorMonitorModes),
  /** `ringing`: the supervisor's phone rings; `monitoring`: it is in the call. */
  state: z.enum(['ringing', 'monitoring']),
  /** A take-over: on answer (or at once, when already in the call) the agent is cut off. */
  takeover: z.boolean(),
});
export type SupervisorMonitorSession = z.infer<typeof supervisorMonitorSession>;
