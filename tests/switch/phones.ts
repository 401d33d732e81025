import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BaresipPeer, writeBaresipConfig } from '../sip/baresip-peer.ts';
import { freePort, PASSWORD, type SipTestServer } from '../sip/harness.ts';

/**
 * Runs a sox analysis (a shell line ending in `|| true`) and returns what it printed. Asynchronous on
 * purpose: the server under test shares this process's event loop, and a synchronous sox on a long
 * recording would stall its SIP timers and media replies for seconds.
 */
function sox(command: string): Promise<string> {
  return new Promise((resolve) => {
    execFile('sh', ['-c', command], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (_error, stdout) => resolve(stdout));
  });
}

/** Polls until `probe` returns a value (not undefined) or the deadline passes. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A mono 8 kHz sine made by sox (`seconds` long): a 16-bit WAV, or raw μ-law (what SIPp's `rtp_stream` sends
 * as PCMU). `effects` are sox effects applied after it (volume, padding).
 */
export function sine(path: string, hz: number, seconds: number, format: 'wav' | 'ulaw', effects: string[] = []): string {
  const encoding = format === 'ulaw' ? ['-e', 'u-law', '-t', 'raw'] : ['-b', '16'];
  execFileSync('sox', [
    '-n',
    '-r',
    '8000',
    '-c',
    '1',
    ...encoding,
    path,
    'synth',
    String(seconds),
    'sine',
    String(hz),
    ...effects,
  ]);
  return path;
}

/** A tone WAV at half volume — what a phone "says" in a call test. */
export function toneWav(path: string, hz: number, seconds = 30): string {
  return sine(path, hz, seconds, 'wav', ['vol', '0.5']);
}

/** Raw μ-law of a tone: a carrier's early media streamed by SIPp. */
export function toneUlaw(path: string, hz: number, seconds: number): string {
  return sine(path, hz, seconds, 'ulaw');
}

/**
 * The dominant frequency of a WAV section (after `skip` seconds): the strongest bin of sox's `stat -freq`
 * spectrum. Independent of our DSP, so it checks the media path end to end.
 */
export async function peakFrequency(path: string, skip = 0.5, seconds = 2): Promise<number> {
  const text = await sox(`sox "${path}" -n trim ${skip} ${seconds} stat -freq 2>&1 1>/dev/null || true`);
  let best = { hz: 0, power: -1 };
  for (const line of text.split('\n')) {
    const m = /^\s*([0-9.]+)\s+([0-9.eE+-]+)\s*$/.exec(line);
    if (!m) continue;
    const hz = Number(m[1]);
    const power = Number(m[2]);
    if (hz > 50 && power > best.power) best = { hz, power };
  }
  return best.hz;
}

export interface Phone {
  number: string;
  peer: BaresipPeer;
  sipPort: number;
  recordDir: string;
  /** The newest decoded-audio dump (what this phone heard), once baresip wrote one. */
  heard(): string | undefined;
}

/** Creates the extension and starts a baresip registered to it, sending a `hz` tone, auto-answering. */
export async function startPhone(
  server: SipTestServer,
  dir: string,
  number: string,
  hz: number,
  ttlSeconds = 90,
): Promise<Phone> {
  await server.createExtension(number).catch(() => undefined);
  const home = join(dir, number);
  const recordDir = join(home, 'rec');
  mkdirSync(recordDir, { recursive: true });
  const source = toneWav(join(home, 'tone.wav'), hz);
  const ctrlPort = await freePort('tcp');
  const sipPort = await freePort('udp');
  writeBaresipConfig(home, {
    user: number,
    password: PASSWORD,
    registrarPort: server.udpPort,
    sipPort,
    ctrlPort,
    regint: 600,
    audio: { source, recordDir, autoAnswer: true },
  });
  const peer = new BaresipPeer(home, ttlSeconds);
  await peer.connect(ctrlPort);
  await waitFor(`registration of ${number}`, async () => {
    const b = (await server.rexian.sip?.registrar.lookup(`sip:${number}@127.0.0.1`)) ?? [];
    return b.length > 0 ? true : undefined;
  });
  return {
    number,
    peer,
    sipPort,
    recordDir,
    heard() {
      const files = readdirSync(recordDir).filter((f) => f.endsWith('-dec.wav'));
      files.sort();
      const last = files.at(-1);
      return last ? join(recordDir, last) : undefined;
    },
  };
}

/** RMS amplitude (0..1) of the band [lo, hi] Hz of a WAV section: is this tone present in what a phone heard? */
export async function bandRms(path: string, lo: number, hi: number, skip = 0.5, seconds = 2): Promise<number> {
  const text = await sox(`sox "${path}" -n trim ${skip} ${seconds} sinc ${lo}-${hi} stat 2>&1 || true`);
  const m = /RMS\s+amplitude:\s+([0-9.]+)/.exec(text);
  return m ? Number(m[1]) : 0;
}
