import type { SipBan } from '@rexian/contracts';
import { apiRequest } from '../../api/http-client.ts';

/** PBX → SIP 封禁: the addresses the SIP edge banned after failed digest answers (apps/server/src/sip). */
export const sipBansApi = {
  list: () => apiRequest<{ items: SipBan[] }>('/sip/bans'),
  lift: (source: string) => apiRequest<unknown>(`/sip/bans/${encodeURIComponent(source)}`, { method: 'DELETE' }),
};
