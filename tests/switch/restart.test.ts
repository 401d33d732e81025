import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BaresipPeer, writeBaresipConfig } from '../sip/baresip-peer.ts';
import { freePort, PASSWORD } from '../sip/harness.ts';
import { toneWav, waitFor } from './phones.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const SCENARIO = join(import.meta.dirname, 'loopback-call-digest.sipp.xml');
const ADMIN_PASSWORD = 'Adm1n-Secure-Pw';
const EXTENSION = '8701';
const CALLS = 20;

type Cdr = {
  callId: string;
  callType: string;
  open: boolean;
  answeredAt: string | null;
  cause: string | null;
  hungUpBy: string | null;
  endedAt: string | null;
};
type Ports = { http: number; udp: number; tcp: number };

/** `./rexian start` as a child process on a data folder that outlives it (the embedded database). */
class ServerProcess {
  readonly child: ChildProcess;
  output = '';
  readonly exited: Promise<void>;
  constructor(dataDir: string, ports: Ports) {
    this.child = spawn(process.execPath, ['apps/server/src/cli.ts', 'start'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        REXIAN_PORT: String(ports.http),
        REXIAN_HOST: '127.0.0.1',
        REXIAN_DATA_DIR: dataDir,
        REXIAN_DEMO: 'false',
        REXIAN_LOG_LEVEL: process.env.REXIAN_TEST_LOG_LEVEL ?? 'warn',
        REXIAN_CONSOLE_DIR: '/nonexistent',
        REXIAN_LOGIN_RATE_PER_MINUTE: '100000',
        REXIAN_SIP_HOST: '127.0.0.1',
        REXIAN_SIP_UDP_PORT: String(ports.udp),
        REXIAN_SIP_TCP_PORT: String(ports.tcp),
        REXIAN_SIP_KEEPALIVE_SECONDS: '0',
        REXIAN_RTP_PORT_MIN: '34000',
        REXIAN_RTP_PORT_MAX: '34999',
        REXIAN_MEDIA_WORKERS: '2',
      },
    });
    const keep = (d: Buffer) => {
      this.output = (this.output + String(d)).slice(-20_000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((r) => this.child.once('exit', () => r()));
  }
  /** Resolves once the HTTP API answers (the SIP edge and the switch start before it listens). */
  ready(): Promise<true> {
    return waitFor(
      'the server to be ready',
      () => {
        if (this.child.exitCode !== null) throw new Error(`the server exited early:\n${this.output}`);
        return /is ready/.test(this.output) ? true : undefined;
      },
      60_000,
    );
  }
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** The HTTP API of a server process, signed in as admin (the first sign-in changes the default password). */
async function apiClient(port: number) {
  const base = `http://127.0.0.1:${port}/api/v1`;
  const call = async <T>(method: string, url: string, body?: unknown, cookie?: string) => {
    const r = await fetch(base + url, {
      method,
      headers: { ...(cookie ? { cookie } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : undefined) as T, setCookie: r.headers.getSetCookie() };
  };
  let cookie = '';
  for (const password of [ADMIN_PASSWORD, 'admin']) {
    const r = await call('POST', '/auth/login', { username: 'admin', password });
    const c = r.setCookie.map((s) => /^rexian_session=([^;]+)/.exec(s)?.[1]).find(Boolean);
    if (r.status !== 200 || !c) continue;
    cookie = `rexian_session=${c}`;
    if (password === 'admin') {
      const p = await call('POST', '/auth/password', { currentPassword: 'admin', newPassword: ADMIN_PASSWORD }, cookie);
      assert.equal(p.status, 200, JSON.stringify(p.body));
    }
    break;
  }
  assert.ok(cookie, 'admin signed in');
  return {
    api: <T>(method: string, url: string, body?: unknown) => call<T>(method, url, body, cookie),
    async cdrs(): Promise<Cdr[]> {
      const r = await call<{ items: Cdr[] }>('GET', '/cdrs?pageSize=200', undefined, cookie);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.items;
    },
  };
}

/**
 * Issue 5's crash proof: SIPp holds 20 answered, digest-authenticated calls to the loopback-test number
 * on a server running as its own process; the process is killed with SIGKILL; restarted on the same data
 * folder it must have all 20 CDRs, closed as 'system-restart', and a baresip phone must register and
 * complete a call within 10 s of the restart.
 */
describe('kill -9 during 20 live calls, then restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rexian-restart-'));
  const dataDir = join(dir, 'data');
  const children: { kill(): unknown }[] = [];
  let ports: Ports;
  let server: ServerProcess;
  let sipp: ChildProcess | undefined;
  let sippOutput = '';

  before(async () => {
    ports = { http: await freePort('tcp'), udp: await freePort('udp'), tcp: await freePort('tcp') };
    mkdirSync(dataDir, { recursive: true });
  });
  after(async () => {
    for (const c of children) c.kill();
    sipp?.kill('SIGKILL');
    await server?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses no CDR, closes every open call as system-restart and takes calls again within 10 s', async () => {
    server = new ServerProcess(dataDir, ports);
    children.push(server);
    await server.ready();
    const first = await apiClient(ports.http);
    const ext = await first.api('POST', '/extensions', { number: EXTENSION, password: PASSWORD });
    assert.equal(ext.status, 201, JSON.stringify(ext.body));

    const sipPort = await freePort('udp');
    const mediaPort = await freePort('udp');
    // A direct child (no `timeout` wrapper) so SIGKILL reaches SIPp itself; -timeout bounds it too.
    sipp = spawn(
      'sipp',
      ['-sf', SCENARIO, '-s', '*43', `127.0.0.1:${ports.udp}`, '-i', '127.0.0.1', '-p', String(sipPort)].concat([
        '-mp',
        String(mediaPort),
        // SIPp's digest uri defaults to remote_ip:remote_port; the server checks it against the Request-URI.
        '-auth_uri',
        `*43@127.0.0.1:${ports.udp}`,
        '-key',
        'user',
        EXTENSION,
        '-au',
        EXTENSION,
        '-ap',
        PASSWORD,
        '-m',
        String(CALLS),
        '-l',
        String(CALLS),
        '-r',
        '20',
        '-d',
        '100000',
        '-timeout',
        '110s',
        '-nostdin',
        '-trace_err',
      ]),
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    sipp.stdout?.on('data', (d) => {
      sippOutput = (sippOutput + String(d)).slice(-5000);
    });
    sipp.stderr?.on('data', (d) => {
      sippOutput += String(d);
    });
    const limit = setTimeout(() => sipp?.kill('SIGKILL'), 120_000);
    limit.unref();

    // The CDR rows the API reads come from the database: 20 answered calls stored while still open.
    const open = await waitFor(
      `${CALLS} open answered CDRs`,
      async () => {
        if (sipp?.exitCode !== null) throw new Error(`SIPp ended early:\n${sippOutput}\n${server.output}`);
        const rows = (await first.cdrs()).filter((c) => c.open && c.answeredAt && c.callType === 'loopback-test');
        return rows.length === CALLS ? rows : undefined;
      },
      30_000,
    ).catch(async (error: unknown) => {
      const rows = await first.cdrs();
      throw new Error(
        `${String(error)}; CDRs: ${JSON.stringify(rows.slice(0, 3))} (${rows.length})\nSIPp: ${sippOutput}\nserver: ${server.output}`,
      );
    });
    const callIds = open.map((c) => c.callId).sort();

    await server.kill();
    sipp.kill('SIGKILL');

    const restartedAt = Date.now();
    server = new ServerProcess(dataDir, ports);
    children.push(server);
    await server.ready();
    const readyMs = Date.now() - restartedAt;
    const second = await apiClient(ports.http);

    // A phone registers and calls the loopback-test number.
    const home = join(dir, 'phone');
    const ctrlPort = await freePort('tcp');
    writeBaresipConfig(home, {
      user: EXTENSION,
      password: PASSWORD,
      registrarPort: ports.udp,
      sipPort: await freePort('udp'),
      ctrlPort,
      regint: 600,
      audio: { source: toneWav(join(dir, 'tone.wav'), 600, 30), recordDir: home },
    });
    const phone = new BaresipPeer(home, 60);
    children.push(phone);
    await phone.connect(ctrlPort);
    await waitFor('the phone registered', async () => {
      const r = await second.api<{ items: { number: string; status: string }[] }>('GET', `/extensions?q=${EXTENSION}`);
      return r.body.items.some((x) => x.number === EXTENSION && x.status === 'online') ? true : undefined;
    });
    const registeredMs = Date.now() - restartedAt;
    const dialled = await phone.command('dial', `sip:*43@127.0.0.1:${ports.udp}`);
    assert.equal(dialled.ok, true, JSON.stringify(dialled));
    await waitFor('the call to *43 established', () =>
      phone.events.some((e) => e.type === 'CALL_ESTABLISHED') ? true : undefined,
    );
    const elapsed = Date.now() - restartedAt;
    console.error(`restart: HTTP ready ${readyMs} ms, phone registered ${registeredMs} ms, call up ${elapsed} ms`);
    assert.ok(elapsed < 10_000, `a call completed ${elapsed} ms after the restart (limit 10 s)`);
    await phone.command('hangup');

    // Every call of the killed process is there, closed as a system restart.
    const after = await second.cdrs();
    const old = after.filter((c) => callIds.includes(c.callId));
    assert.equal(old.length, CALLS, 'no CDR lost');
    for (const c of old) {
      assert.equal(c.open, false, `${c.callId} closed`);
      assert.equal(c.cause, 'system-restart', `${c.callId} cause`);
      assert.equal(c.hungUpBy, 'system');
      assert.ok(c.endedAt, `${c.callId} has an end time`);
      const detail = await second.api<{ legs: { endedAt: string | null; cause: string | null }[] }>('GET', `/cdrs/${c.callId}`);
      assert.equal(detail.status, 200, JSON.stringify(detail.body));
      assert.ok(detail.body.legs.length > 0, 'the call has its leg');
      for (const leg of detail.body.legs) assert.equal(leg.cause, 'system-restart', `${c.callId} leg cause`);
    }
    const fresh = await waitFor('the new call closed', async () => {
      const rows = (await second.cdrs()).filter((c) => !callIds.includes(c.callId));
      return rows.length === 1 && !rows[0]?.open ? rows[0] : undefined;
    });
    assert.equal(fresh.callType, 'loopback-test');
    assert.equal((await second.cdrs()).length, CALLS + 1, 'no duplicate or stray rows');
    assert.notEqual(fresh.cause, 'system-restart');
  });
});
