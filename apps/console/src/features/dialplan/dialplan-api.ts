import type {
  AccessNumberDto,
  CallTargetOptions,
  OutboundRouteDto,
  Page,
  ScheduleDto,
  TrunkDto,
  TrunkStatusDto,
} from '@rexian/contracts';
import { apiRequest } from '../../api/http-client.ts';
import type { AccessNumberInput } from './access-number-values.ts';
import type { OutboundRouteInput } from './route-values.ts';
import type { ScheduleInput } from './schedule-values.ts';
import type { TrunkCreateInput, TrunkUpdateInput } from './trunk-values.ts';

/** PBX → 接入号 / 时间段 / 中继 / 外呼路由: typed calls (apps/server/src/modules/dialplan). */
export type AccessNumberFilters = {
  page: number;
  pageSize: number;
  q?: string;
  callType?: AccessNumberDto['callType'];
  vip?: 'true' | 'false';
};

const post = (body: unknown) => ({ method: 'POST' as const, body });
const patch = (body: unknown) => ({ method: 'PATCH' as const, body });
const del = { method: 'DELETE' as const };
const at = (base: string, id: string) => `${base}/${encodeURIComponent(id)}`;

export const schedulesApi = {
  list: (q?: string) => apiRequest<ScheduleDto[]>('/schedules', { query: { q } }),
  create: (input: ScheduleInput) => apiRequest<ScheduleDto>('/schedules', post(input)),
  update: (id: string, input: Partial<ScheduleInput>) => apiRequest<ScheduleDto>(at('/schedules', id), patch(input)),
  remove: (id: string) => apiRequest<unknown>(at('/schedules', id), del),
};

export const accessNumbersApi = {
  list: (filters: AccessNumberFilters) => apiRequest<Page<AccessNumberDto>>('/access-numbers', { query: filters }),
  /** Every access number (the outbound-route form's caller-ID picker). */
  all: () => apiRequest<Page<AccessNumberDto>>('/access-numbers', { query: { page: 1, pageSize: 200 } }),
  targets: () => apiRequest<CallTargetOptions>('/access-numbers/targets'),
  create: (input: AccessNumberInput) => apiRequest<AccessNumberDto>('/access-numbers', post(input)),
  update: (id: string, input: Omit<AccessNumberInput, 'number'>) =>
    apiRequest<AccessNumberDto>(at('/access-numbers', id), patch(input)),
  remove: (id: string) => apiRequest<unknown>(at('/access-numbers', id), del),
};

export const trunksApi = {
  list: (q?: string) => apiRequest<TrunkDto[]>('/trunks', { query: { q } }),
  status: () => apiRequest<TrunkStatusDto[]>('/trunks/status'),
  create: (input: TrunkCreateInput) => apiRequest<TrunkDto>('/trunks', post(input)),
  update: (id: string, input: TrunkUpdateInput) => apiRequest<TrunkDto>(at('/trunks', id), patch(input)),
  remove: (id: string) => apiRequest<unknown>(at('/trunks', id), del),
};

export const outboundRoutesApi = {
  list: (q?: string) => apiRequest<OutboundRouteDto[]>('/outbound-routes', { query: { q } }),
  create: (input: OutboundRouteInput) => apiRequest<OutboundRouteDto>('/outbound-routes', post(input)),
  update: (id: string, input: Partial<OutboundRouteInput>) =>
    apiRequest<OutboundRouteDto>(at('/outbound-routes', id), patch(input)),
  remove: (id: string) => apiRequest<unknown>(at('/outbound-routes', id), del),
};
