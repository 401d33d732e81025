import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiKey, ApiKeyCreated } from '@rexian/contracts';
import { createTestApp, json, type TestApp } from '../../testing/test-app.ts';

/**
 * API keys (docs/agent-sdk.md, "Click to call"): shown once, stored hashed, revocable, limited by source
 * address and expiry; a key opens only the click-to-call routes and a session cookie never does.
 */
describe('API keys for click to call', () => {
  let t: TestApp;
  let admin: string;
  before(async () => {
    t = await createTestApp();
    admin = await t.adminCookie();
  });
  after(() => t.close());

  const create = async (body: Record<string, unknown>) => {
    const r = await t.request('POST', '/api/v1/api-keys', { cookie: admin, body });
    assert.equal(r.statusCode, 201, r.body);
    return json<ApiKeyCreated>(r);
  };
  const callWith = (key: string, opts: { remoteAddress?: string; path?: string } = {}) =>
    t.app.inject({
      method: opts.path ? 'GET' : 'POST',
      url: opts.path ?? '/api/v1/click-to-call',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(opts.path ? {} : { payload: JSON.stringify({ agentNumber: '1001', number: '13800138000' }) }),
      ...(opts.remoteAddress ? { remoteAddress: opts.remoteAddress } : {}),
    });
  const codeOf = (r: { json(): unknown }) => (r.json() as { error?: { code?: string } }).error?.code;

  it('shows the key once and stores only its hash', async () => {
    const k = await create({ name: 'CRM', scope: 'any-agent' });
    assert.match(k.key, /^rxk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    assert.ok(k.key.startsWith(`rxk_${k.prefix}_`));
    const list = json<ApiKey[]>(await t.request('GET', '/api/v1/api-keys', { cookie: admin }));
    const listed = list.find((x) => x.id === k.id);
    assert.ok(listed);
    assert.equal('key' in (listed as object), false, 'lists never show the key');
    const row = await t.db.query<{ key_hash: string }>('SELECT key_hash FROM api_keys WHERE id = $1', [k.id]);
    assert.equal(row.rows[0]?.key_hash.length, 64);
    assert.ok(!JSON.stringify(row.rows).includes(k.key.slice(14)), 'the secret is not stored');
  });

  it('a valid key passes the guard (the switch is not running here: CTI_NOT_RUNNING); a wrong one does not', async () => {
    const k = await create({ name: 'CRM 2', scope: 'any-agent' });
    assert.equal(codeOf(await callWith(k.key)), 'CTI_NOT_RUNNING');
    const wrong = `${k.key.slice(0, -4)}AAAA`;
    const r = await callWith(wrong);
    assert.equal(r.statusCode, 401);
    assert.equal(codeOf(r), 'API_KEY_INVALID');
    assert.equal(codeOf(await callWith('not-a-key')), 'API_KEY_INVALID');
    const used = await t.db.query<{ last_used_at: Date | null }>('SELECT last_used_at FROM api_keys WHERE id = $1', [k.id]);
    assert.ok(used.rows[0]?.last_used_at, 'last use recorded');
  });

  it('revoked and expired keys stop working; source addresses are enforced', async () => {
    const k = await create({ name: 'revoked', scope: 'any-agent' });
    const del = await t.request('DELETE', `/api/v1/api-keys/${k.id}`, { cookie: admin });
    assert.equal(del.statusCode, 204);
    assert.equal(codeOf(await callWith(k.key)), 'API_KEY_INVALID');

    const past = await create({ name: 'expired', scope: 'any-agent', expiresAt: new Date(Date.now() - 1000).toISOString() });
    assert.equal(codeOf(await callWith(past.key)), 'API_KEY_INVALID');

    const office = await create({ name: 'office only', scope: 'any-agent', allowedIps: ['10.1.0.0/16'] });
    assert.equal(codeOf(await callWith(office.key, { remoteAddress: '10.1.2.3' })), 'CTI_NOT_RUNNING');
    assert.equal(codeOf(await callWith(office.key, { remoteAddress: '10.2.0.1' })), 'API_KEY_INVALID');
  });

  it('a key opens nothing but click to call; a cookie does not open click to call', async () => {
    const k = await create({ name: 'narrow', scope: 'any-agent' });
    const other = await t.app.inject({
      method: 'GET',
      url: '/api/v1/agent/session',
      headers: { authorization: `Bearer ${k.key}` },
    });
    assert.equal(codeOf(other), 'AUTH_REQUIRED');
    const withCookie = await t.request('POST', '/api/v1/click-to-call', {
      cookie: admin,
      body: { agentNumber: '1001', number: '13800138000' },
    });
    assert.equal(codeOf(withCookie), 'AUTH_REQUIRED');
  });

  it('an agent key must name its agent; unknown agents and keys are refused clearly', async () => {
    const bad = await t.request('POST', '/api/v1/api-keys', { cookie: admin, body: { name: 'x', scope: 'agent' } });
    assert.equal(bad.statusCode, 400);
    const missing = await t.request('DELETE', '/api/v1/api-keys/7f1d2c3a-1111-4222-8333-444455556666', { cookie: admin });
    assert.equal(codeOf(missing), 'API_KEY_NOT_FOUND');
  });
});
