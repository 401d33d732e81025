import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRequest, createResponse, parseUri, SipErrorCode } from '@rexian/sip';
import type { TrunkRecord } from '../modules/dialplan/dialplan.repository.ts';
import { trunkTarget } from './outbound.ts';

const trunk = (extra: Partial<TrunkRecord> = {}): TrunkRecord => ({
  id: 't1',
  name: 'carrier',
  enabled: true,
  maxChannels: 0,
  inboundAddresses: [],
  host: '192.0.2.7',
  port: 5060,
  transport: 'udp',
  authMode: 'register',
  username: 'trunkuser',
  password: 'trunk-secret',
  registerExpirySeconds: 3600,
  codecs: ['PCMA'],
  ...extra,
});

/** The carrier's 407 to our INVITE, challenging for `realm`. */
function challenge(realm: string) {
  const uri = parseUri('sip:013812345678@192.0.2.7:5060');
  assert.ok(uri.ok);
  const invite = createRequest({
    method: 'INVITE',
    uri: uri.value,
    headers: [
      { name: 'Via', value: 'SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKrealm' },
      { name: 'From', value: '<sip:4008005555@127.0.0.1>;tag=a' },
      { name: 'To', value: '<sip:013812345678@192.0.2.7>' },
      { name: 'Call-ID', value: 'realm-test' },
      { name: 'CSeq', value: '1 INVITE' },
    ],
  });
  const headers = [{ name: 'Proxy-Authenticate', value: `Digest realm="${realm}", nonce="n1", algorithm=MD5, qop="auth"` }];
  return { invite, response: createResponse(invite, 407, { headers }) };
}

describe('an outbound leg through a register-mode trunk answers digest challenges', () => {
  it('for the configured realm only', () => {
    const digest = trunkTarget(trunk({ realm: 'carrier-realm' }), '013812345678').digest;
    assert.ok(digest);
    const mine = challenge('carrier-realm');
    const auth = digest.authorize(mine.invite, mine.response);
    assert.ok(auth.ok, auth.ok ? '' : auth.error.reason);
    assert.equal(auth.value.name, 'Proxy-Authorization');
    assert.match(auth.value.value, /\brealm="carrier-realm"/);
    assert.match(auth.value.value, /\busername="trunkuser"/);
    for (const other of ['192.0.2.7', 'attacker-realm']) {
      const c = challenge(other);
      const refused = digest.authorize(c.invite, c.response);
      assert.ok(!refused.ok, `${other}: no digest for a realm the carrier chose`);
      assert.equal(refused.error.code, SipErrorCode.AuthChallengeRefused);
    }
  });

  it("for the host when no realm is configured (today's behaviour)", () => {
    const digest = trunkTarget(trunk(), '013812345678').digest;
    assert.ok(digest);
    const host = challenge('192.0.2.7');
    assert.ok(digest.authorize(host.invite, host.response).ok);
    const other = challenge('carrier-realm');
    assert.equal(digest.authorize(other.invite, other.response).ok, false);
  });

  it('not at all for an IP peer, whatever its realm', () => {
    assert.equal(trunkTarget(trunk({ authMode: 'ip', realm: 'carrier-realm' }), '013812345678').digest, undefined);
  });
});
