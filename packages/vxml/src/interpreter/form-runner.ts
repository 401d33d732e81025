import type { FormItem, FormNode } from '../parser/vxml-model.ts';
import type { JsValue } from '../sandbox/script-sandbox.ts';
import type { EventCounts } from './catch-select.ts';
import { handleEvent } from './catch-select.ts';
import { execute } from './executor.ts';
import { visitItem } from './item-visitors.ts';
import { must } from './prompt-render.ts';
import { PropertyChain } from './properties.ts';
import type { DocState, Frame, Run } from './run-context.ts';
import { disconnectedEnd, GotoItem, SessionEnd, VxmlEvent } from './signals.ts';

/** Per-form-visit state of the FIA: counters live as long as the form is active (§2.1.6.1). */
export interface FormState {
  promptCounts: Map<string, number>;
  eventCounts: Map<string, EventCounts>;
  /** The item whose last visit ended in a catch without <reprompt>: its prompts are not replayed. */
  suppress: string | undefined;
}

export function dialogFrame(
  state: DocState,
  props: import('../parser/vxml-model.ts').Properties,
  catches: FormNode['catches'],
): Frame {
  return {
    state,
    props: new PropertyChain([props, state.doc.properties, ...(state.root ? [state.root.doc.properties] : [])]),
    catches: [catches, state.doc.catches, ...(state.root ? [state.root.doc.catches] : [])],
  };
}

export function itemFrame(form: Frame, item: FormItem): Frame {
  return { ...form, item, props: form.props.with(item.properties), catches: [item.catches, ...form.catches] };
}

/**
 * The Form Interpretation Algorithm (VoiceXML 2.0 §2.1.6 and Appendix C): initialise the dialog
 * scope, then repeatedly select the first unfilled item whose guard holds, collect, and process.
 * Returns when no item is left to visit; transitions leave by exception.
 */
export async function runForm(run: Run, state: DocState, form: FormNode, params?: ReadonlyMap<string, JsValue>): Promise<void> {
  const sb = run.sandbox;
  sb.unwindTo('document');
  sb.pushScope('dialog');
  const fs: FormState = { promptCounts: new Map(), eventCounts: new Map(), suppress: undefined };
  const frame: Frame = dialogFrame(state, form.properties, form.catches);
  frame.dialog = form;
  frame.form = {
    itemNames: () => form.items.map((i) => i.name),
    clear: (names) => {
      for (const n of names ?? form.items.map((i) => i.name)) {
        must(sb.assignValue(n, undefined));
        fs.promptCounts.delete(n);
        fs.eventCounts.delete(n);
      }
    },
  };
  const formCounts: EventCounts = new Map();
  await guarded(run, frame, formCounts, async () => {
    for (const item of form.items) must(sb.declare(item.name));
    const unused = new Set(params?.keys() ?? []);
    for (const e of form.init) {
      if (e.kind === 'var' && params?.has(e.name)) {
        // VoiceXML 2.0 §2.3.4: a <param> replaces the expr of the subdialog's <var> of the same name.
        must(sb.declareValue('dialog', e.name, params.get(e.name)));
        unused.delete(e.name);
      } else await execute(run, frame, [e]);
    }
    if (unused.size > 0) throw new VxmlEvent('error.semantic', `param(s) without a matching var: ${[...unused].join(', ')}`);
    for (const item of form.items) if (item.expr !== undefined) must(sb.assign(item.name, item.expr));
  });
  run.trace.add('dialog', { uri: state.uri, dialog: form.id });
  let next: string | undefined;
  for (;;) {
    if (++run.steps > run.limits.maxSteps) throw new SessionEnd('step limit');
    const item = next !== undefined ? form.items.find((i) => i.name === next) : selectItem(run, form);
    next = undefined;
    if (!item) return;
    const counts = fs.eventCounts.get(item.name) ?? new Map<string, number>();
    fs.eventCounts.set(item.name, counts);
    const iframe = itemFrame(frame, item);
    const jump = await guarded(
      run,
      iframe,
      counts,
      async () => {
        const suppressed = fs.suppress === item.name;
        fs.suppress = undefined;
        await visitItem(run, iframe, form, item, fs, suppressed);
      },
      (reprompt) => {
        fs.suppress = reprompt ? undefined : item.name;
      },
    );
    if (jump !== undefined) next = jump;
  }
}

/** Phase "select" of the FIA: first item whose variable is undefined and whose cond is true. */
function selectItem(run: Run, form: FormNode): FormItem | undefined {
  for (const item of form.items) {
    const filled = must(run.sandbox.evalBool(`typeof ${item.name} !== 'undefined'`));
    if (filled) continue;
    if (item.cond !== undefined && !must(run.sandbox.evalBool(item.cond))) continue;
    return item;
  }
  return undefined;
}

/**
 * Runs `body`, turning VoiceXML events into handler runs in `frame`; returns the item name of a
 * `<goto nextitem>`, if any. `afterCatch` learns whether the handler asked for a reprompt.
 */
async function guarded(
  run: Run,
  frame: Frame,
  counts: EventCounts,
  body: () => Promise<void>,
  afterCatch?: (reprompt: boolean) => void,
): Promise<string | undefined> {
  try {
    await body();
    return undefined;
  } catch (e) {
    if (e instanceof GotoItem) return e.item;
    if (!(e instanceof VxmlEvent)) throw e;
    if (run.hungUp && e.event === 'connection.disconnect.hangup' && counts.get(e.event)) throw disconnectedEnd(run.transferred);
    try {
      const st = await handleEvent(run, frame, e, counts);
      afterCatch?.(st.reprompt);
      if (run.hungUp) throw disconnectedEnd(run.transferred);
      return undefined;
    } catch (inner) {
      if (inner instanceof GotoItem) return inner.item;
      throw inner;
    }
  }
}
