import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTurns, traceDetails } from '../src/features/ivr/projects/try-turns.ts';

test('splits typed caller turns on spaces and commas and names the bad ones', () => {
  assert.deepEqual(parseTurns(' 1  2#, noinput，HANGUP '), { turns: ['1', '2#', 'noinput', 'hangup'], bad: [] });
  assert.deepEqual(parseTurns('*0 a'), { turns: ['*0', 'A'], bad: [] });
  assert.deepEqual(parseTurns(''), { turns: [], bad: [] });
  assert.deepEqual(parseTurns('1 x9 silence').bad, ['X9', 'SILENCE']);
});

test('trace details leave out time and type and keep the rest readable', () => {
  assert.equal(traceDetails({ t: 0, type: 'prompt', bargein: true, text: ['hello'] }), 'bargein=true  text=["hello"]');
  assert.equal(traceDetails({ t: 5, type: 'input', digits: '1' }), 'digits=1');
  assert.equal(traceDetails({ t: 5, type: 'end' }), '');
});
