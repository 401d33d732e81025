import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, type SipTestServer } from '../sip/harness.ts';

const HERE = import.meta.dirname;

export interface Carrier {
  port: number;
  proc: ChildProcess;
  /** SIPp's message trace (what the carrier received and sent). */
  messages: string;
  exited: Promise<number | null>;
}

/**
 * A SIPp carrier on a free UDP port: the built-in `uas` or one of the scenarios in this folder; one call,
 * then exits. `extra` adds SIPp options (e.g. `-mp` for a scenario that streams RTP).
 */
export async function startCarrier(
  dir: string,
  scenario: { builtIn: string } | { file: string },
  name: string,
  extra: string[] = [],
): Promise<Carrier> {
  const port = await freePort('udp');
  const messages = join(dir, `${name}-messages.log`);
  const args = [
    ...('builtIn' in scenario ? ['-sn', scenario.builtIn] : ['-sf', join(HERE, scenario.file)]),
    '-i',
    '127.0.0.1',
    '-p',
    String(port),
    '-m',
    '1',
    '-timeout',
    '40s',
    '-nostdin',
    '-trace_msg',
    '-message_file',
    messages,
    '-trace_err',
    ...extra,
  ];
  const proc = spawn('sipp', args, { cwd: dir, stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  await new Promise((r) => setTimeout(r, 500)); // SIPp binds its port
  return { port, proc, messages, exited };
}

/** What the carrier received and sent so far. */
export function carrierTrace(c: Carrier): string {
  try {
    return readFileSync(c.messages, 'utf8');
  } catch {
    return '';
  }
}

/** An IP-authenticated trunk to a carrier on this host (PCMU/PCMA, 10 channels); `extra` overrides fields. Returns its id. */
export async function createCarrierTrunk(
  server: Pick<SipTestServer, 'api'>,
  name: string,
  port: number,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const r = await server.api<{ id: string }>('POST', '/api/v1/trunks', {
    name,
    host: '127.0.0.1',
    port,
    transport: 'udp',
    authMode: 'ip',
    maxChannels: 10,
    codecs: ['PCMU', 'PCMA'],
    ...extra,
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.id;
}

/** An outbound route sending numbers that start with `prefix` to `trunkIds`; `extra` adds fields. Returns its id. */
export async function createPrefixRoute(
  server: Pick<SipTestServer, 'api'>,
  name: string,
  prefix: string,
  trunkIds: string[],
  extra: Record<string, unknown> = {},
): Promise<string> {
  const r = await server.api<{ id: string }>('POST', '/api/v1/outbound-routes', {
    name,
    rules: [{ kind: 'prefix', value: prefix }],
    trunkIds,
    ...extra,
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.id;
}
