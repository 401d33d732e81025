/**
 * REGISTER with digest per second, driven by SIPp (Debian sip-tester), against the registrar composed
 * from @rexian/sip and — when installed — against Kamailio as a registrar on the same machine in the
 * same run. Prints one JSON object: achieved rate, failures and CPU milliseconds per registration of
 * each server, and the CPU ratio. Not a test: it never fails on a slow machine.
 *
 *   RATE=500 DURATION=10 node bench/sip-register.bench.ts
 */
import { spawn, spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSystemClock } from '@rexian/kernel';
import {
  createBanList,
  createDigestServer,
  createMemoryBindingStore,
  createRegistrar,
  createSipService,
  createUdpTransport,
} from '@rexian/sip';

const RATE = Number(process.env.RATE ?? 500);
const DURATION = Number(process.env.DURATION ?? 10);
const CALLS = RATE * DURATION;
const USER = '1001';
const PASSWORD = 'secret1001';
const scenario = path.resolve(import.meta.dirname, '..', 'packages', 'sip', 'src', 'ua', 'test-fixtures', 'sipp-register.xml');
const work = mkdtempSync(path.join(tmpdir(), 'rexian-regbench-'));

async function freeUdpPort(): Promise<number> {
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  const { port } = sock.address();
  await new Promise<void>((r) => sock.close(() => r()));
  return port;
}

function run(cmd: string, args: string[], cwd: string): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn('timeout', [String(DURATION * 4 + 30), cmd, ...args], { cwd, stdio: 'ignore' });
    child.on('close', (code) => resolve(code));
    child.on('error', () => resolve(null));
  });
}

/** Runs SIPp against `port`; returns its final statistics row. */
async function sipp(port: number, label: string) {
  const dir = path.join(work, label);
  mkdirSync(dir);
  const code = await run(
    'sipp',
    [
      `127.0.0.1:${port}`,
      '-sf',
      scenario,
      '-i',
      '127.0.0.1',
      '-p',
      String(await freeUdpPort()),
      '-au',
      USER,
      '-ap',
      PASSWORD,
      '-key',
      'user',
      USER,
      '-m',
      String(CALLS),
      '-r',
      String(RATE),
      '-l',
      String(RATE * 2),
      '-nostdin',
      '-buff_size',
      '8388608',
      '-timeout',
      `${DURATION * 4 + 20}s`,
      '-trace_stat',
      '-stf',
      'stat.csv',
      '-fd',
      '1',
    ],
    dir,
  );
  const file = readdirSync(dir).find((f) => f === 'stat.csv');
  if (!file) return { sippExit: code, ok: 0, failed: CALLS, elapsedS: 0 };
  const [header, ...rows] = readFileSync(path.join(dir, file), 'utf8').trim().split('\n');
  const cols = (header ?? '').split(';');
  const last = (rows.at(-1) ?? '').split(';');
  const col = (name: string) => last[cols.indexOf(name)] ?? '';
  const [h = 0, m = 0, s = 0] = col('ElapsedTime(C)').split(':').map(Number);
  return {
    sippExit: code,
    ok: Number(col('SuccessfulCall(C)')),
    failed: Number(col('FailedCall(C)')),
    elapsedS: h * 3600 + m * 60 + s,
  };
}

async function benchRexian() {
  const clock = createSystemClock();
  const udp = createUdpTransport({ host: '127.0.0.1', port: 0, bufferBytes: 8 * 1024 * 1024 });
  const digest = createDigestServer({
    realm: '127.0.0.1',
    secret: 'bench-secret',
    clock,
    algorithms: ['MD5'], // SIPp speaks MD5 only
    credentials: { lookup: async (user) => (user === USER ? { password: PASSWORD } : undefined) },
  });
  const registrar = createRegistrar({ store: createMemoryBindingStore(), clock, domains: ['127.0.0.1'] });
  const banList = createBanList(
    { maxFailuresPerUser: 5, maxFailuresPerSource: 50, windowMs: 60_000, banMs: 600_000, allowlist: ['127.0.0.0/8'] },
    clock,
  );
  const service = createSipService({ clock, transports: [udp], digest, registrar, banList });
  const [endpoint] = await service.start();
  const cpu0 = process.cpuUsage();
  const result = await sipp(endpoint?.port ?? 0, 'rexian');
  const cpu = process.cpuUsage(cpu0);
  await service.stop();
  return { ...result, cpuMsPerRegister: round((cpu.user + cpu.system) / 1000 / Math.max(1, result.ok)) };
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** CPU jiffies of a process and its children (Kamailio forks workers). */
function treeCpuMs(root: number): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      if (Number(entry) === root || ppid === root) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // process vanished
    }
  }
  return (ticks * 1000) / 100; // USER_HZ = 100 on Linux
}

