import { ApiError, networkErrorCode } from '../api/api-error.ts';
import type { Translate } from '../i18n/translate.ts';

/** What to show for a failure: the server's localized message when there is one. */
export function errorText(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    if (error.code === networkErrorCode) return t('error.network');
    return error.message;
  }
  return t('error.unexpected', { message: error instanceof Error ? error.message : String(error) });
}
