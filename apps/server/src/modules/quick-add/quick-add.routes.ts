import { quickAddInput, quickAddResult, quickImportMaxBytes, quickImportResult, quickImportUpload } from '@rexian/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { label, sendBuffer } from '../../export/xlsx.ts';
import { localeOf } from '../../http/errors.ts';
import { actorOf } from '../../http/guard.ts';
import type { QuickAddService } from './quick-add.service.ts';
import type { QuickImportService } from './quick-import.service.ts';
import { buildTemplate } from './quick-import-sheet.ts';

/** The JSON body of an upload: the base64 of the largest file plus room for the file name. */
const importBodyLimit = Math.ceil(quickImportMaxBytes / 3) * 4 + 16 * 1024;

export function quickAddRoutes(
  d: { quickAdd: QuickAddService; quickImport: QuickImportService },
  defaultLocale: 'zh-CN' | 'en-US',
): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['employees'];
    app.post(
      '/employees/quick-add',
      {
        config: { access: { permission: 'org.employee.write' } },
        schema: {
          tags,
          summary:
            'Quick add (§4.3.2): employee + new extension + new agent (+ optional user), bound, in one transaction. ' +
            'Also needs pbx.extension.write, cti.agent.write (and system.user.write with a user)',
          body: quickAddInput,
          response: { 201: quickAddResult },
        },
      },
      async (req, reply) => reply.status(201).send(await d.quickAdd.quickAdd(actorOf(req), req.ip, req.body)),
    );

    app.get(
      '/employees/quick-import/template',
      {
        config: { access: { permission: 'org.employee.write' } },
        schema: { tags, summary: 'The quick import Excel template, headers in the caller’s language' },
      },
      async (req, reply) => {
        const l = localeOf(req, defaultLocale);
        return sendBuffer(reply, label(l, '员工快速导入模板.xlsx', 'employee-quick-import.xlsx'), await buildTemplate(l));
      },
    );

    app.post(
      '/employees/quick-import',
      {
        config: { access: { permission: 'org.employee.write' } },
        bodyLimit: importBodyLimit,
        schema: {
          tags,
          summary:
            'Quick import (§4.3.2): one quick add per row of the template (.xlsx, base64). Row by row: failed rows ' +
            'are reported with row number and reason, the valid ones are created',
          body: quickImportUpload,
          response: { 200: quickImportResult },
        },
      },
      async (req) =>
        d.quickImport.importRows(
          actorOf(req),
          req.ip,
          localeOf(req, defaultLocale),
          Buffer.from(req.body.contentBase64, 'base64'),
        ),
    );
  };
}
