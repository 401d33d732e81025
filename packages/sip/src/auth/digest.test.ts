import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { VirtualClock } from '@rexian/kernel';
import { createResponse } from '../message/builders.ts';
import { parseMessage } from '../message/parser.ts';
import { requestText } from '../message/test-fixtures.ts';
import type { SipHeader, SipRequest } from '../message/types.ts';
import { createDigestClient } from './digest-client.ts';
import { computeHa1, computeResponse } from './digest-hash.ts';
import { parseAuthHeader } from './digest-header.ts';
import { createDigestServer, type DigestCredentialsPort } from './digest-server.ts';
import { createNonceService } from './nonce.ts';

const REALM = 'pbx.example.com';

function register(extra: SipHeader[] = []): SipRequest {
  const r = parseMessage(Buffer.from(requestText('REGISTER')));
  assert.ok(r.ok && r.value.kind === 'request');
  return { ...r.value, headers: [...r.value.headers, ...extra] };
}

const store: DigestCredentialsPort = {
  async lookup(username, realm) {
    if (realm !== REALM) return undefined;
    if (username === '8001') return { password: 'correct horse' };
    if (username === '8002') return { ha1: { MD5: computeHa1('MD5', '8002', REALM, 'battery staple') } };
    return undefined;
  },
};

function setup(ttl = 60_000) {
  const clock = new VirtualClock(1_700_000_000_000);
  const server = createDigestServer({
    realm: REALM,
    secret: 'server-secret',
    clock,
    credentials: store,
    nonceTtlMs: ttl,
    algorithms: ['SHA-256', 'MD5'],
  });
  return { clock, server };
}

/** Runs the client against a fresh challenge and returns the REGISTER carrying its answer. */
async function answered(server: ReturnType<typeof setup>['server'], password: string, user = '8001', algorithms?: string[]) {
  const first = await server.verify(register());
  assert.ok(!first.ok && first.reason === 'missing' && first.status === 401);
  let challenge = first.challenge;
  if (algorithms) challenge = challenge.filter((h) => algorithms.some((a) => h.value.includes(`algorithm=${a}`)));
  const resp = createResponse(register(), 401, { headers: challenge });
  const client = createDigestClient([{ realm: REALM, username: user, password }]);
  const auth = client.authorize(register(), resp);
  assert.ok(auth.ok, auth.ok ? '' : auth.error.reason);
  return { request: register([auth.value]), header: auth.value, client, resp };
}

