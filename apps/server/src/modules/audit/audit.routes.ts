import { auditEntry, auditQuery, page } from '@rexian/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { label, sendXlsx } from '../../export/xlsx.ts';
import type { Actor } from '../../http/actor.ts';
import { localeOf } from '../../http/errors.ts';
import { actorOf } from '../../http/guard.ts';
import type { ScopeFilter } from '../../security/data-scope.ts';
import type { AuditRepository } from './audit.repository.ts';

const EXPORT_LIMIT = 50_000;

export function auditRoutes(
  deps: { repo: AuditRepository; scopeOf: (actor: Actor) => Promise<ScopeFilter> },
  defaultLocale: 'zh-CN' | 'en-US',
): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['audit'];
    app.get(
      '/audit',
      {
        config: { access: { permission: 'system.audit.read' } },
        schema: {
          tags,
          summary: 'Audit log: logins, denials and admin changes, newest first',
          querystring: auditQuery,
          response: { 200: page(auditEntry) },
        },
      },
      async (req) => {
        const { page: p, pageSize, ...filter } = req.query;
        const r = await deps.repo.list(filter, await deps.scopeOf(actorOf(req)), { limit: pageSize, offset: (p - 1) * pageSize });
        return { ...r, page: p, pageSize };
      },
    );

    app.get(
      '/audit/export.xlsx',
      {
        config: { access: { permission: 'system.audit.read' } },
        schema: { tags, summary: `Excel export of the audit log (at most ${EXPORT_LIMIT} rows)`, querystring: auditQuery },
      },
      async (req, reply) => {
        const { page: _p, pageSize: _s, ...filter } = req.query;
        const l = localeOf(req, defaultLocale);
        const { items } = await deps.repo.list(filter, await deps.scopeOf(actorOf(req)), { limit: EXPORT_LIMIT, offset: 0 });
        return sendXlsx(
          reply,
          l === 'en-US' ? 'audit-log.xlsx' : '审计日志.xlsx',
          label(l, '审计日志', 'Audit log'),
          [
            { header: label(l, '时间', 'Time'), width: 24, value: (a) => a.at },
            { header: label(l, '用户', 'User'), value: (a) => a.username },
            { header: label(l, '来源地址', 'Address'), value: (a) => a.ip },
            { header: label(l, '操作', 'Action'), value: (a) => a.action },
            { header: label(l, '对象', 'Target'), value: (a) => (a.targetType ? `${a.targetType}:${a.targetId ?? ''}` : null) },
            { header: label(l, '结果', 'Outcome'), value: (a) => a.outcome },
            { header: label(l, '详情', 'Details'), width: 60, value: (a) => JSON.stringify(a.details) },
          ],
          items,
        );
      },
    );
  };
}
