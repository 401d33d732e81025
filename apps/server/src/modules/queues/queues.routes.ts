import { idParams, okBody, pageQuery, queue, queueCreate, queueUpdate } from '@rexian/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/guard.ts';
import type { QueuesService } from './queues.service.ts';

export function queuesRoutes(service: QueuesService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['acd'];
    app.get(
      '/queues',
      {
        config: { access: { permission: 'cti.queue.read' } },
        schema: {
          tags,
          summary: 'Queues in scope (§4.6.4)',
          querystring: pageQuery.pick({ q: true }),
          response: { 200: z.array(queue) },
        },
      },
      async (req) => service.list(actorOf(req), req.query.q),
    );
    app.get(
      '/queues/:id',
      {
        config: { access: { permission: 'cti.queue.read' } },
        schema: { tags, summary: 'One queue with members and skill levels', params: idParams, response: { 200: queue } },
      },
      async (req) => service.get(actorOf(req), req.params.id),
    );
    app.post(
      '/queues',
      {
        config: { access: { permission: 'cti.queue.write' } },
        schema: { tags, summary: 'Add a queue (the full §4.6.4.1 parameter table)', body: queueCreate, response: { 201: queue } },
      },
      async (req, reply) => reply.status(201).send(await service.create(actorOf(req), req.ip, req.body)),
    );
    app.patch(
      '/queues/:id',
      {
        config: { access: { permission: 'cti.queue.write' } },
        schema: {
          tags,
          summary: 'Edit a queue, its strategy, rules, overflow and members',
          params: idParams,
          body: queueUpdate,
          response: { 200: queue },
        },
      },
      async (req) => service.update(actorOf(req), req.ip, req.params.id, req.body),
    );
    app.delete(
      '/queues/:id',
      {
        config: { access: { permission: 'cti.queue.write' } },
        schema: { tags, summary: 'Delete a queue no other queue overflows to', params: idParams, response: { 200: okBody } },
      },
      async (req) => {
        await service.remove(actorOf(req), req.ip, req.params.id);
        return { ok: true as const };
      },
    );
  };
}
