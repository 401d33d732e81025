/**
 * Benchmark (c) of issue 5: N concurrent calls to the loopback-test number (*43, echo) with real RTP.
 *
 * Signalling is SIPp (Debian sip-tester) — the same peer as benchmarks (a) and (b), so its digest and
 * transactions are not ours grading ours. Each call's SDP port comes from an injection CSV (one line per
 * call, SEQUENTIAL); the scenario pulls the server's `m=audio` port out of the 200 OK and logs the pair,
 * and the bench reads that log to learn where each call's RTP must go. RTP is bench/media-loadgen.ts in its
 * own process (its CPU is not charged to the server): every call's socket sends 20 ms PCMU-sized packets
 * stamped with their send time and counts what the echo returns, so loss and the round-trip time through
 * the switch come from one clock. Rexian runs in this process (`startRexian`), so `process.cpuUsage()` over
 * the measurement window is the server with its media worker threads; "% of a core per call" is that CPU
 * time / window / N. Prints one JSON object: a row per N, and the largest N tried with loss < 0.1 %, next to
 * the issue's Asterisk 22 figure (~0.19 % of a core per echo call, 1,000 concurrent clean). Not a test.
 *
 *   NS=50,200,500 MEASURE_MS=10000 SETUP_RATE=100 node bench/switch-echo.bench.ts
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { freePort, PASSWORD, startSipServer } from '../tests/sip/harness.ts';
import { sippDigestInvite } from './sipp-digest-invite.ts';

const NS = (process.env.NS ?? '50,200,500').split(',').map(Number);
const MEASURE_MS = Number(process.env.MEASURE_MS ?? 10_000);
const SETUP_RATE = Number(process.env.SETUP_RATE ?? 100);
const EXTENSION = '9001';
const ECHO = '*43';
const work = mkdtempSync(path.join(tmpdir(), 'rexian-echobench-'));
const loadgenScript = path.resolve(import.meta.dirname, 'media-loadgen.ts');

const scenario = path.join(work, 'echo-call.sipp.xml');
const sdp = (version: number) => `v=0
      o=- [pid][call_number] ${version} IN IP4 127.0.0.1
      s=-
      c=IN IP4 127.0.0.1
      t=0 0
      m=audio [field0] RTP/AVP 0
      a=rtpmap:0 PCMU/8000
      a=ptime:20`;
writeFileSync(
  scenario,
  `${sippDigestInvite('Rexian echo call', sdp)}
  <recv response="100" optional="true" />
  <recv response="180" optional="true" />
  <recv response="200" rrs="true" rtd="true">
    <action>
      <ereg regexp="m=audio ([0-9]+)" search_in="body" check_it="true" assign_to="all,srvport" />
      <log message="[field0] [$srvport] ([$all])" />
    </action>
  </recv>
  <send><![CDATA[

      ACK [next_url] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
      Max-Forwards: 70
      From: <sip:[user]@[remote_ip]>;tag=[pid]-[call_number]
      To: <sip:[service]@[remote_ip]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 2 ACK
      [routes]
      Content-Length: 0

    ]]></send>
  <pause />
  <send retrans="500"><![CDATA[

      BYE [next_url] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
      Max-Forwards: 70
      From: <sip:[user]@[remote_ip]>;tag=[pid]-[call_number]
      To: <sip:[service]@[remote_ip]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 3 BYE
      [routes]
      Content-Length: 0

    ]]></send>
  <recv response="200" crlf="true" />
</scenario>
`,
);

function statOf(file: string, column: string): number {
  try {
    const rows = readFileSync(path.join(work, file), 'utf8').trim().split('\n');
    const head = (rows[0] ?? '').split(';');
    const last = (rows.at(-1) ?? '').split(';');
    return Number(last[head.indexOf(column)] ?? Number.NaN);
  } catch {
    return Number.NaN;
  }
}

/** port (ours) → port (the server's echo endpoint), from SIPp's log of answered calls. */
function answeredPorts(logFile: string): Map<number, number> {
  const m = new Map<number, number>();
  if (!existsSync(logFile)) return m;
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    const [ours, theirs] = line.trim().split(' ').map(Number);
    if (ours && theirs) m.set(ours, theirs);
  }
  return m;
}

type LoadResult = { sent: number; received: number; p50Ms: number; p99Ms: number; maxMs: number; cpuMs: number };

