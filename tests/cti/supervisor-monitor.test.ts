import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SipSwitch } from '@rexian/switch';
import { PASSWORD, type SipTestServer, startSipServer } from '../sip/harness.ts';
import { bandRms, type Phone, startPhone, waitFor } from '../switch/phones.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ACCESS = '4008009100';
const TONE = { customer: 600, agent: 1000, supervisor: 1400 } as const;
/** Each monitor phase lasts this long; the middle of it is analysed. */
const PHASE_MS = 4000;

/**
 * Issue 8 §4 with real phones: a customer (600 Hz) reaches an agent (1000 Hz) through a queue; a
 * supervisor (1400 Hz, quick-added as a supervisor managing the agent's group, signed in with their
 * extension) listens (hears both, nobody hears them), whispers (only the agent hears them), barges (all
 * hear all) and takes over (the agent is cut off, the customer goes on with the supervisor). A supervisor
 * outside the scope gets 404.
 */
describe('supervisor: listen, whisper, barge, take over on a queue call', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rexian-sup-'));
  let server: SipTestServer;
  let sw: SipSwitch;
  let customer: Phone;
  let agentPhone: Phone;
  let supPhone: Phone;
  let agentCookie: string;
  let supCookie: string;
  let outsiderCookie: string;
  let agentId: string;

  before(async () => {
    server = await startSipServer({
      REXIAN_RTP_PORT_MIN: '36000',
      REXIAN_RTP_PORT_MAX: '36999',
      REXIAN_MEDIA_WORKERS: '1',
      REXIAN_VOICEMAIL: 'false',
    });
    const running = server.rexian.sip?.telephony?.sw;
    assert.ok(running, 'the switch started');
    sw = running;
    const roles = await server.api<{ id: string; name: string }[]>('GET', '/api/v1/roles');
    const role = (name: string) => {
      const r = roles.body.find((x) => x.name === name);
      assert.ok(r, `the built-in role ${name}`);
      return r.id;
    };
    const dept = await server.api<{ id: string }>('POST', '/api/v1/departments', { name: '客服部' });
    assert.equal(dept.status, 201, JSON.stringify(dept.body));
    const group = await server.api<{ id: string }>('POST', '/api/v1/agent-groups', { name: '一组' });
    assert.equal(group.status, 201, JSON.stringify(group.body));
    const quickAdd = async (n: number, type: 'agent' | 'supervisor', roleName: string, groupId: string | null) => {
      const r: { status: number; body: { agent: { id: string } } } = await server.api('POST', '/api/v1/employees/quick-add', {
        code: `E95${n}`,
        name: `${type}${n}`,
        departmentId: dept.body.id,
        extensionNumber: `890${n}`,
        extensionPassword: PASSWORD,
        agentNumber: `300${n}`,
        agentPassword: 'Ag3nt7x9Pw',
        agentType: type,
        agentGroupId: groupId,
        user: { username: `user${n}`, password: 'Temp-Pass-9x!', roleId: role(roleName) },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body.agent.id;
    };
    agentId = await quickAdd(1, 'agent', '座席', group.body.id);
    const supId = await quickAdd(2, 'supervisor', '班长', null);
    const managed = await server.api('PATCH', `/api/v1/agents/${supId}`, { managedGroupIds: [group.body.id] });
    assert.equal(managed.status, 200, JSON.stringify(managed.body));
    await quickAdd(3, 'supervisor', '班长', null);
    agentPhone = await startPhone(server, dir, '8901', TONE.agent, 120);
    supPhone = await startPhone(server, dir, '8902', TONE.supervisor, 120);
    agentCookie = await server.signInExisting('user1', 'Temp-Pass-9x!');
    supCookie = await server.signInExisting('user2', 'Temp-Pass-9x!');
    outsiderCookie = await server.signInExisting('user3', 'Temp-Pass-9x!');
    const queue = await server.api<{ id: string }>('POST', '/api/v1/queues', {
      name: '售后',
      number: '9101',
      ringTimeMs: 15_000,
      strategy: 'longest-idle',
      members: [{ agentId, level: 5 }],
    });
    assert.equal(queue.status, 201, JSON.stringify(queue.body));
    const access = await server.api('POST', '/api/v1/access-numbers', {
      number: ACCESS,
      callType: 'in',
      target: { kind: 'queue', queueId: queue.body.id },
    });
    assert.equal(access.status, 201, JSON.stringify(access.body));
    customer = await startPhone(server, dir, '8900', TONE.customer, 120);
  });
  after(async () => {
    for (const p of [customer, agentPhone, supPhone]) p?.peer.kill();
    await server?.close();
    if (process.env.KEEP) console.log('kept', dir);
    else rmSync(dir, { recursive: true, force: true });
  });

  it('listens, whispers, barges and takes over; audio proves who hears whom', async (t) => {
    for (const cookie of [agentCookie, supCookie]) {
      const r = await server.apiAs(cookie, 'POST', '/api/v1/agent/session', {});
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    const answeredLeg = (callee: string) =>
      sw.model.listChannels().find((c) => c.callee === callee && c.state === 'answered' && c.bridgeId !== undefined);

    const dialled = await customer.peer.command('dial', `sip:${ACCESS}@127.0.0.1:${server.udpPort}`);
    assert.equal(dialled.ok, true, JSON.stringify(dialled));
    await waitFor('the customer answered by the queue', () =>
      sw.model.listChannels().some((c) => c.callee === ACCESS && c.state !== 'created') ? true : undefined,
    );
    const customerStart = Date.now();
    await waitFor('the agent talking with the customer', () => answeredLeg('8901'), 30_000);
    const agentStart = Date.now();

    const url = `/api/v1/supervisor/agents/${agentId}/monitor`;
    const outsider = await server.apiAs<{ error: { code: string } }>(outsiderCookie, 'POST', url, { mode: 'listen' });
    assert.equal(outsider.status, 404, JSON.stringify(outsider.body));
    assert.equal(outsider.body.error.code, 'AGENT_NOT_FOUND');

    const started = await server.apiAs<{ state: string; extension: string; mode: string }>(supCookie, 'POST', url, {
      mode: 'listen',
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    assert.deepEqual([started.body.extension, started.body.mode], ['8902', 'listen']);
    await waitFor('the supervisor in the call', () => answeredLeg('8902'), 20_000);
    const supStart = Date.now();
    const again = await server.apiAs(supCookie, 'POST', url, { mode: 'barge' });
    assert.equal(again.status, 409, 'one monitor per agent');

    const phases: Record<'listen' | 'whisper' | 'barge' | 'takeover', number> = {
      listen: Date.now(),
      whisper: 0,
      barge: 0,
      takeover: 0,
    };
    await sleep(PHASE_MS);
    for (const mode of ['whisper', 'barge'] as const) {
      const r = await server.apiAs<{ mode: string }>(supCookie, 'PUT', url, { mode });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.mode, mode);
      phases[mode] = Date.now();
      await sleep(PHASE_MS);
    }
    const took = await server.apiAs(supCookie, 'POST', `/api/v1/supervisor/agents/${agentId}/takeover`);
    assert.equal(took.status, 200, JSON.stringify(took.body));
    phases.takeover = Date.now();
    await waitFor('the agent’s leg gone', () =>
      sw.model.listChannels().some((c) => c.callee === '8901' && c.state === 'hung-up') ? true : undefined,
    );
    const session = await server.apiAs<{ state: string }>(agentCookie, 'GET', '/api/v1/agent/session');
    assert.equal(session.body.state, 'wrap-up', 'the ACD saw the agent’s call end');
    await sleep(PHASE_MS);
    const customerLeg = answeredLeg(ACCESS);
    assert.ok(customerLeg, 'the customer is still in the call');
    assert.equal(customerLeg.bridgeId, answeredLeg('8902')?.bridgeId, 'customer and supervisor talk on');
    const hungUp = await customer.peer.command('hangup');
    assert.equal(hungUp.ok, true);
    await waitFor('every leg gone', () => (sw.legCount() === 0 ? true : undefined), 20_000);

    const files = {
      customer: await waitFor('the customer’s recording', () => customer.heard()),
      agent: await waitFor('the agent’s recording', () => agentPhone.heard()),
      supervisor: await waitFor('the supervisor’s recording', () => supPhone.heard()),
    };
    const starts = { customer: customerStart, agent: agentStart, supervisor: supStart };
    /** RMS of `hz` in what `who` heard during the middle of a phase. */
    const level = (who: keyof typeof files, phase: keyof typeof phases, hz: number) =>
      bandRms(files[who], hz - 60, hz + 60, Math.max(0, (phases[phase] - starts[who]) / 1000 + 1), 2);
    const report: string[] = [];
    const hears = async (who: keyof typeof files, phase: keyof typeof phases, tone: keyof typeof TONE, yes: boolean) => {
      const v = await level(who, phase, TONE[tone]);
      report.push(`${phase}: ${who} ${yes ? 'hears' : 'does not hear'} ${tone} (${v.toFixed(4)})`);
      return yes ? v > 0.05 : v < 0.02;
    };
    const checks: [keyof typeof files, keyof typeof phases, keyof typeof TONE, boolean][] = [
      ['supervisor', 'listen', 'customer', true],
      ['supervisor', 'listen', 'agent', true],
      ['customer', 'listen', 'agent', true],
      ['customer', 'listen', 'supervisor', false],
      ['agent', 'listen', 'supervisor', false],
      ['agent', 'whisper', 'supervisor', true],
      ['agent', 'whisper', 'customer', true],
      ['customer', 'whisper', 'supervisor', false],
      ['supervisor', 'whisper', 'customer', true],
      ['customer', 'barge', 'supervisor', true],
      ['customer', 'barge', 'agent', true],
      ['agent', 'barge', 'supervisor', true],
      ['supervisor', 'barge', 'agent', true],
      ['customer', 'takeover', 'supervisor', true],
      ['customer', 'takeover', 'agent', false],
      ['supervisor', 'takeover', 'customer', true],
    ];
    const failed: typeof checks = [];
    for (const check of checks) if (!(await hears(...check))) failed.push(check);
    t.diagnostic(report.join('; '));
    assert.deepEqual(
      failed.map(([who, phase, tone, yes]) => `${phase}: ${who} ${yes ? 'hears' : 'does not hear'} ${tone}`),
      [],
      report.join('\n'),
    );
  });
});
