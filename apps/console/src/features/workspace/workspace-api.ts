import type {
  AgentCallerIds,
  AgentDial,
  AgentParty,
  AgentSession,
  AgentSignIn,
  AgentStateChange,
  CallerHistory,
  Page,
  ServiceRecord,
  ServiceRecordCreate,
  ServiceRecordQuery,
  TransferTarget,
} from '@rexian/contracts';
import { apiRequest } from '../../api/http-client.ts';

/** 座席工作台: the signed-in user's agent (apps/server/src/modules/workspace) and service records. */
export const agentApi = {
  session: () => apiRequest<AgentSession>('/agent/session'),
  signIn: (body: AgentSignIn) => apiRequest<AgentSession>('/agent/session', { method: 'POST', body }),
  signOut: () => apiRequest<AgentSession>('/agent/session', { method: 'DELETE' }),
  setState: (body: AgentStateChange) => apiRequest<AgentSession>('/agent/session/state', { method: 'PUT', body }),
  command: (
    command: 'answer' | 'hangup' | 'hold' | 'unhold' | 'rate' | 'consult/complete' | 'consult/cancel' | 'conference/drop',
  ) => apiRequest<AgentSession>(`/agent/call/${command}`, { method: 'POST' }),
  transfer: (to: TransferTarget) => apiRequest<AgentSession>('/agent/call/transfer', { method: 'POST', body: { to } }),
  /** 咨询 (attended transfer) or 三方 (three-way) with another party. */
  withParty: (command: 'consult' | 'conference', to: AgentParty) =>
    apiRequest<AgentSession>(`/agent/call/${command}`, { method: 'POST', body: { to } }),
  /** 外呼 / internal call: the agent's phone rings first, then the party. */
  dial: (body: AgentDial) => apiRequest<{ callId: string }>('/agent/dial', { method: 'POST', body }),
  /** The access numbers an outbound call may show as caller ID (call type out or both). */
  outboundAccessNumbers: async (): Promise<string[]> => (await apiRequest<AgentCallerIds>('/agent/caller-ids')).numbers,
};

export type ServiceRecordFilters = Partial<Omit<ServiceRecordQuery, 'page' | 'pageSize'>> & { page: number; pageSize: number };

export const serviceRecordsApi = {
  list: (filters: ServiceRecordFilters) => apiRequest<Page<ServiceRecord>>('/service-records', { query: filters }),
  create: (body: ServiceRecordCreate) => apiRequest<ServiceRecord>('/service-records', { method: 'POST', body }),
  history: (callId: string) => apiRequest<CallerHistory>('/service-records/history', { query: { callId } }),
};
