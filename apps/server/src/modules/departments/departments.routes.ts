import { department, departmentCreate, departmentUpdate, idParams, okBody } from '@rexian/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/guard.ts';
import type { DepartmentsService } from './departments.service.ts';

export function departmentsRoutes(service: DepartmentsService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['departments'];
    app.get(
      '/departments',
      {
        config: { access: { permission: 'org.department.read' } },
        schema: {
          tags,
          summary: 'Departments in scope, flat with parent links (§4.10.1)',
          response: { 200: z.array(department) },
        },
      },
      async (req) => service.list(actorOf(req)),
    );

    app.post(
      '/departments',
      {
        config: { access: { permission: 'org.department.write' } },
        schema: { tags, summary: 'Create a (sub-)department', body: departmentCreate, response: { 201: department } },
      },
      async (req, reply) => reply.status(201).send(await service.create(actorOf(req), req.ip, req.body)),
    );

    app.patch(
      '/departments/:id',
      {
        config: { access: { permission: 'org.department.write' } },
        schema: {
          tags,
          summary: 'Rename, move or re-flag a department',
          params: idParams,
          body: departmentUpdate,
          response: { 200: department },
        },
      },
      async (req) => service.update(actorOf(req), req.ip, req.params.id, req.body),
    );

    app.delete(
      '/departments/:id',
      {
        config: { access: { permission: 'org.department.write' } },
        schema: { tags, summary: 'Delete an empty department', params: idParams, response: { 200: okBody } },
      },
      async (req) => {
        await service.remove(actorOf(req), req.ip, req.params.id);
        return { ok: true as const };
      },
    );
  };
}
