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
  alreadyQueued: (callId: string) =>
    new AppError('CTI_ALREADY_QUEUED', 'the call is already waiting in a queue', { category: 'conflict', details: { callId } }),
  transferTargetUnknown: (target: string) =>
    new AppError('CTI_TRANSFER_TARGET_UNKNOWN', 'the transfer destination cannot be reached', {
      category: 'not_found',
      details: { target },
    }),
};