const server = await startSipServer({
  REXIAN_RTP_PORT_MIN: '20000',
  REXIAN_RTP_PORT_MAX: '29999',
  REXIAN_LOGIN_RATE_PER_MINUTE: '100000',
  REXIAN_SIP_RATE_PER_SOURCE: '0',
});
await server.createExtension(EXTENSION);
const results = [];
for (const n of NS) {
  const pairs = Math.ceil(n / 2);
  const loadgen = spawn(process.execPath, [loadgenScript, JSON.stringify({ calls: pairs })], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: loadgen.stdout })[Symbol.asyncIterator]();
  const { ports } = JSON.parse((await lines.next()).value as string) as { ports: Array<[number, number]> };
  const ours = ports.flat().slice(0, n);
  const csv = path.join(work, `ports-${n}.csv`);
  writeFileSync(csv, `SEQUENTIAL\n${ours.map((p) => `${p};`).join('\n')}\n`);
  const logFile = path.join(work, `answered-${n}.log`);
  const setupMs = (n / SETUP_RATE) * 1000;
  const holdMs = Math.ceil(setupMs + MEASURE_MS + 5000);
  const sippPort = await freePort('udp');
  const mediaPort = await freePort('udp');
  const sipp = spawn(
    'timeout',
    [
      String(Math.ceil((setupMs + holdMs) / 1000) + 60),
      'sipp',
      `127.0.0.1:${server.udpPort}`,
      '-sf',
      scenario,
      '-inf',
      csv,
      '-s',
      ECHO,
      '-key',
      'user',
      EXTENSION,
      '-au',
      EXTENSION,
      '-ap',
      PASSWORD,
      '-auth_uri',
      `${ECHO}@127.0.0.1:${server.udpPort}`,
      '-i',
      '127.0.0.1',
      '-p',
      String(sippPort),
      '-mp',
      String(mediaPort),
      '-m',
      String(n),
      '-r',
      String(SETUP_RATE),
      '-l',
      String(n),
      '-d',
      String(holdMs),
      '-nostdin',
      '-trace_logs',
      '-log_file',
      logFile,
      '-trace_stat',
      '-stf',
      `stat-${n}.csv`,
    ],
    { cwd: work, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let sippErrors = '';
  sipp.stderr.on('data', (d) => {
    sippErrors += d;
  });
  const sippDone = new Promise<number | null>((resolve) => sipp.on('close', (code) => resolve(code)));
  // Wait until every call is answered (or the set-up time has clearly passed).
  const deadline = performance.now() + setupMs + 20_000;
  let answered = answeredPorts(logFile);
  while (answered.size < n && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    answered = answeredPorts(logFile);
  }
  // Calls SIPp could not set up get a discard target, so they show as loss rather than vanish.
  const target = (p: number | undefined) => (p === undefined ? 9 : (answered.get(p) ?? 9));
  const targets = ports.map(([a, b], i) => [target(a), 2 * i + 1 < n ? target(b) : 9]);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  loadgen.stdin.write(`${JSON.stringify({ targets, durationMs: MEASURE_MS })}\n`);
  const load = JSON.parse((await lines.next()).value as string) as LoadResult;
  const windowMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const sippExit = await sippDone;
  if (sippExit !== 0) process.stderr.write(`sipp (N = ${n}) exited ${sippExit}: ${sippErrors.slice(0, 2000)}\n`);
  // An odd N leaves one loadgen socket sending to the discard port: count only the N calls' packets.
  const sent = n % 2 === 1 ? Math.round((load.sent * n) / (2 * pairs)) : load.sent;
  const serverCpuMs = (cpu.user + cpu.system) / 1000;
  results.push({
    n,
    answered: answered.size,
    sippExit,
    sippFailed: statOf(`stat-${n}.csv`, 'FailedCall(C)'),
    packetsSent: sent,
    packetsEchoed: load.received,
    lossPercent: Number(((100 * Math.max(0, sent - load.received)) / Math.max(1, sent)).toFixed(4)),
    p50RoundTripMs: Number(load.p50Ms.toFixed(2)),
    p99RoundTripMs: Number(load.p99Ms.toFixed(2)),
    maxRoundTripMs: Number(load.maxMs.toFixed(2)),
    serverCorePercentPerCall: Number(((100 * serverCpuMs) / windowMs / n).toFixed(4)),
    serverCorePercentTotal: Number(((100 * serverCpuMs) / windowMs).toFixed(1)),
    loadgenCorePercentTotal: Number(((100 * load.cpuMs) / windowMs).toFixed(1)),
  });
}
await server.close();
rmSync(work, { recursive: true, force: true });
const clean = results.filter((r) => r.answered === r.n && r.lossPercent < 0.1).map((r) => r.n);
console.log(
  JSON.stringify(
    {
      bench: 'switch-echo',
      scenario: `N digest calls to the echo number ${ECHO}, 20 ms PCMU both ways for ${MEASURE_MS} ms, round trip through the switch`,
      results,
      largestCleanN: clean.length > 0 ? Math.max(...clean) : null,
      reference: { asterisk22: '~0.19 % of a core per echo call, 1,000 concurrent clean (issue 5, same machine kind)' },
    },
    null,
    2,
  ),
);
