import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAgentClient } from './agent-client.ts';
import { AgentApiError } from './errors.ts';
import { aSession, fakeFetch } from './testing/fakes.ts';

const meBody = {
  id: 'u1',
  username: 'agent1',
  isAdmin: false,
  mustChangePassword: false,
  employee: null,
  role: null,
  permissions: ['cti.workspace'],
  dataScope: 'self',
};

describe('agent client: HTTP', () => {
  it('sends each command to its endpoint and parses the session', async () => {
    const { fetch, requests } = fakeFetch(() => ({ status: 200, body: aSession() }));
    const client = createAgentClient({ baseUrl: 'http://cc.test:8080/', fetch, locale: 'en-US' });
    await client.session();
    await client.signIn({ extension: null });
    await client.setState('busy', 'r1');
    await client.setState({ state: 'idle' });
    await client.hangup();
    await client.hold();
    await client.unhold();
    await client.transfer({ kind: 'agent', agentNumber: '2002' });
    await client.consult({ kind: 'extension', number: '8803' });
    await client.completeConsult();
    await client.cancelConsult();
    await client.conference({ kind: 'number', number: '13900000000' });
    await client.dropConference();
    await client.rate();
    const s = await client.signOut();
    assert.equal(s.agentNumber, '2001');
    assert.deepEqual(
      requests.map((r) => [r.method, r.url.replace('http://cc.test:8080/api/v1', ''), r.body]),
      [
        ['GET', '/agent/session', undefined],
        ['POST', '/agent/session', { extension: null }],
        ['PUT', '/agent/session/state', { state: 'busy', reasonId: 'r1' }],
        ['PUT', '/agent/session/state', { state: 'idle' }],
        ['POST', '/agent/call/hangup', undefined],
        ['POST', '/agent/call/hold', undefined],
        ['POST', '/agent/call/unhold', undefined],
        ['POST', '/agent/call/transfer', { to: { kind: 'agent', agentNumber: '2002' } }],
        ['POST', '/agent/call/consult', { to: { kind: 'extension', number: '8803' } }],
        ['POST', '/agent/call/consult/complete', undefined],
        ['POST', '/agent/call/consult/cancel', undefined],
        ['POST', '/agent/call/conference', { to: { kind: 'number', number: '13900000000' } }],
        ['POST', '/agent/call/conference/drop', undefined],
        ['POST', '/agent/call/rate', undefined],
        ['DELETE', '/agent/session', undefined],
      ],
    );
    assert.equal(requests[0]?.headers['accept-language'], 'en-US');
    assert.equal(requests[1]?.headers['content-type'], 'application/json');
    assert.equal(requests[0]?.headers['content-type'], undefined, 'no content type without a body');
  });

  it('dials and returns the call id', async () => {
    const { fetch, requests } = fakeFetch(() => ({ status: 200, body: { callId: 'c9' } }));
    const client = createAgentClient({ baseUrl: 'http://cc.test', fetch });
    const r = await client.dial({ kind: 'number', number: '13900000000' }, { accessNumber: '4008009000' });
    assert.equal(r.callId, 'c9');
    assert.equal(requests[0]?.url, 'http://cc.test/api/v1/agent/dial');
    assert.deepEqual(requests[0]?.body, { to: { kind: 'number', number: '13900000000' }, accessNumber: '4008009000' });
  });

  it('keeps the session cookie from login (Node) and sends it afterwards', async () => {
    const { fetch, requests } = fakeFetch((r) =>
      r.url.endsWith('/auth/login')
        ? { status: 200, body: meBody, setCookie: ['rexian_session=abc123; Path=/; HttpOnly; SameSite=Strict'] }
        : { status: 200, body: aSession() },
    );
    const client = createAgentClient({ baseUrl: 'http://cc.test', fetch });
    const who = await client.login('agent1', 'pw');
    assert.equal(who.username, 'agent1');
    assert.equal(client.cookie, 'rexian_session=abc123');
    await client.session();
    assert.equal(requests[0]?.headers.cookie, undefined);
    assert.equal(requests[1]?.headers.cookie, 'rexian_session=abc123');
  });

  it('fails login in Node when the server sets no cookie', async () => {
    const { fetch } = fakeFetch(() => ({ status: 200, body: meBody }));
    const client = createAgentClient({ baseUrl: 'http://cc.test', fetch });
    await assert.rejects(client.login('agent1', 'pw'), { code: 'SDK_NO_SESSION_COOKIE' });
  });

  it('throws the server’s stable error code with status, details and request id', async () => {
    const { fetch } = fakeFetch(() => ({
      status: 409,
      body: {
        error: {
          code: 'AGENT_EXTENSION_TAKEN',
          message: 'extension 8801 is used by agent 2001',
          details: { number: '8801', agentNumber: '2001' },
          requestId: 'req-7',
        },
      },
    }));
    const client = createAgentClient({ baseUrl: 'http://cc.test', fetch, cookie: 'rexian_session=x' });
    const e = await client.signIn({ extension: '8801' }).catch((x: unknown) => x);
    assert.ok(e instanceof AgentApiError);
    assert.equal(e.code, 'AGENT_EXTENSION_TAKEN');
    assert.equal(e.status, 409);
    assert.equal(e.message, 'extension 8801 is used by agent 2001');
    assert.deepEqual(e.details, { number: '8801', agentNumber: '2001' });
    assert.equal(e.requestId, 'req-7');
    assert.equal(e.isFatal, false);
  });

  it('names network failures and answers that are not the API’s', async () => {
    const down = createAgentClient({ baseUrl: 'http://cc.test', fetch: fakeFetch(() => new Error('ECONNREFUSED')).fetch });
    await assert.rejects(down.session(), { code: 'SDK_NETWORK_ERROR', status: 0 });
    const proxy = createAgentClient({
      baseUrl: 'http://cc.test',
      fetch: fakeFetch(() => ({ status: 502, raw: '<html>Bad gateway</html>' })).fetch,
    });
    await assert.rejects(proxy.session(), { code: 'SDK_BAD_RESPONSE', status: 502 });
    const old = createAgentClient({
      baseUrl: 'http://cc.test',
      fetch: fakeFetch(() => ({ status: 200, body: { state: 'idle' } })).fetch,
    });
    await assert.rejects(old.session(), { code: 'SDK_BAD_RESPONSE' });
    const unbound = createAgentClient({
      baseUrl: 'http://cc.test',
      fetch: fakeFetch(() => ({ status: 404, body: { error: { code: 'AGENT_NOT_BOUND', message: 'no agent' } } })).fetch,
    });
    await assert.rejects(unbound.session(), (e: unknown) => e instanceof AgentApiError && e.isFatal);
  });

  it('needs a baseUrl outside a browser', () => {
    assert.throws(() => createAgentClient({ fetch: fakeFetch(() => ({ status: 200 })).fetch }), {
      code: 'SDK_NETWORK_ERROR',
    });
  });
});
