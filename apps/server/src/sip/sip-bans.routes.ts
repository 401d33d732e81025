import type { Config } from '@rexian/config';
import { okBody, sipBanList, sipBanParams } from '@rexian/contracts';
import { AppError, type Logger } from '@rexian/kernel';
import type { BanList } from '@rexian/sip';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../http/guard.ts';
import type { AuditService } from '../modules/audit/audit.service.ts';
import { failuresOf } from './sip-bans.ts';

/**
 * SIP bans for admins (issue 3 item 7): list the addresses banned after failed digest answers and lift
 * a ban (audited and logged). Bans live in memory in the SIP edge; they expire on their own.
 */
export function sipBansRoutes(deps: { bans: BanList; config: Config; audit: AuditService; log: Logger }): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['sip'];
    app.get(
      '/sip/bans',
      {
        config: { access: { permission: 'pbx.extension.read' } },
        schema: { tags, summary: 'Addresses banned after failed SIP authentication', response: { 200: sipBanList } },
      },
      async (req) => {
        actorOf(req);
        const items = deps.bans.list().map((b) => ({
          source: b.source,
          user: b.user,
          reason: b.reason,
          failures: failuresOf(b, deps.config),
          since: new Date(b.since).toISOString(),
          until: new Date(b.until).toISOString(),
        }));
        return { items };
      },
    );

    app.delete(
      '/sip/bans/:source',
      {
        config: { access: { permission: 'pbx.extension.write' } },
        schema: { tags, summary: 'Lift the ban of one address', params: sipBanParams, response: { 200: okBody } },
      },
      async (req) => {
        const actor = actorOf(req);
        const { source } = req.params;
        const ban = deps.bans.list().find((b) => b.source === source);
        if (!ban || !deps.bans.lift(source)) {
          throw new AppError('SIP_BAN_NOT_FOUND', 'address is not banned', { category: 'not_found', details: { source } });
        }
        deps.log.info({ source, by: actor.username }, 'sip ban lifted');
        await deps.audit.change(
          actor,
          req.ip,
          'sip.ban.lift',
          { type: 'sip-ban', id: source },
          { user: ban.user, reason: ban.reason },
        );
        return { ok: true as const };
      },
    );
  };
}
