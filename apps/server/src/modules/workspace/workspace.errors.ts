import { AppError } from '@rexian/kernel';

export const workspaceErrors = {
  notRunning: () => new AppError('CTI_NOT_RUNNING', 'CTI is not running', { category: 'unavailable' }),
  notBound: () => new AppError('AGENT_NOT_BOUND', 'no agent is bound to this user', { category: 'not_found' }),
  extensionUnknown: (number: string) =>
    new AppError('EXTENSION_NOT_FOUND', `extension ${number} does not exist or is disabled`, {
      category: 'not_found',
      details: { number },
    }),
  extensionTaken: (number: string, agentNumber: string) =>
    new AppError('AGENT_EXTENSION_TAKEN', `extension ${number} is used by agent ${agentNumber}`, {
      category: 'conflict',
      details: { number, agentNumber },
    }),
};
