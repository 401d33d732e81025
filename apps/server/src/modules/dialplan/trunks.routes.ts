import { idParams, okBody, trunk, trunkCreate, trunkQuery, trunkStatus, trunkUpdate } from '@rexian/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/guard.ts';
import type { TrunksService } from './trunks.service.ts';

export function trunksRoutes(service: TrunksService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['pbx'];
    const read = { access: { permission: 'pbx.dialplan.read' as const } };
    const write = { access: { permission: 'pbx.dialplan.write' as const } };
    app.get(
      '/trunks',
      {
        config: read,
        schema: {
          tags,
          summary: 'SIP trunks (中继); passwords are never returned (hasPassword)',
          querystring: trunkQuery,
          response: { 200: z.array(trunk) },
        },
      },
      async (req) => {
        const { q, enabled, authMode } = req.query;
        return service.list({ q, authMode, enabled: enabled === undefined ? undefined : enabled === 'true' });
      },
    );
    app.get(
      '/trunks/status',
      {
        config: read,
        schema: {
          tags,
          summary: 'Registration state and active channels of every trunk, as the running switch sees them',
          response: { 200: z.array(trunkStatus) },
        },
      },
      async () => service.statuses(),
    );
    app.get(
      '/trunks/:id',
      { config: read, schema: { tags, summary: 'One trunk', params: idParams, response: { 200: trunk } } },
      async (req) => service.get(req.params.id),
    );
    app.post(
      '/trunks',
      {
        config: write,
        schema: { tags, summary: 'Add a trunk (the password is stored encrypted)', body: trunkCreate, response: { 201: trunk } },
      },
      async (req, reply) => reply.status(201).send(await service.create(actorOf(req), req.ip, req.body)),
    );
    app.patch(
      '/trunks/:id',
      {
        config: write,
        schema: {
          tags,
          summary: 'Change a trunk; an omitted password keeps the stored one, null removes it',
          params: idParams,
          body: trunkUpdate,
          response: { 200: trunk },
        },
      },
      async (req) => service.update(actorOf(req), req.ip, req.params.id, req.body),
    );
    app.delete(
      '/trunks/:id',
      {
        config: write,
        schema: { tags, summary: 'Delete a trunk no outbound route uses', params: idParams, response: { 200: okBody } },
      },
      async (req) => {
        await service.remove(actorOf(req), req.ip, req.params.id);
        return { ok: true as const };
      },
    );
  };
}
