import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Clock, createSystemClock, VirtualClock } from '@rexian/kernel';
import { must } from '../testing/must.ts';
import { MediaClock } from './media-clock.ts';

/** A virtual clock whose timers always fire `lateMs` late, like a busy event loop. */
function sluggish(base: VirtualClock, lateMs: number): Clock {
  return {
    now: () => base.now(),
    monotonic: () => base.monotonic(),
    setTimeout: (fn, ms) => base.setTimeout(fn, ms + lateMs),
    clearTimeout: (h) => base.clearTimeout(h),
  };
}

test('ticks stay on the 20 ms grid even when every timer fires 3 ms late (no drift)', () => {
  const base = new VirtualClock(0);
  const due: number[] = [];
  const mc = new MediaClock({ clock: sluggish(base, 3), onTick: (_n, at) => due.push(at) });
  mc.start();
  base.advance(60_000);
  mc.stop();
  // Chained 20 ms timers firing 3 ms late would manage only 60000 / 23 ≈ 2608 ticks.
  assert.ok(due.length >= 2999 && due.length <= 3000, `ticks ${due.length}`);
  for (const [i, at] of due.entries()) assert.equal(at, (i + 1) * 20);
  assert.equal(mc.stats().late, due.length, 'every tick was 3 ms late');
});

test('a stall longer than the catch-up window skips ahead instead of bursting', () => {
  const base = new VirtualClock(0);
  let ticks = 0;
  const clock = sluggish(base, 0);
  let stallOnce = true;
  const stalling: Clock = {
    ...clock,
    setTimeout: (fn, ms) => {
      if (!stallOnce || ticks !== 10) return clock.setTimeout(fn, ms);
      stallOnce = false;
      return clock.setTimeout(fn, ms + 1000); // one 1 s stall of the event loop
    },
  };
  const mc = new MediaClock({ clock: stalling, onTick: () => ticks++, maxCatchUpTicks: 5 });
  mc.start();
  base.advance(2000);
  mc.stop();
  const s = mc.stats();
  assert.ok(s.skipped >= 40 && s.skipped <= 50, `skipped ${s.skipped}`);
  assert.equal(s.ticks + s.skipped, 100);
});

test('real timers: 1 s of ticks on the system clock', async () => {
  const clock = createSystemClock();
  const ticks: number[] = [];
  const mc = new MediaClock({ clock, onTick: () => ticks.push(clock.monotonic()) });
  const t0 = clock.monotonic();
  mc.start();
  await new Promise((r) => setTimeout(r, 1010));
  mc.stop();
  assert.ok(ticks.length >= 49 && ticks.length <= 51, `ticks ${ticks.length}`);
  assert.ok(must(ticks.at(-1)) - t0 <= 1015);
});

test('coarse mode: one tick every N periods on the grid; back to fine at the next 20 ms instant', () => {
  const base = new VirtualClock(0);
  const due: number[] = [];
  const mc = new MediaClock({ clock: base, onTick: (_n, at) => due.push(at) });
  mc.start();
  base.advance(100);
  assert.deepEqual(due, [20, 40, 60, 80, 100]);
  mc.setCoarse(10);
  assert.equal(mc.coarse, true);
  base.advance(1050); // the tick already due at 120 keeps its time, then one every 200 ms
  assert.deepEqual(due.slice(5), [120, 320, 520, 720, 920, 1120], 'every 200 ms, on the 20 ms grid');
  mc.setCoarse(1); // at 1150, between coarse ticks
  base.advance(50);
  assert.deepEqual(due.slice(11), [1160, 1180, 1200], 'fine again from the next grid instant');
  assert.equal(mc.stats().skipped, 0, 'coarse gaps are not stalls');
  mc.stop();
});
