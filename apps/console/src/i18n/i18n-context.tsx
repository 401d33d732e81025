import type { Locale } from '@rexian/contracts';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { readStoredLocale, writeStoredLocale } from './locale-store.ts';
import { createTranslate, type Translate } from './translate.ts';

type I18n = { locale: Locale; setLocale: (locale: Locale) => void; t: Translate };

const I18nContext = createContext<I18n | null>(null);

const browserStorage = (): Storage | undefined => (typeof localStorage === 'undefined' ? undefined : localStorage);

export function I18nProvider({ children, onChange }: { children: ReactNode; onChange?: (locale: Locale) => void }) {
  const [locale, setLocaleState] = useState<Locale>(() => readStoredLocale(browserStorage()));
  const setLocale = useCallback(
    (next: Locale) => {
      writeStoredLocale(browserStorage(), next);
      onChange?.(next);
      setLocaleState(next);
    },
    [onChange],
  );
  const value = useMemo(() => ({ locale, setLocale, t: createTranslate(locale) }), [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
