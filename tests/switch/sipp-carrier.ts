import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../sip/harness.ts';

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
