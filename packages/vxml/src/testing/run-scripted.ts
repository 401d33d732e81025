import { VirtualClock } from '@rexian/kernel';
import type { ChannelScript } from '../channel/fake-channel.ts';
import { FakeChannel } from '../channel/fake-channel.ts';
import type { TraceEntry } from '../channel/trace.ts';
import { TraceRecorder } from '../channel/trace.ts';
import type { Fetcher } from '../fetch/fetcher-port.ts';
import type { CannedResponse } from '../fetch/static-fetcher.ts';
import { createStaticFetcher } from '../fetch/static-fetcher.ts';
import type { SessionLimits } from '../interpreter/run-context.ts';
import type { SessionResult } from '../interpreter/session.ts';
import { runSession } from '../interpreter/session.ts';
import type { SandboxLimits } from '../sandbox/script-sandbox.ts';

export interface ScriptedRunOptions {
  document: { uri: string; text?: string };
  script: ChannelScript;
  /** Canned HTTP responses by URL; ignored when `fetcher` is given. */
  fetch?: Record<string, CannedResponse>;
  fetcher?: Fetcher;
  fetchAudio?: boolean;
  limits?: Partial<SessionLimits>;
  sandboxLimits?: Partial<SandboxLimits>;
  startMs?: number;
}

export interface ScriptedRunResult {
  result: SessionResult;
  trace: TraceEntry[];
  /** Virtual milliseconds the call lasted. */
  durationMs: number;
}

/**
 * Runs a document against the scripted caller on a virtual clock: time jumps to the next timer
 * whenever the interpreter is waiting, so a call with long time-outs finishes in milliseconds. Real
 * I/O (a file fetcher) is awaited before time moves, so it never races a virtual time-out.
 */
export async function runScripted(opts: ScriptedRunOptions): Promise<ScriptedRunResult> {
  const clock = new VirtualClock(opts.startMs ?? Date.UTC(2026, 0, 1));
  const start = clock.now();
  const trace = new TraceRecorder(clock);
  const channel = new FakeChannel(opts.script, clock, trace);
  let inFlight = 0;
  const base = opts.fetcher ?? createStaticFetcher(opts.fetch ?? {}, clock);
  const fetcher: Fetcher = {
    async fetch(req) {
      if (!opts.fetcher) return base.fetch(req);
      inFlight++;
      try {
        return await base.fetch(req);
      } finally {
        inFlight--;
      }
    },
  };
  let done: SessionResult | undefined;
  let failure: unknown;
  const p = runSession({
    channel,
    clock,
    fetcher,
    trace,
    document: opts.document,
    ...(opts.fetchAudio !== undefined ? { fetchAudio: opts.fetchAudio } : {}),
    ...(opts.limits ? { limits: opts.limits } : {}),
    ...(opts.sandboxLimits ? { sandboxLimits: opts.sandboxLimits } : {}),
  }).then(
    (r) => {
      done = r;
    },
    (e: unknown) => {
      failure = e;
    },
  );
  while (done === undefined && failure === undefined) {
    await new Promise<void>((r) => setImmediate(r));
    if (done !== undefined || failure !== undefined) break;
    if (inFlight === 0) clock.step();
  }
  await p;
  if (failure !== undefined) throw failure;
  return { result: done as SessionResult, trace: trace.entries, durationMs: clock.now() - start };
}
