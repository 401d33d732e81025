import { AppError } from '@rexian/kernel';

export const serviceRecordErrors = {
  notFound: () => new AppError('SERVICE_RECORD_NOT_FOUND', 'service record not found', { category: 'not_found' }),
  /** The same answer whether the call does not exist or the actor was not on it: no probing for calls. */
  callUnknown: (callId: string) =>
    new AppError('SERVICE_RECORD_CALL_UNKNOWN', `call ${callId} does not exist or the actor did not take part in it`, {
      category: 'not_found',
      details: { callId },
    }),
};
