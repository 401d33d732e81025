import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VirtualClock } from '@rexian/kernel';
import { getHeader, getHeaderValues } from '../message/headers.ts';
import { parseMessage } from '../message/parser.ts';
import type { SipRequest } from '../message/types.ts';
import { createMemoryBindingStore } from './binding.ts';
import { createRegistrar } from './registrar.ts';

const source = { protocol: 'UDP', address: '198.51.100.20', port: 40000 };

function register(o: { contacts?: string[]; expires?: number; callId?: string; cseq?: number; user?: string } = {}): SipRequest {
  const user = o.user ?? '8001';
  const lines = [
    'REGISTER sip:pbx.example.com SIP/2.0',
    'Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKreg;rport',
    `To: <sip:${user}@PBX.example.com>`,
    `From: <sip:${user}@pbx.example.com>;tag=a`,
    `Call-ID: ${o.callId ?? 'reg-1'}`,
    `CSeq: ${o.cseq ?? 1} REGISTER`,
    'Max-Forwards: 70',
    'User-Agent: TestPhone/1.0',
    ...(o.contacts ?? []).map((c) => `Contact: ${c}`),
    ...(o.expires === undefined ? [] : [`Expires: ${o.expires}`]),
    'Content-Length: 0',
    '',
    '',
  ];
  const r = parseMessage(Buffer.from(lines.join('\r\n')));
  assert.ok(r.ok && r.value.kind === 'request', r.ok ? '' : r.error.reason);
  return r.value;
}

function setup(maxContacts = 3) {
  const clock = new VirtualClock(Date.UTC(2026, 0, 1));
  const store = createMemoryBindingStore();
  const registrar = createRegistrar({
    store,
    clock,
    domains: ['pbx.example.com'],
    policy: { maxContacts, minExpires: 60, maxExpires: 3600, defaultExpires: 600 },
  });
  return { clock, store, registrar };
}

