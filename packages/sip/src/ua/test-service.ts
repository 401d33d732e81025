import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { VirtualClock } from '@rexian/kernel';
import { createBanList } from '../auth/ban-list.ts';
import type { DigestAlgorithm } from '../auth/digest-hash.ts';
import { createDigestServer } from '../auth/digest-server.ts';
import { createMemoryBindingStore } from '../registrar/binding.ts';
import { createRegistrar } from '../registrar/registrar.ts';
import type { Transport } from '../transport/transport.ts';
import { createUdpTransport } from '../transport/udp-transport.ts';
import { createSipService } from './sip-service.ts';

export const REALM = '127.0.0.1';
export const USERS: Record<string, string> = { '8001': 'secret-8001-password', '8002': 'secret-8002-password' };

/**
 * A tiny registrar composed from the package's parts on UDP 127.0.0.1 (a free port), with a virtual
 * clock for the transactions and nonces (so no timer outlives the test).
 */
export interface TestServiceOptions {
  readonly allowlist?: string[];
  readonly algorithms?: DigestAlgorithm[];
  readonly maxFailures?: number;
  readonly minExpires?: number;
  /** More transports beside the UDP one (TCP, WS …), all on 127.0.0.1 port 0. */
  readonly extraTransports?: Transport[];
}

export async function startTestService(o: TestServiceOptions = {}) {
  const clock = new VirtualClock(Date.now());
  const store = createMemoryBindingStore();
  const udp = createUdpTransport({ host: '127.0.0.1', port: 0, bufferBytes: 4 * 1024 * 1024 });
  const banList = createBanList(
    {
      maxFailuresPerUser: o.maxFailures ?? 3,
      maxFailuresPerSource: 20,
      windowMs: 60_000,
      banMs: 600_000,
      allowlist: o.allowlist ?? [],
    },
    clock,
  );
  const digest = createDigestServer({
    realm: REALM,
    secret: 'test-secret',
    clock,
    algorithms: o.algorithms,
    credentials: { lookup: async (user) => (USERS[user] === undefined ? undefined : { password: USERS[user] as string }) },
  });
  const registrar = createRegistrar({
    store,
    clock,
    domains: ['127.0.0.1'],
    policy: o.minExpires === undefined ? {} : { minExpires: o.minExpires },
  });
  const transports = [udp, ...(o.extraTransports ?? [])];
  const service = createSipService({ clock, transports, digest, registrar, banList });
  const [endpoint, ...others] = await service.start();
  if (!endpoint) throw new Error('no endpoint');
  return {
    clock,
    store,
    banList,
    registrar,
    service,
    transports,
    port: endpoint.port,
    otherPorts: others.map((e) => e.port),
    stop: () => service.stop(),
  };
}

/** A raw UDP client: sends bytes, collects reply texts. */
export async function udpClient() {
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  const replies: string[] = [];
  const waiters: Array<() => void> = [];
  sock.on('message', (m) => {
    replies.push(m.toString('utf8'));
    waiters.shift()?.();
  });
  return {
    port: sock.address().port,
    replies,
    send: (bytes: Buffer | string, port: number) => new Promise<void>((r) => sock.send(bytes, port, '127.0.0.1', () => r())),
    /** Resolves with the next reply, or null after `ms`. */
    next(ms = 3000): Promise<string | null> {
      const have = replies.shift();
      if (have !== undefined) return Promise.resolve(have);
      return new Promise((resolve) => {
        const waiter = () => {
          clearTimeout(t);
          resolve(replies.shift() ?? null);
        };
        const t = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          resolve(null);
        }, ms);
        waiters.push(waiter);
      });
    },
    close: () => sock.close(),
  };
}

/** Runs a real peer under coreutils `timeout`, collecting its output (it must not block our event loop). */
export function runPeer(
  command: string,
  args: string[],
  options: { cwd?: string; seconds?: number } = {},
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('timeout', [String(options.seconds ?? 60), command, ...args], {
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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

/** A free UDP port on 127.0.0.1 (for peers whose "0" means a fixed default). */
export async function freeUdpPort(): Promise<number> {
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  const { port } = sock.address();
  await new Promise<void>((r) => sock.close(() => r()));
  return port;
}
