/**
 * Inbound calls per second through IVR → queue → agent (issue 8's benchmark). SIPp as the carrier calls an
 * access number whose target is an IVR (a 1 s voice-file prompt, then `queue:9001`); CTI queues the call
 * and rings one of AGENTS agents, whose phones are one SIPp UAS answering everything (the built-in `uas`
 * scenario; the agents' extensions are bound to it in the registrar). The caller hangs up after HOLD_MS,
 * the agent's leg follows, the agent is idle again (wrap-up 0). Rexian runs in this process, so
 * `process.cpuUsage()` is the server with its media workers. Prints JSON per rate: calls, SIPp failures,
 * calls that reached an agent, CPU ms per call. Not a test: it never fails on a slow machine.
 *
 *   RATES=5,10,20 DURATION=10 AGENTS=50 node bench/cti-inbound.bench.ts
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AcdEvent } from '@rexian/acd';
import { createSipBindingsStore } from '../apps/server/src/sip/sip-bindings.ts';
import { freePort, startSipServer } from '../tests/sip/harness.ts';
import { toneWav } from '../tests/switch/phones.ts';

const RATES = (process.env.RATES ?? '5,10,20').split(',').map(Number);
const DURATION = Number(process.env.DURATION ?? 10);
const AGENTS = Number(process.env.AGENTS ?? 50);
const HOLD_MS = Number(process.env.HOLD_MS ?? 4000);
const ACCESS = '4008007000';
const work = mkdtempSync(path.join(tmpdir(), 'rexian-ctibench-'));

const server = await startSipServer({
  REXIAN_RTP_PORT_MIN: '40000',
  REXIAN_RTP_PORT_MAX: '49999',
  REXIAN_SIP_RATE_PER_SOURCE: '0',
  REXIAN_VOICEMAIL: 'false',
});
const api = async <T>(method: 'POST' | 'PATCH', url: string, body: unknown): Promise<T> => {
  const r = await server.api<T>(method, url, body);
  if (r.status >= 300) throw new Error(`${method} ${url}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};
const rt = server.rexian.sip?.telephony?.runtime.cti;
if (!rt) throw new Error('CTI did not start');

// The agents' phones: one SIPp UAS on its own port, every agent extension bound to it.
const uasPort = await freePort('udp');
const uas: ChildProcess = spawn('sipp', ['-sn', 'uas', '-i', '127.0.0.1', '-p', String(uasPort), '-bg', '-nostdin'], {
  cwd: work,
  stdio: 'ignore',
});
const bindings = createSipBindingsStore(server.rexian.db, '127.0.0.1');
await api('PATCH', '/api/v1/settings/cti', { wrapUpMs: 0 });
const dept = await api<{ id: string }>('POST', '/api/v1/departments', { name: '压测' });
const agentIds: string[] = [];
for (let i = 0; i < AGENTS; i++) {
  const extension = String(7000 + i);
  const r = await api<{ agent: { id: string } }>('POST', '/api/v1/employees/quick-add', {
    code: `B${i}`,
    name: `压测${i}`,
    departmentId: dept.id,
    extensionNumber: extension,
    extensionPassword: 'Ab3dE5gH7jK9',
    agentNumber: String(3000 + i),
    agentPassword: 'Ag3nt7x9Pw',
  });
  agentIds.push(r.agent.id);
  const aor = `sip:${extension}@127.0.0.1`;
  await bindings.replace(aor, [
    {
      aor,
      contact: `sip:${extension}@127.0.0.1:${uasPort}`,
      expiresAt: Date.now() + 3_600_000,
      q: null,
      callId: `bench-${i}`,
      cseq: 1,
      source: { protocol: 'UDP', address: '127.0.0.1', port: uasPort },
      userAgent: 'sipp',
      instanceId: null,
      updatedAt: Date.now(),
    },
  ]);
}
const queue = await api<{ id: string }>('POST', '/api/v1/queues', {
  name: '压测队列',
  number: '9001',
  ringTimeMs: 10_000,
  members: agentIds.map((agentId) => ({ agentId, level: 5 })),
});
const prompt = toneWav(path.join(work, 'welcome.wav'), 500, 1);
const voice = await api<{ id: string }>('POST', '/api/v1/voice-files', {
  name: 'welcome',
  fileName: 'welcome.wav',
  contentBase64: readFileSync(prompt).toString('base64'),
});
const vxml = `<?xml version="1.0" encoding="UTF-8"?>
<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml"><form>
  <block><prompt><audio src="/api/v1/voice-files/${voice.id}/audio"/></prompt></block>
  <transfer name="q" dest="queue:9001" type="blind"/></form></vxml>`;
const ivr = await api<{ id: string }>('POST', '/api/v1/ivr-configs', {
  number: '8100',
  name: '压测 IVR',
  source: { kind: 'uploaded', fileName: 'bench.vxml', vxml },
});
await api('POST', '/api/v1/trunks', {
  name: 'carrier',
  host: '127.0.0.1',
  port: 5070,
  transport: 'udp',
  authMode: 'ip',
  username: null,
  password: null,
  registerExpirySeconds: 3600,
  inboundAddresses: ['127.0.0.1/32'],
  maxChannels: 10_000,
  callerId: null,
  codecs: ['PCMU', 'PCMA'],
  notes: '',
});
await api('POST', '/api/v1/access-numbers', { number: ACCESS, callType: 'in', target: { kind: 'ivr', ivrId: ivr.id } });
await rt.refresh();
for (const id of agentIds) rt.cti.signIn(id, { extension: String(7000 + agentIds.indexOf(id)) });
void queue;

let answered = 0;
rt.acd.events.on('*', (e: AcdEvent) => {
  if (e.type === 'call.answered') answered++;
});

function sipp(args: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn('timeout', [String(DURATION * 4 + 60), 'sipp', ...args], { cwd: work, stdio: 'ignore' });
    child.on('close', (code) => resolve(code));
    child.on('error', () => resolve(null));
  });
}

const results = [];
for (const rate of RATES) {
  const calls = rate * DURATION;
  const before = answered;
  const port = await freePort('udp');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const code = await sipp([
    `127.0.0.1:${server.udpPort}`,
    '-sn',
    'uac',
    '-s',
    ACCESS,
    '-i',
    '127.0.0.1',
    '-p',
    String(port),
    '-r',
    String(rate),
    '-m',
    String(calls),
    '-d',
    String(HOLD_MS),
    '-trace_stat',
    '-stf',
    `stat-${rate}.csv`,
    '-nostdin',
  ]);
  const seconds = (performance.now() - t0) / 1000;
  // Let the last calls' agent legs finish before reading the CPU.
  const idleBy = Date.now() + 20_000;
  while (Date.now() < idleBy && (server.rexian.sip?.telephony?.sw.legCount() ?? 0) > 0)
    await new Promise((r) => setTimeout(r, 100));
  const cpu = process.cpuUsage(cpu0);
  const stat = readFileSync(path.join(work, `stat-${rate}.csv`), 'utf8')
    .trim()
    .split('\n');
  const head = (stat[0] ?? '').split(';');
  const last = (stat.at(-1) ?? '').split(';');
  const failed = Number(last[head.indexOf('FailedCall(C)')] ?? Number.NaN);
  results.push({
    rate,
    calls,
    sippExit: code,
    failed,
    reachedAgent: answered - before,
    seconds: Number(seconds.toFixed(1)),
    cpuMsPerCall: Number(((cpu.user + cpu.system) / 1000 / calls).toFixed(2)),
  });
}
console.log(JSON.stringify({ bench: 'cti-inbound', agents: AGENTS, holdMs: HOLD_MS, results }));
uas.kill();
await server.close();
rmSync(work, { recursive: true, force: true });
process.exit(0);
