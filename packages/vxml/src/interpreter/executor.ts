import type { Executable } from '../parser/vxml-model.ts';
import type { JsValue } from '../sandbox/script-sandbox.ts';
import { loadData } from './data-loader.ts';
import { baseUri, resolveUri, stripFragment } from './document-loader.ts';
import { flushQueue, must, queuePrompts, renderContent } from './prompt-render.ts';
import type { Frame, Run } from './run-context.ts';
import { ExitSignal, GotoDialog, GotoItem, ReturnSignal, VxmlEvent } from './signals.ts';

/** What a run of executable content leaves behind for the FIA. */
export interface ExecState {
  reprompt: boolean;
}

/** Executes content in order; transitions and events leave by exception (see signals.ts). */
export async function execute(
  run: Run,
  frame: Frame,
  body: readonly Executable[],
  st: ExecState = { reprompt: false },
): Promise<ExecState> {
  for (const e of body) await executeOne(run, frame, e, st);
  return st;
}

async function executeOne(run: Run, frame: Frame, e: Executable, st: ExecState): Promise<void> {
  const sb = run.sandbox;
  switch (e.kind) {
    case 'var':
      return must(sb.declare(e.name, e.expr));
    case 'assign':
      return must(sb.assign(e.name, e.expr));
    case 'clear':
      if (frame.form) frame.form.clear(e.namelist);
      else for (const n of e.namelist ?? []) must(sb.assignValue(n, undefined));
      return;
    case 'if':
      for (const b of e.branches) {
        if (b.cond === undefined || must(sb.evalBool(b.cond))) {
          await execute(run, frame, b.body, st);
          return;
        }
      }
      return;
    case 'goto':
      return goto(run, frame, e);
    case 'submit':
      return submit(run, frame, e);
    case 'data':
      return loadData(run, frame, e);
    case 'exit':
    case 'return':
    case 'disconnect':
      return leave(run, e);
    case 'reprompt':
      st.reprompt = true;
      return;
    case 'throw': {
      const name = e.event ?? must(sb.evalString(e.eventexpr ?? "''"));
      const message = e.message ?? (e.messageexpr !== undefined ? must(sb.evalString(e.messageexpr)) : '');
      throw new VxmlEvent(name, message);
    }
    case 'log':
      return log(run, frame, e);
    case 'script': {
      const body = e.src === undefined ? e.body : await fetchScript(run, frame, e.src);
      return must(sb.runScript(body));
    }
    case 'foreach':
      return foreach(run, frame, e, st);
    case 'prompt':
      if (e.prompt.cond === undefined || must(sb.evalBool(e.prompt.cond))) await queuePrompts(run, frame, [e.prompt]);
      return;
  }
}

/** exit, return and disconnect: the ways executable content leaves the dialog for good. */
async function leave(run: Run, e: Extract<Executable, { kind: 'exit' | 'return' | 'disconnect' }>): Promise<never> {
  const sb = run.sandbox;
  if (e.kind === 'exit') {
    await flushQueue(run);
    const value = e.expr !== undefined ? must(sb.eval(e.expr)) : e.namelist ? namelistValues(run, e.namelist) : undefined;
    throw new ExitSignal(value ?? null);
  }
  if (e.kind === 'return') {
    const event = e.event ?? (e.eventexpr !== undefined ? must(sb.evalString(e.eventexpr)) : undefined);
    throw new ReturnSignal(e.namelist ? namelistValues(run, e.namelist) : {}, event);
  }
  await flushQueue(run);
  await run.channel.hangup();
  run.trace.add('hangup', { by: 'application' });
  run.hungUp = true;
  throw new VxmlEvent('connection.disconnect.hangup', 'application disconnected');
}

async function log(run: Run, frame: Frame, e: Extract<Executable, { kind: 'log' }>): Promise<void> {
  const segs = await renderContent(run, frame, e.content);
  let text = segs.map((s) => (s.kind === 'tts' ? s.text : '')).join('');
  if (e.expr !== undefined) text += must(run.sandbox.evalString(e.expr));
  text = text.replace(/\s+/g, ' ').trim();
  run.trace.add('log', { ...(e.label ? { label: e.label } : {}), text });
  run.logger.info({ label: e.label, line: e.pos.line }, text);
}

