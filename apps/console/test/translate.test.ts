import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readStoredLocale, writeStoredLocale } from '../src/i18n/locale-store.ts';
import { enUS } from '../src/i18n/messages-en-us.ts';
import { zhCN } from '../src/i18n/messages-zh-cn.ts';
import { createTranslate, interpolate } from '../src/i18n/translate.ts';

test('both languages define the same keys, none empty', () => {
  assert.deepEqual(Object.keys(enUS).sort(), Object.keys(zhCN).sort());
  for (const [key, text] of [...Object.entries(zhCN), ...Object.entries(enUS)]) assert.notEqual(text.trim(), '', key);
});

test('placeholders in both languages match', () => {
  const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[]) assert.deepEqual(names(enUS[key]), names(zhCN[key]), key);
});

test('t fills placeholders and leaves unknown ones visible', () => {
  assert.equal(createTranslate('zh-CN')('common.total', { total: 3 }), '共 3 条');
  assert.equal(createTranslate('en-US')('common.total', { total: 3 }), '3 in total');
  assert.equal(interpolate('{a} and {b}', { a: 1 }), '1 and {b}');
});

test('the stored locale defaults to zh-CN and ignores junk', () => {
  const store = new Map<string, string>();
  const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
  assert.equal(readStoredLocale(storage), 'zh-CN');
  writeStoredLocale(storage, 'en-US');
  assert.equal(store.get('rexian.locale'), 'en-US');
  assert.equal(readStoredLocale(storage), 'en-US');
  store.set('rexian.locale', 'fr-FR');
  assert.equal(readStoredLocale(storage), 'zh-CN');
});

test('disabled storage neither throws nor loses the default', () => {
  const broken = {
    getItem: () => {
      throw new Error('denied');
    },
    setItem: () => {
      throw new Error('denied');
    },
  };
  assert.equal(readStoredLocale(broken), 'zh-CN');
  assert.doesNotThrow(() => writeStoredLocale(broken, 'en-US'));
  assert.equal(readStoredLocale(undefined), 'zh-CN');
});
