import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import { type Rexian, startRexian } from '@rexian/server';

/** Passwords of the test extensions (the manual's rule: letters and digits mixed, no 4-digit run). */
export const PASSWORD = 'Ab3dE5gH7jK9';

/** A UDP port and a TCP port on 127.0.0.1 that nothing holds right now. */
export async function freePort(kind: 'udp' | 'tcp'): Promise<number> {
  if (kind === 'udp') {
    const sock = dgram.createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    const { port } = sock.address();
    await new Promise<void>((r) => sock.close(() => r()));
    return port;
  }
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export interface SipTestServer {
  rexian: Rexian;
  udpPort: number;
  tcpPort: number;
  cookie: string;
  api<T>(method: 'GET' | 'POST' | 'DELETE' | 'PATCH' | 'PUT', url: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** The same API as another signed-in user (a cookie from `signInAs`). */
  apiAs<T>(
    cookie: string,
    method: 'GET' | 'POST' | 'DELETE' | 'PATCH' | 'PUT',
    url: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
  /** Signs in a user who still has a temporary password (changing it, as the first sign-in must); their cookie. */
  signInExisting(username: string, temporaryPassword: string): Promise<string>;
  /** Creates a console user with the given role and signs them in (first password changed); their cookie. */
  signInAs(user: { username: string; roleId: string; employeeId: string | null }): Promise<string>;
  createExtension(number: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Rexian in-process on an in-memory (or given) data dir, HTTP on a free port, SIP on free UDP and TCP
 * ports of 127.0.0.1. The admin signs in (with the forced first password change) for API calls.
 */
export async function startSipServer(env: Record<string, string> = {}, ports?: { udp: number; tcp: number }) {
  const udpPort = ports?.udp ?? (await freePort('udp'));
  const tcpPort = ports?.tcp ?? (await freePort('tcp'));
  const rexian = await startRexian({
    env: {
      REXIAN_PORT: '0',
      REXIAN_HOST: '127.0.0.1',
      REXIAN_DATA_DIR: ':memory:',
      REXIAN_DEMO: 'false',
      REXIAN_LOG_LEVEL: process.env.REXIAN_TEST_LOG_LEVEL ?? 'silent',
      REXIAN_CONSOLE_DIR: '/nonexistent',
      REXIAN_LOGIN_RATE_PER_MINUTE: '100000',
      REXIAN_SIP_HOST: '127.0.0.1',
      REXIAN_SIP_UDP_PORT: String(udpPort),
      REXIAN_SIP_TCP_PORT: String(tcpPort),
      ...env,
    },
  });
  assert.ok(rexian.sip, 'the SIP edge started');
  const inject = async <T>(method: string, url: string, body?: unknown, cookie?: string) => {
    const r = await rexian.app.inject({
      method: method as 'GET',
      url,
      headers: { ...(cookie ? { cookie } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    return { status: r.statusCode, body: (r.body ? r.json() : undefined) as T, cookies: r.cookies };
  };
  const cookie = await signIn(inject);
  const server: SipTestServer = {
    rexian,
    udpPort,
    tcpPort,
    cookie,
    api: (method, url, body) => inject(method, url, body, cookie),
    apiAs: (as, method, url, body) => inject(method, url, body, as),
    async signInExisting(username, temp) {
      const login = await inject('POST', '/api/v1/auth/login', { username, password: temp });
      const c = login.cookies.find((x) => x.name === 'rexian_session');
      assert.ok(c, JSON.stringify(login.body));
      const theirs = `rexian_session=${c.value}`;
      const p = await inject('POST', '/api/v1/auth/password', { currentPassword: temp, newPassword: 'Us3r-Secure-Pw' }, theirs);
      assert.equal(p.status, 200, JSON.stringify(p.body));
      return theirs;
    },
    async signInAs(user) {
      const temp = 'Temp-Pass-9x!';
      const r = await inject('POST', '/api/v1/users', { ...user, password: temp }, cookie);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return server.signInExisting(user.username, temp);
    },
    async createExtension(number, password = PASSWORD) {
      const r = await inject<{ id: string }>('POST', '/api/v1/extensions', { number, password }, cookie);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body.id;
    },
    close: () => rexian.close(),
  };
  return server;
}

type Inject = <T>(
  method: string,
  url: string,
  body?: unknown,
  cookie?: string,
) => Promise<{ status: number; body: T; cookies: { name: string; value: string }[] }>;

export const ADMIN_PASSWORD = 'Adm1n-Secure-Pw';

async function signIn(inject: Inject): Promise<string> {
  for (const password of [ADMIN_PASSWORD, 'admin']) {
    const r = await inject('POST', '/api/v1/auth/login', { username: 'admin', password });
    const c = r.cookies.find((x) => x.name === 'rexian_session');
    if (r.status !== 200 || !c) continue;
    const cookie = `rexian_session=${c.value}`;
    if (password === 'admin') {
      const p = await inject('POST', '/api/v1/auth/password', { currentPassword: 'admin', newPassword: ADMIN_PASSWORD }, cookie);
      assert.equal(p.status, 200, JSON.stringify(p.body));
    }
    return cookie;
  }
  throw new Error('admin sign-in failed');
}

/** Runs a real peer under coreutils `timeout` without blocking the event loop; collects its output. */
export function runPeer(
  command: string,
  args: string[],
  seconds = 20,
  cwd?: string,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('timeout', [String(seconds), command, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

export type ExtensionView = {
  number: string;
  status: 'online' | 'offline';
  registrations: { contact: string; source: string; userAgent: string | null; lastSeenAt: string }[];
};

export async function extensionView(server: SipTestServer, number: string): Promise<ExtensionView> {
  const r = await server.api<{ items: ExtensionView[] }>('GET', `/api/v1/extensions?q=${number}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const x = r.body.items.find((i) => i.number === number);
  assert.ok(x, `extension ${number} listed`);
  return x;
}

/** A bare UDP SIP client on 127.0.0.1 for checks no packaged peer can make (e.g. reusing an old nonce). */
export async function udpSipClient() {
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  const port = sock.address().port;
  const inbox: string[] = [];
  let wake: (() => void) | undefined;
  sock.on('message', (m) => {
    inbox.push(m.toString('utf8'));
    wake?.();
  });
  let seq = 0;
  return {
    port,
    /** Sends a REGISTER for `user` (with `authorization` when given) and resolves with the final response. */
    async register(serverPort: number, user: string, authorization?: string): Promise<string> {
      seq++;
      const text = [
        `REGISTER sip:127.0.0.1:${serverPort} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bK-raw-${Date.now()}-${seq};rport`,
        'Max-Forwards: 70',
        `From: <sip:${user}@127.0.0.1>;tag=raw${seq}`,
        `To: <sip:${user}@127.0.0.1>`,
        `Call-ID: raw-${user}-${port}@127.0.0.1`,
        `CSeq: ${seq} REGISTER`,
        `Contact: <sip:${user}@127.0.0.1:${port}>`,
        'Expires: 300',
        ...(authorization ? [`Authorization: ${authorization}`] : []),
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
      inbox.length = 0;
      sock.send(text, serverPort, '127.0.0.1');
      const until = Date.now() + 3000;
      for (;;) {
        const final = inbox.find((m) => /^SIP\/2\.0 [2-6]\d\d /.test(m));
        if (final) return final;
        if (Date.now() > until) throw new Error('no final response');
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 100);
        });
      }
    },
    close: () => sock.close(),
  };
}

/** RFC 7616 §3.4.1 digest with qop=auth (MD5 as in RFC 2617, or SHA-256), as a phone computes it. */
export function digestAuthorization(o: {
  user: string;
  password: string;
  realm: string;
  nonce: string;
  uri: string;
  algorithm?: 'MD5' | 'SHA-256';
}): string {
  const algorithm = o.algorithm ?? 'MD5';
  const h = (s: string) =>
    createHash(algorithm === 'MD5' ? 'md5' : 'sha256')
      .update(s)
      .digest('hex');
  const cnonce = 'c0ffee42';
  const nc = '00000001';
  const ha1 = h(`${o.user}:${o.realm}:${o.password}`);
  const ha2 = h(`REGISTER:${o.uri}`);
  const response = h(`${ha1}:${o.nonce}:${nc}:${cnonce}:auth:${ha2}`);
  return `Digest username="${o.user}", realm="${o.realm}", nonce="${o.nonce}", uri="${o.uri}", response="${response}", algorithm=${algorithm}, qop=auth, nc=${nc}, cnonce="${cnonce}"`;
}
