import { App } from 'antd';
import { useMemo } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';
import { errorText } from './error-text.ts';

/** Toasts in the current language; failures show the server's localized `error.message`. */
export function useNotify() {
  const { message } = App.useApp();
  const { t } = useI18n();
  return useMemo(
    () => ({
      success: (text: string) => void message.success(text),
      failure: (error: unknown) => void message.error(errorText(error, t)),
    }),
    [message, t],
  );
}
