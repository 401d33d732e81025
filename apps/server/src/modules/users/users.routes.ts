import { idParams, okBody, page, pageQuery, user, userCreate, userUpdate } from '@rexian/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { label, sendXlsx } from '../../export/xlsx.ts';
import { localeOf } from '../../http/errors.ts';
import { actorOf } from '../../http/guard.ts';
import type { UsersService } from './users.service.ts';

export function usersRoutes(service: UsersService, defaultLocale: 'zh-CN' | 'en-US'): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['users'];
    app.get(
      '/users',
      {
        config: { access: { permission: 'system.user.read' } },
        schema: { tags, summary: 'Web users in scope (§4.11.2)', querystring: pageQuery, response: { 200: page(user) } },
      },
      async (req) => {
        const { page: p, pageSize, q } = req.query;
        const r = await service.list(actorOf(req), { q }, { limit: pageSize, offset: (p - 1) * pageSize });
        return { ...r, page: p, pageSize };
      },
    );

    app.get(
      '/users/export.xlsx',
      {
        config: { access: { permission: 'system.user.read' } },
        schema: { tags, summary: 'Excel export of the users in scope', querystring: pageQuery },
      },
      async (req, reply) => {
        const l = localeOf(req, defaultLocale);
        const { items } = await service.list(actorOf(req), { q: req.query.q });
        const yes = label(l, '是', 'yes');
        const no = label(l, '否', 'no');
        return sendXlsx(
          reply,
          l === 'en-US' ? 'users.xlsx' : '用户.xlsx',
          label(l, '用户', 'Users'),
          [
            { header: label(l, '用户名', 'User name'), value: (u) => u.username },
            { header: label(l, '绑定员工', 'Employee'), value: (u) => u.employeeName },
            { header: label(l, '角色', 'Role'), value: (u) => u.roleName },
            { header: label(l, '是否管理员', 'Admin'), value: (u) => (u.isAdmin ? yes : no) },
            { header: label(l, '是否锁定', 'Locked'), value: (u) => (u.locked ? yes : no) },
            { header: label(l, '最后登录', 'Last sign-in'), width: 24, value: (u) => u.lastLoginAt },
          ],
          items,
        );
      },
    );

    app.get(
      '/users/:id',
      {
        config: { access: { permission: 'system.user.read' } },
        schema: { tags, summary: 'One user', params: idParams, response: { 200: user } },
      },
      async (req) => service.get(actorOf(req), req.params.id),
    );

    app.post(
      '/users',
      {
        config: { access: { permission: 'system.user.write' } },
        schema: {
          tags,
          summary: 'Create a user; the password must be changed at first login',
          body: userCreate,
          response: { 201: user },
        },
      },
      async (req, reply) => reply.status(201).send(await service.create(actorOf(req), req.ip, req.body)),
    );

    app.patch(
      '/users/:id',
      {
        config: { access: { permission: 'system.user.write' } },
        schema: {
          tags,
          summary: 'Bind, lock, change role or reset the password',
          params: idParams,
          body: userUpdate,
          response: { 200: user },
        },
      },
      async (req) => service.update(actorOf(req), req.ip, req.params.id, req.body),
    );

    app.delete(
      '/users/:id',
      {
        config: { access: { permission: 'system.user.write' } },
        schema: { tags, summary: 'Delete a user', params: idParams, response: { 200: okBody } },
      },
      async (req) => {
        await service.remove(actorOf(req), req.ip, req.params.id);
        return { ok: true as const };
      },
    );
  };
}
