import { idParams, okBody, pageQuery, vipNumber, vipNumberCreate, vipNumberUpdate } from '@rexian/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/guard.ts';
import type { VipNumbersService } from './vip-numbers.service.ts';

export function vipNumbersRoutes(service: VipNumbersService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['acd'];
    app.get(
      '/vip-numbers',
      {
        config: { access: { permission: 'cti.vip.read' } },
        schema: {
          tags,
          summary: 'The CTI VIP list (§4.6.6)',
          querystring: pageQuery.pick({ q: true }),
          response: { 200: z.array(vipNumber) },
        },
      },
      async (req) => service.list(req.query.q),
    );
    app.post(
      '/vip-numbers',
      {
        config: { access: { permission: 'cti.vip.write' } },
        schema: {
          tags,
          summary: 'Add a VIP number, global or for some queues',
          body: vipNumberCreate,
          response: { 201: vipNumber },
        },
      },
      async (req, reply) => reply.status(201).send(await service.create(actorOf(req), req.ip, req.body)),
    );
    app.patch(
      '/vip-numbers/:id',
      {
        config: { access: { permission: 'cti.vip.write' } },
        schema: { tags, summary: 'Edit a VIP number', params: idParams, body: vipNumberUpdate, response: { 200: vipNumber } },
      },
      async (req) => service.update(actorOf(req), req.ip, req.params.id, req.body),
    );
    app.delete(
      '/vip-numbers/:id',
      {
        config: { access: { permission: 'cti.vip.write' } },
        schema: { tags, summary: 'Delete a VIP number', params: idParams, response: { 200: okBody } },
      },
      async (req) => {
        await service.remove(actorOf(req), req.ip, req.params.id);
        return { ok: true as const };
      },
    );
  };
}
