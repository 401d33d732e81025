import type { QuickAddResult, QuickImportResult, quickAddInput, quickImportUpload } from '@rexian/contracts';
import type { z } from 'zod';
import { apiDownload, apiRequest } from '../../api/http-client.ts';

/** 员工管理 → 快速添加 / 快速导入: typed calls for `/api/v1/employees/quick-*` (apps/server/src/modules/quick-add). */
export type QuickAddRequest = z.input<typeof quickAddInput>;
export type QuickImportRequest = z.input<typeof quickImportUpload>;

export const quickAddApi = {
  add: (input: QuickAddRequest) => apiRequest<QuickAddResult>('/employees/quick-add', { method: 'POST', body: input }),
  downloadTemplate: () => apiDownload('/employees/quick-import/template', {}, 'employee-quick-import.xlsx'),
  importFile: (input: QuickImportRequest) =>
    apiRequest<QuickImportResult>('/employees/quick-import', { method: 'POST', body: input }),
};
