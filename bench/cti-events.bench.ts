/**
 * CTI events to many WebSocket clients (issue 8's benchmark): CLIENTS agents, each with its own console
 * session and an open agent stream (`/api/v1/agent/stream`) in a separate client process; every round
 * changes every agent's state once (busy ↔ idle, through the CTI runtime in this process) and measures, per
 * agent, the time from the command to the client receiving the `session` message with the new state.
 * Prints JSON: events delivered per second and the latency distribution. Setup writes the agents, users
 * and sessions straight into the database (creating 1000 users through the API would spend minutes on
 * argon2 and measure nothing of CTI). Not a test: it never fails on a slow machine.
 *
 *   CLIENTS=1000 ROUNDS=10 node bench/cti-events.bench.ts
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { hashToken } from '../apps/server/src/modules/auth/sessions.repository.ts';
import { startSipServer } from '../tests/sip/harness.ts';

const CLIENTS = Number(process.env.CLIENTS ?? 1000);
const ROUNDS = Number(process.env.ROUNDS ?? 10);

const server = await startSipServer({ REXIAN_RTP_PORT_MIN: '52000', REXIAN_RTP_PORT_MAX: '52999' });
const db = server.rexian.db;
const rt = server.rexian.sip?.telephony?.runtime.cti;
if (!rt) throw new Error('CTI did not start');

const role = await db.query<{ id: string }>("SELECT id FROM roles WHERE name = '座席'");
const dept = randomUUID();
await db.query("INSERT INTO departments (id, name) VALUES ($1, '压测')", [dept]);
const agents: { id: string; token: string }[] = [];
for (let i = 0; i < CLIENTS; i++) {
  const employee = randomUUID();
  const agent = randomUUID();
  const user = randomUUID();
  const token = randomBytes(24).toString('base64url');
  await db.query('INSERT INTO employees (id, code, name, department_id) VALUES ($1, $2, $3, $4)', [
    employee,
    `B${i}`,
    `压测${i}`,
    dept,
  ]);
  await db.query("INSERT INTO agents (id, number, name, password_hash, employee_id) VALUES ($1, $2, $3, 'x', $4)", [
    agent,
    String(10000 + i),
    `压测${i}`,
    employee,
  ]);
  await db.query("INSERT INTO users (id, username, password_hash, employee_id, role_id) VALUES ($1, $2, 'x', $3, $4)", [
    user,
    `bench${i}`,
    employee,
    role.rows[0]?.id,
  ]);
  await db.query("INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, now() + interval '1 day')", [
    hashToken(token),
    user,
  ]);
  agents.push({ id: agent, token });
}
await rt.refresh();
for (const a of agents) rt.cti.signIn(a.id, {});

const { port } = server.rexian.app.server.address() as AddressInfo;
const child = spawn(process.execPath, [path.join(import.meta.dirname, 'cti-events-clients.ts')], {
  stdio: ['pipe', 'pipe', 'pipe'],
});
child.stdin.end(JSON.stringify({ url: `ws://127.0.0.1:${port}/api/v1/agent/stream`, tokens: agents.map((a) => a.token) }));
const received = new Map<string, number>(); // `${agentId} ${state}` → receive time
let lines = 0;
createInterface({ input: child.stdout }).on('line', (line) => {
  const [agentId, state, t] = line.split(' ');
  received.set(`${agentId} ${state}`, Number(t));
  lines++;
});
const errors: string[] = [];
await new Promise<void>((resolve, reject) => {
  createInterface({ input: child.stderr }).on('line', (line) => {
    if (line === 'all-open') resolve();
    else errors.push(line);
  });
  child.on('exit', () => reject(new Error(`clients exited: ${errors.slice(0, 3).join('; ')}`)));
});
// Every client's first message (its session) has arrived before the rounds start.
const deadline = Date.now() + 60_000;
while (lines < CLIENTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));

const now = () => performance.timeOrigin + performance.now();
const latencies: number[] = [];
let delivered = 0;
let busyMs = 0;
let missing = 0;
for (let round = 0; round < ROUNDS; round++) {
  const state = round % 2 === 0 ? 'busy' : 'idle';
  received.clear();
  const sent = new Map<string, number>();
  const t0 = now();
  for (const a of agents) {
    sent.set(a.id, now());
    rt.cti.setState(a.id, state);
  }
  const until = Date.now() + 30_000;
  while (Date.now() < until && agents.some((a) => !received.has(`${a.id} ${state}`))) await new Promise((r) => setTimeout(r, 5));
  let last = t0;
  for (const a of agents) {
    const t = received.get(`${a.id} ${state}`);
    if (t === undefined) {
      missing++;
      continue;
    }
    latencies.push(t - (sent.get(a.id) as number));
    last = Math.max(last, t);
    delivered++;
  }
  busyMs += last - t0;
}
latencies.sort((x, y) => x - y);
const pct = (p: number) =>
  Number((latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0).toFixed(2));
console.log(
  JSON.stringify({
    bench: 'cti-events',
    clients: CLIENTS,
    rounds: ROUNDS,
    delivered,
    missing,
    eventsPerSecond: Math.round(delivered / (busyMs / 1000)),
    latencyMs: { p50: pct(50), p90: pct(90), p99: pct(99), max: pct(100) },
  }),
);
child.kill();
await server.close();
process.exit(0);
