import { busyReason, busyReasonCreate, busyReasonUpdate, idParams, okBody } from '@rexian/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/guard.ts';
import type { BusyReasonsService } from './busy-reasons.service.ts';

export function busyReasonsRoutes(service: BusyReasonsService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['acd'];
    app.get(
      '/busy-reasons',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary: 'Busy reasons an agent can choose (built-in and custom)',
          response: { 200: z.array(busyReason) },
        },
      },
      async () => service.list(),
    );
    app.post(
      '/busy-reasons',
      {
        config: { access: { permission: 'cti.agent.write' } },
        schema: { tags, summary: 'Add a custom busy reason', body: busyReasonCreate, response: { 201: busyReason } },
      },
      async (req, reply) => reply.status(201).send(await service.create(actorOf(req), req.ip, req.body)),
    );
    app.patch(
      '/busy-reasons/:id',
      {
        config: { access: { permission: 'cti.agent.write' } },
        schema: {
          tags,
          summary: 'Rename or reorder a busy reason',
          params: idParams,
          body: busyReasonUpdate,
          response: { 200: busyReason },
        },
      },
      async (req) => service.update(actorOf(req), req.ip, req.params.id, req.body),
    );
    app.delete(
      '/busy-reasons/:id',
      {
        config: { access: { permission: 'cti.agent.write' } },
        schema: { tags, summary: 'Delete a custom busy reason', params: idParams, response: { 200: okBody } },
      },
      async (req) => {
        await service.remove(actorOf(req), req.ip, req.params.id);
        return { ok: true as const };
      },
    );
  };
}
