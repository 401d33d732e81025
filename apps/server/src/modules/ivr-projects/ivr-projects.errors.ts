import type { IvrIssue } from '@rexian/contracts';
import { AppError } from '@rexian/kernel';

export const ivrProjectErrors = {
  notFound: () => new AppError('IVR_PROJECT_NOT_FOUND', 'IVR project not found', { category: 'not_found' }),
  /** A project named in a request body (an IVR configuration's source) does not exist. */
  referenceNotFound: () => new AppError('IVR_PROJECT_NOT_FOUND', 'IVR project not found', { category: 'invalid' }),
  nameTaken: (name: string) =>
    new AppError('IVR_PROJECT_NAME_TAKEN', 'IVR project name taken', { category: 'conflict', details: { name } }),
  /** "构建 VXML" or "try it" on a tree with problems: every issue with its node id, for the tree editor. */
  invalid: (issues: IvrIssue[]) => {
    const summary = issues
      .slice(0, 3)
      .map((i) => `${i.nodeId}.${i.field}: ${i.message}`)
      .join('; ');
    return new AppError('IVR_PROJECT_INVALID', `${issues.length} problem(s): ${summary}`, {
      category: 'invalid',
      details: { count: issues.length, summary, issues },
    });
  },
  tooDeep: (limit: number) =>
    new AppError('IVR_PROJECT_TOO_DEEP', `JSON nested deeper than ${limit} levels`, {
      category: 'invalid',
      details: { limit },
    }),
  notBuilt: () => new AppError('IVR_PROJECT_NOT_BUILT', 'IVR project not built', { category: 'invalid' }),
  inUse: (numbers: string[]) =>
    new AppError('IVR_PROJECT_IN_USE', 'IVR project used by IVR configurations', {
      category: 'conflict',
      details: { numbers: numbers.join(', ') },
    }),
  unknownVoiceFiles: (ids: string[]) =>
    new AppError('IVR_VOICE_FILE_UNKNOWN', 'unknown voice files', { category: 'invalid', details: { ids: ids.join(', ') } }),
};