/** VoiceXML 2.1 <foreach>: each element in a fresh anonymous scope holding the item variable. */
async function foreach(run: Run, frame: Frame, e: Extract<Executable, { kind: 'foreach' }>, st: ExecState): Promise<void> {
  const sb = run.sandbox;
  const arr = must(sb.eval(e.array));
  if (!Array.isArray(arr)) throw new VxmlEvent('error.semantic', `foreach array ${e.array} is not an array`);
  for (const v of arr as JsValue[]) {
    sb.pushScope('anonymous');
    try {
      must(sb.declareValue('anonymous', e.item, v));
      await execute(run, frame, e.body, st);
    } finally {
      sb.popScope();
    }
  }
}

async function fetchScript(run: Run, frame: Frame, src: string): Promise<string> {
  const url = resolveUri(src, baseUri(frame.state));
  if (!url) throw new VxmlEvent('error.badfetch', `bad script URI ${src}`);
  return run.loader.fetchText({ url, method: 'get', kind: 'script', timeoutMs: frame.props.timeMs('fetchtimeout', 5000) });
}

/** Values of a namelist as one object (exit, return); the names are the last path segment. */
export function namelistValues(run: Run, names: readonly string[]): Record<string, JsValue> {
  const out: Record<string, JsValue> = {};
  for (const n of names) out[n.split('.').pop() as string] = must(run.sandbox.eval(n));
  return out;
}

/** Namelist values as strings for a submit / data request (objects as JSON). */
export function namelistFields(run: Run, names: readonly string[] | undefined): Record<string, string> | undefined {
  if (!names) return undefined;
  const out: Record<string, string> = {};
  for (const n of names) out[n] = must(run.sandbox.evalString(n));
  return out;
}

/** Resolves a dialog transition target and throws the GotoDialog signal (after loading the document). */
export async function transitionTo(
  run: Run,
  frame: Frame,
  target: string,
  fetch?: { method: 'get' | 'post'; fields?: Record<string, string>; timeoutMs?: number },
): Promise<never> {
  if (target.startsWith('#') && !fetch) throw new GotoDialog(frame.state.doc, frame.state.uri, target.slice(1), false);
  const url = resolveUri(target, baseUri(frame.state));
  if (!url) throw new VxmlEvent('error.badfetch', `bad URI ${target}`);
  const hash = url.indexOf('#');
  const dialogId = hash >= 0 ? url.slice(hash + 1) : undefined;
  const timeoutMs = fetch?.timeoutMs ?? frame.props.timeMs('fetchtimeout', 5000);
  const req = {
    url: stripFragment(url),
    method: fetch?.method ?? 'get',
    timeoutMs,
    ...(fetch?.fields ? { fields: fetch.fields } : {}),
  } as const;
  const doc = await run.loader.load(req);
  throw new GotoDialog(doc, stripFragment(url), dialogId, true);
}

async function goto(run: Run, frame: Frame, e: Extract<Executable, { kind: 'goto' }>): Promise<void> {
  if (e.nextitem !== undefined || e.expritem !== undefined) {
    const item = e.nextitem ?? must(run.sandbox.evalString(e.expritem ?? "''"));
    if (!frame.form?.itemNames().includes(item)) throw new VxmlEvent('error.badfetch', `no form item ${item}`);
    throw new GotoItem(item);
  }
  const target = e.next ?? must(run.sandbox.evalString(e.expr ?? "''"));
  await transitionTo(run, frame, target);
}

async function submit(run: Run, frame: Frame, e: Extract<Executable, { kind: 'submit' }>): Promise<void> {
  const target = e.next ?? must(run.sandbox.evalString(e.expr ?? "''"));
  const fields = namelistFields(run, e.namelist) ?? {};
  const timeoutMs = e.fetchTimeoutMs ?? frame.props.timeMs('fetchtimeout', 5000);
  await transitionTo(run, frame, target, { method: e.method, fields, timeoutMs });
}
