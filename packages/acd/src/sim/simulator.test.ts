import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArrivalsCsv } from './arrivals-csv.ts';
import { createRng, sampler } from './rng.ts';
import { parseScenario, type Scenario } from './scenario.ts';
import { nextArrival, runSimulation } from './simulator.ts';

function scenario(json: Record<string, unknown>): Scenario {
  const r = parseScenario(json);
  if (!r.ok) throw r.error;
  return r.value;
}

const oneQueue = (agents: number, extra: Record<string, unknown> = {}) =>
  scenario({
    seed: 9,
    durationSeconds: 8 * 3600,
    serviceLevelSeconds: 20,
    queues: [{ id: 'q', arrivals: { ratePerHour: 200 }, handleTime: { distribution: 'exponential', meanSeconds: 180 } }],
    agents: [{ idPrefix: 'a', count: agents, skills: { q: 5 } }],
    ...extra,
  });

describe('simulator', () => {
  it('is deterministic for a seed and changes with it', () => {
    const a = runSimulation(oneQueue(12));
    const b = runSimulation(oneQueue(12));
    const c = runSimulation({ ...oneQueue(12), seed: 10 });
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.totals, c.totals);
  });

  it('prints the definitions with the figures, per queue and per agent', () => {
    const r = runSimulation(oneQueue(13, { wrapUpSeconds: 30 }));
    assert.match(r.definitions.serviceLevel ?? '', /answered within 20 s of queue entry ÷ offered/);
    assert.ok(r.definitions.occupancy && r.definitions.asaSeconds && r.definitions.abandonRate);
    assert.equal(Object.keys(r.agents).length, 13);
    const q = r.queues.q;
    assert.ok(q);
    assert.equal(q.offered, r.totals.offered);
    const answeredByAgents = Object.values(r.agents).reduce((s, a) => s + a.answered, 0);
    assert.equal(answeredByAgents, q.answered);
    // Occupancy includes wrap-up: (talk + 30 s) of work per call, spread over 13 agents.
    const expected = ((q.offered / (8 * 3600)) * (q.averageTalkSeconds + 30)) / 13;
    const mean = Object.values(r.agents).reduce((s, a) => s + a.occupancy, 0) / 13;
    assert.ok(Math.abs(mean - expected) < 0.02, `occupancy ${mean} vs ${expected}`);
    assert.ok(Object.values(r.agents).every((a) => a.wrapUpSeconds > 0));
  });

  it('lognormal handle times have the requested mean and deviation', () => {
    const draw = sampler({ distribution: 'lognormal', meanSeconds: 240, sdSeconds: 120 }, createRng(5));
    const xs = Array.from({ length: 100_000 }, () => draw() / 1000);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    assert.ok(Math.abs(mean - 240) < 2.5, `mean ${mean}`);
    assert.ok(Math.abs(sd - 120) < 4, `sd ${sd}`);
    const r = runSimulation(
      scenario({
        seed: 1,
        durationSeconds: 24 * 3600,
        queues: [
          {
            id: 'q',
            arrivals: { ratePerHour: 100 },
            handleTime: { distribution: 'lognormal', meanSeconds: 240, sdSeconds: 120 },
          },
        ],
        agents: [{ idPrefix: 'a', count: 10, skills: { q: 1 } }],
      }),
    );
    assert.ok(Math.abs((r.queues.q?.averageTalkSeconds ?? 0) - 240) < 10, `talk ${r.queues.q?.averageTalkSeconds}`);
  });

  it('piecewise arrival profiles follow their rates', () => {
    const steps = [
      { startSecond: 0, ratePerHour: 3600 },
      { startSecond: 3600, ratePerHour: 0 },
      { startSecond: 7200, ratePerHour: 720 },
    ];
    const rng = createRng(3);
    const counts = [0, 0, 0];
    let t = 0;
    for (;;) {
      const next = nextArrival(steps, t, 3 * 3600 * 1000, rng);
      if (next === undefined) break;
      const hour = Math.floor(next / 3_600_000);
      counts[hour] = (counts[hour] ?? 0) + 1;
      t = next;
    }
    assert.equal(counts[1], 0);
    assert.ok(Math.abs((counts[0] ?? 0) - 3600) < 250, String(counts));
    assert.ok(Math.abs((counts[2] ?? 0) - 720) < 110, String(counts));
  });

  it('several queues and skills: overflow moves callers on; queue priority shortens the priority queue wait', () => {
    const build = (goldPriority: number) =>
      scenario({
        seed: 4,
        durationSeconds: 24 * 3600,
        queues: [
          {
            id: 'gold',
            priority: goldPriority,
            arrivals: { ratePerHour: 60 },
            handleTime: { distribution: 'exponential', meanSeconds: 200 },
          },
          {
            id: 'sales',
            arrivals: { ratePerHour: 110 },
            handleTime: { distribution: 'exponential', meanSeconds: 200 },
            maxWaitSeconds: 60,
            onMaxWait: { kind: 'queue', queueId: 'overflow' },
            patience: { distribution: 'exponential', meanSeconds: 300 },
          },
          { id: 'overflow', arrivals: { ratePerHour: 0 }, handleTime: { distribution: 'exponential', meanSeconds: 200 } },
        ],
        agents: [
          { idPrefix: 'g', count: 5, skills: { gold: 2, sales: 6 } }, // skill alone would favour sales
          { idPrefix: 's', count: 5, skills: { sales: 6 } },
          { idPrefix: 'o', count: 2, skills: { overflow: 5 } },
        ],
      });
    const flat = runSimulation(build(0));
    const prio = runSimulation(build(5));
    const { gold, sales, overflow } = prio.queues;
    assert.ok(gold && sales && overflow);
    assert.ok(sales.overflowed > 0);
    assert.equal(overflow.offered, sales.overflowed, 'every overflowed sales call is offered to the overflow queue');
    // Totals count each call once: the overflowed calls are not offered twice.
    assert.equal(prio.totals.offered, gold.offered + sales.offered);
    assert.equal(prio.totals.answered + prio.totals.abandoned + prio.totals.overflowed, prio.totals.offered);
    assert.ok((prio.agents.o1?.answered ?? 0) > 0);
    assert.equal(flat.queues.gold?.offered, gold.offered, 'same arrivals in both runs (independent random streams)');
    assert.ok(
      gold.asaSeconds < (flat.queues.gold?.asaSeconds ?? 0),
      `gold ASA ${gold.asaSeconds} with priority vs ${flat.queues.gold?.asaSeconds}`,
    );
  });
});

