import { VirtualClock } from '@rexian/kernel';
import { AcdEngine, createRng, defineQueue } from '@rexian/acd';
const clock = new VirtualClock(0);
const engine = new AcdEngine({ clock, rng: createRng(7), rules: { wrapUpMs: 0 } });
const ctx = engine.internals();
for (let q = 0; q < 500; q++) engine.upsertQueue(defineQueue({ id: `q${q}` }));
const rng = createRng(1);
for (let i = 0; i < 10000; i++) {
  const skills: Record<string, number> = {};
  while (Object.keys(skills).length < 3) skills[`q${Math.floor(rng.next() * 500)}`] = 5;
  engine.upsertAgent({ id: `a${i}`, number: String(100000 + i), name: 'x', type: 'agent', enabled: true, regions: [], skills, managedGroupIds: [], managedQueueIds: [] });
  engine.signIn(`a${i}`, { extension: 'x' });
}
let t = performance.now();
for (let i = 0; i < 50000; i++) { engine.enqueue({ id: `c${i}`, caller: 'x', queueId: `q${i % 500}` }); engine.hungUp(`c${i}`); clock.advance(50); }
console.log('total', performance.now() - t, 'idle sizes', [...Array(5)].map((_, q) => ctx.registry.idleMembers(`q${q}`).size));
t = performance.now();
for (let i = 0; i < 50000; i++) { const s = new Set<number>(); }
const s = new Set<object>(); const o = {};
t = performance.now();
for (let i = 0; i < 1e6; i++) { s.add(o); const it = s.values().next(); s.delete(it.value!); }
console.log('set churn 1e6', performance.now() - t);
