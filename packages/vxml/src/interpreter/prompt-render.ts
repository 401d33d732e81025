import type { PromptSegment } from '../channel/channel-port.ts';
import { describeSegment } from '../channel/channel-port.ts';
import { VxmlErrorCode } from '../errors.ts';
import type { PromptContent, PromptNode } from '../parser/vxml-model.ts';
import type { JsValue } from '../sandbox/script-sandbox.ts';
import { verbalize } from '../tts/verbalize-zh.ts';
import { badfetchName, baseUri, resolveUri } from './document-loader.ts';
import type { Frame, Run } from './run-context.ts';
import { SessionEnd, VxmlEvent } from './signals.ts';

/** What <enumerate> lists inside a menu or field with options. */
export interface EnumerateEntry {
  dtmf: string;
  text: string;
}

export interface RenderOptions {
  enumerate?: readonly EnumerateEntry[];
}

/** Evaluates in the sandbox; a script error becomes the VoiceXML event it maps to. */
export function must<T>(
  r:
    | { ok: true; value: T }
    | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> | undefined } },
): T {
  if (r.ok) return r.value;
  // A session that has burnt its whole script budget is ended, not given more events to handle.
  if (r.error.code === VxmlErrorCode.ScriptBudget) throw new SessionEnd('script budget');
  const ev = r.error.details?.event;
  throw new VxmlEvent(typeof ev === 'string' ? ev : 'error.semantic', r.error.message);
}

/** Turns prompt content into channel segments: values evaluated, say-as spoken in Mandarin, audio fetched. */
export async function renderContent(
  run: Run,
  frame: Frame,
  content: readonly PromptContent[],
  opts: RenderOptions = {},
): Promise<PromptSegment[]> {
  const out: PromptSegment[] = [];
  for (const c of content) {
    switch (c.kind) {
      case 'text':
        pushText(out, c.text);
        break;
      case 'value':
        pushText(out, must(run.sandbox.evalString(c.expr)));
        break;
      case 'say-as': {
        const raw = normalizeSpeech(segmentsText(await renderContent(run, frame, c.content, opts)));
        pushText(out, verbalize(c.interpretAs, raw, c.format));
        break;
      }
      case 'break':
        out.push({ kind: 'silence', ms: c.timeMs });
        break;
      case 'audio':
        out.push(...(await renderAudio(run, frame, c, opts)));
        break;
      case 'enumerate':
        out.push(...(await renderEnumerate(run, frame, c.content, opts)));
        break;
      case 'foreach':
        out.push(...(await renderForeach(run, frame, c, opts)));
        break;
    }
  }
  return out;
}

async function renderAudio(
  run: Run,
  frame: Frame,
  c: Extract<PromptContent, { kind: 'audio' }>,
  opts: RenderOptions,
): Promise<PromptSegment[]> {
  const ref = c.src ?? must(run.sandbox.evalString(c.expr ?? "''"));
  // VoiceXML 2.0 §4.1.3: an expr that evaluates to undefined is ignored (we also ignore "").
  if (ref === '') return [];
  const url = resolveUri(ref, baseUri(frame.state));
  if (!run.fetchAudio && url !== undefined) return [{ kind: 'audio', src: url }];
  const timeoutMs = frame.props.timeMs('fetchtimeout', 5000);
  const r = url === undefined ? undefined : await run.loader.fetchRaw({ url, method: 'get', kind: 'audio', timeoutMs });
  if (r?.ok && url !== undefined) return [{ kind: 'audio', src: url }];
  // VoiceXML 2.0 §4.1.3: when the audio cannot be fetched, play the alternate content; with none, error.badfetch.
  if (c.fallback.length > 0) return renderContent(run, frame, c.fallback, opts);
  throw new VxmlEvent(r && !r.ok ? badfetchName(r.error) : 'error.badfetch', `audio ${ref} unavailable`);
}

async function renderEnumerate(
  run: Run,
  frame: Frame,
  content: readonly PromptContent[],
  opts: RenderOptions,
): Promise<PromptSegment[]> {
  const out: PromptSegment[] = [];
  const entries = opts.enumerate ?? [];
  for (const [i, e] of entries.entries()) {
    if (content.length === 0) {
      // Platform default wording: "销售请按一，账单请按二。"
      pushText(out, `${e.text}请按${verbalize('digits', e.dtmf)}${i === entries.length - 1 ? '。' : '，'}`);
      continue;
    }
    run.sandbox.pushScope('anonymous');
    try {
      must(run.sandbox.declareValue('anonymous', '_prompt', e.text));
      must(run.sandbox.declareValue('anonymous', '_dtmf', e.dtmf));
      for (const s of await renderContent(run, frame, content, {})) out.push(s);
    } finally {
      run.sandbox.popScope();
    }
  }
  return out;
}

