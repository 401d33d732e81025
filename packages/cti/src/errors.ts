import { AppError } from '@rexian/kernel';

/** CTI's refusals: stable codes the HTTP layer maps to statuses by category. */
export const ctiErrors = {
  noCall: (agentId: string) =>
    new AppError('CTI_NO_CALL', 'the agent has no call', { category: 'conflict', details: { agentId } }),
  notAnswered: (agentId: string) =>
    new AppError('CTI_CALL_NOT_ANSWERED', 'the call has not been answered yet', { category: 'conflict', details: { agentId } }),
  notOnHoldable: (agentId: string) =>
    new AppError('CTI_CALL_NOT_HOLDABLE', 'the customer cannot be put on hold now', {
      category: 'conflict',
      details: { agentId },
    }),
  notHeld: (agentId: string) =>
    new AppError('CTI_CALL_NOT_HELD', 'the customer is not on hold', { category: 'conflict', details: { agentId } }),
  alreadyConsulting: (agentId: string) =>
    new AppError('CTI_ALREADY_CONSULTING', 'a consultation or conference is already in progress', {
      category: 'conflict',
      details: { agentId },
    }),
  notConsulting: (agentId: string) =>
    new AppError('CTI_NOT_CONSULTING', 'no consultation or conference is in progress', {
      category: 'conflict',
      details: { agentId },
    }),
  noExtension: (agentId: string) =>
    new AppError('CTI_NO_EXTENSION', 'the agent is not signed in with an extension', {
      category: 'conflict',
      details: { agentId },
    }),
  alreadyOnCall: (agentId: string) =>
    new AppError('CTI_ALREADY_ON_CALL', 'the agent is already on a call', { category: 'conflict', details: { agentId } }),
  notRinging: (agentId: string) =>
    new AppError('CTI_CALL_NOT_RINGING', 'the agent has no call ringing', { category: 'conflict', details: { agentId } }),
  noSurvey: () => new AppError('CTI_NO_SURVEY', 'the satisfaction survey is not configured', { category: 'unavailable' }),
  alreadyQueued: (callId: string) =>
    new AppError('CTI_ALREADY_QUEUED', 'the call is already waiting in a queue', { category: 'conflict', details: { callId } }),
  transferTargetUnknown: (target: string) =>
    new AppError('CTI_TRANSFER_TARGET_UNKNOWN', 'the transfer destination cannot be reached', {
      category: 'not_found',
      details: { target },
    }),
};
