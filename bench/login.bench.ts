/**
 * Login requests per second (POST /api/v1/auth/login, argon2id verification, session write) against a
 * listening server on the embedded database, with C concurrent clients for D seconds. Prints JSON.
 * Usage: ./rexian node bench/login.bench.ts [seconds=10] [concurrency=8]
 */
import { startRexian } from '@rexian/server';

const seconds = Number(process.argv[2] ?? 10);
const concurrency = Number(process.argv[3] ?? 8);
const rexian = await startRexian({
  env: {
    REXIAN_PORT: '0',
    REXIAN_HOST: '127.0.0.1',
    REXIAN_DATA_DIR: ':memory:',
    REXIAN_SIP_ENABLED: 'false',
    REXIAN_LOG_LEVEL: 'warn',
    REXIAN_DEMO: 'false',
    REXIAN_LOGIN_RATE_PER_MINUTE: '100000000',
  },
});
const url = `${rexian.url}/api/v1/auth/login`;
const body = JSON.stringify({ username: 'admin', password: 'admin' });
const latencies: number[] = [];
let errors = 0;
const end = performance.now() + seconds * 1000;
async function client() {
  while (performance.now() < end) {
    const t = performance.now();
    const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await r.arrayBuffer();
    if (r.status === 200) latencies.push(performance.now() - t);
    else errors++;
  }
}
const t0 = performance.now();
await Promise.all(Array.from({ length: concurrency }, client));
const elapsed = (performance.now() - t0) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => Math.round((latencies[Math.floor(latencies.length * p)] ?? 0) * 10) / 10;
process.stdout.write(
  `${JSON.stringify({ benchmark: 'login', seconds, concurrency, ok: latencies.length, errors, loginsPerSecond: Math.round(latencies.length / elapsed), p50Ms: pct(0.5), p99Ms: pct(0.99) }, null, 2)}\n`,
);
await rexian.close();