const KAMAILIO_CFG = (port: number, db: string) => `#!KAMAILIO
debug=1
log_stderror=yes
children=1
auto_aliases=no
listen=udp:127.0.0.1:${port}
alias="127.0.0.1:${port}"
mpath="/usr/lib/x86_64-linux-gnu/kamailio/modules/"
loadmodule "db_text.so"
loadmodule "kex.so"
loadmodule "corex.so"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "pv.so"
loadmodule "textops.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "auth.so"
loadmodule "auth_db.so"
modparam("usrloc", "db_mode", 0)
modparam("auth_db", "db_url", "text://${db}")
modparam("auth_db", "calculate_ha1", yes)
modparam("auth_db", "password_column", "password")
modparam("auth_db", "load_credentials", "")
request_route {
  if (!is_method("REGISTER")) { sl_send_reply("405", "Method Not Allowed"); exit; }
  if (!auth_check("$fd", "subscriber", "1")) { auth_challenge("$fd", "1"); exit; }
  consume_credentials();
  if (!save("location")) { sl_reply_error(); }
  exit;
}
`;

async function benchKamailio() {
  if (spawnSync('sh', ['-c', 'command -v kamailio']).status !== 0) return null;
  const dir = path.join(work, 'kamailio');
  const db = path.join(dir, 'db');
  mkdirSync(db, { recursive: true });
  writeFileSync(path.join(db, 'version'), 'table_name(string) table_version(int) \nsubscriber:7\nlocation:9\nlocation_attrs:1\n');
  writeFileSync(
    path.join(db, 'subscriber'),
    `id(int,auto) username(string) domain(string) password(string) ha1(string) ha1b(string) \n1:${USER}:127.0.0.1:${PASSWORD}:x:x\n`,
  );
  const port = await freeUdpPort();
  writeFileSync(path.join(dir, 'kamailio.cfg'), KAMAILIO_CFG(port, db));
  mkdirSync(path.join(dir, 'run'), { recursive: true });
  const k = spawn('kamailio', ['-f', path.join(dir, 'kamailio.cfg'), '-DD', '-E', '-Y', path.join(dir, 'run')], {
    cwd: dir,
    stdio: 'ignore',
  });
  await new Promise((r) => setTimeout(r, 1500));
  if (k.exitCode !== null || k.pid === undefined) return { error: 'kamailio did not start' };
  const cpu0 = treeCpuMs(k.pid);
  const result = await sipp(port, 'kamailio-sipp');
  const cpu = treeCpuMs(k.pid) - cpu0;
  k.kill('SIGTERM');
  await new Promise((r) => k.once('close', r));
  return { ...result, children: 1, cpuMsPerRegister: round(cpu / Math.max(1, result.ok)) };
}

try {
  const rexian = await benchRexian();
  const kamailio = await benchKamailio();
  const ratio =
    kamailio && 'cpuMsPerRegister' in kamailio && kamailio.cpuMsPerRegister > 0
      ? round(rexian.cpuMsPerRegister / kamailio.cpuMsPerRegister)
      : null;
  console.log(
    JSON.stringify({
      bench: 'sip-register',
      offeredRate: RATE,
      durationS: DURATION,
      registrations: CALLS,
      rexian: { ...rexian, achievedRate: rexian.elapsedS > 0 ? round(rexian.ok / rexian.elapsedS) : 0 },
      kamailio:
        kamailio && 'ok' in kamailio
          ? { ...kamailio, achievedRate: kamailio.elapsedS > 0 ? round(kamailio.ok / kamailio.elapsedS) : 0 }
          : kamailio,
      cpuRatioRexianToKamailio: ratio,
    }),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(0);
