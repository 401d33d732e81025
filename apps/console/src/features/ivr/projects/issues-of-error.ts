import type { IvrIssue } from '@rexian/contracts';
import { ApiError } from '../../../api/api-error.ts';

/**
 * The issues a refused build or try lists in its error details (IVR_PROJECT_INVALID), for the tree editor.
 * Error bodies are untrusted: anything not shaped like an issue is dropped; null when there are none.
 */
export function issuesOfError(error: unknown): IvrIssue[] | null {
  if (!(error instanceof ApiError) || error.code !== 'IVR_PROJECT_INVALID') return null;
  const issues = error.details?.issues;
  if (!Array.isArray(issues)) return null;
  return issues.filter(
    (i): i is IvrIssue =>
      typeof i === 'object' &&
      i !== null &&
      typeof i.nodeId === 'string' &&
      typeof i.field === 'string' &&
      typeof i.message === 'string',
  );
}
