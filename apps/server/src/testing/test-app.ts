import assert from 'node:assert/strict';
import { type Database, openTestDatabase } from '@rexian/db';
import type { Clock } from '@rexian/kernel';
import type { LightMyRequestResponse } from 'fastify';
import { type Rexian, startRexian } from '../main.ts';

export const ADMIN_PASSWORD = 'Adm1n-Secure-Pw';
/** The password every test user chooses at its forced first change. */
export const USER_PASSWORD = 'Own-Secret-77';

/** A Rexian app on a fresh test database (PGlite or PostgreSQL, see @rexian/db testing), not listening. */
export async function createTestApp(options: { env?: Record<string, string>; clock?: Clock } = {}) {
  const db: Database = await openTestDatabase();
  const rexian: Rexian = await startRexian({
    env: {
      REXIAN_LOG_LEVEL: 'silent',
      REXIAN_DEMO: 'false',
      REXIAN_LOGIN_RATE_PER_MINUTE: '100000',
      REXIAN_CONSOLE_DIR: '/nonexistent',
      ...options.env,
    },
    database: db,
    listen: false,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const app = rexian.app;

  async function request(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    opts: { cookie?: string | undefined; body?: unknown; headers?: Record<string, string>; raw?: string } = {},
  ): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.cookie) headers.cookie = opts.cookie;
    if (opts.body !== undefined || opts.raw !== undefined) headers['content-type'] ??= 'application/json';
    return app.inject({
      method,
      url,
      headers,
      ...(opts.raw !== undefined ? { payload: opts.raw } : opts.body !== undefined ? { payload: JSON.stringify(opts.body) } : {}),
    });
  }

  async function login(username: string, password: string): Promise<string> {
    const r = await request('POST', '/api/v1/auth/login', { body: { username, password } });
    assert.equal(r.statusCode, 200, `login ${username}: ${r.body}`);
    const c = r.cookies.find((x) => x.name === 'rexian_session');
    assert.ok(c, 'session cookie set');
    return `rexian_session=${c.value}`;
  }

  /** Signs in as admin/admin and performs the forced first password change. */
  async function adminCookie(): Promise<string> {
    const cookie = await login('admin', 'admin');
    const r = await request('POST', '/api/v1/auth/password', {
      cookie,
      body: { currentPassword: 'admin', newPassword: ADMIN_PASSWORD },
    });
    assert.equal(r.statusCode, 200, r.body);
    return cookie;
  }

  /** Creates a user through the API and signs it in (doing its forced password change). */
  async function userCookie(admin: string, user: { username: string; roleId: string | null; employeeId: string | null }) {
    const temp = 'Temp-Pass-9x!';
    const r = await request('POST', '/api/v1/users', { cookie: admin, body: { ...user, password: temp } });
    assert.equal(r.statusCode, 201, r.body);
    const cookie = await login(user.username, temp);
    const c = await request('POST', '/api/v1/auth/password', {
      cookie,
      body: { currentPassword: temp, newPassword: USER_PASSWORD },
    });
    assert.equal(c.statusCode, 200, c.body);
    return { cookie, id: (r.json() as { id: string }).id };
  }

  return { rexian, app, db, request, login, adminCookie, userCookie, close: () => rexian.close().then(() => db.close()) };
}
export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

export const json = <T>(r: LightMyRequestResponse): T => r.json() as T;
