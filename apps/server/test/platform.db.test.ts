import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createTestApp, type TestApp } from '../src/testing/test-app.ts';

describe('platform endpoints', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('answers /healthz and /readyz with the database dialect', async () => {
    assert.equal((await t.request('GET', '/healthz')).statusCode, 200);
    const r = await t.request('GET', '/readyz');
    assert.equal(r.statusCode, 200);
    assert.equal((r.json() as { database: string }).database, t.db.dialect);
  });

  it('exposes Prometheus metrics including HTTP durations', async () => {
    await t.request('GET', '/api/v1/branding');
    const r = await t.request('GET', '/metrics');
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /# TYPE rexian_http_request_duration_seconds histogram/);
    assert.match(r.body, /route="\/api\/v1\/branding"/);
    assert.match(r.body, /process_cpu_user_seconds_total/);
  });

  it('serves an OpenAPI document generated from the shared schemas, and its UI', async () => {
    const doc = (await t.request('GET', '/api/docs/json')).json() as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.paths['/api/v1/employees']?.get);
    assert.ok(doc.paths['/api/v1/auth/login']?.post);
    const body = JSON.stringify(doc.paths['/api/v1/employees']?.post);
    assert.match(body, /departmentId/);
    assert.equal((await t.request('GET', '/api/docs/')).statusCode, 200);
    // Every $ref points at a schema the document defines.
    const components = (doc as unknown as { components?: { schemas?: Record<string, unknown> } }).components?.schemas ?? {};
    for (const m of JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) {
      assert.ok(m[1] && m[1] in components, `dangling $ref ${m[1]}`);
    }
  });

  it('tags every response with a request id, honouring a safe incoming one', async () => {
    const r = await t.request('GET', '/api/v1/branding', { headers: { 'x-request-id': 'abc-123' } });
    assert.equal(r.headers['x-request-id'], 'abc-123');
    const bad = await t.request('GET', '/api/v1/branding', { headers: { 'x-request-id': 'evil\u0001id' } });
    assert.notEqual(bad.headers['x-request-id'], 'evil\u0001id');
  });

  it('answers unknown API routes with a JSON error', async () => {
    const r = await t.request('GET', '/api/v1/nope', { headers: { 'accept-language': 'en-US' } });
    assert.equal(r.statusCode, 404);
    assert.equal((r.json() as { error: { code: string } }).error.code, 'ROUTE_NOT_FOUND');
  });

  it('stores branding and validates the logo', async () => {
    const admin = await t.adminCookie();
    const bad = await t.request('PUT', '/api/v1/settings/branding', {
      cookie: admin,
      body: { systemName: 'X', logoDataUrl: 'javascript:alert(1)' },
    });
    assert.equal(bad.statusCode, 400);
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const ok = await t.request('PUT', '/api/v1/settings/branding', {
      cookie: admin,
      body: { systemName: '云呼叫中心', logoDataUrl: png },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    const pub = (await t.request('GET', '/api/v1/branding')).json() as { systemName: string; logoDataUrl: string };
    assert.equal(pub.systemName, '云呼叫中心');
    assert.equal(pub.logoDataUrl, png);
  });
});

async function productionDatabase(): Promise<string | undefined> {
  const admin = process.env.REXIAN_TEST_DATABASE_URL;
  if (!admin) return undefined;
  const name = `rexian_prod_${process.pid}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name}`);
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

describe('process', () => {
  const cli = join(import.meta.dirname, '../src/cli.ts');

  it('stops boot with a message naming a bad variable', async () => {
    const p = spawn(process.execPath, [cli, 'start'], {
      env: { ...process.env, REXIAN_PORT: 'eighty', REXIAN_DATA_DIR: ':memory:' },
    });
    let err = '';
    p.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const [code] = await once(p, 'exit');
    assert.equal(code, 78);
    assert.match(err, /REXIAN_PORT="eighty": expected a TCP port number/);
  });

  it('serves, keeps its data across a restart, and shuts down cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rexian-proc-'));
    // On the PostgreSQL pass the real server runs in production mode against its own database.
    const databaseUrl = await productionDatabase();
    const env = {
      ...process.env,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      REXIAN_PORT: '0',
      REXIAN_HOST: '127.0.0.1',
      REXIAN_DATA_DIR: dir,
      REXIAN_SIP_ENABLED: 'false',
      REXIAN_LOG_LEVEL: 'warn',
      REXIAN_DEMO: 'true',
    };
    const run = async (fn: (url: string) => Promise<void>) => {
      const p = spawn(process.execPath, [cli, 'start'], { env });
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        p.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /ready: (http:\/\/[^\s]+)/.exec(out);
          if (m?.[1]) resolve(m[1]);
        });
        p.once('exit', (c) => reject(new Error(`exited ${c}: ${out}`)));
      });
      await fn(url);
      p.kill('SIGTERM');
      const [code] = await once(p, 'exit');
      assert.equal(code, 0, 'graceful exit');
    };
    try {
      await run(async (url) => {
        const r = await fetch(`${url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'admin', password: 'admin' }),
        });
        assert.equal(r.status, 200);
        const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
        const c = await fetch(`${url}/api/v1/auth/password`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify({ currentPassword: 'admin', newPassword: 'Kept-Across-Restart-1' }),
        });
        assert.equal(c.status, 200);
      });
      await run(async (url) => {
        const old = await fetch(`${url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'admin', password: 'admin' }),
        });
        assert.equal(old.status, 401);
        const r = await fetch(`${url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'admin', password: 'Kept-Across-Restart-1' }),
        });
        assert.equal(r.status, 200);
        const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
        const deps = (await (await fetch(`${url}/api/v1/departments`, { headers: { cookie } })).json()) as unknown[];
        assert.equal(deps.length, 7, 'demo organisation seeded once');
        const ready = (await (await fetch(`${url}/readyz`)).json()) as { database: string };
        assert.equal(ready.database, databaseUrl ? 'postgres' : 'pglite');
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
