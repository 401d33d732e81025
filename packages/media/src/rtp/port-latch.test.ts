import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VirtualClock } from '@rexian/kernel';
import { MediaErrorCode } from '../errors.ts';
import { PortAllocator } from './port-allocator.ts';
import { decideLatch, initialSendTo, type LatchPolicy, type LatchState } from './rtp-latch.ts';

test('port allocator: even ports, exhaustion, quarantine and rotation', () => {
  const clock = new VirtualClock();
  const r = PortAllocator.create({ min: 20001, max: 20010, clock, quarantineMs: 1000 });
  assert.ok(r.ok);
  const a = r.value;
  assert.equal(a.capacity, 4);
  const ports = [a.allocate(), a.allocate(), a.allocate(), a.allocate()].map((x) => (x.ok ? x.value : -1));
  assert.deepEqual(ports, [20002, 20004, 20006, 20008]);
  const none = a.allocate();
  assert.ok(!none.ok && none.error.code === MediaErrorCode.PortsExhausted && none.error.kind === 'operational');
  a.release(20004);
  assert.equal(a.allocate().ok, false, 'released port rests first');
  clock.advance(1000);
  const again = a.allocate();
  assert.ok(again.ok && again.value === 20004);
  a.markBusy(20006);
  assert.equal(a.allocated, 3);
  assert.equal(PortAllocator.create({ min: 80, max: 90, clock }).ok, false);
  assert.equal(PortAllocator.create({ min: 30000, max: 30000, clock }).ok, false);
});

test('port ranges shard into disjoint worker ranges', () => {
  const shards = PortAllocator.shard({ min: 10000, max: 19999 }, 4);
  assert.deepEqual(shards, [
    { min: 10000, max: 12499 },
    { min: 12500, max: 14999 },
    { min: 15000, max: 17499 },
    { min: 17500, max: 19999 },
  ]);
});

const policy: LatchPolicy = {
  allowedHosts: ['192.0.2.10', '198.51.100.1'],
  signalled: { address: '192.0.2.10', port: 4000 },
  relatchAfterSilenceMs: 2000,
};

test('latch: first packet from the signalled host latches, even from another port (NAT)', () => {
  let state: LatchState = {};
  assert.deepEqual(initialSendTo(policy, state), policy.signalled);
  const d = decideLatch(policy, state, { address: '192.0.2.10', port: 31000 }, 0);
  assert.ok(d.accept);
  assert.deepEqual(d.sendTo, { address: '192.0.2.10', port: 31000 });
  state = d.state;
  assert.deepEqual(initialSendTo(policy, state), { address: '192.0.2.10', port: 31000 });
  const sipSource = decideLatch(policy, {}, { address: '198.51.100.1', port: 5000 }, 0);
  assert.ok(sipSource.accept, 'the SIP source address is vouched for too');
});

test('RTP bleed: packets from any other host are never accepted, before or after latching', () => {
  const before = decideLatch(policy, {}, { address: '203.0.113.66', port: 4000 }, 0);
  assert.ok(!before.accept && before.reason === 'foreign-host');
  const latched = decideLatch(policy, {}, { address: '192.0.2.10', port: 4000 }, 0);
  assert.ok(latched.accept);
  const after = decideLatch(policy, latched.state, { address: '203.0.113.66', port: 4000 }, 10_000);
  assert.ok(!after.accept && after.reason === 'foreign-host');
});

test('latch: a second port on the allowed host takes over only after the latched one falls silent', () => {
  const a = decideLatch(policy, {}, { address: '192.0.2.10', port: 4000 }, 0);
  assert.ok(a.accept);
  const b = decideLatch(policy, a.state, { address: '192.0.2.10', port: 4000 }, 1000);
  assert.ok(b.accept);
  const early = decideLatch(policy, b.state, { address: '192.0.2.10', port: 4002 }, 2500);
  assert.ok(!early.accept && early.reason === 'not-latched-source');
  const late = decideLatch(policy, b.state, { address: '192.0.2.10', port: 4002 }, 3000);
  assert.ok(late.accept && late.relatched);
  assert.deepEqual(late.sendTo, { address: '192.0.2.10', port: 4002 });
  const strict = decideLatch({ ...policy, relatchAfterSilenceMs: 0 }, b.state, { address: '192.0.2.10', port: 4002 }, 1e9);
  assert.equal(strict.accept, false);
});
