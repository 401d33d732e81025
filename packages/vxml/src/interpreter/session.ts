import type { Clock, Logger, TransitionTable } from '@rexian/kernel';
import { assertTransition, nullLogger } from '@rexian/kernel';
import type { Channel } from '../channel/channel-port.ts';
import type { TraceSink } from '../channel/trace.ts';
import { nullTrace } from '../channel/trace.ts';
import type { Fetcher } from '../fetch/fetcher-port.ts';
import { withTimeout } from '../fetch/fetcher-port.ts';
import { parseVxml } from '../parser/parse-vxml.ts';
import type { VxmlDocument } from '../parser/vxml-model.ts';
import type { JsValue, SandboxLimits } from '../sandbox/script-sandbox.ts';
import { ScriptSandbox } from '../sandbox/script-sandbox.ts';
import { runDialogs } from './dialog-loop.ts';
import type { DocumentCache } from './document-loader.ts';
import { DocumentLoader } from './document-loader.ts';
import { flushQueue } from './prompt-render.ts';
import type { Run, SessionLimits } from './run-context.ts';
import { defaultSessionLimits } from './run-context.ts';
import { ExitSignal, SessionEnd, VxmlEvent } from './signals.ts';

export interface SessionOptions {
  channel: Channel;
  clock: Clock;
  fetcher: Fetcher;
  /** The first document: its URI (base for relative references) and, optionally, its text. */
  document: { uri: string; text?: string };
  trace?: TraceSink;
  logger?: Logger;
  sandboxLimits?: Partial<SandboxLimits>;
  limits?: Partial<SessionLimits>;
  /** Fetch audio sources to check them (and use fallbacks); default true. */
  fetchAudio?: boolean;
  /** Parsed documents shared between sessions (GET without parameters only). */
  documentCache?: DocumentCache;
  /** Real-time source for the sandbox CPU budget (default performance.now). */
  cpuNow?: () => number;
}

export type SessionEndReason = 'exit' | 'end' | 'hangup' | 'transfer' | 'error';

export interface SessionResult {
  reason: SessionEndReason;
  /** The event or limit that ended the session, for `error` (e.g. "error.badfetch"). */
  detail?: string;
  /** <exit expr/namelist> value. */
  value?: JsValue;
}

type SessionState = 'starting' | 'running' | 'ending' | 'ended';
const sessionTransitions = {
  starting: ['running', 'ending'],
  running: ['ending'],
  ending: ['ended'],
  ended: [],
} as const satisfies Record<SessionState, readonly SessionState[]>;

/**
 * Runs one call through VoiceXML documents until exit, hang-up, transfer or the end of the
 * application, and always leaves the channel hung up (unless transferred) and the sandbox freed.
 */
export async function runSession(opts: SessionOptions): Promise<SessionResult> {
  const trace = opts.trace ?? nullTrace;
  let state = 'starting' as SessionState;
  const move = (to: SessionState) => {
    assertTransition(sessionTransitions as TransitionTable<SessionState>, state, to, 'VXML_SESSION_STATE');
    state = to;
  };
  const fetcher = withTimeout(opts.fetcher, opts.clock);
  const sandbox = await ScriptSandbox.create(opts.sandboxLimits, opts.cpuNow);
  const run: Run = {
    sandbox,
    channel: opts.channel,
    fetcher,
    loader: new DocumentLoader(fetcher, trace, opts.documentCache),
    clock: opts.clock,
    trace,
    logger: opts.logger ?? nullLogger,
    limits: { ...defaultSessionLimits, ...opts.limits },
    fetchAudio: opts.fetchAudio ?? true,
    queue: [],
    queueBargein: true,
    queueTimeoutMs: undefined,
    steps: 0,
    documents: 0,
    subdialogDepth: 0,
    hungUp: false,
    transferred: false,
    appRootUri: undefined,
  };
  let result: SessionResult;
  try {
    sandbox.pushScope('session');
    declareSessionVariables(run);
    sandbox.pushScope('application');
    sandbox.pushScope('document');
    move('running');
    result = await runFirstDocument(run, opts.document);
  } catch (e) {
    result = endResult(run, e);
  } finally {
    if (state === 'starting') move('running');
    move('ending');
  }
  try {
    if (result.reason !== 'transfer') await flushQueue(run);
    if (!run.hungUp) {
      await run.channel.hangup();
      trace.add('hangup', { by: 'application' });
    }
  } catch (e) {
    // The channel failed while we were ending the call; the session is over either way.
    run.logger.error({ err: e instanceof Error ? e.message : String(e) }, 'vxml channel failed at end of session');
  } finally {
    trace.add('end', { reason: result.reason, ...(result.detail ? { detail: result.detail } : {}) });
    sandbox.dispose();
    move('ended');
  }
  return result;
}

async function runFirstDocument(run: Run, first: { uri: string; text?: string }): Promise<SessionResult> {
  let doc: VxmlDocument;
  if (first.text !== undefined) {
    const parsed = parseVxml(first.text);
    if (!parsed.ok) {
      run.trace.add('event', { name: 'error.badfetch', message: parsed.error.message, details: parsed.error.details });
      return { reason: 'error', detail: 'error.badfetch' };
    }
    doc = parsed.value;
    run.loader.prime(first.uri, doc);
  } else {
    try {
      doc = await run.loader.load({ url: first.uri, method: 'get', timeoutMs: 5000 });
    } catch (e) {
      return endResult(run, e);
    }
  }
  const hash = first.uri.indexOf('#');
  const uri = hash < 0 ? first.uri : first.uri.slice(0, hash);
  await runDialogs(run, { doc, uri }, hash < 0 ? undefined : first.uri.slice(hash + 1), new Map());
  return { reason: 'end' };
}

function endResult(run: Run, e: unknown): SessionResult {
  if (e instanceof ExitSignal) {
    run.trace.add('exit', { value: e.value });
    return { reason: 'exit', value: e.value };
  }
  if (e instanceof SessionEnd) {
    if (e.reason === 'hangup') return { reason: 'hangup' };
    if (e.reason === 'connection.disconnect.transfer') return { reason: 'transfer' };
    if (e.reason.startsWith('connection.disconnect')) return { reason: 'hangup' };
    return { reason: 'error', detail: e.reason };
  }
  if (e instanceof VxmlEvent) return { reason: 'error', detail: e.event };
  run.logger.error({ err: e instanceof Error ? e.message : String(e) }, 'vxml session failed');
  return { reason: 'error', detail: e instanceof Error ? e.message : String(e) };
}

/**
 * session.* variables. VoiceXML 2.0 §5.1.4 defines session.connection.*; callerid/calledid follow the
 * Voxeo convention; session.rexian.* carries the access number and call id.
 */
function declareSessionVariables(run: Run): void {
  const c = run.channel.call;
  const vars: Record<string, JsValue> = {
    connection: {
      local: { uri: `tel:${c.called}` },
      remote: { uri: `tel:${c.caller}` },
      protocol: { name: c.protocol ?? 'sip', version: '2.0' },
      redirect: [],
      aai: null,
      originator: 'remote',
    },
    callerid: c.caller,
    calledid: c.called,
    rexian: { callId: c.callId, caller: c.caller, called: c.called, accessNumber: c.accessNumber },
  };
  for (const [k, v] of Object.entries(vars)) {
    const r = run.sandbox.declareValue('session', k, v);
    if (!r.ok) throw new SessionEnd(r.error.message);
  }
}
