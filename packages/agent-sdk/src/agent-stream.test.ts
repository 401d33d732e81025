import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AgentCall, AgentEvent } from '@rexian/contracts';
import { createAgentClient } from './agent-client.ts';
import type { AgentApiError } from './errors.ts';
import { aSession, fakeFetch, fakeWebSocket, flush, manualTimers } from './testing/fakes.ts';

const call: AgentCall = {
  callId: 'c1',
  direction: 'inbound',
  caller: '13800000000',
  callee: '4008009000',
  queueId: 'q1',
  queueName: '售后',
  accessNumber: '4008009000',
  state: 'ringing',
  since: '2026-01-01T00:00:00.000Z',
  consulting: false,
  conferencing: false,
};

function setup(answer: () => { status: number; body?: unknown } = () => ({ status: 200, body: aSession() })) {
  const ws = fakeWebSocket();
  const http = fakeFetch(answer);
  const clock = manualTimers();
  const client = createAgentClient({
    baseUrl: 'https://cc.test',
    fetch: http.fetch,
    WebSocket: ws.WebSocket,
    cookie: 'rexian_session=abc',
  });
  const errors: unknown[] = [];
  const stream = client.connect({
    timers: clock.timers,
    random: () => 0.5,
    reconnect: { initialDelayMs: 100, maxDelayMs: 1000 },
    onListenerError: (e) => errors.push(e),
  });
  const socket = (i: number) => {
    const s = ws.sockets[i];
    assert.ok(s, `socket ${i} opened`);
    return s;
  };
  return { ws, http, clock, stream, socket, errors };
}

