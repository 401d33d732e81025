import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseArrivalsCsv } from './arrivals-csv.ts';
import { parseScenario } from './scenario.ts';

/** Untrusted input never throws out of a parser: it returns a value or a typed error. */
describe('parsers on arbitrary input', () => {
  it('parseScenario never throws, whatever JSON it is given', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        const r = parseScenario(json);
        if (!r.ok) assert.equal(r.error.code, 'ACD_INVALID_SCENARIO');
      }),
      { numRuns: 500 },
    );
  });

  it('parseScenario never throws on near-valid scenarios with random field values', () => {
    const anyValue = fc.oneof(fc.jsonValue(), fc.double(), fc.string(), fc.constant(undefined));
    fc.assert(
      fc.property(anyValue, anyValue, anyValue, anyValue, (a, b, c, d) => {
        const r = parseScenario({
          durationSeconds: a,
          queues: [
            { id: 'q', arrivals: { ratePerHour: b }, handleTime: { distribution: 'lognormal', meanSeconds: c, sdSeconds: d } },
          ],
          agents: [{ idPrefix: 'x', count: d, skills: { q: a } }],
        });
        if (!r.ok) assert.equal(r.error.code, 'ACD_INVALID_SCENARIO');
      }),
      { numRuns: 500 },
    );
  });

  it('parseArrivalsCsv never throws and returns sorted, non-negative arrivals', () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.integer().map(String),
      fc.double().map(String),
      fc.constant('2026-01-05T09:00:00Z'),
    );
    const csv = fc
      .array(fc.array(cell, { minLength: 1, maxLength: 4 }), { maxLength: 20 })
      .map((rows) => ['arrival,queue,handle_seconds', ...rows.map((r) => r.join(','))].join('\n'));
    fc.assert(
      fc.property(fc.oneof(csv, fc.string()), (text) => {
        const r = parseArrivalsCsv(text);
        if (!r.ok) {
          assert.equal(r.error.code, 'ACD_INVALID_CSV');
          return;
        }
        for (let i = 0; i < r.value.length; i++) {
          const rec = r.value[i];
          assert.ok(rec && rec.atSecond >= 0 && Number.isFinite(rec.atSecond));
          if (i > 0) assert.ok((r.value[i - 1]?.atSecond ?? 0) <= rec.atSecond);
        }
      }),
      { numRuns: 500 },
    );
  });
});
