import type {
  Agent,
  AgentGroup,
  agentBatchCreate,
  agentCreate,
  agentUpdate,
  BusyReasonDto,
  busyReasonCreate,
  busyReasonUpdate,
  Extension,
  Page,
  Queue,
  queueCreate,
  queueUpdate,
  VipNumber,
  vipNumberCreate,
  vipNumberUpdate,
} from '@rexian/contracts';
import type { z } from 'zod';
import { apiRequest } from '../../api/http-client.ts';

/** Typed calls for the CTI configuration endpoints (apps/server modules agent-groups … busy-reasons). */
export type AgentCreateInput = z.input<typeof agentCreate>;
export type AgentUpdateInput = z.input<typeof agentUpdate>;
export type AgentBatchInput = z.input<typeof agentBatchCreate>;
export type QueueCreateInput = z.input<typeof queueCreate>;
export type QueueUpdateInput = z.input<typeof queueUpdate>;
export type VipCreateInput = z.input<typeof vipNumberCreate>;
export type VipUpdateInput = z.input<typeof vipNumberUpdate>;
export type BusyReasonCreateInput = z.input<typeof busyReasonCreate>;
export type BusyReasonUpdateInput = z.input<typeof busyReasonUpdate>;
export type AgentFilters = { page: number; pageSize: number; q?: string; groupId?: string; type?: Agent['type'] };

const json = (method: 'POST' | 'PATCH', body: unknown) => ({ method, body });
const path = (base: string, id: string) => `${base}/${encodeURIComponent(id)}`;
const remove = (base: string, id: string) => apiRequest<unknown>(path(base, id), { method: 'DELETE' });

export const agentGroupsApi = {
  list: (q?: string) => apiRequest<AgentGroup[]>('/agent-groups', { query: { q } }),
  create: (name: string) => apiRequest<AgentGroup>('/agent-groups', json('POST', { name })),
  rename: (id: string, name: string) => apiRequest<AgentGroup>(path('/agent-groups', id), json('PATCH', { name })),
  remove: (id: string) => remove('/agent-groups', id),
};

export const agentsApi = {
  list: (filters: AgentFilters) => apiRequest<{ items: Agent[]; total: number }>('/agents', { query: filters }),
  create: (input: AgentCreateInput) => apiRequest<Agent>('/agents', json('POST', input)),
  createBatch: (input: AgentBatchInput) => apiRequest<Agent[]>('/agents/batch', json('POST', input)),
  update: (id: string, input: AgentUpdateInput) => apiRequest<Agent>(path('/agents', id), json('PATCH', input)),
  remove: (id: string) => remove('/agents', id),
};

export const queuesApi = {
  list: (q?: string) => apiRequest<Queue[]>('/queues', { query: { q } }),
  create: (input: QueueCreateInput) => apiRequest<Queue>('/queues', json('POST', input)),
  update: (id: string, input: QueueUpdateInput) => apiRequest<Queue>(path('/queues', id), json('PATCH', input)),
  remove: (id: string) => remove('/queues', id),
};

export const vipNumbersApi = {
  list: (q?: string) => apiRequest<VipNumber[]>('/vip-numbers', { query: { q } }),
  create: (input: VipCreateInput) => apiRequest<VipNumber>('/vip-numbers', json('POST', input)),
  update: (id: string, input: VipUpdateInput) => apiRequest<VipNumber>(path('/vip-numbers', id), json('PATCH', input)),
  remove: (id: string) => remove('/vip-numbers', id),
};

export const busyReasonsApi = {
  list: () => apiRequest<BusyReasonDto[]>('/busy-reasons'),
  create: (input: BusyReasonCreateInput) => apiRequest<BusyReasonDto>('/busy-reasons', json('POST', input)),
  update: (id: string, input: BusyReasonUpdateInput) =>
    apiRequest<BusyReasonDto>(path('/busy-reasons', id), json('PATCH', input)),
  remove: (id: string) => remove('/busy-reasons', id),
};

/** Extensions to bind an agent to (§4.3.2: employee, extension and agent belong together). */
export const extensionPickerApi = {
  search: (q: string) => apiRequest<Page<Extension>>('/extensions', { query: { page: 1, pageSize: 50, q } }),
};
