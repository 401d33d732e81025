import type { Locale } from '@rexian/contracts';
import { enUS } from './messages-en-us.ts';
import { type MessageKey, zhCN } from './messages-zh-cn.ts';

export type { MessageKey };
export type TranslateValues = Record<string, string | number>;
export type Translate = (key: MessageKey, values?: TranslateValues) => string;

const dictionaries: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };

/** Fills `{name}` placeholders; an unknown placeholder is left visible rather than silently dropped. */
export function interpolate(template: string, values?: TranslateValues): string {
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : String(value);
  });
}

export function createTranslate(locale: Locale): Translate {
  const dictionary = dictionaries[locale];
  return (key, values) => interpolate(dictionary[key], values);
}
