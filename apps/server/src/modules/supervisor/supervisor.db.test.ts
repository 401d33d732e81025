import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Permission, SupervisedAgent } from '@rexian/contracts';
import { isAppError, nullLogger } from '@rexian/kernel';
import type { SipSwitch } from '@rexian/switch';
import { callFixture } from '@rexian/switch/testing';
import type { CtiRuntime } from '../../cti/cti-runtime.ts';
import { startCti } from '../../cti/cti-runtime.ts';
import type { Actor } from '../../http/actor.ts';
import type { TelephonyRuntime } from '../../telephony/telephony-runtime.ts';
import { createTestApp, json, type TestApp } from '../../testing/test-app.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import { createAuditService } from '../audit/audit.service.ts';
import { createSupervisorService, type SupervisorService } from './supervisor.service.ts';
import { canSupervise, supervisedAgentIds, supervisorScope } from './supervisor-scope.ts';

/** Lets queued microtasks and awaited fake-adapter steps run (the fake adapter resolves at once). */
const settle = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise((r) => setImmediate(r));
};

/** Waits (in real time: database round trips) until `ready()` holds. */
async function until(what: string, ready: () => boolean) {
  for (let i = 0; i < 500 && !ready(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(ready(), what);
}

async function rejects(p: Promise<unknown>, code: string, status?: string) {
  try {
    await p;
  } catch (error) {
    assert.ok(isAppError(error), String(error));
    assert.equal(error.code, code);
    if (status) assert.equal(error.category, status);
    return;
  }
  assert.fail(`expected ${code}`);
}

/**
 * The supervisor's wallboards and actions over a real ACD and CTI (configured from the database, on the
 * fake switch adapter): the scope (managed groups and queues; 404 outside), the boards' shapes, forced
 * states and moving a waiting call.
 */
describe('supervisor wallboards and actions', () => {
  let t: TestApp;
  let admin: string;
  let rt: CtiRuntime;
  let service: SupervisorService;
  const f = callFixture();
  const ids: Record<string, string> = {};
  // Audit entries need a real user: every test actor acts as the admin user with another employee and role.
  let adminUserId = '';
  const actor = (employeeId: string | null, extra: Partial<Actor> = {}): Actor => ({
    userId: adminUserId,
    username: 'sup',
    employeeId,
    isAdmin: false,
    dataScope: 'all',
    roleId: null,
    permissions: new Set<Permission>(['cti.supervise']),
    mustChangePassword: false,
    sessionHash: '',
    ...extra,
  });
  let sup: Actor;
  let adminActor: Actor;

  const post = async (url: string, body: unknown) => {
    const r = await t.request('POST', url, { cookie: admin, body });
    assert.equal(r.statusCode, 201, r.body);
    return json<{ id: string }>(r).id;
  };

  before(async () => {
    t = await createTestApp({ clock: f.clock });
    admin = await t.adminCookie();
    adminUserId = json<{ id: string }>(await t.request('GET', '/api/v1/auth/me', { cookie: admin })).id;
    const dept = await post('/api/v1/departments', { name: '客服部' });
    for (const code of ['ES', 'EP', 'E1']) ids[code] = await post('/api/v1/employees', { code, name: code, departmentId: dept });
    ids.g1 = await post('/api/v1/agent-groups', { name: '一组' });
    ids.g2 = await post('/api/v1/agent-groups', { name: '二组' });
    for (const [k, n] of [
      ['q1', '9001'],
      ['q2', '9002'],
      ['q3', '9003'],
    ] as const) {
      ids[k] = await post('/api/v1/queues', { name: `队列${n}`, number: n });
    }
    const agent = (number: string, extra: Record<string, unknown>) =>
      post('/api/v1/agents', { number, name: `座席${number}`, password: 'agent5x9y2', ...extra });
    // a1: in the managed group; a2: member of the managed queue; a3: neither; p: a plain agent with an employee.
    ids.a1 = await agent('1001', { groupId: ids.g1, skills: [{ queueId: ids.q3, level: 5 }], employeeId: ids.E1 });
    ids.a2 = await agent('1002', { groupId: ids.g2, skills: [{ queueId: ids.q1, level: 5 }] });
    ids.a3 = await agent('1003', { groupId: ids.g2, skills: [{ queueId: ids.q2, level: 5 }] });
    ids.p = await agent('1004', { employeeId: ids.EP });
    ids.s = await agent('1900', {
      type: 'supervisor',
      employeeId: ids.ES,
      managedGroupIds: [ids.g1],
      managedQueueIds: [ids.q1],
    });
    rt = await startCti({
      db: t.db,
      sw: { model: f.model, bus: f.bus, controller: f.controller, clock: f.clock, ring: () => {} } as unknown as SipSwitch,
      clock: f.clock,
      log: nullLogger,
      routes: { voicemail: async () => {}, ivr: async () => {}, outbound: async () => null },
    });
    const audit = createAuditService({ repo: createAuditRepository(t.db), log: nullLogger });
    const telephony = { cti: rt } as unknown as TelephonyRuntime;
    service = createSupervisorService({ db: t.db, telephony: () => telephony, audit, clock: f.clock, log: nullLogger });
    sup = actor(ids.ES ?? null);
    adminActor = actor(null, { isAdmin: true });
  });
  after(async () => {
    await rt?.stop();
    await t?.close();
  });

  it('scope: a supervisor reaches its managed groups’ agents, its managed queues’ members and those queues', async () => {
    const scope = supervisorScope(rt, sup);
    assert.equal(scope.kind, 'managed');
    assert.equal(scope.supervisorAgentId, ids.s);
    assert.deepEqual([...scope.agentIds].sort(), [ids.a1, ids.a2, ids.s].sort());
    assert.deepEqual([...scope.queueIds], [ids.q1]);
    assert.equal(canSupervise(rt, sup, ids.a3 ?? ''), false);
    assert.equal(supervisedAgentIds(rt, adminActor).size, 5, 'an admin supervises every agent');
    assert.equal(supervisorScope(rt, actor(ids.EP ?? null)).kind, 'none', 'a plain agent supervises nobody');

    const board = await service.agents(sup);
    assert.equal(board.scope, 'managed');
    assert.deepEqual(
      board.items.map((a) => a.number),
      ['1001', '1002', '1900'],
    );
    const queues = await service.queues(sup);
    assert.deepEqual(
      queues.items.map((q) => q.number),
      ['9001'],
    );
    assert.equal((await service.queues(adminActor)).items.length, 3);
    const nobody = await service.agents(actor(ids.EP ?? null));
    assert.deepEqual([nobody.scope, nobody.items.length], ['none', 0]);
    const unbound = await service.agents(actor(null));
    assert.deepEqual([unbound.scope, unbound.items.length], ['none', 0]);
  });

  it('forces busy, idle and sign-out inside the scope (audited); outside it answers 404', async () => {
    const a1 = ids.a1 ?? '';
    rt.cti.signIn(a1, { extension: '8101' });
    const busy = await service.forceState(sup, '127.0.0.1', a1, { state: 'busy' });
    assert.deepEqual([busy.state, busy.reasonId, busy.extension], ['busy', 'default', '8101']);
    assert.deepEqual(rt.acd.agent(a1).owner, { kind: 'supervisor', id: ids.s });
    // The minimum busy time binds the agent, not the supervisor.
    const idle = await service.forceState(sup, '127.0.0.1', a1, { state: 'idle' });
    assert.equal(idle.state, 'idle');
    const out = await service.forceState(sup, '127.0.0.1', a1, { state: 'signed-out' });
    assert.deepEqual([out.state, out.extension], ['signed-out', null]);
    await rejects(service.forceState(sup, '127.0.0.1', a1, { state: 'busy' }), 'ACD_AGENT_NOT_SIGNED_IN');

    const a3 = ids.a3 ?? '';
    rt.cti.signIn(a3, { extension: '8103' });
    await rejects(service.forceState(sup, '127.0.0.1', a3, { state: 'busy' }), 'AGENT_NOT_FOUND', 'not_found');
    assert.equal(rt.acd.agent(a3).state, 'idle', 'untouched');
    await rejects(service.forceState(sup, '127.0.0.1', 'no-such-agent', { state: 'busy' }), 'AGENT_NOT_FOUND');
    await rejects(service.forceState(actor(ids.EP ?? null), '127.0.0.1', a1, { state: 'busy' }), 'AGENT_NOT_FOUND', 'not_found');
    // An admin reaches everyone.
    assert.equal((await service.forceState(adminActor, '127.0.0.1', a3, { state: 'signed-out' })).state, 'signed-out');

    const log = json<{ items: { action: string; targetId: string; details: Record<string, unknown> }[] }>(
      await t.request('GET', '/api/v1/audit?action=agent.state.force&pageSize=50', { cookie: admin }),
    );
    assert.deepEqual(
      log.items.filter((e) => e.targetId === a1).map((e) => e.details.to),
      ['signed-out', 'idle', 'busy'],
    );
  });

  it('wallboards show a waiting call (masked), then the agent ringing and talking with it; moves refuse what they must', async () => {
    const a2 = ids.a2 ?? '';
    const q1 = ids.q1 ?? '';
    const customer = f.model.createChannel({
      callId: 'call-1',
      direction: 'inbound',
      role: 'caller',
      caller: '13800138000',
      callee: '4008001000',
    });
    void rt.queueCall(customer, { queueId: q1, accessNumber: '4008001000' });
    await until('the call waits in the queue', () => rt.acd.call('call-1')?.status === 'waiting');
    f.clock.advance(7_000);
    const waiting = (await service.queues(sup)).items[0];
    assert.ok(waiting);
    assert.deepEqual(
      [waiting.waiting, waiting.longestWaitMs, waiting.signedInAgents, waiting.calls[0]?.caller, waiting.calls[0]?.status],
      [1, 7_000, 0, '138****8000', 'waiting'],
    );
    // Unmasked for a holder of pbx.cdr.unmasked.
    const clear = await service.queues(
      actor(ids.ES ?? null, { permissions: new Set<Permission>(['cti.supervise', 'pbx.cdr.unmasked']) }),
    );
    assert.equal(clear.items[0]?.calls[0]?.caller, '13800138000');

    // Moving: only into a supervised queue; only a supervised call.
    await rejects(service.moveCall(sup, '127.0.0.1', 'call-1', ids.q2 ?? ''), 'QUEUE_NOT_FOUND', 'not_found');
    await rejects(service.moveCall(sup, '127.0.0.1', 'no-such-call', q1), 'SUPERVISOR_CALL_NOT_FOUND', 'not_found');
    await service.moveCall(adminActor, '127.0.0.1', 'call-1', ids.q2 ?? '');
    assert.equal((await service.queues(sup)).items[0]?.waiting, 0, 'gone from the supervisor’s queue');
    await rejects(service.moveCall(sup, '127.0.0.1', 'call-1', q1), 'SUPERVISOR_CALL_NOT_FOUND', 'not_found');
    await service.moveCall(adminActor, '127.0.0.1', 'call-1', q1);

    // An agent of the queue signs in: its phone rings, then it answers.
    rt.cti.signIn(a2, { extension: '8102' });
    await until('the agent rings', () => rt.acd.agent(a2).state === 'ringing');
    const ring = (await service.agents(sup)).items.find((a) => a.agentId === a2) as SupervisedAgent;
    assert.equal(ring.state, 'ringing');
    assert.deepEqual(
      [ring.call?.callId, ring.call?.customer, ring.call?.state, ring.call?.queueName],
      ['call-1', '138****8000', 'ringing', '队列9001'],
    );
    const leg = f.model.listChannels().find((c) => c.direction === 'outbound' && c.callee === '8102');
    assert.ok(leg, 'the agent’s extension rings');
    f.model.answered(leg.id);
    await until('the agent talks', () => rt.acd.agent(a2).state === 'talking');
    const talking = (await service.agents(sup)).items.find((a) => a.agentId === a2) as SupervisedAgent;
    assert.deepEqual([talking.state, talking.call?.state, talking.answered], ['talking', 'talking', 1]);
    await rejects(service.moveCall(adminActor, '127.0.0.1', 'call-1', ids.q2 ?? ''), 'ACD_CALL_NOT_WAITING', 'conflict');
    await rejects(service.forceState(sup, '127.0.0.1', a2, { state: 'busy' }), 'ACD_AGENT_ON_CALL', 'conflict');
    f.model.hungUp(leg.id, 'normal-clearing', 'remote');
    await settle();
  });

  it('the stream sends both boards at once and again after a change, coalesced', async () => {
    const sent: { agents: SupervisedAgent[]; queues: unknown[] }[] = [];
    const stop = await service.watch(sup, {
      recheck: async () => sup,
      send: (m) => sent.push(m),
      close: () => {},
    });
    await until('the first push', () => sent.length === 1);
    const a1 = ids.a1 ?? '';
    rt.cti.signIn(a1, { extension: '8101' });
    rt.cti.setState(a1, 'busy', undefined, { kind: 'supervisor', id: 'x' });
    await settle();
    assert.equal(sent.length, 1, 'not before the coalescing delay');
    f.clock.advance(250);
    await until('one push for the burst', () => sent.length === 2);
    await settle();
    assert.equal(sent.length, 2, 'only one');
    assert.equal(sent[1]?.agents.find((a) => a.agentId === a1)?.state, 'busy');
    stop();
    rt.cti.setState(a1, 'idle', undefined, { kind: 'supervisor', id: 'x' });
    f.clock.advance(250);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(sent.length, 2, 'nothing after the stream ended');
  });
});
