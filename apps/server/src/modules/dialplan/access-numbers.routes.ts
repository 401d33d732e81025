import {
  accessNumber,
  accessNumberCreate,
  accessNumberQuery,
  accessNumberUpdate,
  callTargetOptions,
  idParams,
  okBody,
  page,
} from '@rexian/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/guard.ts';
import type { AccessNumbersService } from './access-numbers.service.ts';

export function accessNumbersRoutes(service: AccessNumbersService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['pbx'];
    const read = { access: { permission: 'pbx.dialplan.read' as const } };
    const write = { access: { permission: 'pbx.dialplan.write' as const } };
    app.get(
      '/access-numbers',
      {
        config: read,
        schema: {
          tags,
          summary: 'Access numbers (接入号 §4.6.9) with their targets and time-based routing',
          querystring: accessNumberQuery,
          response: { 200: page(accessNumber) },
        },
      },
      async (req) => {
        const { page: p, pageSize, q, callType, vip, scheduleId } = req.query;
        const filter = { q, callType, scheduleId, vip: vip === undefined ? undefined : vip === 'true' };
        const r = await service.list(filter, { limit: pageSize, offset: (p - 1) * pageSize });
        return { ...r, page: p, pageSize };
      },
    );
    app.get(
      '/access-numbers/targets',
      {
        config: read,
        schema: {
          tags,
          summary: 'What a target may be: extensions, IVR configurations and queues (for the form’s picker)',
          response: { 200: callTargetOptions },
        },
      },
      async () => service.targetOptions(),
    );
    app.get(
      '/access-numbers/:id',
      { config: read, schema: { tags, summary: 'One access number', params: idParams, response: { 200: accessNumber } } },
      async (req) => service.get(req.params.id),
    );
    app.post(
      '/access-numbers',
      {
        config: write,
        schema: { tags, summary: 'Add an access number', body: accessNumberCreate, response: { 201: accessNumber } },
      },
      async (req, reply) => reply.status(201).send(await service.create(actorOf(req), req.ip, req.body)),
    );
    app.patch(
      '/access-numbers/:id',
      {
        config: write,
        schema: {
          tags,
          summary: 'Change an access number (the number itself is fixed)',
          params: idParams,
          body: accessNumberUpdate,
          response: { 200: accessNumber },
        },
      },
      async (req) => service.update(actorOf(req), req.ip, req.params.id, req.body),
    );
    app.delete(
      '/access-numbers/:id',
      {
        config: write,
        schema: {
          tags,
          summary: 'Delete an access number no outbound route presents',
          params: idParams,
          response: { 200: okBody },
        },
      },
      async (req) => {
        await service.remove(actorOf(req), req.ip, req.params.id);
        return { ok: true as const };
      },
    );
  };
}
