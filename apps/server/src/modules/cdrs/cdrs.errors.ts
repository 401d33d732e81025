import { AppError } from '@rexian/kernel';

export const cdrErrors = {
  notFound: () => new AppError('CDR_NOT_FOUND', 'call record not found', { category: 'not_found' }),
  noRecording: () => new AppError('CDR_RECORDING_NOT_FOUND', 'no recording for this call', { category: 'not_found' }),
};
