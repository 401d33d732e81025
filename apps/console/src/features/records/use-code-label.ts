import { useI18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/translate.ts';
import { recordsZhCN } from './messages.ts';

const known = (key: string): key is MessageKey & keyof typeof recordsZhCN => key in recordsZhCN;

/** A code from the server as a label, or the code itself when this console does not know it yet. */
export function useCodeLabel() {
  const { t } = useI18n();
  return (prefix: string, code: string | null | undefined): string => {
    if (!code) return '';
    const key = `${prefix}.${code}`;
    return known(key) ? t(key) : code;
  };
}
