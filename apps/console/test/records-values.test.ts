import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration, legAnswered, liveDurationMs, secondsOf } from '../src/features/records/call-values.ts';
import { recordsEnUS, recordsZhCN } from '../src/features/records/messages.ts';

test('durations read like a clock', () => {
  assert.equal(formatDuration(0), '0:00');
  assert.equal(formatDuration(5_400), '0:05');
  assert.equal(formatDuration(500), '0:01', 'a short message is not 0:00');
  assert.equal(formatDuration(65_000), '1:05');
  assert.equal(formatDuration(3_661_000), '1:01:01');
  assert.equal(formatDuration(null), '');
  assert.equal(formatDuration(-5), '0:00');
});

test('a live call counts talk time once answered, ring time before', () => {
  const start = Date.UTC(2026, 0, 5, 2, 0, 0);
  const iso = (ms: number) => new Date(ms).toISOString();
  assert.equal(liveDurationMs({ startedAt: iso(start), answeredAt: null }, start + 7000), 7000);
  assert.equal(liveDurationMs({ startedAt: iso(start), answeredAt: iso(start + 5000) }, start + 7000), 2000);
  assert.equal(liveDurationMs({ startedAt: iso(start), answeredAt: null }, start - 1000), 0, 'never negative');
});

test('caller and callee states come from the legs', () => {
  const leg = (role: string, answeredAt: string | null) => ({
    channelId: role,
    role,
    direction: 'inbound' as const,
    caller: '1',
    callee: '2',
    trunkId: null,
    createdAt: '2026-01-05T02:00:00.000Z',
    answeredAt,
    endedAt: null,
    cause: null,
    hungUpBy: null,
  });
  const call = { legs: [leg('caller', '2026-01-05T02:00:01.000Z'), leg('callee', null), leg('consult', null)] };
  assert.equal(legAnswered(call, 'caller'), true);
  assert.equal(legAnswered(call, 'callee'), false);
  assert.equal(legAnswered({ legs: [...call.legs, leg('transfer-target', 'x')] }, 'callee'), true);
});

test('second fields accept whole numbers only', () => {
  assert.equal(secondsOf(' 30 '), 30);
  assert.equal(secondsOf(''), undefined);
  assert.equal(secondsOf('1.5'), undefined);
  assert.equal(secondsOf('-3'), undefined);
});

test('every zh-CN text has an English one', () => {
  assert.deepEqual(Object.keys(recordsEnUS).sort(), Object.keys(recordsZhCN).sort());
  for (const [k, v] of Object.entries(recordsEnUS)) assert.ok(v.length > 0 && !/[\u4e00-\u9fff]/.test(v), k);
});
