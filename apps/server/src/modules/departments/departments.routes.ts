import { department, departmentCreate, departmentUpdate, idParams, okBody } from '@rexian/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { label, sendXlsx } from '../../export/xlsx.ts';
import { localeOf } from '../../http/errors.ts';
import { actorOf } from '../../http/guard.ts';
import type { DepartmentsService } from './departments.service.ts';

export function departmentsRoutes(service: DepartmentsService, defaultLocale: 'zh-CN' | 'en-US'): FastifyPluginAsyncZod {
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

    app.get(
      '/departments/export.xlsx',
      {
        config: { access: { permission: 'org.department.read' } },
        schema: { tags, summary: 'Excel export of the departments in scope, with their parent and head count' },
      },
      async (req, reply) => {
        const l = localeOf(req, defaultLocale);
        const list = await service.list(actorOf(req));
        const byId = new Map(list.map((d) => [d.id, d.name]));
        return sendXlsx(
          reply,
          l === 'en-US' ? 'departments.xlsx' : '部门.xlsx',
          label(l, '部门', 'Departments'),
          [
            { header: label(l, '部门名称', 'Department'), value: (d) => d.name },
            { header: label(l, '上级部门', 'Parent'), value: (d) => (d.parentId ? (byId.get(d.parentId) ?? null) : null) },
            {
              header: label(l, '是否临时组', 'Temporary'),
              value: (d) => (d.isTemporary ? label(l, '是', 'yes') : label(l, '否', 'no')),
            },
            { header: label(l, '员工数', 'Employees'), value: (d) => d.employeeCount },
          ],
          list,
        );
      },
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