describe('replay', () => {
  const csv = [
    'arrival,queue,handle_seconds,patience_seconds,caller',
    ...Array.from(
      { length: 400 },
      (_, i) => `${i * 30},q,${200 + (i % 7) * 20},${i % 5 === 0 ? 15 : ''},1380000${String(i % 50).padStart(4, '0')}`,
    ),
  ].join('\n');

  it('replays past arrivals against a new configuration ("what if we add two agents")', () => {
    const rows = parseArrivalsCsv(csv);
    assert.ok(rows.ok);
    const base = oneQueue(7, { durationSeconds: 4 * 3600 });
    const now = runSimulation(base, { arrivals: rows.value });
    const group = base.agents[0];
    assert.ok(group);
    const more = runSimulation({ ...base, agents: [{ ...group, count: 9 }] }, { arrivals: rows.value });
    assert.equal(now.arrivals, 'replay');
    assert.equal(now.totals.offered, 400);
    assert.equal(more.totals.offered, 400);
    assert.ok(more.totals.serviceLevel > now.totals.serviceLevel, `${more.totals.serviceLevel} > ${now.totals.serviceLevel}`);
    assert.ok(more.totals.abandoned <= now.totals.abandoned);
    // Recorded handle times are used as they are.
    const talk = now.queues.q?.averageTalkSeconds ?? 0;
    assert.ok(Math.abs(talk - 260) < 1, String(talk));
  });

  it('ISO timestamps are made relative to the first arrival', () => {
    const r = parseArrivalsCsv('queue,arrival\nq,2026-01-05T09:00:30Z\nq,2026-01-05T09:00:00Z\n');
    assert.ok(r.ok);
    assert.deepEqual(
      r.value.map((x) => x.atSecond),
      [0, 30],
    );
  });

  it('bad CSV is a typed error naming the line, never an exception', () => {
    const cases = [
      '',
      'queue\nq',
      'arrival,queue\nx,q',
      'arrival,queue\n5,',
      'arrival,queue,handle_seconds\n5,q,-3',
      'arrival,queue,extra\n1,q,2',
      'arrival,queue\n1,q,2',
      'arrival,queue\n1,q\n2026-01-01T00:00:00Z,q',
    ];
    for (const text of cases) {
      const r = parseArrivalsCsv(text);
      assert.equal(r.ok, false, JSON.stringify(text));
      if (!r.ok) assert.equal(r.error.code, 'ACD_INVALID_CSV');
    }
    const line = parseArrivalsCsv('arrival,queue\n1,q\nnope,q');
    assert.ok(!line.ok && line.error.details?.line === 3);
  });
});

