import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verbalize, verbalizeAmount, verbalizeDate, verbalizeDigits, verbalizeNumber, verbalizeTime } from './verbalize-zh.ts';

test('digits: key by key, with 幺 on request', () => {
  assert.equal(verbalizeDigits('138 0013-8000'), '一三八零零一三八零零零');
  assert.equal(verbalizeDigits('1*#', { yao: true }), '幺星井');
  assert.equal(verbalizeDigits('12a'), undefined);
});

test('numbers: zeros, 十 at the head, 两 before 百/千/万', () => {
  const cases: [string, string][] = [
    ['0', '零'],
    ['7', '七'],
    ['10', '十'],
    ['15', '十五'],
    ['20', '二十'],
    ['105', '一百零五'],
    ['110', '一百一十'],
    ['1005', '一千零五'],
    ['1050', '一千零五十'],
    ['2222', '两千二百二十二'],
    ['10010', '一万零一十'],
    ['100000', '十万'],
    ['20000', '两万'],
    ['1000001', '一百万零一'],
    ['100000000', '一亿'],
    ['123456789', '一亿两千三百四十五万六千七百八十九'],
    ['-3.14', '负三点一四'],
    ['1,024', '一千零二十四'],
  ];
  for (const [n, zh] of cases) assert.equal(verbalizeNumber(n), zh, n);
  assert.equal(verbalizeNumber('12345678901234567'), undefined);
  assert.equal(verbalizeNumber('abc'), undefined);
});

test('amounts in 元/角/分', () => {
  const cases: [string, string][] = [
    ['12.35', '十二元三角五分'],
    ['1.05', '一元零五分'],
    ['0.5', '五角'],
    ['0.05', '五分'],
    ['100', '一百元'],
    ['0', '零元'],
    ['12.30', '十二元三角'],
    ['¥1,003.05', '一千零三元零五分'],
    ['-2.5', '负二元五角'],
  ];
  for (const [a, zh] of cases) assert.equal(verbalizeAmount(a), zh, a);
});

test('dates and times', () => {
  assert.equal(verbalizeDate('2026-03-08'), '二零二六年三月八日');
  assert.equal(verbalizeDate('20261231'), '二零二六年十二月三十一日');
  assert.equal(verbalizeDate('2026/1/5', 'md'), '一月五日');
  assert.equal(verbalizeDate('2026-13-01'), undefined);
  assert.equal(verbalizeTime('14:30'), '十四点三十分');
  assert.equal(verbalizeTime('09:05'), '九点零五分');
  assert.equal(verbalizeTime('08:00'), '八点整');
  assert.equal(verbalizeTime('02:15:07'), '两点十五分零七秒');
  assert.equal(verbalizeTime('24:00'), undefined);
});

test('say-as falls back to the raw text when it cannot read it', () => {
  assert.equal(verbalize('amount', 'lots'), 'lots');
  assert.equal(verbalize('number', '42'), '四十二');
});
