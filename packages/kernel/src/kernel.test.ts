import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError, assertTransition, createSequence, TypedEmitter, VirtualClock } from './index.ts';

describe('VirtualClock', () => {
  it('fires timers in time order, ties in scheduling order, only when advanced', () => {
    const c = new VirtualClock(0);
    const fired: string[] = [];
    c.setTimeout(() => fired.push('b@20'), 20);
    c.setTimeout(() => fired.push('a@10'), 10);
    c.setTimeout(() => fired.push('c@20'), 20);
    const h = c.setTimeout(() => fired.push('never'), 15);
    c.clearTimeout(h);
    c.advance(9);
    assert.deepEqual(fired, []);
    c.advance(11);
    assert.deepEqual(fired, ['a@10', 'b@20', 'c@20']);
    assert.equal(c.now(), 20);
    assert.equal(c.pending(), 0);
  });

  it('runs timers scheduled by timers within the same advance', () => {
    const c = new VirtualClock(0);
    const at: number[] = [];
    const tick = () => {
      at.push(c.now());
      if (at.length < 5) c.setTimeout(tick, 100);
    };
    c.setTimeout(tick, 100);
    c.advance(1000);
    assert.deepEqual(at, [100, 200, 300, 400, 500]);
  });

  it('keeps heap order under many random timers', () => {
    const c = new VirtualClock(0);
    const fired: number[] = [];
    for (let i = 0; i < 500; i++) {
      const d = (i * 7919) % 1000;
      c.setTimeout(() => fired.push(d), d);
    }
    c.advance(1000);
    const sorted = [...fired].sort((a, b) => a - b);
    assert.deepEqual(fired, sorted);
  });
});

describe('TypedEmitter', () => {
  it('isolates a throwing listener from the others', () => {
    const errorsSeen: unknown[] = [];
    const e = new TypedEmitter<{ x: [n: number] }>((err) => errorsSeen.push(err));
    const got: number[] = [];
    e.on('x', () => {
      throw new Error('boom');
    });
    e.on('x', (n) => got.push(n));
    e.emit('x', 1);
    assert.deepEqual(got, [1]);
    assert.equal(errorsSeen.length, 1);
  });

  it('once fires a single time', () => {
    const e = new TypedEmitter<{ x: [] }>();
    let n = 0;
    e.once('x', () => n++);
    e.emit('x');
    e.emit('x');
    assert.equal(n, 1);
  });
});

describe('state machine tables', () => {
  it('refuses an illegal move with a typed error', () => {
    const t = { a: ['b'], b: [] } as const satisfies Record<'a' | 'b', readonly ('a' | 'b')[]>;
    assertTransition(t, 'a', 'b');
    assert.throws(
      () => assertTransition(t, 'b', 'a'),
      (e: unknown) => e instanceof AppError && e.code === 'ILLEGAL_TRANSITION',
    );
  });
});

describe('ids', () => {
  it('sequences are monotonic', () => {
    const s = createSequence();
    assert.deepEqual([s(), s(), s()], [1, 2, 3]);
  });
});
