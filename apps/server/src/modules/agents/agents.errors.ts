import { AppError } from '@rexian/kernel';

export const agentErrors = {
  notFound: () => new AppError('AGENT_NOT_FOUND', 'agent not found', { category: 'not_found' }),
  numberTaken: (number: string) =>
    new AppError('AGENT_NUMBER_TAKEN', 'agent number taken', { category: 'conflict', details: { number } }),
  employeeTaken: () => new AppError('AGENT_EMPLOYEE_TAKEN', 'employee bound to another agent', { category: 'conflict' }),
  notSupervisor: () => new AppError('AGENT_NOT_SUPERVISOR', 'only supervisors have a managed scope', { category: 'invalid' }),
  boundToEmployee: () => new AppError('AGENT_BOUND_TO_EMPLOYEE', 'agent bound to an employee', { category: 'conflict' }),
};
