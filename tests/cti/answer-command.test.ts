import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSipBindingsStore } from '../../apps/server/src/sip/sip-bindings.ts';
import { freePort, PASSWORD, type SipTestServer, startSipServer } from '../sip/harness.ts';
import { type Phone, startPhone, waitFor } from '../switch/phones.ts';

const ACCESS = '4008006000';

/**
 * Issue 8 §3 "answer (for phones that support auto-answer headers)": the agent's desk phone — SIPp
 * playing a phone that rings for an ordinary INVITE and answers at once one carrying
 * `Call-Info: …;answer-after=0` — rings for a queue call; the agent presses answer in the workspace; CTI
 * cancels the ringing INVITE and sends it again with the auto-answer headers; the phone answers and the
 * customer (baresip) is connected to it.
 */
describe('answer from the workspace on a phone that honours auto-answer headers', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rexian-answer-'));
  let server: SipTestServer;
  let customer: Phone;
  let cookie: string;
  let sippDone: Promise<{ code: number | null; output: string }>;

  before(async () => {
    server = await startSipServer({
      REXIAN_RTP_PORT_MIN: '38000',
      REXIAN_RTP_PORT_MAX: '38999',
      REXIAN_MEDIA_WORKERS: '1',
      REXIAN_VOICEMAIL: 'false',
    });
    const roles = await server.api<{ id: string; name: string }[]>('GET', '/api/v1/roles');
    const agentRole = roles.body.find((r) => r.name === '座席');
    const dept = await server.api<{ id: string }>('POST', '/api/v1/departments', { name: '客服部' });
    const added = await server.api<{ agent: { id: string } }>('POST', '/api/v1/employees/quick-add', {
      code: 'E1',
      name: '座席',
      departmentId: dept.body.id,
      extensionNumber: '8801',
      extensionPassword: PASSWORD,
      agentNumber: '2001',
      agentPassword: 'Ag3nt7x9Pw',
      user: { username: 'agent1', password: 'Temp-Pass-9x!', roleId: agentRole?.id },
    });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const queue = await server.api<{ id: string }>('POST', '/api/v1/queues', {
      name: '售后',
      number: '9001',
      ringTimeMs: 20_000,
      members: [{ agentId: added.body.agent.id, level: 5 }],
    });
    assert.equal(queue.status, 201, JSON.stringify(queue.body));
    const access = await server.api('POST', '/api/v1/access-numbers', {
      number: ACCESS,
      callType: 'in',
      target: { kind: 'queue', queueId: queue.body.id },
    });
    assert.equal(access.status, 201, JSON.stringify(access.body));

    // The desk phone: SIPp registered (in the registrar) as extension 8801.
    const phonePort = await freePort('udp');
    sippDone = new Promise((resolve) => {
      const child = spawn(
        'timeout',
        [
          '90',
          'sipp',
          '-sf',
          path.join(import.meta.dirname, 'auto-answer-phone.sipp.xml'),
          '-i',
          '127.0.0.1',
          '-p',
          String(phonePort),
          '-m',
          '2',
          '-trace_msg',
          '-message_file',
          path.join(dir, 'phone-messages.log'),
          '-nostdin',
        ],
        { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let output = '';
      child.stdout.on('data', (d) => {
        output += d;
      });
      child.stderr.on('data', (d) => {
        output += d;
      });
      child.on('close', (code) => resolve({ code, output }));
    });
    const aor = 'sip:8801@127.0.0.1';
    await createSipBindingsStore(server.rexian.db, '127.0.0.1').replace(aor, [
      {
        aor,
        contact: `sip:8801@127.0.0.1:${phonePort}`,
        expiresAt: Date.now() + 3_600_000,
        q: null,
        callId: 'desk-phone',
        cseq: 1,
        source: { protocol: 'UDP', address: '127.0.0.1', port: phonePort },
        userAgent: 'SIPp desk phone',
        instanceId: null,
        updatedAt: Date.now(),
      },
    ]);
    cookie = await server.signInExisting('agent1', 'Temp-Pass-9x!');
    const signIn = await server.apiAs(cookie, 'POST', '/api/v1/agent/session', {});
    assert.equal(signIn.status, 200, JSON.stringify(signIn.body));
    customer = await startPhone(server, dir, '8800', 600);
  });
  after(async () => {
    customer?.peer.kill();
    await server?.close();
    if (process.env.KEEP) console.log('kept', dir);
    else rmSync(dir, { recursive: true, force: true });
  });

  it('the phone rings; answer in the workspace makes it answer by itself', async () => {
    const sw = server.rexian.sip?.telephony?.sw;
    assert.ok(sw);
    const early = await server.apiAs<{ error: { code: string } }>(cookie, 'POST', '/api/v1/agent/call/answer');
    assert.equal(early.body.error.code, 'CTI_NO_CALL', 'nothing to answer yet');

    const dialled = await customer.peer.command('dial', `sip:${ACCESS}@127.0.0.1:${server.udpPort}`);
    assert.equal(dialled.ok, true, JSON.stringify(dialled));
    await waitFor('the agent’s phone ringing', async () => {
      const s = await server.apiAs<{ call: { state: string } | null }>(cookie, 'GET', '/api/v1/agent/session');
      return s.body.call?.state === 'ringing' ? true : undefined;
    });
    await new Promise((r) => setTimeout(r, 1000)); // it keeps ringing: this phone does not answer by itself
    const ringing = await server.apiAs<{ state: string }>(cookie, 'GET', '/api/v1/agent/session');
    assert.equal(ringing.body.state, 'ringing');

    const answered = await server.apiAs(cookie, 'POST', '/api/v1/agent/call/answer');
    assert.equal(answered.status, 200, JSON.stringify(answered.body));
    const talking = await waitFor('the agent talking', async () => {
      const s = await server.apiAs<{ state: string; call: { state: string } | null }>(cookie, 'GET', '/api/v1/agent/session');
      return s.body.state === 'talking' && s.body.call?.state === 'talking' ? s.body : undefined;
    });
    assert.equal(talking.state, 'talking');
    const up = sw.model.listChannels().filter((c) => c.state === 'answered');
    assert.equal(up.length, 2, 'customer and desk phone');
    assert.equal(up[0]?.bridgeId, up[1]?.bridgeId);

    await customer.peer.command('hangup');
    const sipp = await sippDone;
    assert.equal(sipp.code, 0, `the phone's scenario completed both calls: ${sipp.output.slice(-500)}`);
    const messages = readdirSync(dir).some((f) => f === 'phone-messages.log')
      ? readFileSync(path.join(dir, 'phone-messages.log'), 'utf8')
      : '';
    const invites = messages.split(/\n(?=-{3,})/).filter((m) => /^INVITE sip:/m.test(m));
    assert.equal(invites.length, 2, 'rung twice');
    assert.doesNotMatch(invites[0] as string, /answer-after/);
    assert.match(invites[1] as string, /Call-Info: <sip:[^>]+>;answer-after=0/);
    assert.match(invites[1] as string, /Alert-Info: <[^>]+>;info=alert-autoanswer/);
    assert.match(messages, /^CANCEL sip:/m, 'the first INVITE was cancelled');
  });
});
