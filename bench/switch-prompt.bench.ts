/**
 * Benchmark (b) of issue 5: prompt calls per second, driven by SIPp (Debian sip-tester). An extension calls
 * the prompt-test number with digest auth; the switch answers, plays a 5 s prompt (a WAV made once by sox in
 * a temporary folder), then hangs up — the server sends the BYE and the SIPp scenario answers it. The prompt's
 * RTP goes to a sink process (the SDP names its port) that counts packets, so a run that played nothing shows.
 * Rexian runs in this process through the real server path (`startRexian` → `startTelephony`; the number is
 * the dial plan's prompt-test number, REXIAN_PROMPT_TEST_NUMBER / REXIAN_PROMPT_TEST_FILE), so
 * `process.cpuUsage()` covers the server and its media worker threads and nothing else. Prints one JSON
 * object with a row per rate next to the issue's Asterisk 22 (chan_pjsip) figure (~16–17 ms CPU per call,
 * 70 calls/s clean). Not a test: it never fails on a slow machine.
 *
 *   RATES=20,50,70 DURATION=10 PROMPT_SECONDS=5 node bench/switch-prompt.bench.ts
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, PASSWORD, runPeer, startSipServer } from '../tests/sip/harness.ts';
import { sippDigestInvite } from './sipp-digest-invite.ts';

const RATES = (process.env.RATES ?? '20,50,70').split(',').map(Number);
const DURATION = Number(process.env.DURATION ?? 10);
const PROMPT_SECONDS = Number(process.env.PROMPT_SECONDS ?? 5);
const EXTENSION = '9001';
const NUMBER = '*44';
const work = mkdtempSync(path.join(tmpdir(), 'rexian-promptbench-'));
const prompt = path.join(work, 'prompt.wav');

const made = await runPeer(
  'sox',
  ['-n', '-r', '8000', '-c', '1', '-b', '16', prompt, 'synth', String(PROMPT_SECONDS), 'sine', '440'],
  30,
);
if (made.code !== 0) throw new Error(`sox failed: ${made.output}`);

/** The RTP sink: a separate process (its CPU is not the server's); prints the packet count on stdin's end. */
const SINK = `
const s = require('node:dgram').createSocket({ type: 'udp4', recvBufferSize: 1 << 22 });
let n = 0;
s.on('message', () => { n++; });
s.bind(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: s.address().port }) + '\\n'));
process.stdin.on('data', () => { process.stdout.write(JSON.stringify({ packets: n }) + '\\n'); n = 0; });
process.stdin.on('end', () => process.exit(0));
`;
const sink = spawn(process.execPath, ['-e', SINK], { stdio: ['pipe', 'pipe', 'inherit'] });
const sinkLines: string[] = [];
const sinkWaiters: Array<(line: string) => void> = [];
sink.stdout.setEncoding('utf8');
let sinkBuffer = '';
sink.stdout.on('data', (d: string) => {
  sinkBuffer += d;
  for (let i = sinkBuffer.indexOf('\n'); i >= 0; i = sinkBuffer.indexOf('\n')) {
    const line = sinkBuffer.slice(0, i);
    sinkBuffer = sinkBuffer.slice(i + 1);
    const w = sinkWaiters.shift();
    if (w) w(line);
    else sinkLines.push(line);
  }
});
const sinkLine = () =>
  new Promise<string>((resolve) => {
    const l = sinkLines.shift();
    if (l !== undefined) resolve(l);
    else sinkWaiters.push(resolve);
  });
const sinkPort = (JSON.parse(await sinkLine()) as { port: number }).port;

/** SIPp UAC: INVITE, 401 → ACK, INVITE with digest, 200, ACK, then wait for the server's BYE and answer it. */
const scenario = path.join(work, 'prompt-call.sipp.xml');
writeFileSync(
  scenario,
  `${sippDigestInvite(
    'Rexian prompt call',
    (v) => `v=0
      o=- [pid][call_number] ${v} IN IP4 127.0.0.1
      s=-
      c=IN IP4 127.0.0.1
      t=0 0
      m=audio ${sinkPort} RTP/AVP 0
      a=rtpmap:0 PCMU/8000`,
  )}
  <recv response="100" optional="true" />
  <recv response="180" optional="true" />
  <recv response="200" rrs="true" rtd="true" />
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
  <recv request="BYE" timeout="${(PROMPT_SECONDS + 10) * 1000}" />
  <send><![CDATA[

      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0

    ]]></send>
  <ResponseTimeRepartition value="10, 20, 50, 100, 200, 500" />
</scenario>
`,
);

function sipp(args: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn('timeout', [String(DURATION * 4 + PROMPT_SECONDS + 60), 'sipp', ...args], { cwd: work, stdio: 'ignore' });
    child.on('close', (code) => resolve(code));
    child.on('error', () => resolve(null));
  });
}

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

const server = await startSipServer({
  REXIAN_RTP_PORT_MIN: '40000',
  REXIAN_RTP_PORT_MAX: '49999',
  REXIAN_LOGIN_RATE_PER_MINUTE: '100000',
  REXIAN_SIP_RATE_PER_SOURCE: '0',
  REXIAN_PROMPT_TEST_NUMBER: NUMBER,
  REXIAN_PROMPT_TEST_FILE: prompt,
});
await server.createExtension(EXTENSION);
const results = [];
for (const rate of RATES) {
  const calls = rate * DURATION;
  const port = await freePort('udp');
  const mediaPort = await freePort('udp');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const code = await sipp([
    `127.0.0.1:${server.udpPort}`,
    '-sf',
    scenario,
    '-s',
    NUMBER,
    '-key',
    'user',
    EXTENSION,
    '-au',
    EXTENSION,
    '-ap',
    PASSWORD,
    '-auth_uri',
    `${NUMBER}@127.0.0.1:${server.udpPort}`,
    '-i',
    '127.0.0.1',
    '-p',
    String(port),
    '-mp',
    String(mediaPort),
    '-m',
    String(calls),
    '-r',
    String(rate),
    '-l',
    String(rate * (PROMPT_SECONDS + 5)),
    '-nostdin',
    '-trace_stat',
    '-stf',
    `stat-${rate}.csv`,
  ]);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  sink.stdin.write('count\n');
  const { packets } = JSON.parse(await sinkLine()) as { packets: number };
  results.push({
    rate,
    calls,
    sippExit: code,
    successful: statOf(`stat-${rate}.csv`, 'SuccessfulCall(C)'),
    failed: statOf(`stat-${rate}.csv`, 'FailedCall(C)'),
    wallSeconds: Number(seconds.toFixed(1)),
    rtpPacketsPerCall: Number((packets / calls).toFixed(1)),
    expectedPacketsPerCall: (PROMPT_SECONDS * 1000) / 20,
    cpuMsPerCall: Number(((cpu.user + cpu.system) / 1000 / calls).toFixed(3)),
  });
}
await server.close();
sink.stdin.end();
rmSync(work, { recursive: true, force: true });
console.log(
  JSON.stringify(
    {
      bench: 'switch-prompt',
      scenario: `digest INVITE to the prompt-test number, ${PROMPT_SECONDS} s prompt (PCMU), server BYE`,
      results,
      reference: { asterisk22ChanPjsipCpuMsPerCall: '16–17 at 70 calls/s clean (issue 5, same machine kind)' },
    },
    null,
    2,
  ),
);
