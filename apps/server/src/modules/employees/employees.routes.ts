import { employee, employeeCreate, employeeQuery, employeeUpdate, idParams, okBody, page } from '@rexian/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { label, sendXlsx } from '../../export/xlsx.ts';
import { localeOf } from '../../http/errors.ts';
import { actorOf } from '../../http/guard.ts';
import type { EmployeesService } from './employees.service.ts';

export function employeesRoutes(service: EmployeesService, defaultLocale: 'zh-CN' | 'en-US'): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['employees'];
    app.get(
      '/employees',
      {
        config: { access: { permission: 'org.employee.read' } },
        schema: {
          tags,
          summary: 'Employees in scope, searchable and paged (§4.3.2)',
          querystring: employeeQuery,
          response: { 200: page(employee) },
        },
      },
      async (req) => {
        const { page: p, pageSize, q, departmentId } = req.query;
        const r = await service.list(actorOf(req), { q, departmentId }, { limit: pageSize, offset: (p - 1) * pageSize });
        return { ...r, page: p, pageSize };
      },
    );

    app.get(
      '/employees/export.xlsx',
      {
        config: { access: { permission: 'org.employee.export' } },
        schema: { tags, summary: 'Excel export of the employees in scope with the same filters', querystring: employeeQuery },
      },
      async (req, reply) => {
        const { q, departmentId } = req.query;
        const { items } = await service.list(actorOf(req), { q, departmentId });
        const l = localeOf(req, defaultLocale);
        return sendXlsx(
          reply,
          l === 'en-US' ? 'employees.xlsx' : '员工.xlsx',
          label(l, '员工', 'Employees'),
          [
            { header: label(l, '员工编码', 'Code'), value: (e) => e.code },
            { header: label(l, '员工姓名', 'Name'), value: (e) => e.name },
            { header: label(l, '所属部门', 'Department'), value: (e) => e.departmentName },
            { header: label(l, '手机', 'Mobile'), value: (e) => e.mobile },
            { header: label(l, '电话', 'Phone'), value: (e) => e.phone },
            { header: label(l, '邮箱', 'Email'), value: (e) => e.email },
            { header: label(l, '说明', 'Notes'), width: 30, value: (e) => e.notes },
          ],
          items,
        );
      },
    );

    app.get(
      '/employees/:id',
      {
        config: { access: { permission: 'org.employee.read' } },
        schema: { tags, summary: 'One employee', params: idParams, response: { 200: employee } },
      },
      async (req) => service.get(actorOf(req), req.params.id),
    );

    app.post(
      '/employees',
      {
        config: { access: { permission: 'org.employee.write' } },
        schema: { tags, summary: 'Add an employee', body: employeeCreate, response: { 201: employee } },
      },
      async (req, reply) => reply.status(201).send(await service.create(actorOf(req), req.ip, req.body)),
    );

    app.patch(
      '/employees/:id',
      {
        config: { access: { permission: 'org.employee.write' } },
        schema: { tags, summary: 'Edit an employee', params: idParams, body: employeeUpdate, response: { 200: employee } },
      },
      async (req) => service.update(actorOf(req), req.ip, req.params.id, req.body),
    );

    app.delete(
      '/employees/:id',
      {
        config: { access: { permission: 'org.employee.write' } },
        schema: { tags, summary: 'Delete an employee not bound to a user', params: idParams, response: { 200: okBody } },
      },
      async (req) => {
        await service.remove(actorOf(req), req.ip, req.params.id);
        return { ok: true as const };
      },
    );
  };
}