describe('digest hashing', () => {
  it('matches the RFC 2617 §3.5 and RFC 7616 §3.9.1 vectors', () => {
    const md5 = computeResponse({
      algorithm: 'MD5',
      ha1: computeHa1('MD5', 'Mufasa', 'testrealm@host.com', 'Circle Of Life'),
      method: 'GET',
      uri: '/dir/index.html',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      qop: { nc: '00000001', cnonce: '0a4f113b' },
    });
    assert.equal(md5, '6629fae49393a05397450978507c4ef1');
    const sha = computeResponse({
      algorithm: 'SHA-256',
      ha1: computeHa1('SHA-256', 'Mufasa', 'http-auth@example.org', 'Circle of Life'),
      method: 'GET',
      uri: '/dir/index.html',
      nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
      qop: { nc: '00000001', cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ' },
    });
    assert.equal(sha, '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
  });

  it('parses challenge headers with quoted commas and refuses broken ones', () => {
    const h = parseAuthHeader('Digest realm="a, b", nonce="n\\"x", algorithm=SHA-256, qop="auth,auth-int"');
    assert.deepEqual(h && { ...h.params }, { realm: 'a, b', nonce: 'n"x', algorithm: 'SHA-256', qop: 'auth,auth-int' });
    for (const bad of ['', 'Digest realm="x', 'Digest realm=', 'Digest realm="a" nonce="b"', 'Digest realm="a", realm="b"']) {
      assert.equal(parseAuthHeader(bad), null, bad);
    }
  });
});

describe('nonces', () => {
  it('carry the issue time and an HMAC-SHA-256 of it, so nonces of earlier versions stay valid', () => {
    const clock = new VirtualClock();
    for (const secret of ['s3cret', 'x'.repeat(100), new Uint8Array([1, 2, 3])]) {
      const nonces = createNonceService({ secret, clock });
      const nonce = nonces.issue();
      const raw = Buffer.from(nonce, 'base64url');
      assert.equal(nonce.length, 43);
      assert.equal(raw.readBigUInt64BE(0), BigInt(clock.now()));
      const mac = createHmac('sha256', secret).update(raw.subarray(0, 16)).digest().subarray(0, 16);
      assert.deepEqual(raw.subarray(16), mac);
      assert.equal(nonces.check(nonce), 'valid');
      raw[16] = (raw[16] ?? 0) ^ 1;
      assert.equal(nonces.check(raw.toString('base64url')), 'invalid');
    }
  });

  it('differ from one another (random part drawn from the pool)', () => {
    const nonces = createNonceService({ secret: 'k', clock: new VirtualClock() });
    const seen = new Set(Array.from({ length: 2000 }, () => nonces.issue()));
    assert.equal(seen.size, 2000);
  });
});

describe('digest server', () => {
  it('offers MD5 only unless SHA-256 is configured (compatibility default)', async () => {
    const server = createDigestServer({ realm: REALM, secret: 's', clock: new VirtualClock(), credentials: store });
    const r = await server.verify(register());
    assert.ok(!r.ok);
    assert.deepEqual(
      r.challenge.map((h) => parseAuthHeader(h.value)?.params.algorithm),
      ['MD5'],
    );
  });

  it('challenges with SHA-256 first, then MD5, qop=auth (RFC 8760 §2.4)', async () => {
    const { server } = setup();
    const r = await server.verify(register());
    assert.ok(!r.ok);
    assert.equal(r.reason, 'missing');
    assert.deepEqual(
      r.challenge.map((h) => parseAuthHeader(h.value)?.params.algorithm),
      ['SHA-256', 'MD5'],
    );
    assert.ok(r.challenge.every((h) => h.name === 'WWW-Authenticate' && parseAuthHeader(h.value)?.params.qop === 'auth'));
  });

  it('accepts a right answer with SHA-256 and with MD5 (password or stored HA1)', async () => {
    const { server } = setup();
    const a = await answered(server, 'correct horse');
    assert.match(a.header.value, /algorithm=SHA-256/);
    assert.deepEqual(await server.verify(a.request), { ok: true, username: '8001', algorithm: 'SHA-256' });
    const b = await answered(server, 'battery staple', '8002', ['MD5']);
    assert.deepEqual(await server.verify(b.request), { ok: true, username: '8002', algorithm: 'MD5' });
  });

  it('answers an unknown user exactly like a wrong password', async () => {
    const { server } = setup();
    const wrong = await server.verify((await answered(server, 'wrong')).request);
    const unknown = await server.verify((await answered(server, 'whatever', '9999')).request);
    assert.ok(!wrong.ok && !unknown.ok);
    assert.equal(wrong.reason, 'failed');
    assert.equal(unknown.reason, wrong.reason);
    assert.equal(unknown.status, wrong.status);
    const shape = (hs: SipHeader[]) => hs.map((h) => ({ ...parseAuthHeader(h.value)?.params, nonce: 'N' }));
    assert.deepEqual(shape(unknown.challenge), shape(wrong.challenge));
  });

  it('marks a right answer to an expired nonce stale=true', async () => {
    const { server, clock } = setup(30_000);
    const a = await answered(server, 'correct horse');
    clock.advance(31_000);
    const r = await server.verify(a.request);
    assert.ok(!r.ok && r.reason === 'stale');
    assert.ok(r.challenge.every((h) => parseAuthHeader(h.value)?.params.stale === 'true'));
    const again = await answered(server, 'correct horse');
    assert.equal((await server.verify(again.request)).ok, true);
  });

  it('refuses a replayed nonce-count and forged nonces', async () => {
    const { server } = setup();
    const a = await answered(server, 'correct horse');
    assert.equal((await server.verify(a.request)).ok, true);
    const replay = await server.verify(a.request);
    assert.ok(!replay.ok && replay.reason === 'replay');
    const forged = a.header.value.replace(/nonce="[^"]+"/, `nonce="${'A'.repeat(43)}"`);
    const f = await server.verify(register([{ name: 'Authorization', value: forged }]));
    assert.ok(!f.ok && f.reason === 'failed');
  });

  it('accepts the next nonce-count from the same client', async () => {
    const { server } = setup();
    const a = await answered(server, 'correct horse');
    assert.equal((await server.verify(a.request)).ok, true);
    const next = a.client.authorize(register(), a.resp);
    assert.ok(next.ok && next.value.value.includes('nc=00000002'));
    assert.equal((await server.verify(register([next.value]))).ok, true);
  });

  it('refuses an answer computed for another Request-URI or method', async () => {
    const { server } = setup();
    const a = await answered(server, 'correct horse');
    const moved: SipRequest = { ...a.request, uri: { ...a.request.uri, host: 'elsewhere.example.com' } as SipRequest['uri'] };
    const r = await server.verify(moved);
    assert.ok(!r.ok && r.reason === 'failed');
  });

  it('speaks 407 / Proxy-Authorization in proxy mode', async () => {
    const clock = new VirtualClock();
    const server = createDigestServer({ realm: REALM, secret: 's', clock, credentials: store, mode: 'proxy' });
    const first = await server.verify(register());
    assert.ok(!first.ok && first.status === 407 && first.challenge[0]?.name === 'Proxy-Authenticate');
    const resp = createResponse(register(), 407, { headers: first.challenge });
    const auth = createDigestClient([{ realm: REALM, username: '8001', password: 'correct horse' }]).authorize(register(), resp);
    assert.ok(auth.ok && auth.value.name === 'Proxy-Authorization');
    assert.equal((await server.verify(register([auth.value]))).ok, true);
  });
});

describe('digest client', () => {
  it('never answers a challenge for a realm it was not configured for (digest leak)', () => {
    const client = createDigestClient([{ realm: 'carrier.example.net', username: 'trunk', password: 'p' }]);
    const resp = createResponse(register(), 401, {
      headers: [{ name: 'WWW-Authenticate', value: 'Digest realm="attacker.example.org", nonce="abc", qop="auth"' }],
    });
    const r = client.authorize(register(), resp);
    assert.ok(!r.ok && r.error.code === 'SIP_AUTH_CHALLENGE_REFUSED');
  });

  it('answers RFC 2069 style (no qop) and echoes opaque', () => {
    const client = createDigestClient([{ realm: 'r', username: 'u', password: 'p' }], () => 'cn');
    const resp = createResponse(register(), 401, {
      headers: [{ name: 'WWW-Authenticate', value: 'Digest realm="r", nonce="n1", opaque="op"' }],
    });
    const r = client.authorize(register(), resp);
    assert.ok(r.ok);
    const p = parseAuthHeader(r.value.value)?.params;
    const expected = computeResponse({
      algorithm: 'MD5',
      ha1: computeHa1('MD5', 'u', 'r', 'p'),
      method: 'REGISTER',
      uri: 'sip:bob@example.com',
      nonce: 'n1',
    });
    assert.equal(p?.response, expected);
    assert.equal(p?.opaque, 'op');
    assert.equal(p?.qop, undefined);
  });
});
