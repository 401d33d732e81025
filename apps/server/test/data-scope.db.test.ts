/**
 * Data scope × every scoped endpoint: `self` reaches the own record, `managed` the own department
 * subtree, `all` everything — on lists, reads, exports and writes alike.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { allPermissions, type DataScope } from '@rexian/contracts';
import ExcelJS from 'exceljs';
import { createTestApp, json, type TestApp } from '../src/testing/test-app.ts';

describe('data scope on every scoped endpoint', () => {
  let t: TestApp;
  let admin: string;
  const dep: Record<string, string> = {};
  const emp: Record<string, string> = {};
  const users: Record<DataScope, { cookie: string; id: string }> = {} as never;

  const create = async (url: string, body: unknown) => {
    const r = await t.request('POST', url, { cookie: admin, body });
    assert.equal(r.statusCode, 201, r.body);
    return json<{ id: string }>(r).id;
  };

  before(async () => {
    t = await createTestApp();
    admin = await t.adminCookie();
    dep.A = await create('/api/v1/departments', { name: 'A' });
    dep.A1 = await create('/api/v1/departments', { name: 'A1', parentId: dep.A });
    dep.B = await create('/api/v1/departments', { name: 'B' });
    for (const [code, d] of [
      ['ea', 'A'],
      ['ea2', 'A'],
      ['ea3', 'A'],
      ['ea1', 'A1'],
      ['eb', 'B'],
    ] as const) {
      emp[code] = await create('/api/v1/employees', { code, name: code, departmentId: dep[d] });
    }
    const bound: Record<DataScope, string> = { self: 'ea', managed: 'ea2', all: 'ea3' };
    // Every permission but role/user administration powers beyond the scope under test.
    const perms = allPermissions.filter((p) => p !== 'system.role.write');
    for (const scope of ['self', 'managed', 'all'] as const) {
      const roleId = await create('/api/v1/roles', { name: `scope-${scope}`, permissions: perms, dataScope: scope });
      users[scope] = await t.userCookie(admin, { username: `scope-${scope}`, roleId, employeeId: emp[bound[scope]] ?? null });
    }
  });
  after(() => t.close());

  const codes = async (scope: DataScope, url: string) =>
    json<{ items: { code: string }[] }>(await t.request('GET', url, { cookie: users[scope].cookie }))
      .items.map((x) => x.code)
      .sort();

  it('lists employees in scope', async () => {
    assert.deepEqual(await codes('self', '/api/v1/employees'), ['ea']);
    assert.deepEqual(await codes('managed', '/api/v1/employees'), ['ea', 'ea1', 'ea2', 'ea3']);
    assert.deepEqual(await codes('all', '/api/v1/employees'), ['ea', 'ea1', 'ea2', 'ea3', 'eb']);
  });

  it('reads one employee only in scope (outside looks absent)', async () => {
    const expect: Record<DataScope, number> = { self: 404, managed: 404, all: 200 };
    for (const s of ['self', 'managed', 'all'] as const) {
      const r = await t.request('GET', `/api/v1/employees/${emp.eb}`, { cookie: users[s].cookie });
      assert.equal(r.statusCode, expect[s], s);
    }
    assert.equal((await t.request('GET', `/api/v1/employees/${emp.ea1}`, { cookie: users.managed.cookie })).statusCode, 200);
    assert.equal((await t.request('GET', `/api/v1/employees/${emp.ea1}`, { cookie: users.self.cookie })).statusCode, 404);
  });

  it('exports only rows in scope', async () => {
    for (const [s, rows] of [
      ['self', 1],
      ['managed', 4],
      ['all', 5],
    ] as const) {
      const r = await t.request('GET', '/api/v1/employees/export.xlsx', { cookie: users[s].cookie });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
      assert.equal((wb.worksheets[0]?.rowCount ?? 0) - 1, rows, s);
    }
  });

  it('writes employees only in scope', async () => {
    const patch = (s: DataScope, id: string | undefined) =>
      t.request('PATCH', `/api/v1/employees/${id}`, { cookie: users[s].cookie, body: { notes: `by ${s}` } });
    assert.equal((await patch('self', emp.ea)).statusCode, 200);
    assert.equal((await patch('self', emp.ea2)).statusCode, 404);
    assert.equal((await patch('managed', emp.ea1)).statusCode, 200);
    assert.equal((await patch('managed', emp.eb)).statusCode, 404);
    assert.equal((await patch('all', emp.eb)).statusCode, 200);
    const add = (s: DataScope, d: string | undefined, code: string) =>
      t.request('POST', '/api/v1/employees', { cookie: users[s].cookie, body: { code, name: code, departmentId: d } });
    assert.equal(json<{ error: { code: string } }>(await add('self', dep.A, 'n1')).error.code, 'FORBIDDEN_SCOPE');
    assert.equal(json<{ error: { code: string } }>(await add('managed', dep.B, 'n2')).error.code, 'FORBIDDEN_SCOPE');
    assert.equal((await add('managed', dep.A1, 'n3')).statusCode, 201);
    assert.equal((await add('all', dep.B, 'n4')).statusCode, 201);
    // Moving an employee out of the managed subtree is refused too.
    const move = await t.request('PATCH', `/api/v1/employees/${emp.ea1}`, {
      cookie: users.managed.cookie,
      body: { departmentId: dep.B },
    });
    assert.equal(json<{ error: { code: string } }>(move).error.code, 'FORBIDDEN_SCOPE');
  });

  it('lists departments, the directory and users in scope', async () => {
    const deps = async (s: DataScope) =>
      json<{ name: string }[]>(await t.request('GET', '/api/v1/departments', { cookie: users[s].cookie }))
        .map((d) => d.name)
        .sort();
    assert.deepEqual(await deps('self'), ['A']);
    assert.deepEqual(await deps('managed'), ['A', 'A1']);
    assert.deepEqual(await deps('all'), ['A', 'A1', 'B']);
    const dir = async (s: DataScope) =>
      json<{ employees: { code: string }[] }[]>(await t.request('GET', '/api/v1/directory', { cookie: users[s].cookie }))
        .flatMap((g) => g.employees.map((e) => e.code))
        .sort();
    assert.deepEqual(await dir('self'), ['ea']);
    const names = async (s: DataScope) =>
      json<{ items: { username: string }[] }>(await t.request('GET', '/api/v1/users', { cookie: users[s].cookie }))
        .items.map((u) => u.username)
        .sort();
    assert.deepEqual(await names('self'), ['scope-self']);
    // scope-all's user is bound to ea3, an employee of A: inside the managed subtree too.
    assert.deepEqual(await names('managed'), ['scope-all', 'scope-managed', 'scope-self']);
    assert.deepEqual(await names('all'), ['admin', 'scope-all', 'scope-managed', 'scope-self']);
  });

  it('shows the audit log only for users in scope', async () => {
    const who = async (s: DataScope) =>
      new Set(
        json<{ items: { username: string }[] }>(
          await t.request('GET', '/api/v1/audit?pageSize=200', { cookie: users[s].cookie }),
        ).items.map((a) => a.username),
      );
    assert.deepEqual([...(await who('self'))], ['scope-self']);
    assert.ok((await who('all')).has('admin'));
    assert.ok(!(await who('managed')).has('admin'));
  });

  it('refuses privilege escalation through roles and users', async () => {
    const r = await t.request('POST', '/api/v1/users', {
      cookie: users.managed.cookie,
      body: { username: 'sneaky', password: 'Sneaky-Pass-88', employeeId: emp.ea1, isAdmin: true },
    });
    assert.equal(json<{ error: { code: string } }>(r).error.code, 'USER_ADMIN_ONLY');
    const allScopeRole = json<{ id: string }[]>(await t.request('GET', '/api/v1/roles', { cookie: admin })).find(
      (x) => (x as unknown as { name: string }).name === 'scope-all',
    );
    const r2 = await t.request('POST', '/api/v1/users', {
      cookie: users.managed.cookie,
      body: { username: 'sneaky2', password: 'Sneaky-Pass-88', employeeId: emp.ea1, roleId: allScopeRole?.id },
    });
    assert.equal(json<{ error: { code: string } }>(r2).error.code, 'ROLE_ESCALATION');
  });
});
