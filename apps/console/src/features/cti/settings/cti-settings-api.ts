import type { CtiSettings } from '@rexian/contracts';
import { apiRequest } from '../../../api/http-client.ts';

/** CTI basic configuration (§4.6.11): read by every signed-in user, changed with `cti.settings.write`. */
export const ctiSettingsApi = {
  get: () => apiRequest<CtiSettings>('/settings/cti'),
  update: (patch: Partial<CtiSettings>) => apiRequest<CtiSettings>('/settings/cti', { method: 'PATCH', body: patch }),
};
