import { type Branding, branding, brandingUpdate } from '@rexian/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/guard.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { SettingsRepository } from './settings.repository.ts';

const DEFAULT_NAME = '热线呼叫中心';

/** System name and logo (§4.10.11 (1)); public, since the login page shows them. */
export function settingsRoutes(deps: {
  repo: SettingsRepository;
  audit: AuditService;
  defaultLocale: 'zh-CN' | 'en-US';
}): FastifyPluginAsyncZod {
  return async (app) => {
    const read = async (): Promise<Branding> => {
      const stored = await deps.repo.get<{ systemName: string; logoDataUrl: string | null }>('branding');
      return {
        systemName: stored?.systemName ?? DEFAULT_NAME,
        logoDataUrl: stored?.logoDataUrl ?? null,
        defaultLocale: deps.defaultLocale,
      };
    };
    app.get(
      '/branding',
      {
        config: { access: 'public', allowDuringPasswordChange: true },
        schema: { tags: ['settings'], summary: 'System name and logo', response: { 200: branding } },
      },
      read,
    );

    app.put(
      '/settings/branding',
      {
        config: { access: { permission: 'system.settings.write' } },
        schema: {
          tags: ['settings'],
          summary: 'Set the system name and logo',
          body: brandingUpdate,
          response: { 200: branding },
        },
      },
      async (req) => {
        await deps.repo.set('branding', req.body);
        await deps.audit.change(
          actorOf(req),
          req.ip,
          'settings.branding',
          { type: 'settings', id: 'branding' },
          {
            systemName: req.body.systemName,
            logo: req.body.logoDataUrl ? 'set' : 'none',
          },
        );
        return read();
      },
    );
  };
}
