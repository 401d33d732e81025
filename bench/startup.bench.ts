/**
 * Start-up time to "console ready" (GET / answers 200 and /readyz says ready) on the embedded database:
 *  - cold: a new machine — no snapshot cached, empty data folder (PGlite runs initdb, then migrations);
 *  - first start: snapshot cached, empty data folder (restored from the snapshot);
 *  - restart: existing data folder.
 * Prints JSON. Usage: ./rexian node bench/startup.bench.ts [runs=3]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = join(import.meta.dirname, '../apps/server/src/cli.ts');
const runs = Number(process.argv[2] ?? 3);

async function startOnce(dataDir: string, cacheDir: string): Promise<{ readyMs: number; phases: unknown }> {
  const t0 = performance.now();
  const p = spawn(process.execPath, [cli, 'start'], {
    env: {
      ...process.env,
      REXIAN_PORT: '0',
      REXIAN_HOST: '127.0.0.1',
      REXIAN_DATA_DIR: dataDir,
      REXIAN_SIP_ENABLED: 'false',
      REXIAN_CACHE_DIR: cacheDir,
      REXIAN_LOG_LEVEL: 'info',
    },
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ready: (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    p.once('exit', (c) => reject(new Error(`exit ${c}`)));
  });
  for (;;) {
    const [page, ready] = await Promise.all([fetch(`${url}/`), fetch(`${url}/readyz`)]);
    if (page.status === 200 && ready.status === 200) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const readyMs = performance.now() - t0;
  const line = out.split('\n').find((l) => l.includes('"rexian ready"'));
  const phases = line ? (JSON.parse(line) as { timings: unknown }).timings : null;
  p.kill('SIGTERM');
  await new Promise((r) => p.once('exit', r));
  return { readyMs: Math.round(readyMs), phases };
}

const results: Record<string, number[]> = { cold: [], firstStart: [], restart: [] };
const detail: unknown[] = [];
for (let i = 0; i < runs; i++) {
  const cache = mkdtempSync(join(tmpdir(), 'rx-bench-cache-'));
  const data = mkdtempSync(join(tmpdir(), 'rx-bench-data-'));
  const data2 = mkdtempSync(join(tmpdir(), 'rx-bench-data-'));
  const cold = await startOnce(data, cache);
  const restart = await startOnce(data, cache);
  const first = await startOnce(data2, cache);
  results.cold?.push(cold.readyMs);
  results.restart?.push(restart.readyMs);
  results.firstStart?.push(first.readyMs);
  detail.push({ cold: cold.phases, firstStart: first.phases, restart: restart.phases });
  for (const d of [cache, data, data2]) rmSync(d, { recursive: true, force: true });
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
process.stdout.write(
  `${JSON.stringify(
    {
      benchmark: 'startup-to-console-ready',
      database: 'pglite',
      runs,
      medianMs: {
        cold: median(results.cold ?? []),
        firstStart: median(results.firstStart ?? []),
        restart: median(results.restart ?? []),
      },
      allMs: results,
      phasesOfLastRun: detail.at(-1),
    },
    null,
    2,
  )}\n`,
);
