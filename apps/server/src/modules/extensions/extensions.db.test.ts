import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { agentPasswordProblem } from '@rexian/contracts';
import { startRexian } from '../../main.ts';
import { createTestApp, json, type TestApp } from '../../testing/test-app.ts';

type Ext = { id: string; number: string; password?: string; status: string; enabled: boolean; codecs: string[] };
type Err = { error: { code: string; details?: { issues?: { path: string }[] } } };

describe('extensions', () => {
  let t: TestApp;
  let admin: string;
  before(async () => {
    t = await createTestApp({ env: { REXIAN_SIP_REALM: 'pbx.test' } });
    admin = await t.adminCookie();
  });
  after(() => t.close());

  it('generates a 20-character password under the manual rule, returned once, stored only as digest HA1', async () => {
    const r = await t.request('POST', '/api/v1/extensions', { cookie: admin, body: { number: '8101', displayName: '前台' } });
    assert.equal(r.statusCode, 201, r.body);
    const x = json<Ext>(r);
    assert.equal(x.password?.length, 20);
    assert.equal(agentPasswordProblem(x.password ?? ''), null);
    assert.equal(x.status, 'offline');
    assert.deepEqual(x.codecs, ['PCMU', 'PCMA', 'G722', 'telephone-event']);
    const got = json<Ext>(await t.request('GET', `/api/v1/extensions/${x.id}`, { cookie: admin }));
    assert.equal(got.password, undefined, 'never shown again');
    const row = (
      await t.db.query<{ ha1_md5: string; ha1_sha256: string; realm: string }>('SELECT * FROM extensions WHERE id = $1', [x.id])
    ).rows[0];
    assert.equal(row?.realm, 'pbx.test');
    assert.equal(row?.ha1_md5, createHash('md5').update(`8101:pbx.test:${x.password}`).digest('hex'));
    assert.equal(row?.ha1_sha256, createHash('sha256').update(`8101:pbx.test:${x.password}`).digest('hex'));
    const all = JSON.stringify((await t.db.query('SELECT * FROM extensions')).rows);
    assert.ok(!all.includes(x.password ?? '\u0000'), 'no clear password in the table');
  });

  it('accepts a hand-set password only under the manual rule', async () => {
    for (const bad of ['abc12', 'abcdefgh', 'ab1234cd']) {
      const r = await t.request('POST', '/api/v1/extensions', { cookie: admin, body: { number: '8102', password: bad } });
      assert.equal(r.statusCode, 400, bad);
      assert.equal(json<Err>(r).error.code, 'VALIDATION_FAILED');
    }
    const ok = await t.request('POST', '/api/v1/extensions', { cookie: admin, body: { number: '8102', password: 'desk2468x' } });
    assert.equal(ok.statusCode, 201);
    assert.equal(json<Ext>(ok).password, 'desk2468x');
  });

  it('refuses duplicate numbers and malformed ones', async () => {
    const dup = await t.request('POST', '/api/v1/extensions', { cookie: admin, body: { number: '8101' } });
    assert.equal(dup.statusCode, 409);
    assert.equal(json<Err>(dup).error.code, 'EXTENSION_NUMBER_TAKEN');
    const bad = await t.request('POST', '/api/v1/extensions', { cookie: admin, body: { number: '81a1' } });
    assert.equal(json<Err>(bad).error.code, 'VALIDATION_FAILED');
  });

  it('shows registrations and online status; disabling drops them', async () => {
    const x = json<{ items: Ext[] }>(await t.request('GET', '/api/v1/extensions?q=8101', { cookie: admin })).items[0];
    assert.ok(x);
    await t.db.query(
      `INSERT INTO sip_registrations (extension_id, aor, contact_uri, expires_at, call_id, cseq, source, user_agent)
       VALUES ($1, 'sip:8101@pbx.test', 'sip:8101@127.0.0.1:5062', now() + interval '1 hour', 'c1', 1,
               '{"protocol":"udp","address":"127.0.0.1","port":5062}', 'baresip')`,
      [x.id],
    );
    const online = json<{ items: (Ext & { registrations: { userAgent: string }[] })[] }>(
      await t.request('GET', '/api/v1/extensions?status=online', { cookie: admin }),
    );
    assert.deepEqual(
      online.items.map((i) => i.number),
      ['8101'],
    );
    assert.equal(online.items[0]?.registrations[0]?.userAgent, 'baresip');
    assert.equal((online.items[0]?.registrations[0] as unknown as { source: string }).source, 'udp:127.0.0.1:5062');
    const off = await t.request('PATCH', `/api/v1/extensions/${x.id}`, { cookie: admin, body: { enabled: false } });
    assert.equal(json<Ext>(off).status, 'offline');
  });

  it('regenerates a password on request', async () => {
    const x = json<{ items: Ext[] }>(await t.request('GET', '/api/v1/extensions?q=8102', { cookie: admin })).items[0];
    const r = await t.request('POST', `/api/v1/extensions/${x?.id}/password`, { cookie: admin, body: {} });
    assert.equal(r.statusCode, 200);
    assert.notEqual(json<Ext>(r).password, 'desk2468x');
  });
});

describe('demo extensions', () => {
  it('seeds 8001–8005 in demo mode and writes their passwords to a 0600 file shown to the admin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rexian-demo-'));
    const r = await startRexian({
      env: { REXIAN_DATA_DIR: dir, REXIAN_DEMO: 'true', REXIAN_LOG_LEVEL: 'silent', REXIAN_CONSOLE_DIR: '/nonexistent' },
      listen: false,
    });
    try {
      const file = join(dir, 'demo-credentials.json');
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const login = await r.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'admin', password: 'admin' },
      });
      const cookie = `rexian_session=${login.cookies.find((c) => c.name === 'rexian_session')?.value}`;
      await r.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: { cookie },
        payload: { currentPassword: 'admin', newPassword: 'Demo-Secret-Pw-1' },
      });
      const res = await r.app.inject({ method: 'GET', url: '/api/v1/extensions/demo-credentials', headers: { cookie } });
      assert.equal(res.statusCode, 200, res.body);
      const creds = res.json() as {
        extensions: { number: string; password: string }[];
      };
      assert.deepEqual(
        creds.extensions.map((e) => e.number),
        ['8001', '8002', '8003', '8004', '8005'],
      );
      for (const e of creds.extensions) assert.equal(agentPasswordProblem(e.password), null);
    } finally {
      await r.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
