import { type CtiSettings, ctiSettings, ctiSettingsUpdate, defaultCtiSettings } from '@rexian/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/guard.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { SettingsRepository } from './settings.repository.ts';

/**
 * CTI basic configuration (§4.6.11): the global recording switch, line limits, mixed office mode, forced
 * rating and the agent-state rules. Stored as one settings document; missing fields take the defaults,
 * so a stored document from an older version stays valid.
 */
export function ctiSettingsRoutes(deps: { repo: SettingsRepository; audit: AuditService }): FastifyPluginAsyncZod {
  return async (app) => {
    const read = async (): Promise<CtiSettings> => {
      const stored = (await deps.repo.get<Partial<CtiSettings>>('cti')) ?? {};
      const merged = ctiSettings.safeParse({ ...defaultCtiSettings, ...stored });
      return merged.success ? merged.data : defaultCtiSettings;
    };
    app.get(
      '/settings/cti',
      {
        config: { access: 'authenticated' },
        schema: { tags: ['settings'], summary: 'CTI basic configuration (§4.6.11)', response: { 200: ctiSettings } },
      },
      read,
    );
    app.patch(
      '/settings/cti',
      {
        config: { access: { permission: 'cti.settings.write' } },
        schema: {
          tags: ['settings'],
          summary: 'Change the CTI basic configuration',
          body: ctiSettingsUpdate,
          response: { 200: ctiSettings },
        },
      },
      async (req) => {
        const before = await read();
        const next = ctiSettings.parse({ ...before, ...req.body });
        await deps.repo.set('cti', next);
        const changed = Object.keys(req.body).filter((k) => before[k as keyof CtiSettings] !== next[k as keyof CtiSettings]);
        await deps.audit.change(actorOf(req), req.ip, 'settings.cti', { type: 'settings', id: 'cti' }, { changed });
        return next;
      },
    );
  };
}
