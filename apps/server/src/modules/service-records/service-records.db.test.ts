import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CallerHistory, ServiceRecord } from '@rexian/contracts';
import { createTestApp, json, type TestApp } from '../../testing/test-app.ts';
import { createCdrStore } from '../cdrs/cdr.store.ts';
import { recordTestCalls } from '../cdrs/cdr-test-calls.ts';

type Err = { error: { code: string } };
type Who = 'one' | 'two' | 'three' | 'sup' | 'admin';
const T0 = Date.UTC(2026, 0, 5, 2, 0, 0);
const H = 3_600_000;
const CUSTOMER = '13800138000';

describe('service records (§4.4.8): saved against a call, scoped by author, and the screen pop history', () => {
  let t: TestApp;
  let admin: string;
  const cookies = {} as Record<Who, string>;
  const agentIds: Record<string, string> = {};

  const create = async (url: string, body: unknown) => {
    const r = await t.request('POST', url, { cookie: admin, body });
    assert.equal(r.statusCode, 201, r.body);
    return json<{ id: string }>(r).id;
  };
  const as = (who: Who, method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) =>
    t.request(method, `/api/v1${url}`, { cookie: cookies[who], ...(body === undefined ? {} : { body }) });
  const file = async (who: Who, body: Record<string, unknown>, status = 201) => {
    const r = await as(who, 'POST', '/service-records', { serviceType: 'consultation', ...body });
    assert.equal(r.statusCode, status, r.body);
    return json<ServiceRecord & Err>(r);
  };
  const subjects = async (who: Who, query = '') => {
    const r = await as(who, 'GET', `/service-records${query}`);
    assert.equal(r.statusCode, 200, r.body);
    return json<{ items: ServiceRecord[] }>(r)
      .items.map((x) => x.subject)
      .sort();
  };

  before(async () => {
    t = await createTestApp();
    admin = await t.adminCookie();
    cookies.admin = admin;
    const roles = json<{ id: string; name: string }[]>(await t.request('GET', '/api/v1/roles', { cookie: admin }));
    const roleOf = (name: string) => roles.find((r) => r.name === name)?.id ?? assert.fail(name);
    const dept = await create('/api/v1/departments', { name: '客服部' });
    const g = await create('/api/v1/agent-groups', { name: '一组' });
    const h = await create('/api/v1/agent-groups', { name: '二组' });
    const people = [
      ['one', '2001', '8001', g],
      ['two', '2002', '8002', g],
      ['three', '2003', '8003', h],
    ] as const;
    for (const [who, agentNo, ext, groupId] of people) {
      const employeeId = await create('/api/v1/employees', { code: `E${agentNo}`, name: `座席${agentNo}`, departmentId: dept });
      const extensionId = await create('/api/v1/extensions', { number: ext });
      agentIds[who] = await create('/api/v1/agents', {
        number: agentNo,
        name: who,
        password: 'agent5x9y2',
        employeeId,
        extensionId,
        groupId,
      });
      cookies[who] = (await t.userCookie(admin, { username: `sr-${who}`, roleId: roleOf('座席'), employeeId })).cookie;
    }
    const supEmployee = await create('/api/v1/employees', {
      code: 'S1',
      name: '班长',
      departmentId: await create('/api/v1/departments', { name: '班长部' }),
    });
    await create('/api/v1/agents', {
      number: '1009',
      name: 'sup',
      password: 'agent5x9y2',
      type: 'supervisor',
      employeeId: supEmployee,
      managedGroupIds: [g],
    });
    cookies.sup = (await t.userCookie(admin, { username: 'sr-sup', roleId: roleOf('班长'), employeeId: supEmployee })).cookie;

    const call = (callId: string, callee: string, at: number) =>
      ({ callId, callType: 'inbound', caller: CUSTOMER, callee, at, ringMs: 1000, talkMs: 30_000, hangup: 'caller' }) as const;
    await recordTestCalls(createCdrStore(t.db), [
      call('c0', '8001', T0),
      call('c1', '8001', T0 + H),
      call('c2', '8003', T0 + 2 * H),
      // A queue call: no extension of agent two among its parties, only the CTI event log knows.
      call('c3', '9001', T0 + 3 * H),
    ]);
    await t.db.query(
      `INSERT INTO cti_events (at, type, agent_id, call_id, queue_id, payload) VALUES ($1, 'call.answered', $2, 'c3', NULL, '{}')`,
      [new Date(T0 + 3 * H), agentIds.two],
    );
  });
  after(() => t.close());

  it('saves against a call the agent took part in, with the number and start time from the call', async () => {
    const r = await file('one', { callId: 'c1', subject: '咨询一', content: '问价格', channel: 'hotline' });
    assert.equal(r.callId, 'c1');
    assert.equal(r.customerNumber, '138****8000', 'masked for an agent');
    assert.equal(r.masked, true);
    assert.equal(r.agentNumber, '2001');
    assert.equal(r.employeeName, '座席2001');
    assert.equal(r.startedAt, new Date(T0 + H).toISOString());
    assert.equal(r.status, 'in-progress');
    const viaEvents = await file('two', { callId: 'c3', subject: '咨询二', serviceType: 'warranty', status: 'done' });
    assert.equal(viaEvents.customerNumber, '138****8000');
    const unmasked = json<ServiceRecord>(await t.request('GET', `/api/v1/service-records/${viaEvents.id}`, { cookie: admin }));
    assert.equal(unmasked.customerNumber, CUSTOMER);
    assert.equal(unmasked.serviceType, 'warranty');
  });

  it('refuses calls the agent was not on, unknown calls, and records with neither call nor number', async () => {
    for (const callId of ['c2', 'c3', 'nope']) {
      assert.equal((await file('one', { callId, subject: 'x' }, 404)).error.code, 'SERVICE_RECORD_CALL_UNKNOWN', callId);
    }
    assert.equal((await file('one', { subject: 'x' }, 400)).error.code, 'VALIDATION_FAILED');
    assert.equal((await file('one', { customerNumber: '1', subject: '' }, 400)).error.code, 'VALIDATION_FAILED');
    // The `all` scope may file against any call; a record by hand needs the number.
    assert.equal((await file('admin', { callId: 'c2', subject: '管理员' })).customerNumber, CUSTOMER);
    assert.equal((await file('three', { customerNumber: CUSTOMER, subject: '手工三' })).callId, null);
  });

  it('scope: agents see their own records, supervisors the managed group’s, admins all', async () => {
    assert.deepEqual(await subjects('one'), ['咨询一']);
    assert.deepEqual(await subjects('two'), ['咨询二']);
    assert.deepEqual(await subjects('three'), ['手工三']);
    assert.deepEqual(await subjects('sup'), ['咨询一', '咨询二']);
    assert.deepEqual(await subjects('sup', '?mine=true'), []);
    assert.deepEqual(await subjects('admin'), ['咨询一', '咨询二', '手工三', '管理员']);
    assert.deepEqual(await subjects('admin', '?status=done'), ['咨询二']);
    assert.deepEqual(await subjects('admin', '?callId=c1'), ['咨询一']);
    assert.deepEqual(await subjects('admin', `?customerNumber=${CUSTOMER}&serviceType=warranty`), ['咨询二']);

    const theirs = (await file('three', { customerNumber: '02161234567', subject: '三的' })).id;
    assert.equal((await as('one', 'GET', `/service-records/${theirs}`)).statusCode, 404);
    assert.equal((await as('sup', 'PATCH', `/service-records/${theirs}`, { status: 'done' })).statusCode, 404);
    const mine = (await file('one', { customerNumber: '02161234567', subject: '一的' })).id;
    const edited = json<ServiceRecord>(
      await as('sup', 'PATCH', `/service-records/${mine}`, { status: 'done', content: '已处理' }),
    );
    assert.equal(edited.status, 'done');
    assert.equal(edited.content, '已处理');
    assert.equal(edited.subject, '一的');
    assert.equal((await as('one', 'PATCH', `/service-records/${mine}`, {})).statusCode, 400);
  });

  it('history: the customer’s other calls and records in the actor’s scope, found from the call id', async () => {
    const r = await as('one', 'GET', '/service-records/history?callId=c1');
    assert.equal(r.statusCode, 200, r.body);
    const mineOnly = json<CallerHistory>(r);
    assert.equal(mineOnly.direction, 'inbound');
    assert.equal(mineOnly.customerNumber, '138****8000');
    assert.deepEqual(
      mineOnly.calls.map((c) => c.callId),
      ['c0'],
      'the current call is left out, and c2 / c3 are outside the agent’s extensions',
    );
    assert.deepEqual(mineOnly.records.map((x) => x.subject).sort(), ['咨询一']);
    const all = json<CallerHistory>(await as('admin', 'GET', '/service-records/history?callId=c1'));
    assert.equal(all.customerNumber, CUSTOMER);
    assert.deepEqual(
      all.calls.map((c) => c.callId),
      ['c3', 'c2', 'c0'],
    );
    assert.deepEqual(all.records.map((x) => x.subject).sort(), ['咨询一', '咨询二', '手工三', '管理员']);
    assert.equal((await as('three', 'GET', '/service-records/history?callId=c1')).statusCode, 404);
  });
});