describe('registrar (RFC 3261 §10.3)', () => {
  it('binds contacts with expiry, q-values and the NAT source, and lists them best q first', async () => {
    const { registrar, store } = setup();
    const r = await registrar.handle(
      register({ contacts: ['<sip:8001@10.0.0.5:5060>;q=0.5', '<sip:8001@10.0.0.6>;q=0.9;expires=120'], expires: 300 }),
      '8001',
      source,
    );
    assert.equal(r.status, 200);
    assert.deepEqual(getHeaderValues(r, 'Contact'), [
      '<sip:8001@10.0.0.6>;expires=120;q=0.9',
      '<sip:8001@10.0.0.5:5060>;expires=300;q=0.5',
    ]);
    assert.match(getHeader(r, 'To') ?? '', /;tag=/);
    assert.ok(getHeader(r, 'Date')?.endsWith('GMT'));
    const stored = store.all();
    assert.equal(stored.length, 2);
    assert.deepEqual(stored[0]?.source, source);
    assert.equal(stored[0]?.userAgent, 'TestPhone/1.0');
    assert.equal(stored[0]?.aor, 'sip:8001@pbx.example.com');
  });

  it('expires bindings on the clock and refreshes them', async () => {
    const { registrar, clock } = setup();
    await registrar.handle(register({ contacts: ['<sip:8001@10.0.0.5>'], expires: 120 }), '8001', source);
    clock.advance(100_000);
    assert.equal((await registrar.lookup('sip:8001@pbx.example.com')).length, 1);
    await registrar.handle(register({ contacts: ['<sip:8001@10.0.0.5>'], expires: 120, cseq: 2 }), '8001', source);
    clock.advance(100_000);
    assert.equal((await registrar.lookup('sip:8001@pbx.example.com')).length, 1, 'refreshed');
    clock.advance(30_000);
    assert.equal((await registrar.lookup('sip:8001@pbx.example.com')).length, 0, 'expired');
  });

  it('answers a query (no Contact) with the current bindings', async () => {
    const { registrar } = setup();
    await registrar.handle(register({ contacts: ['<sip:8001@10.0.0.5>'] }), '8001', source);
    const q = await registrar.handle(register({ cseq: 2 }), '8001', source);
    assert.deepEqual(getHeaderValues(q, 'Contact'), ['<sip:8001@10.0.0.5>;expires=600']);
  });

  it('removes one binding with expires=0 and all with "*"', async () => {
    const { registrar } = setup();
    await registrar.handle(register({ contacts: ['<sip:8001@10.0.0.5>', '<sip:8001@10.0.0.6>'] }), '8001', source);
    const one = await registrar.handle(register({ contacts: ['<sip:8001@10.0.0.5>;expires=0'], cseq: 2 }), '8001', source);
    assert.deepEqual(getHeaderValues(one, 'Contact'), ['<sip:8001@10.0.0.6>;expires=600']);
    const bad = await registrar.handle(register({ contacts: ['*'], cseq: 3 }), '8001', source);
    assert.equal(bad.status, 400, '* without Expires: 0');
    const all = await registrar.handle(register({ contacts: ['*'], expires: 0, cseq: 4 }), '8001', source);
    assert.equal(all.status, 200);
    assert.deepEqual(await registrar.lookup('sip:8001@pbx.example.com'), []);
  });

  it('answers 423 with Min-Expires below the minimum and caps at the maximum', async () => {
    const { registrar } = setup();
    const brief = await registrar.handle(register({ contacts: ['<sip:8001@10.0.0.5>'], expires: 10 }), '8001', source);
    assert.equal(brief.status, 423);
    assert.equal(getHeader(brief, 'Min-Expires'), '60');
    const long = await registrar.handle(register({ contacts: ['<sip:8001@10.0.0.5>'], expires: 99999, cseq: 2 }), '8001', source);
    assert.deepEqual(getHeaderValues(long, 'Contact'), ['<sip:8001@10.0.0.5>;expires=3600']);
  });

  it('refuses an out-of-order CSeq on the same Call-ID', async () => {
    const { registrar } = setup();
    await registrar.handle(register({ contacts: ['<sip:8001@10.0.0.5>'], cseq: 5 }), '8001', source);
    const stale = await registrar.handle(register({ contacts: ['<sip:8001@10.0.0.5>'], cseq: 5 }), '8001', source);
    assert.equal(stale.status, 500);
    const other = await registrar.handle(
      register({ contacts: ['<sip:8001@10.0.0.5>'], cseq: 1, callId: 'reg-2' }),
      '8001',
      source,
    );
    assert.equal(other.status, 200, 'a new Call-ID may replace the binding');
  });

  it('enforces the contact limit, other users’ AORs and foreign domains', async () => {
    const { registrar } = setup(2);
    const over = await registrar.handle(
      register({ contacts: ['<sip:a@1.1.1.1>', '<sip:b@1.1.1.2>', '<sip:c@1.1.1.3>'] }),
      '8001',
      source,
    );
    assert.equal(over.status, 403);
    const theft = await registrar.handle(register({ contacts: ['<sip:8002@1.1.1.1>'], user: '8002' }), '8001', source);
    assert.equal(theft.status, 403);
    const { registrar: r2 } = setup();
    const foreign = register({ contacts: ['<sip:8001@1.1.1.1>'] });
    const moved = {
      ...foreign,
      headers: foreign.headers.map((h) => (h.name === 'To' ? { name: 'To', value: '<sip:8001@evil.example.org>' } : h)),
    };
    assert.equal((await r2.handle(moved, '8001', source)).status, 403);
  });

  it('serialises concurrent REGISTERs of one AOR (no lost binding)', async () => {
    const { registrar } = setup(5);
    await Promise.all([
      registrar.handle(register({ contacts: ['<sip:8001@10.0.0.1>'], callId: 'x1' }), '8001', source),
      registrar.handle(register({ contacts: ['<sip:8001@10.0.0.2>'], callId: 'x2' }), '8001', source),
      registrar.handle(register({ contacts: ['<sip:8001@10.0.0.3>'], callId: 'x3' }), '8001', source),
    ]);
    assert.equal((await registrar.lookup('sip:8001@pbx.example.com')).length, 3);
  });
});
