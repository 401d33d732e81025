import type { CollectResult } from '../channel/channel-port.ts';
import type { FieldItem, FilledNode, FormItem, FormNode } from '../parser/vxml-model.ts';
import type { JsValue } from '../sandbox/script-sandbox.ts';
import { execute } from './executor.ts';
import type { FormState } from './form-runner.ts';
import { fieldGrammar } from './grammar-loader.ts';
import { inputTimeout, must, queuePrompts, selectPrompts, takeQueue } from './prompt-render.ts';
import type { Frame, Run } from './run-context.ts';
import { ensureConnected, VxmlEvent } from './signals.ts';
import { runSubdialog } from './subdialog.ts';
import { runTransfer } from './transfer.ts';

/** The collect and process phases of the FIA for one selected item. */
export async function visitItem(
  run: Run,
  frame: Frame,
  form: FormNode,
  item: FormItem,
  fs: FormState,
  suppressed: boolean,
): Promise<void> {
  run.trace.add('item', { name: item.name, kind: item.kind });
  if (item.kind === 'block') {
    must(run.sandbox.assignValue(item.name, true));
    await inAnonymous(run, () => execute(run, frame, item.body));
    return;
  }
  if (!suppressed) {
    const n = (fs.promptCounts.get(item.name) ?? 0) + 1;
    fs.promptCounts.set(item.name, n);
    const enumerate = item.kind === 'field' ? item.options.map((o, i) => ({ dtmf: o.dtmf ?? String(i + 1), text: o.text })) : [];
    await queuePrompts(run, frame, selectPrompts(run, item.prompts, n), { enumerate });
  }
  switch (item.kind) {
    case 'field':
      return visitField(run, frame, form, item);
    case 'record':
      return visitRecord(run, frame, form, item);
    case 'transfer': {
      const r = await runTransfer(run, item);
      return fill(run, frame, form, item, r.value, r.shadow);
    }
    case 'subdialog': {
      const value = await runSubdialog(run, frame, item);
      return fill(run, frame, form, item, value, {});
    }
  }
}

async function visitField(run: Run, frame: Frame, form: FormNode, item: FieldItem): Promise<void> {
  ensureConnected(run);
  const grammar = await fieldGrammar(run, frame, item);
  const p = frame.props;
  const prompts = takeQueue(run);
  const res: CollectResult = await run.channel.collect({
    ...(prompts ? { prompts } : {}),
    timeoutMs: inputTimeout(run, frame),
    interDigitTimeoutMs: p.timeMs('interdigittimeout', 3000),
    termTimeoutMs: p.timeMs('termtimeout', 0),
    termChar: p.get('termchar') ?? '#',
    grammar,
  });
  traceInput(run, res);
  if (res.kind !== 'match') throw inputEvent(run, res.kind);
  const value = res.match.interpretation ?? res.digits;
  const shadow = { utterance: res.digits, inputmode: 'dtmf', confidence: 1, interpretation: value };
  must(run.sandbox.declareValue('application', 'lastresult$', [shadow]));
  await fill(run, frame, form, item, value, shadow);
}

async function visitRecord(run: Run, frame: Frame, form: FormNode, item: Extract<FormItem, { kind: 'record' }>): Promise<void> {
  ensureConnected(run);
  const prompts = takeQueue(run);
  const res = await run.channel.record({
    ...(prompts ? { prompts } : {}),
    beep: item.beep,
    maxTimeMs: item.maxTimeMs,
    finalSilenceMs: item.finalSilenceMs,
    dtmfTerm: item.dtmfTerm,
    type: item.type,
  });
  if (res.kind !== 'recorded') {
    run.trace.add('record', { name: item.name, result: res.kind });
    throw inputEvent(run, res.kind);
  }
  run.trace.add('record', { name: item.name, result: 'recorded', ref: res.ref, durationMs: res.durationMs });
  const shadow = { duration: res.durationMs, size: res.sizeBytes, termchar: res.termChar ?? null, maxtime: res.maxTimeReached };
  await fill(run, frame, form, item, res.ref, shadow);
}

function traceInput(run: Run, res: CollectResult): void {
  if (res.kind === 'match')
    run.trace.add('input', { result: 'match', digits: res.digits, value: res.match.interpretation ?? res.digits });
  else if (res.kind === 'nomatch') run.trace.add('input', { result: 'nomatch', digits: res.digits });
  else if (res.kind === 'noinput') run.trace.add('input', { result: 'noinput' });
  else run.trace.add('hangup', { by: 'caller' });
}

function inputEvent(run: Run, kind: 'nomatch' | 'noinput' | 'hangup'): VxmlEvent {
  if (kind === 'hangup') {
    run.hungUp = true;
    return new VxmlEvent('connection.disconnect.hangup', 'caller hung up');
  }
  return new VxmlEvent(kind);
}

/** Process phase: set the item variable and its shadow, then run the matching <filled> elements. */
export async function fill(
  run: Run,
  frame: Frame,
  form: FormNode,
  item: FormItem,
  value: JsValue,
  shadow: Record<string, JsValue>,
): Promise<void> {
  must(run.sandbox.assignValue(item.name, value));
  must(run.sandbox.declareValue('dialog', `${item.name}$`, shadow));
  for (const f of item.filleds) await inAnonymous(run, () => execute(run, frame, f.body));
  const formFrame: Frame = { ...frame, catches: frame.catches.slice(1), props: frame.props };
  for (const f of form.filleds) {
    if (formFilledApplies(run, form, f, item.name)) await inAnonymous(run, () => execute(run, formFrame, f.body));
  }
}

/** VoiceXML 2.0 §2.4: mode="all" needs every listed item filled, "any" one; the just-filled item must be listed. */
function formFilledApplies(run: Run, form: FormNode, f: FilledNode, justFilled: string): boolean {
  const names = f.namelist ?? form.items.filter((i) => i.kind !== 'block').map((i) => i.name);
  if (!names.includes(justFilled)) return false;
  if (f.mode === 'any') return true;
  return names.every((n) => must(run.sandbox.evalBool(`typeof ${n} !== 'undefined'`)));
}

export async function inAnonymous<T>(run: Run, fn: () => Promise<T>): Promise<T> {
  run.sandbox.pushScope('anonymous');
  const depth = run.sandbox.scopes().length;
  try {
    return await fn();
  } finally {
    while (run.sandbox.scopes().length >= depth) run.sandbox.popScope();
  }
}
