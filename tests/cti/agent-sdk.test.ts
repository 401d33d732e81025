import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { AgentApiError, type AgentEvent, type AgentStream, createAgentClient } from '@rexian/agent-sdk';
import { type SipTestServer, startSipServer } from '../sip/harness.ts';
import { waitFor } from '../switch/phones.ts';

/**
 * The agent SDK in Node against a real server (issue 8 §5): a quick-added agent logs in with the SDK (the
 * cookie travels as a header), changes the temporary password, signs in monitor-only (no extension, no
 * phone), opens the event stream and sees its own session change with each state command.
 */
/** The AgentApiError a promise rejects with. */
async function failure(p: Promise<unknown>): Promise<AgentApiError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  assert.ok(e instanceof AgentApiError, `an AgentApiError, got ${String(e)}`);
  return e;
}

describe('agent SDK against a real server', () => {
  let server: SipTestServer;
  let baseUrl: string;
  const streams: AgentStream[] = [];

  before(async () => {
    server = await startSipServer({
      REXIAN_RTP_PORT_MIN: '38600',
      REXIAN_RTP_PORT_MAX: '38699',
      REXIAN_MEDIA_WORKERS: '1',
      REXIAN_VOICEMAIL: 'false',
    });
    const { port } = server.rexian.app.server.address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
    const roles = await server.api<{ id: string; name: string }[]>('GET', '/api/v1/roles');
    const agentRole = roles.body.find((r) => r.name === '座席');
    assert.ok(agentRole, 'the built-in agent role');
    const dept = await server.api<{ id: string }>('POST', '/api/v1/departments', { name: '客服部' });
    assert.equal(dept.status, 201, JSON.stringify(dept.body));
    const r = await server.api('POST', '/api/v1/employees/quick-add', {
      code: 'E951',
      name: '座席甲',
      departmentId: dept.body.id,
      extensionNumber: '8851',
      extensionPassword: 'Ab3dE5gH7jK9',
      agentNumber: '2051',
      agentPassword: 'Ag3nt7x9Pw',
      user: { username: 'sdkagent', password: 'Temp-Pass-9x!', roleId: agentRole.id },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  });
  after(async () => {
    for (const s of streams) s.close();
    await server?.close();
  });

  it('logs in, signs in monitor-only and sees its session events as it changes state', async () => {
    const client = createAgentClient({ baseUrl, locale: 'en-US' });
    const first = await client.login('sdkagent', 'Temp-Pass-9x!');
    assert.equal(first.mustChangePassword, true);
    assert.match(client.cookie ?? '', /^rexian_session=/);
    // Until the temporary password is changed the API says so, with its stable code.
    await assert.rejects(client.session(), { code: 'AUTH_PASSWORD_CHANGE_REQUIRED', status: 403 });
    const changed = await client.changePassword('Temp-Pass-9x!', 'Sdk-Agent-Pw-7');
    assert.equal(changed.mustChangePassword, false);

    const signedIn = await client.signIn({ extension: null });
    assert.deepEqual([signedIn.state, signedIn.extension, signedIn.agentNumber], ['idle', null, '2051']);

    const stream = client.connect({ reconnect: { initialDelayMs: 200, maxDelayMs: 2000 } });
    streams.push(stream);
    const events: AgentEvent[] = [];
    stream.on('event', (e) => events.push(e));
    const states: string[] = [];
    stream.on('session', (e) => states.push(e.session.state));
    const ready = await stream.ready();
    assert.equal(ready.state, 'idle');
    assert.equal(ready.extension, null);

    const busy = await client.setState('busy');
    assert.equal(busy.state, 'busy');
    await waitFor('the busy session on the stream', () => (stream.session?.state === 'busy' ? true : undefined));
    await client.setState('away');
    await waitFor('away on the stream', () => (stream.session?.state === 'away' ? true : undefined));
    // A call command without a call: the server's code arrives as a typed error.
    const noCall = await failure(client.hold());
    assert.equal(noCall.code, 'CTI_NO_CALL');
    assert.equal(noCall.status, 409);
    await client.signOut();
    await waitFor('signed out on the stream', () => (stream.session?.state === 'signed-out' ? true : undefined));
    assert.deepEqual(
      states.filter((s, i) => s !== states[i - 1]),
      ['idle', 'busy', 'away', 'signed-out'],
    );
    assert.ok(
      events.every((e) => e.type === 'session'),
      'no call events without calls',
    );
    assert.equal(stream.status, 'open');
    stream.close();
    assert.equal(stream.status, 'closed');
  });

  it('a user without an agent gets AGENT_NOT_BOUND on the stream, and it stops', async () => {
    const client = createAgentClient({ baseUrl, locale: 'en-US' });
    await client.login('admin', 'Adm1n-Secure-Pw');
    await assert.rejects(client.session(), { code: 'AGENT_NOT_BOUND', status: 404 });
    const stream = client.connect({ reconnect: { initialDelayMs: 100 } });
    streams.push(stream);
    const error = await failure(stream.ready());
    assert.equal(error.code, 'AGENT_NOT_BOUND');
    assert.equal(stream.status, 'closed');
  });
});
