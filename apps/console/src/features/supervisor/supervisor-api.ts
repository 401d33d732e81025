import type {
  SupervisedAgent,
  SupervisorAgentsBoard,
  SupervisorForceState,
  SupervisorMonitorMode,
  SupervisorQueuesBoard,
} from '@rexian/contracts';
import { apiRequest } from '../../api/http-client.ts';

/**
 * 班长监控: typed calls for `/api/v1/supervisor/...` (apps/server/src/modules/supervisor): the wallboards,
 * forced states, moving a waiting call, and the monitor routes (listen / whisper / barge / take over).
 */
const agent = (agentId: string) => `/supervisor/agents/${encodeURIComponent(agentId)}`;

export const supervisorApi = {
  agents: () => apiRequest<SupervisorAgentsBoard>('/supervisor/agents'),
  queues: () => apiRequest<SupervisorQueuesBoard>('/supervisor/queues'),
  forceState: (agentId: string, body: SupervisorForceState) =>
    apiRequest<SupervisedAgent>(`${agent(agentId)}/state`, { method: 'POST', body }),
  moveCall: (callId: string, queueId: string) =>
    apiRequest<void>(`/supervisor/calls/${encodeURIComponent(callId)}/move`, { method: 'POST', body: { queueId } }),
  /** Starts listening / whispering / barging: the supervisor's phone rings and joins the agent's call. */
  monitor: (agentId: string, mode: SupervisorMonitorMode) =>
    apiRequest<unknown>(`${agent(agentId)}/monitor`, { method: 'POST', body: { mode } }),
  /** Changes the mode while monitoring. */
  setMonitorMode: (agentId: string, mode: SupervisorMonitorMode) =>
    apiRequest<unknown>(`${agent(agentId)}/monitor`, { method: 'PUT', body: { mode } }),
  stopMonitor: (agentId: string) => apiRequest<unknown>(`${agent(agentId)}/monitor`, { method: 'DELETE' }),
  /** 强拆: the agent is cut off, the supervisor goes on with the customer. */
  takeover: (agentId: string) => apiRequest<unknown>(`${agent(agentId)}/takeover`, { method: 'POST' }),
};
