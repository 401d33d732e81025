import { AppError } from '@rexian/kernel';

export const voiceFileErrors = {
  notFound: () => new AppError('VOICE_FILE_NOT_FOUND', 'voice file not found', { category: 'not_found' }),
  nameTaken: (name: string) =>
    new AppError('VOICE_FILE_NAME_TAKEN', 'voice file name taken', { category: 'conflict', details: { name } }),
  tooLarge: (maxBytes: number) =>
    new AppError('VOICE_FILE_TOO_LARGE', `voice file larger than ${maxBytes} bytes`, {
      category: 'invalid',
      details: { maxBytes, maxMb: Math.round((maxBytes / 1024 / 1024) * 10) / 10 },
    }),
  unsupported: () => new AppError('VOICE_FILE_UNSUPPORTED', 'voice file is neither WAV nor MP3', { category: 'invalid' }),
  broken: (summary: string) =>
    new AppError('VOICE_FILE_BROKEN', 'voice file cannot be converted', { category: 'invalid', details: { summary } }),
  inUse: (projects: string[]) =>
    new AppError('VOICE_FILE_IN_USE', 'voice file is used by IVR projects', {
      category: 'conflict',
      details: { projects: projects.join(', ') },
    }),
};
