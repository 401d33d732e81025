import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VirtualClock } from '@rexian/kernel';
import { compileBuiltin } from '../grammar/dtmf-grammar.ts';
import type { CollectResult } from './channel-port.ts';
import { DigitCollector } from './digit-collector.ts';

function collector(type: string, over: Partial<{ termChar: string; termTimeoutMs: number }> = {}) {
  const clock = new VirtualClock(0);
  const g = compileBuiltin(type);
  assert.ok(g.ok);
  const results: CollectResult[] = [];
  const c = new DigitCollector(
    {
      timeoutMs: 5000,
      interDigitTimeoutMs: 3000,
      termTimeoutMs: over.termTimeoutMs ?? 0,
      termChar: over.termChar ?? '#',
      grammar: g.value,
    },
    clock,
    (r) => results.push(r),
  );
  c.start();
  return { clock, c, results };
}

test('no input: the time-out fires exactly at timeout', () => {
  const { clock, results } = collector('digits');
  clock.advance(4999);
  assert.equal(results.length, 0);
  clock.advance(1);
  assert.deepEqual(results, [{ kind: 'noinput' }]);
});

test('termchar ends the input; an incomplete match is nomatch', () => {
  const a = collector('digits?minlength=3');
  a.c.digit('1');
  a.c.digit('2');
  a.c.digit('#');
  assert.deepEqual(a.results, [{ kind: 'nomatch', digits: '12' }]);
  const b = collector('digits');
  b.c.digit('4');
  b.c.digit('#');
  assert.equal(b.results[0]?.kind, 'match');
});

test('a complete, non-extendable match ends at once; an extendable one after the inter-digit time-out', () => {
  const a = collector('digits?length=2');
  a.c.digit('1');
  a.c.digit('2');
  assert.equal(a.results[0]?.kind, 'match');
  const b = collector('digits?maxlength=4');
  b.c.digit('1');
  b.clock.advance(2999);
  assert.equal(b.results.length, 0);
  b.clock.advance(1);
  assert.deepEqual(b.results[0], { kind: 'match', digits: '1', match: { state: 'complete-more', interpretation: '1' } });
});

test('termtimeout waits for the terminator after a complete match', () => {
  const a = collector('digits?length=2', { termTimeoutMs: 1000 });
  a.c.digit('1');
  a.c.digit('2');
  assert.equal(a.results.length, 0);
  a.clock.advance(1000);
  assert.equal(a.results[0]?.kind, 'match');
});

test('a wrong key is nomatch immediately; nothing after the result counts', () => {
  const a = collector('boolean');
  a.c.digit('5');
  a.c.digit('1');
  a.c.hangup();
  assert.deepEqual(a.results, [{ kind: 'nomatch', digits: '5' }]);
});
