import type {
  Extension,
  extensionCreate,
  extensionPasswordChange,
  extensionUpdate,
  extensionWithSecret,
  Page,
} from '@rexian/contracts';
import type { z } from 'zod';
import { apiRequest } from '../../api/http-client.ts';

/** PBX → 分机: typed calls for `/api/v1/extensions` (apps/server/src/modules/extensions). */
export type ExtensionCreateInput = z.input<typeof extensionCreate>;
export type ExtensionUpdateInput = z.input<typeof extensionUpdate>;
export type ExtensionPasswordInput = z.input<typeof extensionPasswordChange>;
export type ExtensionWithSecret = z.infer<typeof extensionWithSecret>;
export type ExtensionStatus = Extension['status'];
export type ExtensionFilters = { page: number; pageSize: number; q?: string; status?: ExtensionStatus };
export type DemoCredential = { number: string; password: string; realm: string };

const byId = (id: string) => `/extensions/${encodeURIComponent(id)}`;

export const extensionsApi = {
  list: (filters: ExtensionFilters) => apiRequest<Page<Extension>>('/extensions', { query: filters }),
  create: (input: ExtensionCreateInput) => apiRequest<ExtensionWithSecret>('/extensions', { method: 'POST', body: input }),
  update: (id: string, input: ExtensionUpdateInput) => apiRequest<Extension>(byId(id), { method: 'PATCH', body: input }),
  resetPassword: (id: string, input: ExtensionPasswordInput) =>
    apiRequest<ExtensionWithSecret>(`${byId(id)}/password`, { method: 'POST', body: input }),
  remove: (id: string) => apiRequest<unknown>(byId(id), { method: 'DELETE' }),
  demoCredentials: () => apiRequest<{ extensions: DemoCredential[] }>('/extensions/demo-credentials'),
};
