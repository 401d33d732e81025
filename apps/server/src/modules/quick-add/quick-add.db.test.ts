import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { verify } from '@node-rs/argon2';
import ExcelJS from 'exceljs';
import { createTestApp, json, type TestApp } from '../../testing/test-app.ts';

type Err = { error: { code: string; message: string; details?: Record<string, unknown> } };
type Result = {
  employee: { id: string; code: string; departmentId: string };
  extension: { id: string; number: string; employeeId: string; enabled: boolean };
  agent: { id: string; number: string; employeeId: string; extensionId: string; extensionNumber: string; type: string };
  user: { id: string; username: string; employeeId: string; mustChangePassword: boolean } | null;
};
type ImportRow = {
  row: number;
  status: string;
  code: string;
  error: { code: string; field: string | null; message: string } | null;
};
type ImportResult = { total: number; created: number; failed: number; rows: ImportRow[] };

describe('employee quick add (§4.3.2)', () => {
  let t: TestApp;
  let admin: string;
  let deptId: string;
  let groupId: string;
  let n = 0;
  const body = (over: Record<string, unknown> = {}) => {
    n++;
    return {
      code: `Q${n}`,
      name: `快速${n}`,
      departmentId: deptId,
      extensionNumber: String(8600 + n),
      extensionPassword: 'ext7pw9x',
      agentNumber: String(3600 + n),
      agentPassword: 'agt5pw2y',
      ...over,
    };
  };
  const quickAdd = (b: unknown, cookie = admin) => t.request('POST', '/api/v1/employees/quick-add', { cookie, body: b });
  const count = async (table: string) => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]?.n;
  const counts = async () => ({
    employees: await count('employees'),
    extensions: await count('extensions'),
    agents: await count('agents'),
    users: await count('users'),
  });

  before(async () => {
    t = await createTestApp({ env: { REXIAN_SIP_REALM: 'pbx.test' } });
    admin = await t.adminCookie();
    const d = await t.request('POST', '/api/v1/departments', { cookie: admin, body: { name: '客服部' } });
    deptId = json<{ id: string }>(d).id;
    const g = await t.request('POST', '/api/v1/agent-groups', { cookie: admin, body: { name: '一组' } });
    groupId = json<{ id: string }>(g).id;
  });
  after(() => t.close());

  it('creates employee, extension, agent and user in one step, bound to each other', async () => {
    const r = await quickAdd(
      body({ code: 'QA1', agentType: 'supervisor', agentGroupId: groupId, user: { username: 'qa1', password: 'Temp-Pass-9x!' } }),
    );
    assert.equal(r.statusCode, 201, r.body);
    const x = json<Result>(r);
    assert.equal(x.employee.code, 'QA1');
    assert.equal(x.extension.employeeId, x.employee.id);
    assert.equal(x.agent.employeeId, x.employee.id);
    assert.equal(x.agent.extensionId, x.extension.id);
    assert.equal(x.agent.extensionNumber, x.extension.number);
    assert.equal(x.agent.type, 'supervisor');
    assert.equal(x.user?.employeeId, x.employee.id);
    assert.equal(x.user?.mustChangePassword, true);
    // The extension keeps only digest HA1s; the agent an argon2id hash of its password.
    const ext = (await t.db.query<{ ha1_md5: string; realm: string }>('SELECT * FROM extensions WHERE id = $1', [x.extension.id]))
      .rows[0];
    assert.equal(ext?.realm, 'pbx.test');
    assert.equal(ext?.ha1_md5, createHash('md5').update(`${x.extension.number}:pbx.test:ext7pw9x`).digest('hex'));
    const agent = (await t.db.query<{ password_hash: string }>('SELECT password_hash FROM agents WHERE id = $1', [x.agent.id]))
      .rows[0];
    assert.ok(await verify(agent?.password_hash ?? '', 'agt5pw2y'));
    // The new user signs in with the temporary password and must change it.
    const login = await t.request('POST', '/api/v1/auth/login', { body: { username: 'qa1', password: 'Temp-Pass-9x!' } });
    assert.equal(login.statusCode, 200, login.body);
    // Visible through the existing pages' APIs.
    const agents = json<{ items: { number: string }[] }>(
      await t.request('GET', `/api/v1/agents?q=${x.agent.number}`, { cookie: admin }),
    );
    assert.deepEqual(
      agents.items.map((a) => a.number),
      [x.agent.number],
    );
  });

  it('works without a user', async () => {
    const r = await quickAdd(body());
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(json<Result>(r).user, null);
  });

  it('refuses each duplicate with its typed code and field, and creates nothing', async () => {
    const first = json<Result>(await quickAdd(body({ code: 'DUP1', user: { username: 'dupuser', password: 'Temp-Pass-9x!' } })));
    const before = await counts();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ code: 'dup1' }, 'EMPLOYEE_CODE_TAKEN', 'code'],
      [{ extensionNumber: first.extension.number }, 'EXTENSION_NUMBER_TAKEN', 'extensionNumber'],
      [{ agentNumber: first.agent.number }, 'AGENT_NUMBER_TAKEN', 'agentNumber'],
      [{ user: { username: 'DupUser', password: 'Temp-Pass-9x!' } }, 'USERNAME_TAKEN', 'user.username'],
    ];
    for (const [over, code, field] of cases) {
      const r = await quickAdd(body(over));
      assert.equal(r.statusCode, 409, r.body);
      const e = json<Err>(r).error;
      assert.equal(e.code, code);
      assert.equal(e.details?.field, field);
    }
    assert.deepEqual(await counts(), before, 'nothing created');
  });

  it('an extension number already used by a hand-made extension is a duplicate too (English message)', async () => {
    const made = await t.request('POST', '/api/v1/extensions', { cookie: admin, body: { number: '8999' } });
    assert.equal(made.statusCode, 201);
    const r = await t.request('POST', '/api/v1/employees/quick-add', {
      cookie: admin,
      body: body({ extensionNumber: '8999' }),
      headers: { 'accept-language': 'en-US' },
    });
    assert.equal(json<Err>(r).error.message, 'Extension 8999 already exists');
  });

  it('rolls back a clash found only inside the transaction (a number taken in between)', async () => {
    const b = body();
    const before = await counts();
    // Simulate the race: the agent number appears after the check, before the insert.
    await t.db.query(`CREATE OR REPLACE FUNCTION qa_race() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO agents (id, number, name, type, password_hash) VALUES (gen_random_uuid(), '${b.agentNumber}', 'x', 'agent', 'x');
      RETURN NEW; END $$`);
    await t.db.query('CREATE TRIGGER qa_race AFTER INSERT ON extensions FOR EACH ROW EXECUTE FUNCTION qa_race()');
    try {
      const r = await quickAdd(b);
      assert.equal(json<Err>(r).error.code, 'AGENT_NUMBER_TAKEN');
      assert.deepEqual(await counts(), before, 'employee and extension rolled back');
    } finally {
      await t.db.query('DROP TRIGGER qa_race ON extensions');
      await t.db.query('DROP FUNCTION qa_race()');
    }
  });

  it('applies the manual password rule to both passwords (descending runs refused too)', async () => {
    const bad: [string, string][] = [
      ['abc12', 'too short'],
      ['abcdefgh', 'letters only'],
      ['12345678', 'digits only'],
      ['ab1234cd', 'ascending run'],
      ['ab4321cd', 'descending run'],
      ['ab12_34cd', 'other characters'],
    ];
    for (const [pw, why] of bad) {
      for (const field of ['extensionPassword', 'agentPassword']) {
        const r = await quickAdd(body({ [field]: pw }));
        assert.equal(r.statusCode, 400, `${field} ${pw} (${why})`);
        const e = json<Err>(r).error;
        assert.equal(e.code, 'VALIDATION_FAILED');
        assert.match(e.message, new RegExp(field), `${field} named`);
      }
    }
    for (const ok of ['a123b456', 'Ab3dE5', 'x1357y2468']) {
      assert.equal((await quickAdd(body({ extensionPassword: ok, agentPassword: ok }))).statusCode, 201, ok);
    }
  });

  it('needs the permissions of everything it creates', async () => {
    const role = await t.request('POST', '/api/v1/roles', {
      cookie: admin,
      body: { name: 'hr', permissions: ['org.employee.write', 'org.employee.read'], dataScope: 'all' },
    });
    const { cookie } = await t.userCookie(admin, { username: 'hr1', roleId: json<{ id: string }>(role).id, employeeId: null });
    const before = await counts();
    const r = await quickAdd(body(), cookie);
    assert.equal(r.statusCode, 403);
    assert.equal(json<Err>(r).error.code, 'QUICK_ADD_PERMISSION_MISSING');
    assert.equal(json<Err>(r).error.details?.permission, 'pbx.extension.write');
    assert.deepEqual(await counts(), before);
  });

  it('keeps a limited data scope: no employees outside the actor’s departments, no agents outside managed groups', async () => {
    const perms = ['org.employee.write', 'pbx.extension.write', 'cti.agent.write'];
    const role = await t.request('POST', '/api/v1/roles', {
      cookie: admin,
      body: { name: 'dept-lead', permissions: perms, dataScope: 'managed' },
    });
    const sub = await t.request('POST', '/api/v1/departments', { cookie: admin, body: { name: '二线', parentId: deptId } });
    const subId = json<{ id: string }>(sub).id;
    const me = await t.request('POST', '/api/v1/employees', {
      cookie: admin,
      body: { code: 'LEAD1', name: 'lead', departmentId: subId },
    });
    const { cookie } = await t.userCookie(admin, {
      username: 'lead1',
      roleId: json<{ id: string }>(role).id,
      employeeId: json<{ id: string }>(me).id,
    });
    // The lead is a supervisor of 一组: that group is in the managed scope.
    const sup = await t.request('POST', '/api/v1/agents', {
      cookie: admin,
      body: {
        number: '3999',
        name: 'lead',
        password: 'lead5x9y2',
        type: 'supervisor',
        employeeId: json<{ id: string }>(me).id,
        managedGroupIds: [groupId],
      },
    });
    assert.equal(sup.statusCode, 201, sup.body);
    const before = await counts();
    const outside = await quickAdd(body({ agentGroupId: groupId }), cookie); // the parent department is outside the subtree
    assert.equal(json<Err>(outside).error.code, 'FORBIDDEN_SCOPE', outside.body);
    const noGroup = await quickAdd(body({ departmentId: subId }), cookie); // no managed agent group
    assert.equal(json<Err>(noGroup).error.code, 'FORBIDDEN_SCOPE', noGroup.body);
    assert.deepEqual(await counts(), before);
    const inside = await quickAdd(body({ departmentId: subId, agentGroupId: groupId }), cookie);
    assert.equal(inside.statusCode, 201, inside.body);
  });

  describe('quick import', () => {
    const sheet = async (rows: (string | number | null)[][], headers?: string[]) => {
      const tpl = await t.request('GET', '/api/v1/employees/quick-import/template', { cookie: admin });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0] as ExcelJS.Worksheet;
      if (headers) ws.getRow(1).values = headers;
      for (const r of rows) ws.addRow(r);
      return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    };
    const upload = (contentBase64: string, locale = 'zh-CN') =>
      t.request('POST', '/api/v1/employees/quick-import', {
        cookie: admin,
        body: { fileName: 'staff.xlsx', contentBase64 },
        headers: { 'accept-language': locale },
      });
    // 员工编码 员工姓名 所属部门 手机 电话 邮箱 分机号 分机密码 座席工号 座席密码 座席类型 座席组 登录用户名 登录密码 角色 说明
    const row = (code: string, ext: string, agent: string, over: Partial<Record<number, string | null>> = {}) => {
      const r: (string | null)[] = [
        code,
        `员工${code}`,
        '客服部',
        null,
        null,
        null,
        ext,
        'ext7pw9x',
        agent,
        'agt5pw2y',
        null,
        null,
        null,
        null,
        null,
        null,
      ];
      for (const [i, v] of Object.entries(over)) r[Number(i)] = v ?? null;
      return r;
    };

    it('downloads a template with the headers in the caller’s language', async () => {
      const r = await t.request('GET', '/api/v1/employees/quick-import/template', { cookie: admin });
      assert.equal(r.statusCode, 200);
      assert.match(String(r.headers['content-type']), /spreadsheetml/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
      const headers = (wb.worksheets[0]?.getRow(1).values as string[]).filter(Boolean);
      assert.deepEqual(headers.slice(0, 3), ['员工编码*', '员工姓名*', '所属部门*']);
      const en = await t.request('GET', '/api/v1/employees/quick-import/template', {
        cookie: admin,
        headers: { 'accept-language': 'en-US' },
      });
      const wbEn = new ExcelJS.Workbook();
      await wbEn.xlsx.load(en.rawPayload as unknown as ArrayBuffer);
      assert.equal(wbEn.worksheets[0]?.getRow(1).getCell(7).value, 'Extension*');
    });

    it('creates the good rows and reports each bad one with its row number and reason', async () => {
      const before = await counts();
      const content = await sheet([
        row('IMP1', '8701', '3701', { 10: '班长座席', 11: '一组', 12: 'imp1', 13: 'Temp-Pass-9x!' }),
        row('IMP2', '8702', '3702', { 7: 'abc1234' }), // row 3: consecutive digits
        row('IMP3', '8703', '3703', { 2: '不存在的部门' }), // row 4: unknown department
        row('QA1', '8704', '3704'), // row 5: code already in the database
        [],
        row('IMP5', '8701', '3705'), // row 7: extension repeats row 2
        row('IMP6', '8706', '3706', { 12: 'qa1', 13: 'Temp-Pass-9x!' }), // row 8: user name taken
        row('imp1', '8707', '3707'), // row 9: code repeats row 2 (case-insensitively)
        row('IMP8', '8708', '3708'),
      ]);
      const r = await upload(content);
      assert.equal(r.statusCode, 200, r.body);
      const x = json<ImportResult>(r);
      assert.equal(x.total, 8);
      assert.equal(x.created, 2);
      assert.equal(x.failed, 6);
      const byRow = new Map(x.rows.map((i) => [i.row, i]));
      assert.equal(byRow.get(2)?.status, 'created');
      assert.equal(byRow.get(10)?.status, 'created');
      assert.equal(byRow.get(3)?.error?.code, 'VALIDATION_FAILED');
      assert.equal(byRow.get(3)?.error?.field, 'extensionPassword');
      assert.match(byRow.get(3)?.error?.message ?? '', /分机密码: 密码不能出现 4 位及以上连续数字/);
      assert.equal(byRow.get(4)?.error?.code, 'QUICK_IMPORT_UNKNOWN_REFERENCE');
      assert.match(byRow.get(4)?.error?.message ?? '', /所属部门“不存在的部门”/);
      assert.equal(byRow.get(5)?.error?.code, 'EMPLOYEE_CODE_TAKEN');
      assert.equal(byRow.get(7)?.error?.code, 'QUICK_IMPORT_DUPLICATE_IN_FILE');
      assert.equal(byRow.get(7)?.error?.field, 'extensionNumber');
      assert.match(byRow.get(7)?.error?.message ?? '', /第 2 行/);
      assert.equal(byRow.get(8)?.error?.code, 'USERNAME_TAKEN');
      assert.equal(byRow.get(9)?.error?.code, 'QUICK_IMPORT_DUPLICATE_IN_FILE');
      assert.equal(byRow.get(9)?.error?.field, 'code');
      const after = await counts();
      assert.equal(after.employees, (before.employees ?? 0) + 2);
      assert.equal(after.extensions, (before.extensions ?? 0) + 2);
      assert.equal(after.agents, (before.agents ?? 0) + 2);
      assert.equal(after.users, (before.users ?? 0) + 1);
      const sup = (
        await t.db.query<{ type: string; group_id: string }>("SELECT type, group_id FROM agents WHERE number = '3701'")
      ).rows[0];
      assert.deepEqual(sup, { type: 'supervisor', group_id: groupId });
    });

    it('reads English headers in another order', async () => {
      const headers = [
        'Agent password',
        'Agent number',
        'Extension password',
        'Extension',
        'Department',
        'Name',
        'Employee code',
      ];
      const content = await sheet([['agt5pw2y', '3801', 'ext7pw9x', '8801', '客服部', 'Eve', 'EN1']], headers);
      const x = json<ImportResult>(await upload(content, 'en-US'));
      assert.equal(x.created, 1, JSON.stringify(x.rows));
    });

    it('refuses a broken file, a file without the required columns and an empty one, creating nothing', async () => {
      const before = await counts();
      const broken = await upload(Buffer.from('this is not a workbook').toString('base64'));
      assert.equal(broken.statusCode, 400);
      assert.equal(json<Err>(broken).error.code, 'QUICK_IMPORT_FILE_INVALID');
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('x').addRow(['员工编码', '员工姓名']).commit();
      wb.worksheets[0]?.addRow(['Z1', 'z']);
      const partial = await upload(Buffer.from(await wb.xlsx.writeBuffer()).toString('base64'));
      assert.equal(json<Err>(partial).error.code, 'QUICK_IMPORT_FILE_INVALID');
      assert.match(json<Err>(partial).error.message, /分机号/);
      const empty = await upload(await sheet([]));
      assert.equal(json<Err>(empty).error.code, 'QUICK_IMPORT_EMPTY');
      assert.deepEqual(await counts(), before);
    });
  });
});
