import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AgentEvent } from '@rexian/contracts';
import type { SipSwitch } from '@rexian/switch';
import { PASSWORD, type SipTestServer, startSipServer } from '../sip/harness.ts';
import { type Phone, peakFrequency, startPhone, waitFor } from '../switch/phones.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ACCESS = '4008009000';

function near(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) < 30, `${what}: heard ${actual} Hz, expected ${expected} Hz`);
}

/** An agent's WebSocket stream, keeping every event. */
async function agentStream(server: SipTestServer, cookie: string) {
  const { port } = server.rexian.app.server.address() as AddressInfo;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/agent/stream`, { headers: { cookie } } as unknown as string[]);
  const events: AgentEvent[] = [];
  ws.addEventListener('message', (e) => events.push(JSON.parse(String(e.data)) as AgentEvent));
  await waitFor('the first session message', () => (events.some((e) => e.type === 'session') ? true : undefined));
  const session = () => [...events].reverse().find((e) => e.type === 'session');
  return { ws, events, session };
}

/**
 * Issue 8's inbound path with real phones: a customer (baresip) dials an access number whose target is
 * a queue; two agents, created by quick add, sign in through the workspace API with their baresip
 * phones; the longest-idle agent's phone rings and its stream pops the call; customer and agent hear each
 * other's tones; the agent transfers the call to the second agent, goes to wrap-up, and the customer
 * then hears the second agent; the event log and CDR agree.
 */
describe('inbound: access number → queue → agent, with a transfer to a second agent', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rexian-cti-'));
  let server: SipTestServer;
  let sw: SipSwitch;
  let customer: Phone;
  const agents: { phone: Phone; cookie: string; id: string; number: string }[] = [];
  let queueId: string;

  before(async () => {
    server = await startSipServer({
      REXIAN_RTP_PORT_MIN: '35000',
      REXIAN_RTP_PORT_MAX: '35999',
      REXIAN_MEDIA_WORKERS: '1',
      REXIAN_VOICEMAIL: 'false',
    });
    const running = server.rexian.sip?.telephony?.sw;
    assert.ok(running, 'the switch started');
    sw = running;
    // The built-in 座席 role holds cti.workspace: the agents use the workspace as themselves.
    const roles = await server.api<{ id: string; name: string }[]>('GET', '/api/v1/roles');
    const agentRole = roles.body.find((r) => r.name === '座席');
    assert.ok(agentRole, 'the built-in agent role');
    const dept = await server.api<{ id: string }>('POST', '/api/v1/departments', { name: '客服部' });
    assert.equal(dept.status, 201, JSON.stringify(dept.body));
    for (const [i, hz] of [1000, 1400].entries()) {
      const n = i + 1;
      const r: { status: number; body: { agent: { id: string } } } = await server.api('POST', '/api/v1/employees/quick-add', {
        code: `E90${n}`,
        name: `座席${n}`,
        departmentId: dept.body.id,
        extensionNumber: `880${n}`,
        extensionPassword: PASSWORD,
        agentNumber: `200${n}`,
        agentPassword: 'Ag3nt7x9Pw',
        user: { username: `agent${n}`, password: 'Temp-Pass-9x!', roleId: agentRole.id },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const phone = await startPhone(server, dir, `880${n}`, hz);
      const cookie = await server.signInExisting(`agent${n}`, 'Temp-Pass-9x!');
      agents.push({ phone, cookie, id: r.body.agent.id, number: `200${n}` });
    }
    const queue = await server.api<{ id: string }>('POST', '/api/v1/queues', {
      name: '售后',
      number: '9001',
      ringTimeMs: 15_000,
      strategy: 'longest-idle',
      members: agents.map((a) => ({ agentId: a.id, level: 5 })),
    });
    assert.equal(queue.status, 201, JSON.stringify(queue.body));
    queueId = queue.body.id;
    const access = await server.api('POST', '/api/v1/access-numbers', {
      number: ACCESS,
      callType: 'in',
      target: { kind: 'queue', queueId },
    });
    assert.equal(access.status, 201, JSON.stringify(access.body));
    customer = await startPhone(server, dir, '8800', 600);
  });
  after(async () => {
    for (const p of [customer, ...agents.map((a) => a.phone)]) p?.peer.kill();
    await server?.close();
    if (process.env.KEEP) console.log('kept', dir);
    else rmSync(dir, { recursive: true, force: true });
  });

  it('rings the longest-idle agent, pops the screen, connects audio, and transfers to the other agent', async () => {
    const [one, two] = agents as [(typeof agents)[0], (typeof agents)[0]];
    // A user without a bound agent gets a clear answer.
    const admin = await server.api<{ error: { code: string } }>('GET', '/api/v1/agent/session');
    assert.equal(admin.status, 404);
    assert.equal(admin.body.error.code, 'AGENT_NOT_BOUND');

    const signedIn = await server.apiAs<{ state: string; extension: string }>(one.cookie, 'POST', '/api/v1/agent/session', {});
    assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
    assert.deepEqual([signedIn.body.state, signedIn.body.extension], ['idle', '8801']);
    await sleep(50); // agent 1 has been idle longer
    const second = await server.apiAs(two.cookie, 'POST', '/api/v1/agent/session', {});
    assert.equal(second.status, 200, JSON.stringify(second.body));
    // Agent 2 may not take agent 1's extension.
    const taken = await server.apiAs<{ error: { code: string } }>(two.cookie, 'POST', '/api/v1/agent/session', {
      extension: '8801',
    });
    assert.equal(taken.status, 409);
    const pop = await server.api('PATCH', '/api/v1/settings/cti', {
      screenPopUrl: 'https://crm.example/pop?tel={caller}&agent={agentNumber}&q={queue}',
    });
    assert.equal(pop.status, 200, JSON.stringify(pop.body));
    const s1 = await agentStream(server, one.cookie);
    const s2 = await agentStream(server, two.cookie);

    const dialled = await customer.peer.command('dial', `sip:${ACCESS}@127.0.0.1:${server.udpPort}`);
    assert.equal(dialled.ok, true, JSON.stringify(dialled));
    const ringing = await waitFor('agent 1’s screen pop', () => s1.events.find((e) => e.type === 'call.ringing'));
    assert.equal(ringing.type, 'call.ringing');
    if (ringing.type === 'call.ringing') {
      assert.equal(ringing.call.caller, '8800');
      assert.equal(ringing.call.queueName, '售后');
      assert.equal(ringing.call.accessNumber, ACCESS);
      assert.equal(
        ringing.popUrl,
        'https://crm.example/pop?tel=8800&agent=2001&q=%E5%94%AE%E5%90%8E',
        'the CRM page for this call',
      );
    }
    assert.equal(s2.events.filter((e) => e.type === 'call.ringing').length, 0, 'only the chosen agent rings');
    await waitFor('agent 1 talking', () =>
      s1.session()?.type === 'session' && s1.session()?.session.state === 'talking' ? true : undefined,
    );
    const talkingAt = Date.now();
    await sleep(3000);

    const moved = await server.apiAs<{ state: string }>(one.cookie, 'POST', '/api/v1/agent/call/transfer', {
      to: { kind: 'agent', agentNumber: two.number },
    });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal(moved.body.state, 'wrap-up');
    const transferredAt = Date.now();
    await waitFor('agent 2 answered', () =>
      s2.session()?.type === 'session' && s2.session()?.session.call?.state === 'talking' ? true : undefined,
    ).catch(() => undefined);
    await waitFor('customer bridged to agent 2', () => {
      const legs = sw.model.listChannels().filter((c) => c.state === 'answered');
      return legs.length === 2 && legs.some((c) => c.callee === '8802') ? true : undefined;
    });
    await sleep(3000);
    const hungUp = await customer.peer.command('hangup');
    assert.equal(hungUp.ok, true);
    await waitFor('every leg gone', () => (sw.legCount() === 0 ? true : undefined));

    // Audio: the customer heard agent 1 (1000 Hz), then agent 2 (1400 Hz); agent 1 heard the customer.
    const heard = await waitFor('the customer’s recording', () => customer.heard());
    const start = talkingAt - 1000;
    near(await peakFrequency(heard, (talkingAt - start) / 1000 + 0.5, 1.5), 1000, 'the customer, before the transfer');
    near(await peakFrequency(heard, (transferredAt - start) / 1000 + 1.5, 1), 1400, 'the customer, after the transfer');
    const oneHeard = await waitFor('agent 1’s recording', () => one.phone.heard());
    near(await peakFrequency(oneHeard, 1, 1.5), 600, 'agent 1');

    // The logs agree: one inbound CDR on the access number; agent 1 went ringing → talking → wrap-up.
    const cdr = await waitFor('the CDR closed', async () => {
      const r = await server.rexian.db.query<{ open: boolean; call_type: string; access_number: string; call_id: string }>(
        'SELECT open, call_type, access_number, call_id FROM cdrs',
      );
      return r.rows.length === 1 && !r.rows[0]?.open ? r.rows[0] : undefined;
    });
    assert.equal(cdr.call_type, 'inbound');
    assert.equal(cdr.access_number, ACCESS);
    const states = await waitFor('agent 1’s state log', async () => {
      const r = await server.rexian.db.query<{ to_state: string }>(
        'SELECT to_state FROM agent_state_log WHERE agent_id = $1 ORDER BY id',
        [one.id],
      );
      const all = r.rows.map((x) => x.to_state);
      return all.includes('wrap-up') ? all : undefined;
    });
    assert.deepEqual(states.slice(0, 5), ['idle', 'reserved', 'ringing', 'talking', 'wrap-up']);
    const queueLog = await server.rexian.db.query<{ event: string; call_id: string }>(
      'SELECT event, call_id FROM queue_log WHERE queue_id = $1 ORDER BY id',
      [queueId],
    );
    const events = queueLog.rows.map((r) => r.event);
    for (const e of ['queued', 'offered', 'answered']) assert.ok(events.includes(e), `${e} in the queue log: ${events}`);
    assert.ok(
      queueLog.rows.every((r) => r.call_id === cdr.call_id),
      'the queue log names the CDR’s call',
    );
    assert.ok(
      s1.events.some((e) => e.type === 'call.ended'),
      'agent 1’s stream saw its call end',
    );
    s1.ws.close();
    s2.ws.close();
  });
});
