import { idParams, okBody, permissions, role, roleCreate, roleUpdate } from '@rexian/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/guard.ts';
import type { RolesService } from './roles.service.ts';

const permissionEntry = z.object({ code: z.string(), zh: z.string(), en: z.string() });

export function rolesRoutes(service: RolesService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['roles'];
    app.get(
      '/permissions',
      {
        config: { access: 'authenticated' },
        schema: { tags, summary: 'The permission catalogue with labels (§4.11.1)', response: { 200: z.array(permissionEntry) } },
      },
      async () => Object.entries(permissions).map(([code, l]) => ({ code, ...l })),
    );

    app.get(
      '/roles',
      {
        config: { access: { permission: 'system.role.read' } },
        schema: { tags, summary: 'Roles with their permissions and data scope', response: { 200: z.array(role) } },
      },
      async () => service.list(),
    );

    app.post(
      '/roles',
      {
        config: { access: { permission: 'system.role.write' } },
        schema: { tags, summary: 'Create a role', body: roleCreate, response: { 201: role } },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(await service.create(actorOf(req), req.ip, { ...req.body, description: req.body.description ?? null })),
    );

    app.patch(
      '/roles/:id',
      {
        config: { access: { permission: 'system.role.write' } },
        schema: {
          tags,
          summary: 'Change a role; takes effect on the next request of its users',
          params: idParams,
          body: roleUpdate,
          response: { 200: role },
        },
      },
      async (req) => service.update(actorOf(req), req.ip, req.params.id, req.body),
    );

    app.delete(
      '/roles/:id',
      {
        config: { access: { permission: 'system.role.write' } },
        schema: { tags, summary: 'Delete an unused, non-built-in role', params: idParams, response: { 200: okBody } },
      },
      async (req) => {
        await service.remove(actorOf(req), req.ip, req.params.id);
        return { ok: true as const };
      },
    );
  };
}
