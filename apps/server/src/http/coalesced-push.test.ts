import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nullLogger, VirtualClock } from '@rexian/kernel';
import { createCoalescedPush } from './coalesced-push.ts';

const settle = () => new Promise((r) => setImmediate(r));

describe('coalesced push (WebSocket streams)', () => {
  it('a burst of changes becomes one push after the delay', async () => {
    const clock = new VirtualClock(0);
    let pushes = 0;
    const p = createCoalescedPush({ clock, delayMs: 100, log: nullLogger, what: 'test', push: async () => void pushes++ });
    for (let i = 0; i < 10; i++) p.schedule();
    clock.advance(99);
    await settle();
    assert.equal(pushes, 0);
    clock.advance(1);
    await settle();
    assert.equal(pushes, 1);
  });

  it('a change during a push is not lost: one more push follows it', async () => {
    const clock = new VirtualClock(0);
    let pushes = 0;
    let release: () => void = () => {};
    const p = createCoalescedPush({
      clock,
      delayMs: 10,
      log: nullLogger,
      what: 'test',
      push: () =>
        new Promise<void>((resolve) => {
          pushes++;
          release = resolve;
        }),
    });
    p.run();
    assert.equal(pushes, 1);
    p.run(); // arrives while the first push is still running
    release();
    await settle();
    clock.advance(10);
    await settle();
    assert.equal(pushes, 2);
  });

  it('nothing is pushed after stop, and a failing push is only logged', async () => {
    const clock = new VirtualClock(0);
    let pushes = 0;
    const warned: unknown[] = [];
    const log = { ...nullLogger, warn: (o: unknown) => void warned.push(o) } as typeof nullLogger;
    const p = createCoalescedPush({
      clock,
      delayMs: 10,
      log,
      what: 'test',
      push: async () => {
        pushes++;
        throw new Error('socket gone');
      },
    });
    p.run();
    await settle();
    assert.equal(warned.length, 1);
    p.schedule();
    p.stop();
    clock.advance(50);
    await settle();
    assert.equal(pushes, 1);
    assert.equal(p.stopped, true);
  });
});
