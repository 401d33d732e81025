import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { createTestApp, json, type TestApp } from '../../testing/test-app.ts';

type Err = { error: { code: string; message: string; details?: Record<string, unknown> } };
type Dept = { id: string; name: string; parentId: string | null; employeeCount: number; isTemporary: boolean };
type Emp = { id: string; code: string; departmentId: string; temporaryDepartmentIds: string[]; mobile: string | null };

describe('organisation: departments, employees, directory', () => {
  let t: TestApp;
  let admin: string;
  let root: Dept;
  let sales: Dept;
  let temp: Dept;
  before(async () => {
    t = await createTestApp();
    admin = await t.adminCookie();
  });
  after(() => t.close());

  const post = async <T>(url: string, body: unknown, status = 201) => {
    const r = await t.request('POST', url, { cookie: admin, body });
    assert.equal(r.statusCode, status, r.body);
    return json<T>(r);
  };

  it('builds a department tree with temporary groups', async () => {
    root = await post<Dept>('/api/v1/departments', { name: '总公司' });
    sales = await post<Dept>('/api/v1/departments', { name: '销售部', parentId: root.id });
    temp = await post<Dept>('/api/v1/departments', { name: '项目组', parentId: root.id, isTemporary: true });
    assert.equal(sales.parentId, root.id);
    assert.equal(temp.isTemporary, true);
    const list = json<Dept[]>(await t.request('GET', '/api/v1/departments', { cookie: admin }));
    assert.equal(list.length, 3);
  });

  it('refuses a duplicate sibling name, a missing parent and a cycle', async () => {
    const dup = await post<Err>('/api/v1/departments', { name: '销售部', parentId: root.id }, 409);
    assert.equal(dup.error.code, 'DEPARTMENT_NAME_TAKEN');
    const missing = await post<Err>('/api/v1/departments', { name: 'x', parentId: '00000000-0000-4000-8000-000000000000' }, 400);
    assert.equal(missing.error.code, 'DEPARTMENT_PARENT_NOT_FOUND');
    const cyc = await t.request('PATCH', `/api/v1/departments/${root.id}`, { cookie: admin, body: { parentId: sales.id } });
    assert.equal(json<Err>(cyc).error.code, 'DEPARTMENT_CYCLE');
  });

  it('a PATCH changes only the fields it names', async () => {
    const r = await t.request('PATCH', `/api/v1/departments/${temp.id}`, { cookie: admin, body: { sortOrder: 5 } });
    const d = json<Dept & { sortOrder: number }>(r);
    assert.equal(d.isTemporary, true);
    assert.equal(d.sortOrder, 5);
    assert.equal(d.name, '项目组');
  });

  it('creates employees with a formal and temporary departments, rejecting wrong kinds', async () => {
    const e = await post<Emp>('/api/v1/employees', {
      code: 'S001',
      name: '王五',
      departmentId: sales.id,
      temporaryDepartmentIds: [temp.id],
      mobile: '13800000001',
    });
    assert.deepEqual(e.temporaryDepartmentIds, [temp.id]);
    const asFormal = await post<Err>('/api/v1/employees', { code: 'S002', name: 'x', departmentId: temp.id }, 400);
    assert.equal(asFormal.error.code, 'DEPARTMENT_TEMPORARY_AS_FORMAL');
    const asTemp = await post<Err>(
      '/api/v1/employees',
      { code: 'S003', name: 'x', departmentId: sales.id, temporaryDepartmentIds: [root.id] },
      400,
    );
    assert.equal(asTemp.error.code, 'DEPARTMENT_NOT_TEMPORARY');
  });

  it('refuses duplicate employee codes case-insensitively and changes nothing', async () => {
    const before = json<{ total: number }>(await t.request('GET', '/api/v1/employees', { cookie: admin })).total;
    const dup = await post<Err>('/api/v1/employees', { code: 's001', name: '重复', departmentId: sales.id }, 409);
    assert.equal(dup.error.code, 'EMPLOYEE_CODE_TAKEN');
    assert.match(dup.error.message, /s001/);
    const after = json<{ total: number }>(await t.request('GET', '/api/v1/employees', { cookie: admin })).total;
    assert.equal(after, before);
  });

  it('refuses to delete a department that still has employees, with a clear message', async () => {
    const r = await t.request('DELETE', `/api/v1/departments/${sales.id}`, {
      cookie: admin,
      headers: { 'accept-language': 'zh-CN' },
    });
    assert.equal(r.statusCode, 409);
    const body = json<Err>(r);
    assert.equal(body.error.code, 'DEPARTMENT_HAS_EMPLOYEES');
    assert.equal(body.error.message, '该部门下还有 1 名员工，不能删除');
    const en = await t.request('DELETE', `/api/v1/departments/${temp.id}`, {
      cookie: admin,
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    });
    assert.equal(json<Err>(en).error.message, 'This department still has 1 employee(s) and cannot be deleted');
    const parent = await t.request('DELETE', `/api/v1/departments/${root.id}`, { cookie: admin });
    assert.equal(json<Err>(parent).error.code, 'DEPARTMENT_HAS_CHILDREN');
  });

  it('searches, filters by department (formal or temporary) and pages employees', async () => {
    for (let i = 2; i <= 25; i++) {
      await post('/api/v1/employees', { code: `S${String(i).padStart(3, '0')}`, name: `员工${i}`, departmentId: sales.id });
    }
    const p2 = json<{ items: Emp[]; total: number; page: number }>(
      await t.request('GET', '/api/v1/employees?page=2&pageSize=10', { cookie: admin }),
    );
    assert.equal(p2.total, 25);
    assert.equal(p2.items.length, 10);
    assert.equal(p2.items[0]?.code, 'S011');
    const q = json<{ items: Emp[] }>(await t.request('GET', '/api/v1/employees?q=13800000001', { cookie: admin }));
    assert.deepEqual(
      q.items.map((x) => x.code),
      ['S001'],
    );
    const byTemp = json<{ items: Emp[] }>(await t.request('GET', `/api/v1/employees?departmentId=${temp.id}`, { cookie: admin }));
    assert.deepEqual(
      byTemp.items.map((x) => x.code),
      ['S001'],
    );
  });

  it('exports employees and the directory as real Excel workbooks', async () => {
    const r = await t.request('GET', `/api/v1/employees/export.xlsx?departmentId=${temp.id}`, { cookie: admin });
    assert.equal(r.statusCode, 200);
    assert.match(String(r.headers['content-type']), /spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    assert.ok(ws);
    assert.equal(ws.getCell('A1').value, '员工编码');
    assert.equal(ws.getCell('A2').value, 'S001');
    assert.equal(ws.rowCount, 2);
    const dir = await t.request('GET', '/api/v1/directory/export.xlsx', {
      cookie: admin,
      headers: { 'accept-language': 'en-US' },
    });
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(dir.rawPayload as unknown as ArrayBuffer);
    assert.equal(wb2.worksheets[0]?.getCell('A1').value, 'Department');
    assert.equal(wb2.worksheets[0]?.rowCount, 1 + 25 + 1); // 25 in 销售部 + S001 again under 项目组
  });

  it('exports departments and roles as Excel workbooks in the caller language', async () => {
    const r = await t.request('GET', '/api/v1/departments/export.xlsx', { cookie: admin });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    assert.equal(ws?.getCell('A1').value, '部门名称');
    const rows = new Map<string, unknown[]>();
    ws?.eachRow((row, n) => {
      if (n > 1) rows.set(String(row.getCell(1).value), [row.getCell(2).value, row.getCell(3).value, row.getCell(4).value]);
    });
    assert.deepEqual(rows.get('销售部'), ['总公司', '否', 25]);
    assert.deepEqual(rows.get('项目组'), ['总公司', '是', 1]);
    const roles = await t.request('GET', '/api/v1/roles/export.xlsx', { cookie: admin, headers: { 'accept-language': 'en-US' } });
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(roles.rawPayload as unknown as ArrayBuffer);
    const rs = wb2.worksheets[0];
    assert.equal(rs?.getCell('A1').value, 'Role');
    let supervisor = '';
    rs?.eachRow((row) => {
      if (row.getCell(1).value === '班长') supervisor = String(row.getCell(5).value);
    });
    assert.match(supervisor, /View employees/);
  });

  it('groups the directory by department, temporary groups included', async () => {
    const groups = json<{ departmentName: string; employees: unknown[] }[]>(
      await t.request('GET', '/api/v1/directory', { cookie: admin }),
    );
    const byName = new Map(groups.map((g) => [g.departmentName, g.employees.length]));
    assert.equal(byName.get('销售部'), 25);
    assert.equal(byName.get('项目组'), 1);
  });

  describe('bad input gets a clear, localized error with a stable code and changes nothing', () => {
    const cases: {
      name: string;
      method: 'POST' | 'PATCH';
      url: () => string;
      raw?: string;
      body?: () => unknown;
      code: string;
      status: number;
      headers?: Record<string, string>;
    }[] = [
      {
        name: 'malformed JSON',
        method: 'POST',
        url: () => '/api/v1/employees',
        raw: '{"code": "X1", ',
        code: 'INVALID_JSON',
        status: 400,
      },
      {
        name: 'unknown field',
        method: 'POST',
        url: () => '/api/v1/departments',
        body: () => ({ name: 'a', colour: 'red' }),
        code: 'VALIDATION_FAILED',
        status: 400,
      },
      {
        name: 'over-long string',
        method: 'POST',
        url: () => '/api/v1/departments',
        body: () => ({ name: 'x'.repeat(101) }),
        code: 'VALIDATION_FAILED',
        status: 400,
      },
      {
        name: 'wrong type',
        method: 'POST',
        url: () => '/api/v1/departments',
        body: () => ({ name: 42 }),
        code: 'VALIDATION_FAILED',
        status: 400,
      },
      {
        name: 'bad uuid',
        method: 'PATCH',
        url: () => '/api/v1/employees/not-a-uuid',
        body: () => ({ name: 'x' }),
        code: 'VALIDATION_FAILED',
        status: 400,
      },
      {
        name: 'bad email',
        method: 'POST',
        url: () => '/api/v1/employees',
        body: () => ({ code: 'E9', name: 'x', departmentId: sales.id, email: 'nope' }),
        code: 'VALIDATION_FAILED',
        status: 400,
      },
      {
        name: 'deleted parent',
        method: 'POST',
        url: () => '/api/v1/departments',
        body: () => ({ name: 'orphan', parentId: '11111111-1111-4111-8111-111111111111' }),
        code: 'DEPARTMENT_PARENT_NOT_FOUND',
        status: 400,
      },
      {
        name: 'wrong content type',
        method: 'POST',
        url: () => '/api/v1/departments',
        raw: 'name=x',
        code: 'UNSUPPORTED_MEDIA_TYPE',
        status: 415,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const countBefore = await t.db.query<{ n: number }>(
          'SELECT (SELECT count(*) FROM employees) + (SELECT count(*) FROM departments) AS n',
        );
        const r = await t.request(c.method, c.url(), {
          cookie: admin,
          ...(c.raw !== undefined ? { raw: c.raw } : { body: c.body?.() }),
          headers: { 'accept-language': 'en-US', ...c.headers },
        });
        assert.equal(r.statusCode, c.status, r.body);
        const body = json<Err>(r);
        assert.equal(body.error.code, c.code);
        assert.ok(body.error.message.length > 5);
        const countAfter = await t.db.query<{ n: number }>(
          'SELECT (SELECT count(*) FROM employees) + (SELECT count(*) FROM departments) AS n',
        );
        assert.equal(countAfter.rows[0]?.n, countBefore.rows[0]?.n);
      });
    }
  });

  it('records every change in the audit log', async () => {
    const r = json<{ items: { action: string; username: string }[] }>(
      await t.request('GET', '/api/v1/audit?pageSize=200', { cookie: admin }),
    );
    const actions = new Set(r.items.map((x) => x.action));
    for (const a of ['department.create', 'department.update', 'employee.create', 'auth.login', 'auth.password_change']) {
      assert.ok(actions.has(a), a);
    }
    assert.ok(r.items.filter((x) => x.action === 'employee.create').every((x) => x.username === 'admin'));
  });
});
