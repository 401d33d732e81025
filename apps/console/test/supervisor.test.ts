import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { SupervisedAgent, SupervisedQueue } from '@rexian/contracts';
import { supervisorApi } from '../src/features/supervisor/supervisor-api.ts';
import { agentActions, agentCounts, elapsedMs, longestWaitMs } from '../src/features/supervisor/supervisor-values.ts';

const agent = (state: SupervisedAgent['state'], call = false): SupervisedAgent => ({
  agentId: `a-${state}`,
  number: '1001',
  name: 'a',
  type: 'agent',
  groupId: null,
  groupName: null,
  state,
  reasonId: null,
  since: '2026-01-05T02:00:00.000Z',
  extension: '8001',
  connected: true,
  call: call
    ? {
        callId: 'c1',
        direction: 'inbound',
        customer: '138****8000',
        queueId: null,
        queueName: null,
        state: 'talking',
        since: '2026-01-05T02:00:00.000Z',
      }
    : null,
  answered: 0,
  talkMs: 0,
});

describe('supervisor page values', () => {
  it('durations tick from the server clock and never go negative', () => {
    const now = Date.parse('2026-01-05T02:01:05.000Z');
    assert.equal(elapsedMs('2026-01-05T02:00:00.000Z', now), 65_000);
    assert.equal(elapsedMs('2026-01-05T02:02:00.000Z', now), 0);
    const q: SupervisedQueue = {
      queueId: 'q',
      name: 'q',
      number: '9001',
      waiting: 2,
      longestWaitMs: 1,
      idleAgents: 0,
      signedInAgents: 0,
      calls: [
        { callId: 'c1', caller: '1', vip: false, status: 'waiting', enteredAt: '2026-01-05T02:00:30.000Z' },
        { callId: 'c2', caller: '2', vip: true, status: 'waiting', enteredAt: '2026-01-05T02:00:00.000Z' },
      ],
    };
    assert.equal(longestWaitMs(q, now), 65_000);
    assert.equal(longestWaitMs({ ...q, calls: [] }, now), 0);
  });

  it('offers the actions the state allows', () => {
    assert.deepEqual(agentActions(agent('idle')), { busy: true, idle: false, signOut: true, monitor: false });
    assert.deepEqual(agentActions(agent('busy')), { busy: false, idle: true, signOut: true, monitor: false });
    assert.deepEqual(agentActions(agent('wrap-up')), { busy: true, idle: true, signOut: true, monitor: false });
    assert.deepEqual(agentActions(agent('talking', true)), { busy: false, idle: false, signOut: true, monitor: true });
    assert.deepEqual(agentActions(agent('signed-out')), { busy: false, idle: false, signOut: false, monitor: false });
    assert.deepEqual(agentCounts([agent('idle'), agent('busy'), agent('talking', true), agent('signed-out')]), {
      signedIn: 3,
      idle: 1,
      busy: 1,
      talking: 1,
    });
  });
});

describe('supervisor API calls', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
  });
  const capture = () => {
    const sent: { url: string; method: string; body: unknown }[] = [];
    globalThis.fetch = (async (url: string, init: RequestInit) => {
      sent.push({ url, method: String(init.method), body: init.body === undefined ? undefined : JSON.parse(String(init.body)) });
      return new Response(null, { status: 204 });
    }) as typeof fetch;
    return sent;
  };

  it('the monitor buttons call the monitor routes exactly', async () => {
    const sent = capture();
    await supervisorApi.monitor('a/1', 'listen');
    await supervisorApi.setMonitorMode('a/1', 'whisper');
    await supervisorApi.stopMonitor('a/1');
    await supervisorApi.takeover('a/1');
    assert.deepEqual(sent, [
      { url: '/api/v1/supervisor/agents/a%2F1/monitor', method: 'POST', body: { mode: 'listen' } },
      { url: '/api/v1/supervisor/agents/a%2F1/monitor', method: 'PUT', body: { mode: 'whisper' } },
      { url: '/api/v1/supervisor/agents/a%2F1/monitor', method: 'DELETE', body: undefined },
      { url: '/api/v1/supervisor/agents/a%2F1/takeover', method: 'POST', body: undefined },
    ]);
  });

  it('forced states and moves send their bodies', async () => {
    const sent = capture();
    await supervisorApi.forceState('a1', { state: 'busy', reasonId: 'meeting' });
    await supervisorApi.moveCall('call 1', 'q2');
    assert.deepEqual(sent, [
      { url: '/api/v1/supervisor/agents/a1/state', method: 'POST', body: { state: 'busy', reasonId: 'meeting' } },
      { url: '/api/v1/supervisor/calls/call%201/move', method: 'POST', body: { queueId: 'q2' } },
    ]);
  });
});
