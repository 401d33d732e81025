import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AgentCall } from '@rexian/contracts';
import { workspaceEnUS, workspaceZhCN } from '../src/features/workspace/messages.ts';
import {
  callButtons,
  PARTY_KINDS,
  partyLabel,
  partyOf,
  safePopUrl,
  validParty,
} from '../src/features/workspace/workspace-values.ts';

const call = (over: Partial<AgentCall> = {}): AgentCall => ({
  callId: 'c1',
  direction: 'inbound',
  caller: '13800138000',
  callee: '4008009300',
  queueId: null,
  queueName: null,
  accessNumber: null,
  state: 'talking',
  since: '2026-01-01T00:00:00.000Z',
  consulting: false,
  conferencing: false,
  ...over,
});

test('the party picker builds what the API takes and checks it the same way', () => {
  assert.deepEqual(partyOf('agent', ' 3002 '), { kind: 'agent', agentNumber: '3002' });
  assert.deepEqual(partyOf('extension', '8932'), { kind: 'extension', number: '8932' });
  assert.deepEqual(partyOf('number', '+8613800138000'), { kind: 'number', number: '+8613800138000' });
  assert.equal(partyLabel(partyOf('agent', '3002')), '3002');
  assert.equal(validParty('agent', '3002'), true);
  assert.equal(validParty('agent', '+3002'), false, 'agent numbers are digits');
  assert.equal(validParty('extension', ''), false);
  assert.equal(validParty('number', '+86138*#'), true);
  assert.equal(validParty('number', '138 0013'), false);
  assert.deepEqual(
    PARTY_KINDS.consult,
    ['agent', 'extension', 'number'],
    '询问转 reaches agents, extensions and outside lines (manual §5)',
  );
  assert.equal(PARTY_KINDS.dial[0], 'number', '外呼 starts with an outside number');
});

test('only http(s) screen-pop URLs are linked or opened', () => {
  assert.equal(safePopUrl('https://crm.example/pop?tel=1'), 'https://crm.example/pop?tel=1');
  assert.equal(safePopUrl('HTTP://crm.example/'), 'HTTP://crm.example/');
  assert.equal(safePopUrl('javascript:alert(1)'), null);
  assert.equal(safePopUrl('data:text/html,x'), null);
  assert.equal(safePopUrl(null), null);
  assert.equal(safePopUrl(''), null);
});

test('call buttons follow the state', () => {
  const idle = callButtons('8931', null);
  assert.deepEqual(
    [idle.dial, idle.hangup, idle.consult, idle.conference, idle.hold, idle.transfer],
    [true, false, false, false, false, false],
  );
  assert.equal(callButtons(null, null).dial, false, 'monitor-only cannot dial');
  const ringing = callButtons('8931', call({ state: 'ringing' }));
  assert.deepEqual([ringing.hangup, ringing.consult, ringing.transfer, ringing.dial], [true, false, false, false]);
  const talking = callButtons('8931', call());
  assert.deepEqual(
    [talking.consult, talking.conference, talking.hold, talking.transfer, talking.rate, talking.dial],
    [true, true, true, true, true, false],
  );
  const consulting = callButtons('8931', call({ state: 'held', consulting: true }));
  assert.deepEqual(
    [consulting.consulting, consulting.unhold, consulting.hold, consulting.conference, consulting.transfer, consulting.rate],
    [true, false, false, false, false, false],
  );
  const three = callButtons('8931', call({ conferencing: true }));
  assert.deepEqual([three.conferencing, three.consult, three.rate, three.hold], [true, false, false, true]);
  const held = callButtons('8931', call({ state: 'held' }));
  assert.deepEqual([held.unhold, held.hold, held.consult], [true, false, false]);
});

test('the new texts exist in both languages', () => {
  for (const key of [
    'ws.consult',
    'ws.consultComplete',
    'ws.consultCancel',
    'ws.conferenceDrop',
    'ws.dial',
    'ws.pop.openUrl',
  ] as const) {
    assert.ok(workspaceZhCN[key] && workspaceEnUS[key], key);
  }
  assert.equal(workspaceZhCN['ws.consultComplete'], '完成转接');
  assert.equal(workspaceZhCN['ws.pop.openUrl'], '打开 CRM 页面');
});
