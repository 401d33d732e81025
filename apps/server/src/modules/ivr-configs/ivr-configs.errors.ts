import type { AppError as AppErrorType } from '@rexian/kernel';
import { AppError } from '@rexian/kernel';

export const ivrConfigErrors = {
  notFound: () => new AppError('IVR_CONFIG_NOT_FOUND', 'IVR configuration not found', { category: 'not_found' }),
  numberTaken: (number: string) =>
    new AppError('IVR_CONFIG_NUMBER_TAKEN', 'IVR number taken', { category: 'conflict', details: { number } }),
  projectTaken: (number: string) =>
    new AppError('IVR_CONFIG_PROJECT_TAKEN', 'project already registered', { category: 'conflict', details: { number } }),
  /** parseVxml's error, with the position of the first problem and every issue (line and column each). */
  invalidVxml: (e: AppErrorType) => {
    const d = e.details as { line?: number; column?: number; issues?: unknown[] };
    const line = d.line ?? 1;
    const column = d.column ?? 1;
    return new AppError('IVR_VXML_INVALID', e.message, {
      category: 'invalid',
      details: {
        line,
        column,
        summary: e.message,
        vxmlCode: e.code,
        issues: d.issues ?? [{ message: e.message, line, column }],
      },
    });
  },
};