describe('scenario validation', () => {
  it('rejects malformed scenarios with a message, never throws', () => {
    const bad: unknown[] = [
      null,
      [],
      { queues: [], agents: [] },
      { queues: [{ id: 'q', handleTime: { distribution: 'weibull' } }], agents: [] },
      { queues: [{ id: 'q', handleTime: { distribution: 'exponential', meanSeconds: -1 } }], agents: [] },
      { queues: [{ id: 'q', strategy: 'fastest', handleTime: { distribution: 'exponential', meanSeconds: 1 } }], agents: [] },
      { queues: [{ id: 'q', handleTime: { distribution: 'exponential', meanSeconds: 1 } }], agents: [{ skills: { x: 1 } }] },
      { queues: [{ id: 'q', handleTime: { distribution: 'exponential', meanSeconds: 1 } }], agents: [{ skills: { q: 12 } }] },
      {
        queues: [
          { id: 'q', onMaxWait: { kind: 'queue', queueId: 'nope' }, handleTime: { distribution: 'exponential', meanSeconds: 1 } },
        ],
        agents: [],
      },
      {
        queues: [
          {
            id: 'q',
            arrivals: {
              profile: [
                { startSecond: 5, ratePerHour: 1 },
                { startSecond: 5, ratePerHour: 2 },
              ],
            },
            handleTime: { distribution: 'constant', seconds: 1 },
          },
        ],
        agents: [],
      },
      {
        durationSeconds: 10,
        warmupSeconds: 20,
        queues: [{ id: 'q', handleTime: { distribution: 'constant', seconds: 1 } }],
        agents: [],
      },
    ];
    for (const input of bad) {
      const r = parseScenario(input);
      assert.equal(r.ok, false, JSON.stringify(input));
      if (!r.ok) assert.equal(r.error.code, 'ACD_INVALID_SCENARIO');
    }
  });

  it('rejects an answer delay that would ring forever, and oversized centres', () => {
    const base = {
      queues: [{ id: 'q', ringTimeSeconds: 15, handleTime: { distribution: 'constant', seconds: 1 } }],
      agents: [{ idPrefix: 'a', count: 1, skills: { q: 1 } }],
    };
    assert.equal(parseScenario({ ...base, answerDelaySeconds: 14 }).ok, true);
    assert.equal(parseScenario({ ...base, answerDelaySeconds: 15 }).ok, false);
    assert.equal(parseScenario({ ...base, agents: [{ idPrefix: 'a', count: 200_000, skills: { q: 1 } }] }).ok, false);
    assert.equal(parseScenario({ ...base, maxCalls: 1e12 }).ok, false);
  });
});

describe('run guards', () => {
  it('stops arrivals at maxCalls and says so', () => {
    const r = runSimulation(oneQueue(12, { maxCalls: 100 }));
    assert.equal(r.run.calls, 100);
    assert.equal(r.run.truncated, true);
    assert.equal(r.totals.offered, 100);
    assert.equal(runSimulation(oneQueue(12)).run.truncated, false);
  });

  it('replay passes the dedicated agent to routing', () => {
    const rows = parseArrivalsCsv('arrival,queue,dedicated_agent,handle_seconds\n10,q,a7,60\n20,q,a7,60\n');
    assert.ok(rows.ok);
    const sc = oneQueue(10, {
      durationSeconds: 600,
      queues: [
        {
          id: 'q',
          preferenceRules: ['dedicated-agent'],
          arrivals: { ratePerHour: 0 },
          handleTime: { distribution: 'constant', seconds: 60 },
        },
      ],
    });
    const r = runSimulation(sc, { arrivals: rows.value });
    assert.equal(r.agents.a7?.answered, 1, 'the first call goes to a7; the second finds a7 busy and goes elsewhere');
    assert.equal(r.totals.answered, 2);
  });
});