async function renderForeach(
  run: Run,
  frame: Frame,
  c: Extract<PromptContent, { kind: 'foreach' }>,
  opts: RenderOptions,
): Promise<PromptSegment[]> {
  const arr = must(run.sandbox.eval(c.array));
  if (!Array.isArray(arr)) throw new VxmlEvent('error.semantic', `foreach array ${c.array} is not an array`);
  const out: PromptSegment[] = [];
  for (const v of arr as JsValue[]) {
    run.sandbox.pushScope('anonymous');
    try {
      must(run.sandbox.declareValue('anonymous', c.item, v));
      out.push(...(await renderContent(run, frame, c.content, opts)));
    } finally {
      run.sandbox.popScope();
    }
  }
  return out;
}

/** Adjacent texts merge into one segment; spacing is cleaned by normalizeSpeech. */
function pushText(out: PromptSegment[], text: string): void {
  if (text === '') return;
  const last = out[out.length - 1];
  if (last?.kind === 'tts') last.text = `${last.text}${text}`;
  else out.push({ kind: 'tts', text });
}

const cjk = '[\\u2e80-\\u9fff\\u3000-\\u303f\\uff00-\\uffef]';
const spaceNearCjk = new RegExp(`(?<=${cjk})\\s+|\\s+(?=${cjk})`, 'g');

/** Collapses whitespace; Chinese text has no spaces between words, so spaces next to CJK go. */
export function normalizeSpeech(text: string): string {
  return text.replace(/\s+/g, ' ').replace(spaceNearCjk, '').trim();
}

function normalized(segs: PromptSegment[]): PromptSegment[] {
  const out: PromptSegment[] = [];
  for (const s of segs) {
    if (s.kind !== 'tts') out.push(s);
    else {
      const text = normalizeSpeech(s.text);
      if (text !== '') out.push({ kind: 'tts', text });
    }
  }
  return out;
}

function segmentsText(segs: readonly PromptSegment[]): string {
  return segs.map((s) => (s.kind === 'tts' ? s.text : '')).join('');
}

/**
 * VoiceXML 2.0 §4.1.6 prompt selection: among prompts whose cond holds, take those with the highest
 * count not above the item's prompt counter.
 */
export function selectPrompts(run: Run, prompts: readonly PromptNode[], counter: number): PromptNode[] {
  const eligible = prompts.filter((p) => p.count <= counter && (p.cond === undefined || must(run.sandbox.evalBool(p.cond))));
  const best = eligible.reduce((m, p) => Math.max(m, p.count), 0);
  return eligible.filter((p) => p.count === best);
}

/** Queues prompts for the next play or collect (prompts are not played until input is awaited). */
export async function queuePrompts(
  run: Run,
  frame: Frame,
  prompts: readonly PromptNode[],
  opts: RenderOptions = {},
): Promise<void> {
  for (const p of prompts) {
    const segs = normalized(await renderContent(run, frame, p.content, opts));
    if (segs.length === 0) continue;
    if (run.queue.length === 0) run.queueBargein = p.bargein ?? frame.props.bool('bargein', true);
    else if (p.bargein === false) run.queueBargein = false;
    if (p.timeoutMs !== undefined) run.queueTimeoutMs = p.timeoutMs;
    for (const s of segs) run.queue.push(s);
  }
}

/** The no-input time-out for the next collect: the last queued prompt's `timeout`, else the property. */
export function inputTimeout(run: Run, frame: Frame): number {
  const t = run.queueTimeoutMs ?? frame.props.timeMs('timeout', 5000);
  run.queueTimeoutMs = undefined;
  return t;
}

/** Takes the queued prompts for a channel request. */
export function takeQueue(run: Run): { segments: PromptSegment[]; bargein: boolean } | undefined {
  if (run.queue.length === 0) return undefined;
  const segments = run.queue.splice(0);
  // The interpreter, not the channel, records what was played: the trace is the same on every channel.
  run.trace.add('prompt', { bargein: run.queueBargein, text: segments.map(describeSegment) });
  return { segments, bargein: run.queueBargein };
}

/** Plays whatever is queued (before exit, transfer, disconnect and at the end of the session). */
export async function flushQueue(run: Run): Promise<void> {
  if (run.hungUp) {
    run.queue.length = 0;
    return;
  }
  const q = takeQueue(run);
  if (q) await run.channel.play(q);
}
