import { idParams, okBody, outboundRoute, outboundRouteCreate, outboundRouteQuery, outboundRouteUpdate } from '@rexian/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/guard.ts';
import type { OutboundRoutesService } from './outbound-routes.service.ts';

export function outboundRoutesRoutes(service: OutboundRoutesService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['pbx'];
    const read = { access: { permission: 'pbx.dialplan.read' as const } };
    const write = { access: { permission: 'pbx.dialplan.write' as const } };
    app.get(
      '/outbound-routes',
      {
        config: read,
        schema: {
          tags,
          summary: 'Outbound routes (外呼路由) in the order the switch tries equally specific rules',
          querystring: outboundRouteQuery,
          response: { 200: z.array(outboundRoute) },
        },
      },
      async (req) => {
        const { q, enabled, trunkId } = req.query;
        return service.list({ q, trunkId, enabled: enabled === undefined ? undefined : enabled === 'true' });
      },
    );
    app.get(
      '/outbound-routes/:id',
      { config: read, schema: { tags, summary: 'One outbound route', params: idParams, response: { 200: outboundRoute } } },
      async (req) => service.get(req.params.id),
    );
    app.post(
      '/outbound-routes',
      {
        config: write,
        schema: { tags, summary: 'Add an outbound route', body: outboundRouteCreate, response: { 201: outboundRoute } },
      },
      async (req, reply) => reply.status(201).send(await service.create(actorOf(req), req.ip, req.body)),
    );
    app.patch(
      '/outbound-routes/:id',
      {
        config: write,
        schema: {
          tags,
          summary: 'Change an outbound route (trunkIds replaces the failover list)',
          params: idParams,
          body: outboundRouteUpdate,
          response: { 200: outboundRoute },
        },
      },
      async (req) => service.update(actorOf(req), req.ip, req.params.id, req.body),
    );
    app.delete(
      '/outbound-routes/:id',
      { config: write, schema: { tags, summary: 'Delete an outbound route', params: idParams, response: { 200: okBody } } },
      async (req) => {
        await service.remove(actorOf(req), req.ip, req.params.id);
        return { ok: true as const };
      },
    );
  };
}
