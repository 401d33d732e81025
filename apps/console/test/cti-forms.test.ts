import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Queue } from '@rexian/contracts';
import { agentPasswordProblem as kernelRule } from '@rexian/kernel';
import { agentPasswordProblem, moveItem } from '../src/features/cti/cti-values.ts';
import {
  msToSeconds,
  newQueueValues,
  overflowFromForm,
  overflowToForm,
  queueFromForm,
  queueToForm,
  secondsToMs,
} from '../src/features/cti/queue-form-values.ts';

test('the console restates the kernel password rule exactly', () => {
  const samples = [
    'abc123',
    'ab12c',
    'abcdefg',
    '12345678',
    'abc1234',
    'x9876y',
    'a123b456',
    'ab12 34',
    '密码abc123',
    'Zx9174',
    '',
    'a1',
  ];
  for (const pw of samples) assert.equal(agentPasswordProblem(pw), kernelRule(pw), pw);
  // Every 6-character string over a small alphabet, so runs and mixes in all positions are covered.
  const alphabet = ['a', '0', '1', '2', '3', '9', '8', '7'];
  let checked = 0;
  for (let n = 0; n < alphabet.length ** 6; n += 7) {
    let pw = '';
    for (let k = n, i = 0; i < 6; i++, k = Math.floor(k / alphabet.length)) pw += alphabet[k % alphabet.length];
    assert.equal(agentPasswordProblem(pw), kernelRule(pw), pw);
    checked++;
  }
  assert.ok(checked > 30_000);
});

test('moveItem moves one place and ignores moves off either end', () => {
  assert.deepEqual(moveItem(['a', 'b', 'c'], 2, -1), ['a', 'c', 'b']);
  assert.deepEqual(moveItem(['a', 'b', 'c'], 0, 1), ['b', 'a', 'c']);
  assert.deepEqual(moveItem(['a', 'b', 'c'], 0, -1), ['a', 'b', 'c']);
  assert.deepEqual(moveItem(['a', 'b', 'c'], 2, 1), ['a', 'b', 'c']);
  assert.deepEqual(moveItem([], 0, 1), []);
});

test('seconds in the form, milliseconds in the API', () => {
  assert.equal(msToSeconds(20_000), 20);
  assert.equal(msToSeconds(2_500), 2.5);
  assert.equal(msToSeconds(100), 0.1);
  assert.equal(secondsToMs(0.1), 100);
  assert.equal(secondsToMs(1.5), 1500);
  assert.equal(secondsToMs(null), 0);
});

test('overflow actions: flat in the form, tagged in the API', () => {
  assert.deepEqual(overflowFromForm({ kind: 'voicemail', mailbox: '  ' }), { kind: 'voicemail' });
  assert.deepEqual(overflowFromForm({ kind: 'voicemail', mailbox: ' 800 ' }), { kind: 'voicemail', mailbox: '800' });
  assert.deepEqual(overflowFromForm({ kind: 'ivr', ivrId: 'main-menu' }), { kind: 'ivr', ivrId: 'main-menu' });
  // A missing target goes to the server as empty, which refuses it with its own message.
  assert.deepEqual(overflowFromForm({ kind: 'queue' }), { kind: 'queue', queueId: '' });
  assert.deepEqual(overflowFromForm({ kind: 'hangup', ivrId: 'left over' }), { kind: 'hangup' });
  assert.deepEqual(overflowToForm({ kind: 'queue', queueId: 'q1' }), { kind: 'queue', queueId: 'q1' });
  assert.deepEqual(overflowToForm({ kind: 'voicemail' }), { kind: 'voicemail', mailbox: null });
});

const queue: Queue = {
  id: 'q-1',
  name: 'Sales',
  number: '8001',
  announcePosition: true,
  positionIntervalMs: 45_000,
  announceAgentNumber: true,
  reservedIdleAgents: 2,
  maxWaitMs: 120_000,
  onMaxWait: { kind: 'queue', queueId: 'q-2' },
  maxLength: 30,
  onMaxLength: { kind: 'voicemail', mailbox: '900' },
  noAgentMaxWaitMs: 15_500,
  onNoAgent: { kind: 'ivr', ivrId: 'after-hours' },
  vipEnabled: true,
  vipMethod: 'crm',
  vipLookupUrl: 'https://crm.example.com/vip',
  httpTimeoutMs: 1_500,
  ringTimeMs: 25_000,
  musicOnHold: 'hold.wav',
  strategy: 'fewest-answered',
  preferenceRules: ['highest-skill', 'caller-area'],
  priority: 3,
  members: [{ agentId: 'a-1', agentNumber: '1001', agentName: 'Li', level: 7 }],
};

test('a queue survives the round trip through the form unchanged', () => {
  const form = queueToForm(queue);
  assert.equal(form.positionIntervalSec, 45);
  assert.equal(form.noAgentMaxWaitSec, 15.5);
  assert.equal(form.members[0]?.label, 'Li (1001)');
  const { id: _id, members, ...rest } = queue;
  assert.deepEqual(queueFromForm(form), { ...rest, members: members.map(({ agentId, level }) => ({ agentId, level })) });
});

test('a new queue starts from the API defaults and blank texts become null', () => {
  const input = queueFromForm({ ...newQueueValues, name: ' Support ', number: '8002', vipLookupUrl: '  ', musicOnHold: '' });
  assert.equal(input.name, 'Support');
  assert.equal(input.ringTimeMs, 20_000);
  assert.equal(input.httpTimeoutMs, 2_000);
  assert.equal(input.positionIntervalMs, 30_000);
  assert.equal(input.vipLookupUrl, null);
  assert.equal(input.musicOnHold, null);
  assert.deepEqual(input.onMaxWait, { kind: 'hangup' });
  assert.equal(input.strategy, 'longest-idle');
});
