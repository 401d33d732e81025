import { AppError } from '@rexian/kernel';

export const departmentErrors = {
  notFound: () => new AppError('DEPARTMENT_NOT_FOUND', 'department not found', { category: 'not_found' }),
  parentNotFound: () => new AppError('DEPARTMENT_PARENT_NOT_FOUND', 'parent department not found', { category: 'invalid' }),
  nameTaken: () => new AppError('DEPARTMENT_NAME_TAKEN', 'sibling name taken', { category: 'conflict' }),
  hasEmployees: (count: number) =>
    new AppError('DEPARTMENT_HAS_EMPLOYEES', 'department has employees', { category: 'conflict', details: { count } }),
  hasChildren: () => new AppError('DEPARTMENT_HAS_CHILDREN', 'department has sub-departments', { category: 'conflict' }),
  cycle: () => new AppError('DEPARTMENT_CYCLE', 'department cannot move under itself', { category: 'invalid' }),
};
