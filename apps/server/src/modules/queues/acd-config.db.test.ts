import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DISTRIBUTION_STRATEGIES, PREFERENCE_RULES } from '@rexian/acd';
import { distributionStrategies, preferenceRules } from '@rexian/contracts';
import { createTestApp, json, type TestApp } from '../../testing/test-app.ts';

type Err = { error: { code: string; message: string } };
type Agent = {
  id: string;
  number: string;
  name: string;
  skills: { queueId: string; level: number }[];
  managedGroupIds: string[];
};
type Queue = {
  id: string;
  number: string;
  strategy: string;
  ringTimeMs: number;
  onMaxWait: { kind: string };
  members: { agentNumber: string; level: number }[];
};

describe('ACD configuration: agent groups, agents, queues, VIP numbers, busy reasons', () => {
  let t: TestApp;
  let admin: string;
  const post = async <T>(url: string, body: unknown, status = 201, cookie = admin) => {
    const r = await t.request('POST', url, { cookie, body });
    assert.equal(r.statusCode, status, r.body);
    return json<T>(r);
  };
  before(async () => {
    t = await createTestApp();
    admin = await t.adminCookie();
  });
  after(() => t.close());

  it('keeps the strategy and rule lists equal to the ACD package', () => {
    assert.deepEqual([...distributionStrategies], [...DISTRIBUTION_STRATEGIES]);
    assert.deepEqual([...preferenceRules].sort(), [...PREFERENCE_RULES].sort());
  });

  it('creates agent groups and refuses duplicates and deleting a group with agents', async () => {
    const g = await post<{ id: string }>('/api/v1/agent-groups', { name: '呼入一组' });
    assert.equal((await post<Err>('/api/v1/agent-groups', { name: '呼入一组' }, 409)).error.code, 'AGENT_GROUP_NAME_TAKEN');
    await post('/api/v1/agents', { number: '1001', name: '甲', password: 'agent5x9y2', groupId: g.id });
    const del = await t.request('DELETE', `/api/v1/agent-groups/${g.id}`, { cookie: admin });
    assert.equal(json<Err>(del).error.code, 'AGENT_GROUP_HAS_AGENTS');
  });

  it('applies the manual password rule to agents and hashes the password', async () => {
    for (const bad of ['abc12', 'abcdefg', 'ab1234cd']) {
      assert.equal(
        (await post<Err>('/api/v1/agents', { number: '1099', name: 'x', password: bad }, 400)).error.code,
        'VALIDATION_FAILED',
      );
    }
    const r = await t.db.query<{ password_hash: string }>("SELECT password_hash FROM agents WHERE number = '1001'");
    assert.match(r.rows[0]?.password_hash ?? '', /^\$argon2id\$/);
  });

  it('creates agents in a batch keeping leading zeros, all or none', async () => {
    const made = await post<Agent[]>('/api/v1/agents/batch', { startNumber: '0098', count: 3, password: 'agent5x9y2' });
    assert.deepEqual(
      made.map((a) => [a.number, a.name]),
      [
        ['0098', '0098'],
        ['0099', '0099'],
        ['0100', '0100'],
      ],
    );
    const clash = await post<Err>('/api/v1/agents/batch', { startNumber: '0095', count: 5, password: 'agent5x9y2' }, 409);
    assert.equal(clash.error.code, 'AGENT_NUMBER_TAKEN');
    assert.match(clash.error.message, /0098/);
    const n = await t.db.query<{ n: number }>("SELECT count(*) AS n FROM agents WHERE number IN ('0095', '0096', '0097')");
    assert.equal(n.rows[0]?.n, 0, 'nothing of the failed batch was written');
  });

  it('stores the full queue table with defaults, members with skill levels, and validates overflow and VIP', async () => {
    const agents = json<{ items: Agent[] }>(await t.request('GET', '/api/v1/agents?q=1001', { cookie: admin })).items;
    const q = await post<Queue>('/api/v1/queues', {
      name: '售后',
      number: '9001',
      strategy: 'fewest-answered',
      preferenceRules: ['caller-area', 'highest-skill'],
      maxWaitMs: 120000,
      onMaxWait: { kind: 'voicemail' },
      members: [{ agentId: agents[0]?.id, level: 7 }],
    });
    assert.equal(q.ringTimeMs, 20000);
    assert.equal(q.strategy, 'fewest-answered');
    assert.deepEqual(
      q.members.map((m) => [m.agentNumber, m.level]),
      [['1001', 7]],
    );
    const agent = json<Agent>(await t.request('GET', `/api/v1/agents/${agents[0]?.id}`, { cookie: admin }));
    assert.deepEqual(
      agent.skills.map((s) => s.level),
      [7],
    );
    const self = await t.request('PATCH', `/api/v1/queues/${q.id}`, {
      cookie: admin,
      body: { onNoAgent: { kind: 'queue', queueId: q.id } },
    });
    assert.equal(json<Err>(self).error.code, 'QUEUE_OVERFLOW_SELF');
    const crm = await t.request('PATCH', `/api/v1/queues/${q.id}`, {
      cookie: admin,
      body: { vipEnabled: true, vipMethod: 'crm' },
    });
    assert.equal(json<Err>(crm).error.code, 'VALIDATION_FAILED');
    const twice = await post<Err>(
      '/api/v1/queues',
      { name: 'x', number: '9002', preferenceRules: ['last-agent', 'last-agent'] },
      400,
    );
    assert.equal(twice.error.code, 'VALIDATION_FAILED');
    const other = await post<Queue>('/api/v1/queues', {
      name: '售前',
      number: '9002',
      onMaxLength: { kind: 'queue', queueId: q.id },
    });
    assert.equal(json<Err>(await t.request('DELETE', `/api/v1/queues/${q.id}`, { cookie: admin })).error.code, 'QUEUE_IN_USE');
    assert.equal((await post<Err>('/api/v1/queues', { name: '售前', number: '9003' }, 409)).error.code, 'QUEUE_NAME_TAKEN');
    assert.equal((await t.request('DELETE', `/api/v1/queues/${other.id}`, { cookie: admin })).statusCode, 200);
  });

  it('keeps VIP numbers global or per queue', async () => {
    const queues = json<Queue[]>(await t.request('GET', '/api/v1/queues', { cookie: admin }));
    const v = await post<{ isGlobal: boolean; queueIds: string[] }>('/api/v1/vip-numbers', {
      number: '13912345678',
      isGlobal: false,
      queueIds: [queues[0]?.id],
    });
    assert.deepEqual(v.queueIds, [queues[0]?.id]);
    assert.equal(
      (await post<Err>('/api/v1/vip-numbers', { number: '13900000000', isGlobal: false }, 400)).error.code,
      'VALIDATION_FAILED',
    );
    assert.equal((await post<Err>('/api/v1/vip-numbers', { number: '13912345678' }, 409)).error.code, 'VIP_NUMBER_TAKEN');
  });

  it('lists built-in and custom busy reasons; built-in ones cannot be deleted', async () => {
    const custom = await post<{ id: string }>('/api/v1/busy-reasons', { code: 'training', name: '培训' });
    const list = json<{ code: string; builtin: boolean; id: string }[]>(
      await t.request('GET', '/api/v1/busy-reasons', { cookie: admin }),
    );
    assert.ok(list.some((r) => r.code === 'training' && !r.builtin));
    const builtin = list.find((r) => r.code === 'missed-call');
    assert.equal(
      json<Err>(await t.request('DELETE', `/api/v1/busy-reasons/${builtin?.id}`, { cookie: admin })).error.code,
      'BUSY_REASON_BUILTIN',
    );
    assert.equal((await t.request('DELETE', `/api/v1/busy-reasons/${custom.id}`, { cookie: admin })).statusCode, 200);
  });

  it('a supervisor agent manages its agent groups and queues: that is the user’s `managed` scope', async () => {
    // Three departments, so the department-subtree part of `managed` brings in nobody else: what the
    // supervisor sees beyond itself comes from its managed agent groups.
    const emp = async (code: string) => {
      const dep = await post<{ id: string }>('/api/v1/departments', { name: `部门-${code}` });
      return (await post<{ id: string }>('/api/v1/employees', { code, name: code, departmentId: dep.id })).id;
    };
    const [boss, alice, bob] = [await emp('boss'), await emp('alice'), await emp('bob')];
    const gA = await post<{ id: string }>('/api/v1/agent-groups', { name: 'A组' });
    const gB = await post<{ id: string }>('/api/v1/agent-groups', { name: 'B组' });
    const queues = json<Queue[]>(await t.request('GET', '/api/v1/queues', { cookie: admin }));
    await post('/api/v1/agents', { number: '2001', name: 'alice', password: 'agent5x9y2', groupId: gA.id, employeeId: alice });
    await post('/api/v1/agents', { number: '2002', name: 'bob', password: 'agent5x9y2', groupId: gB.id, employeeId: bob });
    const notSup = await post<Err>(
      '/api/v1/agents',
      { number: '2003', name: 'x', password: 'agent5x9y2', managedGroupIds: [gA.id] },
      400,
    );
    assert.equal(notSup.error.code, 'AGENT_NOT_SUPERVISOR');
    await post('/api/v1/agents', {
      number: '2000',
      name: 'boss',
      password: 'agent5x9y2',
      type: 'supervisor',
      employeeId: boss,
      managedGroupIds: [gA.id],
      managedQueueIds: [queues[0]?.id],
    });
    const role = await post<{ id: string }>('/api/v1/roles', {
      name: '班组长',
      permissions: ['cti.agent.read', 'cti.queue.read', 'org.employee.read'],
      dataScope: 'managed',
    });
    const { cookie } = await t.userCookie(admin, { username: 'boss', roleId: role.id, employeeId: boss });
    const agents = json<{ items: Agent[] }>(await t.request('GET', '/api/v1/agents', { cookie }))
      .items.map((a) => a.number)
      .sort();
    assert.deepEqual(agents, ['2000', '2001']);
    const qs = json<Queue[]>(await t.request('GET', '/api/v1/queues', { cookie })).map((q) => q.number);
    assert.deepEqual(qs, [queues[0]?.number]);
    const groups = json<{ name: string }[]>(await t.request('GET', '/api/v1/agent-groups', { cookie })).map((g) => g.name);
    assert.deepEqual(groups, ['A组']);
    // The managed scope reaches employees through the agents of the managed groups, not other departments' people.
    const emps = json<{ items: { code: string }[] }>(await t.request('GET', '/api/v1/employees', { cookie })).items.map(
      (e) => e.code,
    );
    assert.deepEqual(emps.sort(), ['alice', 'boss']);
    const bobAgent = json<{ items: Agent[] }>(await t.request('GET', '/api/v1/agents?q=2002', { cookie: admin })).items[0];
    assert.equal((await t.request('GET', `/api/v1/agents/${bobAgent?.id}`, { cookie })).statusCode, 404);
  });
});
