import assert from 'node:assert/strict';
import { test } from 'node:test';
import { must } from '../testing/must.ts';
import { powerAt, sine } from '../testing/tone-analysis.ts';
import { Mixer } from './mixer.ts';

/** Each party speaks its own tone; a listener "hears" a party if that tone's bin carries power. */
const TONES: Record<string, number> = { customer: 500, agent: 1000, supervisor: 2000, other: 3000 };
const frames = (): Map<string, Int16Array> => new Map(Object.entries(TONES).map(([id, f]) => [id, sine(f, 8000, 0.02, 4000)]));

/** The gain of each speaker as measured in a listener's output, rounded to 2 decimals. */
function heard(out: Int16Array): Record<string, number> {
  const ref = powerAt(sine(1000, 8000, 0.02, 4000), 8000, 1000);
  return Object.fromEntries(
    Object.entries(TONES).map(([id, f]) => [id, Math.round(Math.sqrt(powerAt(out, 8000, f) / ref) * 100) / 100]),
  );
}

function matrix(m: Mixer, parties: string[]): Record<string, Record<string, number>> {
  const out = m.process(frames());
  return Object.fromEntries(
    parties.map((l) => {
      const h = heard(must(out.get(l)));
      return [l, Object.fromEntries(parties.map((s) => [s, must(h[s])]))];
    }),
  );
}

function setup(): Mixer {
  const m = new Mixer({ frameSamples: 160 });
  for (const id of ['customer', 'agent', 'supervisor']) m.add(id);
  return m;
}

const P = ['customer', 'agent', 'supervisor'];

test('default is mix-minus: everyone hears everyone else, nobody hears themselves', () => {
  assert.deepEqual(matrix(setup(), P), {
    customer: { customer: 0, agent: 1, supervisor: 1 },
    agent: { customer: 1, agent: 0, supervisor: 1 },
    supervisor: { customer: 1, agent: 1, supervisor: 0 },
  });
});

test('listen: supervisor hears both, nobody hears the supervisor', () => {
  const m = setup();
  m.listen('supervisor');
  assert.deepEqual(matrix(m, P), {
    customer: { customer: 0, agent: 1, supervisor: 0 },
    agent: { customer: 1, agent: 0, supervisor: 0 },
    supervisor: { customer: 1, agent: 1, supervisor: 0 },
  });
});

test('whisper: only the agent hears the supervisor', () => {
  const m = setup();
  m.whisper('supervisor', 'agent');
  assert.deepEqual(matrix(m, P), {
    customer: { customer: 0, agent: 1, supervisor: 0 },
    agent: { customer: 1, agent: 0, supervisor: 1 },
    supervisor: { customer: 1, agent: 1, supervisor: 0 },
  });
});

test('barge after whisper: all hear all again; custom gains apply numerically', () => {
  const m = setup();
  m.whisper('supervisor', 'agent');
  m.barge('supervisor');
  assert.deepEqual(matrix(m, P), matrix(setup(), P));
  m.setGain('customer', 'agent', 0.5);
  assert.equal(must(matrix(m, P).customer).agent, 0.5);
  const exact = must(m.process(frames()).get('customer'));
  const f = frames();
  for (let i = 0; i < 160; i++)
    assert.equal(exact[i], Math.round(0.5 * (must(f.get('agent'))[i] ?? 0) + (must(f.get('supervisor'))[i] ?? 0)));
});

test('N parties: a 4-way conference mixes every other party; removed parties vanish', () => {
  const m = setup();
  m.add('other');
  const all = [...P, 'other'];
  const g = matrix(m, all);
  for (const l of all) for (const s of all) assert.equal(must(g[l])[s], l === s ? 0 : 1, `${l} hears ${s}`);
  m.remove('agent');
  const out = m.process(frames());
  assert.equal(out.has('agent'), false);
  assert.equal(heard(must(out.get('customer'))).agent, 0);
});

test('saturation clips instead of wrapping', () => {
  const m = new Mixer({ frameSamples: 4 });
  for (const id of ['a', 'b', 'c']) m.add(id);
  const loud = Int16Array.of(30000, -30000, 30000, -30000);
  const out = m.process(
    new Map([
      ['a', loud],
      ['b', loud],
      ['c', new Int16Array(4)],
    ]),
  );
  assert.deepEqual([...must(out.get('c'))], [32767, -32768, 32767, -32768]);
});
