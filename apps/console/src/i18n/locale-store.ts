import type { Locale } from '@rexian/contracts';

/** The console's language choice, persisted in localStorage so it survives reloads and sign-outs. */
export const localeStorageKey = 'rexian.locale';
export const defaultLocale: Locale = 'zh-CN';

export function parseLocale(value: string | null | undefined): Locale | null {
  return value === 'zh-CN' || value === 'en-US' ? value : null;
}

export function readStoredLocale(storage: Pick<Storage, 'getItem'> | undefined): Locale {
  try {
    return parseLocale(storage?.getItem(localeStorageKey)) ?? defaultLocale;
  } catch {
    // Storage may be disabled (privacy mode); the default language still works.
    return defaultLocale;
  }
}

export function writeStoredLocale(storage: Pick<Storage, 'setItem'> | undefined, locale: Locale): void {
  try {
    storage?.setItem(localeStorageKey, locale);
  } catch {
    // Not persisting is acceptable; the switch still applies to this page.
  }
}
