import { AppError } from '@rexian/kernel';

export const voicemailErrors = {
  notFound: () => new AppError('VOICEMAIL_NOT_FOUND', 'voicemail not found', { category: 'not_found' }),
  fileNotFound: () => new AppError('VOICEMAIL_FILE_NOT_FOUND', 'voicemail audio file is gone', { category: 'not_found' }),
};
