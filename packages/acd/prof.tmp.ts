import { parseScenario } from './src/sim/scenario.ts';
import { runSimulation } from './src/sim/simulator.ts';
for (const calls of [100_000, 400_000]) {
const s = parseScenario({ seed: 3, durationSeconds: 3600 + calls / 200 * 3600, warmupSeconds: 3600, serviceLevelSeconds: 20,
    queues: [{ id: 'q', arrivals: { ratePerHour: 200 }, handleTime: { distribution: 'exponential', meanSeconds: 180 } }],
    agents: [{ idPrefix: 'a', count: 11, skills: { q: 5 } }] });
if (!s.ok) throw s.error;
const t0 = performance.now();
const r = runSimulation(s.value);
console.log(calls, (performance.now() - t0).toFixed(0), 'ms', r.totals.asaSeconds, process.memoryUsage().heapUsed / 1e6);
}