describe('agent stream', () => {
  it('opens the stream with the cookie and dispatches typed events by type', async () => {
    const { stream, socket } = setup();
    assert.equal(socket(0).url, 'wss://cc.test/api/v1/agent/stream');
    assert.deepEqual(socket(0).init, { headers: { cookie: 'rexian_session=abc' } });
    const seen: string[] = [];
    const all: AgentEvent['type'][] = [];
    stream.on('call.ringing', (e) => seen.push(`ring ${e.call.caller} ${e.popUrl}`));
    stream.on('call.answered', (e) => seen.push(`answered ${e.call.callId}`));
    stream.on('call.ended', (e) => seen.push(`ended ${e.cause}`));
    stream.on('session', (e) => seen.push(`session ${e.session.state}`));
    stream.on('event', (e) => all.push(e.type));
    const ready = stream.ready();
    assert.equal(stream.status, 'connecting');
    socket(0).serverOpen();
    socket(0).serverSend({ type: 'session', session: aSession() });
    assert.equal((await ready).state, 'idle');
    assert.equal(stream.status, 'open');
    socket(0).serverSend({ type: 'call.ringing', call, popUrl: 'https://crm.test/?n=13800000000' });
    socket(0).serverSend({ type: 'call.answered', call: { ...call, state: 'talking' } });
    socket(0).serverSend({ type: 'session', session: aSession({ state: 'talking' }) });
    socket(0).serverSend({ type: 'call.ended', callId: 'c1', cause: 'customer-hangup' });
    assert.deepEqual(seen, [
      'session idle',
      'ring 13800000000 https://crm.test/?n=13800000000',
      'answered c1',
      'session talking',
      'ended customer-hangup',
    ]);
    assert.deepEqual(all, ['session', 'call.ringing', 'call.answered', 'session', 'call.ended']);
    assert.equal(stream.session?.state, 'talking');
    stream.close();
    assert.equal(socket(0).closedBy?.code, 1000);
    assert.equal(stream.status, 'closed');
  });

  it('reports malformed and unknown messages without stopping, and survives a throwing listener', async () => {
    const { stream, socket, errors } = setup();
    const problems: string[] = [];
    const unknown: unknown[] = [];
    stream.on('error', (e) => problems.push(e.code));
    stream.on('unknown', (m) => unknown.push(m));
    stream.on('session', () => {
      throw new Error('listener bug');
    });
    let after = 0;
    stream.on('session', () => after++);
    socket(0).serverSend('not json');
    socket(0).serverSend({ type: 'call.ringing', call: { callId: 'c1' } });
    socket(0).serverSend({ type: 'call.consulting', callId: 'c1' });
    socket(0).serverSend({ type: 'session', session: aSession() });
    assert.deepEqual(problems, ['SDK_BAD_EVENT', 'SDK_BAD_EVENT']);
    assert.deepEqual(unknown, [{ type: 'call.consulting', callId: 'c1' }]);
    assert.equal(after, 1, 'the second listener still ran');
    assert.equal((errors[0] as Error).message, 'listener bug');
    assert.equal(stream.status, 'open');
    stream.close();
  });

  it('reconnects with a growing, capped back-off and resets it after a good connection', async () => {
    const { stream, socket, clock, ws } = setup();
    const log: string[] = [];
    stream.on('reconnecting', (r) => log.push(`retry ${r.attempt} in ${r.delayMs}`));
    stream.on('close', (c) => log.push(`close ${c.code} ${c.willReconnect}`));
    stream.on('open', (s) => log.push(`open ${s.state}`));
    socket(0).serverSend({ type: 'session', session: aSession() });
    socket(0).serverClose(1001, 'server restart');
    await flush();
    assert.equal(stream.status, 'reconnecting');
    assert.deepEqual(clock.fire(), [100]);
    // The server is still down: bare closes (each probed over HTTP, which answers 200 here: not fatal).
    for (let i = 1; i <= 5; i++) {
      socket(i).serverClose(1006);
      await flush();
      clock.fire();
    }
    socket(6).serverSend({ type: 'session', session: aSession({ state: 'busy' }) });
    assert.equal(stream.session?.state, 'busy');
    socket(6).serverClose(1006);
    await flush();
    assert.deepEqual(log, [
      'open idle',
      'close 1001 true',
      'retry 1 in 100',
      'close 1006 true',
      'retry 2 in 200',
      'close 1006 true',
      'retry 3 in 400',
      'close 1006 true',
      'retry 4 in 800',
      'close 1006 true',
      'retry 5 in 1000',
      'close 1006 true',
      'retry 6 in 1000',
      'open busy',
      'close 1006 true',
      'retry 1 in 100',
    ]);
    stream.close();
    assert.equal(clock.pending.size, 0, 'close cancels the pending reconnect');
    assert.equal(ws.sockets.length, 7);
  });

  it('stops for good when the server names a fatal error before closing', async () => {
    const { stream, socket, clock } = setup();
    const ready = assert.rejects(stream.ready(), { code: 'AGENT_NOT_BOUND' });
    const errors: AgentApiError[] = [];
    stream.on('error', (e) => errors.push(e));
    socket(0).serverSend({ type: 'error', code: 'AGENT_NOT_BOUND' });
    socket(0).serverClose(4404, 'AGENT_NOT_BOUND');
    await flush();
    assert.equal(stream.status, 'closed');
    assert.equal(errors[0]?.code, 'AGENT_NOT_BOUND');
    await ready;
    assert.equal(clock.pending.size, 0);
  });

  it('asks the HTTP API why an upgrade failed, and stops on a sign-in problem', async () => {
    const { stream, socket, clock, http } = setup(() => ({
      status: 401,
      body: { error: { code: 'AUTH_REQUIRED', message: 'Please sign in' } },
    }));
    const errors: AgentApiError[] = [];
    stream.on('error', (e) => errors.push(e));
    socket(0).serverClose(1006);
    await flush();
    await flush();
    assert.equal(http.requests.at(-1)?.url, 'https://cc.test/api/v1/agent/session');
    assert.equal(stream.status, 'closed');
    assert.equal(errors[0]?.code, 'AUTH_REQUIRED');
    assert.equal(errors[0]?.status, 401);
    assert.equal(clock.pending.size, 0);
  });

  it('does not reconnect when a close listener closes the stream', async () => {
    const { stream, socket, clock } = setup();
    stream.on('close', () => stream.close());
    socket(0).serverSend({ type: 'session', session: aSession() });
    socket(0).serverClose(1001);
    await flush();
    assert.equal(stream.status, 'closed');
    assert.equal(clock.pending.size, 0);
  });

  it('keeps retrying while CTI is not running', async () => {
    const { stream, socket, clock } = setup();
    socket(0).serverSend({ type: 'error', code: 'CTI_NOT_RUNNING' });
    socket(0).serverClose(4404, 'CTI_NOT_RUNNING');
    await flush();
    assert.equal(stream.status, 'reconnecting');
    assert.equal(clock.pending.size, 1);
    stream.close();
  });

  it('with reconnect off, stops at the first close', async () => {
    const ws = fakeWebSocket();
    const client = createAgentClient({
      baseUrl: 'http://cc.test',
      fetch: fakeFetch(() => ({ status: 200, body: aSession() })).fetch,
      WebSocket: ws.WebSocket,
    });
    const stream = client.connect({ reconnect: false });
    assert.equal(ws.sockets[0]?.url, 'ws://cc.test/api/v1/agent/stream');
    assert.equal(ws.sockets[0]?.init, undefined, 'no cookie: the plain constructor');
    const errors: string[] = [];
    stream.on('error', (e) => errors.push(e.code));
    ws.sockets[0]?.serverSend({ type: 'session', session: aSession() });
    ws.sockets[0]?.serverClose(1001);
    await flush();
    assert.equal(stream.status, 'closed');
    assert.deepEqual(errors, ['SDK_STREAM_CLOSED']);
    assert.equal(ws.sockets.length, 1);
  });
});
