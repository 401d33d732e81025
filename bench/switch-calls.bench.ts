/**
 * Calls per second through the switch, driven by SIPp (Debian sip-tester): an extension calls the
 * loopback-test number with digest auth, the switch answers (an echo endpoint is created, SIPp sends no
 * RTP), the call lasts HOLD_MS, SIPp hangs up. Rexian runs in this process, so `process.cpuUsage()` covers
 * the server, its media workers and nothing else (SIPp is a child process). Prints one JSON object per
 * rate: calls attempted, failed, achieved rate, CPU ms per call and its split by thread — next to the
 * issue's Asterisk 22 (chan_pjsip) figure for this machine kind (~3.0–3.3 ms per signalling-only call).
 * A warm-up round (WARMUP calls at the first rate, reported apart) runs first: a fresh process pays V8's
 * compilation of our code and of PGlite's WebAssembly once, and the figure compared is the steady state of
 * a running PBX. Not a test: it never fails on a slow machine.
 *
 *   RATES=200,250,300 DURATION=5 HOLD_MS=1000 WARMUP=4000 node bench/switch-calls.bench.ts
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, PASSWORD, startSipServer } from '../tests/sip/harness.ts';
import { sampleThreads, threadCpuMs } from './thread-cpu.ts';

const RATES = (process.env.RATES ?? '50,100,200').split(',').map(Number);
const DURATION = Number(process.env.DURATION ?? 10);
const HOLD_MS = Number(process.env.HOLD_MS ?? 1000);
const WARMUP = Number(process.env.WARMUP ?? 4000);
const EXTENSION = '9001';
const scenario = path.resolve(import.meta.dirname, '..', 'tests', 'switch', 'loopback-call-digest.sipp.xml');
const work = mkdtempSync(path.join(tmpdir(), 'rexian-callbench-'));

function sipp(args: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn('timeout', [String(DURATION * 4 + 60), 'sipp', ...args], { cwd: work, stdio: 'ignore' });
    child.on('close', (code) => resolve(code));
    child.on('error', () => resolve(null));
  });
}

const server = await startSipServer({
  REXIAN_RTP_PORT_MIN: '40000',
  REXIAN_RTP_PORT_MAX: '49999',
  REXIAN_LOGIN_RATE_PER_MINUTE: '100000',
  // SIPp is one source: the per-source flood limit (200 messages/s) would refuse calls above ~40 calls/s.
  REXIAN_SIP_RATE_PER_SOURCE: '0',
});
await server.createExtension(EXTENSION);
const results = [];
const rounds = [
  ...(WARMUP > 0 ? [{ rate: RATES[0] ?? 50, calls: WARMUP, warmup: true }] : []),
  ...RATES.map((rate) => ({ rate, calls: rate * DURATION, warmup: false })),
];
for (const [round, { rate, calls, warmup }] of rounds.entries()) {
  const port = await freePort('udp');
  const threads0 = sampleThreads();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const code = await sipp([
    `127.0.0.1:${server.udpPort}`,
    '-sf',
    scenario,
    '-s',
    '*43',
    '-key',
    'user',
    EXTENSION,
    '-au',
    EXTENSION,
    '-ap',
    PASSWORD,
    '-auth_uri',
    `*43@127.0.0.1:${server.udpPort}`,
    '-i',
    '127.0.0.1',
    '-p',
    String(port),
    '-m',
    String(calls),
    '-r',
    String(rate),
    '-l',
    String(rate * Math.ceil(HOLD_MS / 1000 + 2)),
    '-d',
    String(HOLD_MS),
    '-nostdin',
    '-trace_stat',
    '-stf',
    `stat-${round}.csv`,
  ]);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const threads = threadCpuMs(threads0, sampleThreads());
  const failed = await import('node:fs').then((fs) => {
    try {
      const rows = fs
        .readFileSync(path.join(work, `stat-${round}.csv`), 'utf8')
        .trim()
        .split('\n');
      const head = (rows[0] ?? '').split(';');
      const last = (rows.at(-1) ?? '').split(';');
      return Number(last[head.indexOf('FailedCall(C)')] ?? Number.NaN);
    } catch {
      return Number.NaN;
    }
  });
  results.push({
    ...(warmup ? { warmup: true } : {}),
    rate,
    calls,
    sippExit: code,
    failed,
    wallSeconds: Number(seconds.toFixed(1)),
    cpuMsPerCall: Number(((cpu.user + cpu.system) / 1000 / calls).toFixed(3)),
    threadCpuMsPerCall: Object.fromEntries(Object.entries(threads).map(([k, ms]) => [k, Number((ms / calls).toFixed(3))])),
  });
}
await server.close();
rmSync(work, { recursive: true, force: true });
console.log(
  JSON.stringify(
    {
      bench: 'switch-calls',
      scenario: `digest INVITE to the loopback-test number, ${HOLD_MS} ms, BYE; no RTP`,
      results,
      reference: { asterisk22ChanPjsipCpuMsPerCall: '3.0–3.3 (issue 5, same machine kind)' },
    },
    null,
    2,
  ),
);
