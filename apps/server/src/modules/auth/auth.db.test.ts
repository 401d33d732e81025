import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN_PASSWORD, createTestApp, json, type TestApp, USER_PASSWORD } from '../../testing/test-app.ts';

describe('authentication', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { REXIAN_LOGIN_MAX_FAILURES: '3', REXIAN_LOGIN_LOCK_MINUTES: '15' } });
  });
  after(() => t.close());

  it('first login as admin/admin allows nothing but the password change', async () => {
    const cookie = await t.login('admin', 'admin');
    const me = await t.request('GET', '/api/v1/auth/me', { cookie });
    assert.equal(json<{ mustChangePassword: boolean }>(me).mustChangePassword, true);
    for (const url of ['/api/v1/departments', '/api/v1/users', '/api/v1/employees', '/api/v1/audit']) {
      const r = await t.request('GET', url, { cookie });
      assert.equal(r.statusCode, 403, url);
      assert.equal(json<{ error: { code: string } }>(r).error.code, 'AUTH_PASSWORD_CHANGE_REQUIRED');
    }
    // Too short, common, same-as-old: refused with stable codes.
    const cases: [string, string][] = [
      ['short1', 'PASSWORD_TOO_SHORT'],
      ['password1', 'PASSWORD_TOO_COMMON'],
      ['admin', 'PASSWORD_TOO_SHORT'],
      ['my-admin-pass', 'PASSWORD_CONTAINS_USERNAME'],
    ];
    for (const [pw, code] of cases) {
      const r = await t.request('POST', '/api/v1/auth/password', { cookie, body: { currentPassword: 'admin', newPassword: pw } });
      assert.equal(r.statusCode, 400, pw);
      assert.equal(json<{ error: { code: string } }>(r).error.code, code, pw);
    }
    const ok = await t.request('POST', '/api/v1/auth/password', {
      cookie,
      body: { currentPassword: 'admin', newPassword: ADMIN_PASSWORD },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal((await t.request('GET', '/api/v1/departments', { cookie })).statusCode, 200);
    // admin/admin no longer works.
    const old = await t.request('POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'admin' } });
    assert.equal(old.statusCode, 401);
  });

  it('sets an HttpOnly SameSite=Strict session cookie', async () => {
    const r = await t.request('POST', '/api/v1/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } });
    const c = r.cookies.find((x) => x.name === 'rexian_session');
    assert.ok(c);
    assert.equal(c.httpOnly, true);
    assert.equal(c.sameSite, 'Strict');
    assert.ok(c.value.length >= 40);
  });

  it('answers unknown users and wrong passwords identically', async () => {
    const a = await t.request('POST', '/api/v1/auth/login', { body: { username: 'nobody-here', password: 'whatever1' } });
    const b = await t.request('POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'wrong-password' } });
    assert.equal(a.statusCode, 401);
    assert.equal(b.statusCode, 401);
    const strip = (x: { error: { requestId?: string } }) => ({ ...x.error, requestId: undefined });
    assert.deepEqual(strip(json(a)), strip(json(b)));
  });

  it('locks a user name temporarily after repeated failures, for known and unknown names alike', async () => {
    for (const name of ['ghost-user', 'locktest']) {
      if (name === 'locktest') {
        const admin = await t.login('admin', ADMIN_PASSWORD);
        await t.userCookie(admin, { username: 'locktest', roleId: null, employeeId: null });
      }
      for (let i = 0; i < 3; i++) {
        const r = await t.request('POST', '/api/v1/auth/login', { body: { username: name, password: 'bad-guess-1' } });
        assert.equal(r.statusCode, 401);
      }
      const locked = await t.request('POST', '/api/v1/auth/login', {
        body: { username: name, password: USER_PASSWORD },
        headers: { 'accept-language': 'en-US' },
      });
      assert.equal(locked.statusCode, 423, name);
      const body = json<{ error: { code: string; message: string } }>(locked);
      assert.equal(body.error.code, 'AUTH_TEMPORARILY_LOCKED');
      assert.match(body.error.message, /try again in 15 minutes/);
    }
    const audit = await t.request('GET', '/api/v1/audit?action=auth.login&outcome=failed&pageSize=50', {
      cookie: await t.login('admin', ADMIN_PASSWORD),
    });
    const entries = json<{ items: { username: string; ip: string }[] }>(audit).items;
    assert.ok(entries.filter((e) => e.username === 'ghost-user').length >= 3);
    assert.ok(entries.every((e) => e.ip === '127.0.0.1'));
  });

  it('logout revokes the session on the server', async () => {
    const cookie = await t.login('admin', ADMIN_PASSWORD);
    assert.equal((await t.request('POST', '/api/v1/auth/logout', { cookie })).statusCode, 200);
    const r = await t.request('GET', '/api/v1/auth/me', { cookie });
    assert.equal(r.statusCode, 401);
    assert.equal(json<{ error: { code: string } }>(r).error.code, 'AUTH_REQUIRED');
  });

  it('locking a user ends their sessions at once; a locked user cannot sign in', async () => {
    const admin = await t.login('admin', ADMIN_PASSWORD);
    const { cookie, id } = await t.userCookie(admin, { username: 'tolock', roleId: null, employeeId: null });
    assert.equal((await t.request('GET', '/api/v1/auth/me', { cookie })).statusCode, 200);
    const lock = await t.request('PATCH', `/api/v1/users/${id}`, { cookie: admin, body: { locked: true } });
    assert.equal(lock.statusCode, 200, lock.body);
    assert.equal((await t.request('GET', '/api/v1/auth/me', { cookie })).statusCode, 401);
    const again = await t.request('POST', '/api/v1/auth/login', { body: { username: 'tolock', password: USER_PASSWORD } });
    assert.equal(again.statusCode, 423);
    assert.equal(json<{ error: { code: string } }>(again).error.code, 'AUTH_USER_LOCKED');
  });

  it('an admin password reset forces a change and ends the old sessions', async () => {
    const admin = await t.login('admin', ADMIN_PASSWORD);
    const { cookie, id } = await t.userCookie(admin, { username: 'toreset', roleId: null, employeeId: null });
    const r = await t.request('PATCH', `/api/v1/users/${id}`, { cookie: admin, body: { password: 'Reset-Pass-42' } });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal((await t.request('GET', '/api/v1/auth/me', { cookie })).statusCode, 401);
    const fresh = await t.login('toreset', 'Reset-Pass-42');
    const me = json<{ mustChangePassword: boolean }>(await t.request('GET', '/api/v1/auth/me', { cookie: fresh }));
    assert.equal(me.mustChangePassword, true);
  });

  it('never stores a password in clear and hashes with argon2id', async () => {
    const r = await t.db.query<{ password_hash: string }>('SELECT password_hash FROM users');
    for (const row of r.rows) assert.match(row.password_hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('keeps at least one active admin and protects the own account', async () => {
    const admin = await t.login('admin', ADMIN_PASSWORD);
    const me = json<{ id: string }>(await t.request('GET', '/api/v1/auth/me', { cookie: admin }));
    const r = await t.request('PATCH', `/api/v1/users/${me.id}`, { cookie: admin, body: { locked: true } });
    assert.equal(json<{ error: { code: string } }>(r).error.code, 'USER_SELF_PROTECTED');
    const d = await t.request('DELETE', `/api/v1/users/${me.id}`, { cookie: admin });
    assert.equal(json<{ error: { code: string } }>(d).error.code, 'USER_SELF_PROTECTED');
  });
});
