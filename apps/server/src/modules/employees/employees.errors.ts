import { AppError } from '@rexian/kernel';

export const employeeErrors = {
  notFound: () => new AppError('EMPLOYEE_NOT_FOUND', 'employee not found', { category: 'not_found' }),
  codeTaken: (code: string) =>
    new AppError('EMPLOYEE_CODE_TAKEN', 'employee code taken', { category: 'conflict', details: { code } }),
  hasUser: () => new AppError('EMPLOYEE_HAS_USER', 'employee is bound to a user', { category: 'conflict' }),
  departmentNotFound: () => new AppError('DEPARTMENT_NOT_FOUND', 'department not found', { category: 'invalid' }),
  notTemporary: () => new AppError('DEPARTMENT_NOT_TEMPORARY', 'not a temporary department', { category: 'invalid' }),
  temporaryAsFormal: () =>
    new AppError('DEPARTMENT_TEMPORARY_AS_FORMAL', 'temporary department as formal', { category: 'invalid' }),
};
