import { idParams, okBody, permissions, role, roleCreate, roleUpdate } from '@rexian/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { label, sendXlsx } from '../../export/xlsx.ts';
import { localeOf } from '../../http/errors.ts';
import { actorOf } from '../../http/guard.ts';
import type { RolesService } from './roles.service.ts';

const permissionEntry = z.object({ code: z.string(), zh: z.string(), en: z.string() });

export function rolesRoutes(service: RolesService, defaultLocale: 'zh-CN' | 'en-US'): FastifyPluginAsyncZod {
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

    app.get(
      '/roles/export.xlsx',
      {
        config: { access: { permission: 'system.role.read' } },
        schema: { tags, summary: 'Excel export of the roles with their permissions and data scope' },
      },
      async (req, reply) => {
        const l = localeOf(req, defaultLocale);
        const scopes = { self: label(l, '本人', 'self'), managed: label(l, '管理范围', 'managed'), all: label(l, '全部', 'all') };
        const name = (code: string) => {
          const p = (permissions as Record<string, { zh: string; en: string }>)[code];
          return p ? label(l, p.zh, p.en) : code;
        };
        return sendXlsx(
          reply,
          l === 'en-US' ? 'roles.xlsx' : '角色.xlsx',
          label(l, '角色', 'Roles'),
          [
            { header: label(l, '角色名称', 'Role'), value: (r) => r.name },
            { header: label(l, '说明', 'Description'), width: 30, value: (r) => r.description },
            { header: label(l, '数据范围', 'Data scope'), value: (r) => scopes[r.dataScope] },
            { header: label(l, '用户数', 'Users'), value: (r) => r.userCount },
            {
              header: label(l, '权限', 'Permissions'),
              width: 80,
              value: (r) => r.permissions.map(name).join(label(l, '、', ', ')),
            },
          ],
          await service.list(),
        );
      },
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
