import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiKeyStatus, expiryToIso, firstBadIp, isIpOrCidr, toCreateBody } from '../src/features/api-keys/api-key-values.ts';

test('allowed source addresses: IPv4, IPv6 and CIDR blocks, as the server accepts them', () => {
  for (const ok of ['10.0.0.5', '192.168.1.0/24', '::1', '2001:db8::/32', ' 127.0.0.1 ']) assert.equal(isIpOrCidr(ok), true, ok);
  for (const bad of ['10.0.0.300', '10.0.0.0/33', 'example.com', '', '1.2.3']) assert.equal(isIpOrCidr(bad), false, bad);
  assert.equal(firstBadIp(['10.0.0.1', 'nope', 'x']), 'nope');
  assert.equal(firstBadIp([]), null);
});

test('an expiry day means the end of that local day; no day means no expiry', () => {
  const iso = expiryToIso('2030-02-28');
  assert.ok(iso);
  const d = new Date(iso);
  assert.deepEqual([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()], [2030, 1, 28, 23, 59]);
  assert.equal(expiryToIso(null), null);
  assert.equal(expiryToIso('28/02/2030'), null);
});

test('status: revoked wins over expired; a passed expiry is expired', () => {
  const now = new Date('2030-01-01T00:00:00Z');
  assert.equal(apiKeyStatus({ revokedAt: null, expiresAt: null }, now), 'active');
  assert.equal(apiKeyStatus({ revokedAt: null, expiresAt: '2031-01-01T00:00:00Z' }, now), 'active');
  assert.equal(apiKeyStatus({ revokedAt: null, expiresAt: '2029-12-31T00:00:00Z' }, now), 'expired');
  assert.equal(apiKeyStatus({ revokedAt: '2029-06-01T00:00:00Z', expiresAt: '2029-12-31T00:00:00Z' }, now), 'revoked');
});

test('the create body names an agent only for an agent-scoped key', () => {
  assert.deepEqual(
    toCreateBody({ name: ' CRM ', scope: 'agent', agentId: 'a1', allowedIps: [' 10.0.0.1 ', ''], expiresOn: null }),
    {
      name: 'CRM',
      scope: 'agent',
      agentId: 'a1',
      allowedIps: ['10.0.0.1'],
      expiresAt: null,
    },
  );
  assert.equal(toCreateBody({ name: 'x', scope: 'any-agent', agentId: 'a1' }).agentId, null);
});
