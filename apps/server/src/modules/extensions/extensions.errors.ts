import { AppError } from '@rexian/kernel';

export const extensionErrors = {
  notFound: () => new AppError('EXTENSION_NOT_FOUND', 'extension not found', { category: 'not_found' }),
  numberTaken: (number: string) =>
    new AppError('EXTENSION_NUMBER_TAKEN', 'extension number taken', { category: 'conflict', details: { number } }),
  employeeNotFound: () => new AppError('EMPLOYEE_NOT_FOUND', 'employee not found', { category: 'invalid' }),
};
