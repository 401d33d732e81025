import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { erlangC } from './erlang.ts';
import { simulateCli } from './simulate.cli.ts';

const examples = fileURLToPath(new URL('../../../../examples/simulator/', import.meta.url));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) }, out, err };
}

describe('rexian simulate', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'acd-sim-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs the documented M/M/N example and lands near Erlang C', async () => {
    const c = capture();
    assert.equal(await simulateCli([join(examples, 'single-queue-mmn.json')], c.io), 0);
    const report = JSON.parse(c.out.join('\n'));
    const exact = erlangC({ callsPerHour: 200, ahtSeconds: 180, agents: 13, thresholdSeconds: 20 });
    // ~4,800 calls: a loose sanity band here; the precise checks are in simulator.erlang.test.ts.
    assert.ok(
      Math.abs(report.queues.hotline.serviceLevel - exact.serviceLevel) < 0.08,
      String(report.queues.hotline.serviceLevel),
    );
    assert.match(report.definitions.serviceLevel, /÷ offered/);
    assert.equal(Object.keys(report.agents).length, 13);
  });

  it('runs the multi-skill example and the replay example (CSV path relative to the scenario)', async () => {
    const a = capture();
    assert.equal(await simulateCli([join(examples, 'two-skills-day.json'), '--compact'], a.io), 0);
    const day = JSON.parse(a.out[0] ?? '');
    assert.ok(day.queues.sales.offered > 0 && day.queues.service.offered > 0);
    const b = capture();
    assert.equal(await simulateCli([join(examples, 'replay-what-if.json')], b.io), 0);
    const replay = JSON.parse(b.out.join('\n'));
    assert.equal(replay.arrivals, 'replay');
    assert.equal(replay.totals.offered, 474);
  });

  it('--seed overrides the scenario seed; --replay overrides its CSV', async () => {
    const csv = join(dir, 'a.csv');
    await writeFile(csv, 'arrival,queue\n0,hotline\n10,hotline\n');
    const c = capture();
    assert.equal(await simulateCli([join(examples, 'single-queue-mmn.json'), '--replay', csv, '--seed', '5'], c.io), 0);
    const r = JSON.parse(c.out.join('\n'));
    assert.equal(r.seed, 5);
    assert.equal(r.totals.offered, 0, 'both arrivals fall in the one-hour warm-up, so none is counted');
    assert.equal(r.run.calls, 2);
  });

  it('exit 1 with a typed error for unreadable or invalid input, exit 2 for usage errors', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{"queues": 3}');
    const notJson = join(dir, 'x.json');
    await writeFile(notJson, '{');
    const strayCsv = join(dir, 'stray.csv');
    await writeFile(strayCsv, 'arrival,queue\n1,nowhere\n');
    for (const argv of [
      [bad],
      [notJson],
      [join(dir, 'missing.json')],
      [join(examples, 'single-queue-mmn.json'), '--replay', strayCsv],
    ]) {
      const c = capture();
      assert.equal(await simulateCli(argv, c.io), 1, argv.join(' '));
      const e = JSON.parse(c.err[0] ?? '');
      assert.match(e.error.code, /^ACD_INVALID_(SCENARIO|CSV)$/);
    }
    for (const argv of [[], ['a.json', 'b.json'], ['--frobnicate'], ['a.json', '--seed', 'x']]) {
      const c = capture();
      assert.equal(await simulateCli(argv, c.io), 2, argv.join(' '));
      assert.match(c.err.join(''), /usage: rexian simulate/);
    }
  });
});
