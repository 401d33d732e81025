import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { type ArrivalRecord, parseArrivalsCsv } from './arrivals-csv.ts';
import { parseScenario } from './scenario.ts';
import { runSimulation } from './simulator.ts';

const USAGE = `usage: rexian simulate <scenario.json> [--replay <arrivals.csv>] [--seed <n>] [--compact]
  Runs the scenario through the ACD on a virtual clock and prints a JSON report.
  --replay   replay past arrivals from a CSV instead of Poisson arrivals (overrides "replayCsv")
  --seed     override the scenario's seed
  --compact  print JSON on one line`;

type Io = { out: (s: string) => void; err: (s: string) => void };
const stdio: Io = { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) };

/**
 * `rexian simulate` — the adapter between files and the pure simulator. Exit codes: 0 report printed,
 * 1 the scenario or CSV is invalid or unreadable, 2 usage error.
 */
export async function simulateCli(argv: string[], io: Io = stdio): Promise<number> {
  const args = [...argv];
  let scenarioPath: string | undefined;
  let replayPath: string | undefined;
  let seed: number | undefined;
  let compact = false;
  while (args.length > 0) {
    const a = args.shift() as string;
    if (a === '--replay') replayPath = args.shift();
    else if (a === '--seed') seed = Number(args.shift());
    else if (a === '--compact') compact = true;
    else if (a === '--help' || a === '-h') return usage(io, 0);
    else if (a.startsWith('-') || scenarioPath !== undefined) return usage(io, 2);
    else scenarioPath = a;
  }
  if (scenarioPath === undefined || (seed !== undefined && !Number.isInteger(seed))) return usage(io, 2);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(scenarioPath, 'utf8'));
  } catch (e) {
    return fail(io, 'ACD_INVALID_SCENARIO', `cannot read ${scenarioPath}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = parseScenario(json);
  if (!parsed.ok) return fail(io, parsed.error.code, parsed.error.message);
  const scenario = seed === undefined ? parsed.value : { ...parsed.value, seed };
  const csvPath =
    replayPath ?? (scenario.replayCsv === undefined ? undefined : resolve(dirname(scenarioPath), scenario.replayCsv));
  let arrivals: ArrivalRecord[] | undefined;
  if (csvPath !== undefined) {
    let text: string;
    try {
      text = await readFile(csvPath, 'utf8');
    } catch (e) {
      return fail(io, 'ACD_INVALID_CSV', `cannot read ${csvPath}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const rows = parseArrivalsCsv(text);
    if (!rows.ok) return fail(io, rows.error.code, rows.error.message);
    const known = new Set(scenario.queues.map((q) => q.id));
    const stray = rows.value.find((r) => !known.has(r.queueId));
    if (stray) return fail(io, 'ACD_INVALID_CSV', `CSV names queue ${stray.queueId}, which the scenario does not define`);
    arrivals = rows.value;
  }
  const report = runSimulation(scenario, arrivals ? { arrivals } : {});
  io.out(compact ? JSON.stringify(report) : JSON.stringify(report, null, 2));
  return 0;
}

function usage(io: Io, code: number): number {
  (code === 0 ? io.out : io.err)(USAGE);
  return code;
}

function fail(io: Io, code: string, message: string): number {
  io.err(JSON.stringify({ error: { code, message } }));
  return 1;
}
