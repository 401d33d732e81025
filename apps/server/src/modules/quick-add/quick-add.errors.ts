import { AppError } from '@rexian/kernel';

/**
 * Errors of quick add and quick import. Duplicates reuse the codes of the module that owns the number
 * (EMPLOYEE_CODE_TAKEN, EXTENSION_NUMBER_TAKEN, AGENT_NUMBER_TAKEN, USERNAME_TAKEN) and add `field`, the
 * quick-add input field that clashed, so a form or an import row can point at it.
 */
export const quickAddErrors = {
  codeTaken: (code: string) =>
    new AppError('EMPLOYEE_CODE_TAKEN', 'employee code taken', { category: 'conflict', details: { code, field: 'code' } }),
  extensionTaken: (number: string) =>
    new AppError('EXTENSION_NUMBER_TAKEN', 'extension number taken', {
      category: 'conflict',
      details: { number, field: 'extensionNumber' },
    }),
  agentTaken: (number: string) =>
    new AppError('AGENT_NUMBER_TAKEN', 'agent number taken', { category: 'conflict', details: { number, field: 'agentNumber' } }),
  usernameTaken: (username: string) =>
    new AppError('USERNAME_TAKEN', 'user name taken', { category: 'conflict', details: { username, field: 'user.username' } }),
  permissionMissing: (permission: string) =>
    new AppError('QUICK_ADD_PERMISSION_MISSING', 'quick add needs more permissions', {
      category: 'forbidden',
      details: { permission },
    }),
  fileInvalid: (summary: string) =>
    new AppError('QUICK_IMPORT_FILE_INVALID', `import file invalid: ${summary}`, { category: 'invalid', details: { summary } }),
  empty: () => new AppError('QUICK_IMPORT_EMPTY', 'import file has no rows', { category: 'invalid' }),
  tooManyRows: (max: number) =>
    new AppError('QUICK_IMPORT_TOO_MANY_ROWS', 'too many rows', { category: 'invalid', details: { max } }),
  duplicateInFile: (field: string, column: string, value: string, firstRow: number) =>
    new AppError('QUICK_IMPORT_DUPLICATE_IN_FILE', 'value repeats an earlier row', {
      category: 'invalid',
      details: { field, column, value, firstRow },
    }),
  unknownReference: (field: string, column: string, value: string) =>
    new AppError('QUICK_IMPORT_UNKNOWN_REFERENCE', 'unknown or ambiguous name', {
      category: 'invalid',
      details: { field, column, value },
    }),
};
