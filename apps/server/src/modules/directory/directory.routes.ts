import { directoryEntry } from '@rexian/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { label, sendXlsx } from '../../export/xlsx.ts';
import { localeOf } from '../../http/errors.ts';
import { actorOf } from '../../http/guard.ts';
import type { DirectoryService } from './directory.service.ts';

export function directoryRoutes(service: DirectoryService, defaultLocale: 'zh-CN' | 'en-US'): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['directory'];
    app.get(
      '/directory',
      {
        config: { access: { permission: 'org.directory.read' } },
        schema: {
          tags,
          summary: 'Internal directory grouped by department (§4.3.1)',
          response: { 200: z.array(directoryEntry) },
        },
      },
      async (req) => service.groups(actorOf(req)),
    );

    app.get(
      '/directory/export.xlsx',
      {
        config: { access: { permission: 'org.directory.export' } },
        schema: { tags, summary: 'Excel export of the internal directory' },
      },
      async (req, reply) => {
        const l = localeOf(req, defaultLocale);
        const rows = (await service.groups(actorOf(req))).flatMap((g) =>
          g.employees.map((e) => ({ ...e, dept: g.departmentName })),
        );
        return sendXlsx(
          reply,
          l === 'en-US' ? 'directory.xlsx' : '内部通讯录.xlsx',
          label(l, '通讯录', 'Directory'),
          [
            { header: label(l, '部门', 'Department'), value: (r) => r.dept },
            { header: label(l, '员工编码', 'Code'), value: (r) => r.code },
            { header: label(l, '姓名', 'Name'), value: (r) => r.name },
            { header: label(l, '手机', 'Mobile'), value: (r) => r.mobile },
            { header: label(l, '电话', 'Phone'), value: (r) => r.phone },
            { header: label(l, '邮箱', 'Email'), value: (r) => r.email },
          ],
          rows,
        );
      },
    );
  };
}
