import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryLogger, VirtualClock } from '@rexian/kernel';
import { createBanList } from './ban-list.ts';

const policy = {
  maxFailuresPerUser: 3,
  maxFailuresPerSource: 5,
  windowMs: 60_000,
  banMs: 600_000,
  allowlist: ['203.0.113.0/24', '2001:db8::1'],
};

describe('ban list', () => {
  it('bans a source after N failures for one user, and logs it', () => {
    const clock = new VirtualClock(0);
    const logger = createMemoryLogger();
    const bans = createBanList(policy, clock, logger);
    assert.equal(bans.recordFailure('198.51.100.7', '8001'), null);
    assert.equal(bans.recordFailure('198.51.100.7', '8001'), null);
    assert.equal(bans.isBanned('198.51.100.7'), false);
    const ban = bans.recordFailure('198.51.100.7', '8001');
    assert.deepEqual(ban, { source: '198.51.100.7', since: 0, until: 600_000, reason: 'user-failures', user: '8001' });
    assert.equal(bans.isBanned('198.51.100.7'), true);
    assert.equal(bans.isBanned('198.51.100.8'), false);
    assert.ok(logger.entries.some((e) => e.level === 'warn' && e.source === '198.51.100.7'));
  });

  it('bans a source guessing many users (per-source counter)', () => {
    const bans = createBanList(policy, new VirtualClock(0));
    for (let i = 0; i < 4; i++) assert.equal(bans.recordFailure('198.51.100.9', `u${i}`), null);
    assert.equal(bans.recordFailure('198.51.100.9', 'u4')?.reason, 'source-failures');
  });

  it('never bans an allowlisted address or block, v4 or v6', () => {
    const bans = createBanList(policy, new VirtualClock(0));
    for (let i = 0; i < 20; i++) {
      assert.equal(bans.recordFailure('203.0.113.77', '8001'), null);
      assert.equal(bans.recordFailure('2001:db8::1', '8001'), null);
    }
    assert.equal(bans.isBanned('203.0.113.77'), false);
    assert.equal(bans.isBanned('2001:db8::1'), false);
    assert.equal(bans.isAllowlisted('203.0.114.1'), false);
  });

  it('forgets failures outside the window and expires bans', () => {
    const clock = new VirtualClock(0);
    const bans = createBanList(policy, clock);
    bans.recordFailure('198.51.100.7', '8001');
    bans.recordFailure('198.51.100.7', '8001');
    clock.advance(61_000);
    assert.equal(bans.recordFailure('198.51.100.7', '8001'), null, 'old failures left the window');
    bans.recordFailure('198.51.100.7', '8001');
    assert.ok(bans.recordFailure('198.51.100.7', '8001'));
    clock.advance(600_000);
    assert.equal(bans.isBanned('198.51.100.7'), false);
    assert.deepEqual(bans.list(), []);
  });

  it('lists bans and lets an admin lift one, resetting its counters', () => {
    const bans = createBanList(policy, new VirtualClock(0));
    for (let i = 0; i < 3; i++) bans.recordFailure('198.51.100.7', '8001');
    assert.deepEqual(
      bans.list().map((b) => b.source),
      ['198.51.100.7'],
    );
    assert.equal(bans.lift('198.51.100.7'), true);
    assert.equal(bans.isBanned('198.51.100.7'), false);
    assert.equal(bans.recordFailure('198.51.100.7', '8001'), null, 'counters were reset');
    assert.equal(bans.lift('198.51.100.7'), false);
  });

  it('a success clears that user’s failures', () => {
    const bans = createBanList(policy, new VirtualClock(0));
    bans.recordFailure('198.51.100.7', '8001');
    bans.recordFailure('198.51.100.7', '8001');
    bans.recordSuccess('198.51.100.7', '8001');
    assert.equal(bans.recordFailure('198.51.100.7', '8001'), null);
    assert.equal(bans.recordFailure('198.51.100.7', '8001'), null);
  });
});
