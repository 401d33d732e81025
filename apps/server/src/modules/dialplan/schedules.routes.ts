import { idParams, okBody, schedule, scheduleCreate, scheduleQuery, scheduleUpdate } from '@rexian/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/guard.ts';
import type { SchedulesService } from './schedules.service.ts';

export function schedulesRoutes(service: SchedulesService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['pbx'];
    const read = { access: { permission: 'pbx.dialplan.read' as const } };
    const write = { access: { permission: 'pbx.dialplan.write' as const } };
    app.get(
      '/schedules',
      {
        config: read,
        schema: {
          tags,
          summary: 'Schedules (时间定义 §4.10.12): working hours, holidays, adjusted working days',
          querystring: scheduleQuery,
          response: { 200: z.array(schedule) },
        },
      },
      async (req) => service.list(req.query.q),
    );
    app.get(
      '/schedules/:id',
      { config: read, schema: { tags, summary: 'One schedule', params: idParams, response: { 200: schedule } } },
      async (req) => service.get(req.params.id),
    );
    app.post(
      '/schedules',
      {
        config: write,
        schema: {
          tags,
          summary: 'Create a schedule (time zone Asia/Shanghai by default)',
          body: scheduleCreate,
          response: { 201: schedule },
        },
      },
      async (req, reply) => reply.status(201).send(await service.create(actorOf(req), req.ip, req.body)),
    );
    app.patch(
      '/schedules/:id',
      {
        config: write,
        schema: { tags, summary: 'Change a schedule', params: idParams, body: scheduleUpdate, response: { 200: schedule } },
      },
      async (req) => service.update(actorOf(req), req.ip, req.params.id, req.body),
    );
    app.delete(
      '/schedules/:id',
      {
        config: write,
        schema: { tags, summary: 'Delete a schedule no access number routes by', params: idParams, response: { 200: okBody } },
      },
      async (req) => {
        await service.remove(actorOf(req), req.ip, req.params.id);
        return { ok: true as const };
      },
    );
  };
}
