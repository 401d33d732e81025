import type { SubdialogItem } from '../parser/vxml-model.ts';
import type { JsValue } from '../sandbox/script-sandbox.ts';
import { baseUri, resolveUri, stripFragment } from './document-loader.ts';
import { namelistFields } from './executor.ts';
import { must } from './prompt-render.ts';
import type { DocState, Frame, Run } from './run-context.ts';
import { type ReturnSignal, SessionEnd, VxmlEvent } from './signals.ts';

/** Runs a dialog context to its <return>; set by the session (avoids an import cycle). */
export type ContextRunner = (
  run: Run,
  start: DocState,
  dialogId: string | undefined,
  params: ReadonlyMap<string, JsValue>,
) => Promise<ReturnSignal>;

let runner: ContextRunner | undefined;
export function setContextRunner(r: ContextRunner): void {
  runner = r;
}

/**
 * VoiceXML 2.0 §2.3.4: a subdialog runs in a new execution context (fresh application and document
 * scopes; the session scope is shared). <param>s are evaluated in the caller first. <return namelist>
 * fills the item with an object; <return event> raises the event in the caller.
 */
export async function runSubdialog(run: Run, frame: Frame, item: SubdialogItem): Promise<JsValue> {
  if (run.subdialogDepth >= run.limits.maxSubdialogDepth) throw new VxmlEvent('error.semantic', 'subdialogs nested too deep');
  const params = new Map<string, JsValue>();
  for (const p of item.params) params.set(p.name, p.expr !== undefined ? must(run.sandbox.eval(p.expr)) : (p.value ?? null));
  const target = item.src ?? must(run.sandbox.evalString(item.srcexpr ?? "''"));
  const url = resolveUri(target, baseUri(frame.state));
  if (!url) throw new VxmlEvent('error.badfetch', `bad subdialog URI ${target}`);
  const hash = url.indexOf('#');
  const dialogId = hash >= 0 ? url.slice(hash + 1) : undefined;
  const docUri = stripFragment(url);
  const fields = namelistFields(run, item.namelist);
  const doc =
    docUri === frame.state.uri && !fields
      ? frame.state.doc
      : await run.loader.load({
          url: docUri,
          method: item.method,
          timeoutMs: frame.props.timeMs('fetchtimeout', 5000),
          ...(fields ? { fields } : {}),
        });
  if (!runner) throw new SessionEnd('no context runner');
  const saved = run.sandbox.saveStack(1);
  const savedRoot = run.appRootUri;
  run.appRootUri = undefined;
  run.subdialogDepth++;
  let ret: ReturnSignal;
  try {
    run.sandbox.pushScope('application');
    run.sandbox.pushScope('document');
    ret = await runner(run, { doc, uri: docUri }, dialogId, params);
  } finally {
    run.subdialogDepth--;
    run.appRootUri = savedRoot;
    run.sandbox.restoreStack(saved);
  }
  if (ret.event !== undefined) throw new VxmlEvent(ret.event, 'returned by subdialog');
  return ret.values;
}
