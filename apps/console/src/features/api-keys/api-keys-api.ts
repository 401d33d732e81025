import type { ApiKey, ApiKeyCreated, apiKeyCreate } from '@rexian/contracts';
import type { z } from 'zod';
import { apiRequest } from '../../api/http-client.ts';
import { agentsApi } from '../cti/cti-api.ts';

/** 系统管理 → API 密钥: typed calls for `/api/v1/api-keys` (apps/server/src/modules/api-keys). */
export type ApiKeyCreateInput = z.input<typeof apiKeyCreate>;

export const apiKeysApi = {
  list: () => apiRequest<ApiKey[]>('/api-keys'),
  create: (input: ApiKeyCreateInput) => apiRequest<ApiKeyCreated>('/api-keys', { method: 'POST', body: input }),
  revoke: (id: string) => apiRequest<unknown>(`/api-keys/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};

/** The agent picker of an agent-scoped key: agents by number or name, as `number name`. */
export const searchAgents = async (q: string): Promise<{ value: string; label: string }[]> =>
  (await agentsApi.list({ page: 1, pageSize: 50, ...(q ? { q } : {}) })).items.map((a) => ({
    value: a.id,
    label: `${a.number} ${a.name}`.trim(),
  }));
