import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VirtualClock } from '@rexian/kernel';
import type { Binding } from './binding.ts';
import { createNatKeepalive } from './nat-keepalive.ts';

const binding = (contact: string): Binding => ({
  aor: 'sip:8001@pbx',
  contact,
  expiresAt: Number.MAX_SAFE_INTEGER,
  q: null,
  callId: 'c',
  cseq: 1,
  source: { protocol: 'UDP', address: '198.51.100.1', port: 40000 },
  userAgent: null,
  instanceId: null,
  updatedAt: 0,
});

const flush = () => new Promise((r) => setImmediate(r));

describe('NAT keep-alive', () => {
  it('pings every binding each interval and reports one unreachable after maxMisses in a row', async () => {
    const clock = new VirtualClock(0);
    const pinged: string[] = [];
    const unreachable: string[] = [];
    const alive = binding('sip:8001@10.0.0.1');
    const dead = binding('sip:8001@10.0.0.2');
    const ka = createNatKeepalive({
      clock,
      intervalMs: 30_000,
      maxMisses: 3,
      bindings: async () => [alive, dead],
      ping: async (b) => {
        pinged.push(b.contact);
        return b === alive;
      },
      onUnreachable: (b) => void unreachable.push(b.contact),
    });
    ka.start();
    for (let round = 1; round <= 3; round++) {
      clock.advance(29_999);
      await flush();
      assert.equal(pinged.length, (round - 1) * 2, `nothing before the interval (round ${round})`);
      clock.advance(1);
      await flush();
      assert.equal(pinged.length, round * 2);
    }
    assert.deepEqual(unreachable, ['sip:8001@10.0.0.2']);
    ka.stop();
    clock.advance(100_000);
    await flush();
    assert.equal(pinged.length, 6, 'stopped');
  });

  it('an answer resets the miss count', async () => {
    const clock = new VirtualClock(0);
    const answers = [false, false, true, false, false];
    let unreachable = 0;
    const ka = createNatKeepalive({
      clock,
      maxMisses: 3,
      bindings: async () => [binding('sip:x@10.0.0.3')],
      ping: async () => answers.shift() ?? false,
      onUnreachable: () => void unreachable++,
    });
    for (let i = 0; i < 5; i++) await ka.tick();
    assert.equal(unreachable, 0);
    await ka.tick();
    assert.equal(unreachable, 1);
  });
});
