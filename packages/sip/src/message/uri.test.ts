import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { SipUri } from './types.ts';
import { getParam, isTelUri, parseUri, serializeUri, uriEquals } from './uri.ts';

function sip(text: string): SipUri {
  const r = parseUri(text);
  assert.ok(r.ok, `should parse ${text}`);
  assert.ok(r.value.scheme === 'sip' || r.value.scheme === 'sips');
  return r.value as SipUri;
}

describe('parseUri', () => {
  it('splits user, password, host, port, parameters and headers', () => {
    const u = sip('sips:alice:secret@example.com:5061;transport=tls;lr;maddr=239.255.255.1?subject=hi&priority=urgent');
    assert.equal(u.scheme, 'sips');
    assert.equal(u.user, 'alice');
    assert.equal(u.password, 'secret');
    assert.equal(u.host, 'example.com');
    assert.equal(u.port, 5061);
    assert.deepEqual(u.params, [
      { name: 'transport', value: 'tls' },
      { name: 'lr', value: null },
      { name: 'maddr', value: '239.255.255.1' },
    ]);
    assert.deepEqual(u.headers, [
      { name: 'subject', value: 'hi' },
      { name: 'priority', value: 'urgent' },
    ]);
  });

  it('decodes escapes and re-escapes on output (RFC 3261 §19.1.4)', () => {
    const u = sip('sip:%75se%72@example.com;n%61me=v%61lue');
    assert.equal(u.user, 'user');
    assert.equal(getParam(u.params, 'name'), 'value');
    assert.equal(serializeUri(u), 'sip:user@example.com;name=value');
    assert.equal(sip('sip:I%20have%20spaces@example.net').user, 'I have spaces');
    assert.equal(serializeUri(sip('sip:I%20have%20spaces@example.net')), 'sip:I%20have%20spaces@example.net');
  });

  it('accepts user parts holding ; ? , / (user-unreserved)', () => {
    const u = sip('sip:user;par=u%40example.net@example.com');
    assert.equal(u.user, 'user;par=u@example.net');
    assert.equal(u.host, 'example.com');
  });

  it('parses IPv6 references with and without port', () => {
    assert.equal(sip('sip:[2001:db8::10]').host, '[2001:db8::10]');
    const u = sip('sip:bob@[2001:db8::10]:5070;transport=tcp');
    assert.equal(u.host, '[2001:db8::10]');
    assert.equal(u.port, 5070);
    assert.equal(parseUri('sip:bob@[2001:db8::10').ok, false);
    assert.equal(parseUri('sip:bob@[zz::1]').ok, false);
  });

  it('parses tel: and keeps other schemes opaque', () => {
    const t = parseUri('tel:+1-201-555-0123;phone-context=example.com');
    assert.ok(t.ok && isTelUri(t.value));
    assert.equal(t.value.number, '+1-201-555-0123');
    assert.equal(serializeUri(t.value), 'tel:+1-201-555-0123;phone-context=example.com');
    const o = parseUri('soap.beep://192.0.2.103:3002');
    assert.ok(o.ok);
    assert.deepEqual(o.value, { scheme: 'soap.beep', opaque: '//192.0.2.103:3002' });
  });

  it('rejects malformed URIs', () => {
    for (const bad of [
      '',
      'sip:',
      'sip:@host',
      'sip:host:99999',
      'sip:host:',
      'sip:us er@host',
      '<sip:a@b>',
      'sip:a@b;',
      'sip:a@b;x=%zz',
      '1sip:a',
      'tel:',
      'tel:abc xyz',
      'sip:a@host>',
    ]) {
      assert.equal(parseUri(bad).ok, false, bad);
    }
  });

  it('compares per RFC 3261 §19.1.4', () => {
    assert.ok(uriEquals(sip('sip:%61lice@ATLANTA.com;transport=TCP'), sip('sip:alice@AtLanTa.CoM;Transport=tcp')));
    assert.ok(!uriEquals(sip('sip:alice@atlanta.com'), sip('sip:ALICE@atlanta.com')));
    assert.ok(!uriEquals(sip('sip:bob@biloxi.com'), sip('sip:bob@biloxi.com:5060')));
    assert.ok(!uriEquals(sip('sip:bob@biloxi.com'), sip('sip:bob@biloxi.com;transport=udp')));
    assert.ok(uriEquals(sip('sip:carol@chicago.com;security=on'), sip('sip:carol@chicago.com')));
  });

  it('round-trips arbitrary users, passwords and parameters (property)', () => {
    const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 });
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
    const arb = fc.record(
      {
        scheme: fc.constantFrom('sip' as const, 'sips' as const),
        user: fc.option(text, { nil: null }),
        password: fc.constant(null),
        host: fc.oneof(
          fc.domain(),
          fc.ipV4(),
          fc.ipV6().map((h) => `[${h}]`),
        ),
        port: fc.option(fc.integer({ min: 0, max: 65535 }), { nil: null }),
        params: fc.array(fc.record({ name, value: fc.option(text, { nil: null }) }, { noNullPrototype: true }), { maxLength: 3 }),
        headers: fc.array(fc.record({ name, value: text }, { noNullPrototype: true }), { maxLength: 2 }),
      },
      { noNullPrototype: true },
    );
    fc.assert(
      fc.property(arb, (u) => {
        const r = parseUri(serializeUri(u));
        assert.ok(r.ok, serializeUri(u));
        assert.deepEqual(r.value, u);
      }),
      { numRuns: 300 },
    );
  });
});
