import type { JsValue } from '../sandbox/script-sandbox.ts';
import type { EventCounts } from './catch-select.ts';
import { handleEvent } from './catch-select.ts';
import { baseUri, resolveUri } from './document-loader.ts';
import { execute } from './executor.ts';
import { dialogFrame, runForm } from './form-runner.ts';
import { runMenu } from './menu-runner.ts';
import type { DocState, Frame, Run } from './run-context.ts';
import { GotoDialog, ReturnSignal, SessionEnd, VxmlEvent } from './signals.ts';
import { setContextRunner } from './subdialog.ts';

/**
 * One execution context: runs dialogs and follows transitions between them and between documents
 * until the application ends (returns), <return> (subdialog contexts) or the session ends (throws).
 */
export async function runDialogs(
  run: Run,
  start: DocState,
  dialogId: string | undefined,
  params: ReadonlyMap<string, JsValue>,
): Promise<ReturnSignal | undefined> {
  let state = start;
  let id = dialogId;
  let enter = true;
  let args = params;
  for (;;) {
    try {
      if (enter) state = await enterDocument(run, state);
      enter = false;
      const dialog = id === undefined ? state.doc.dialogs[0] : state.doc.dialogs.find((d) => d.id === id);
      if (!dialog) throw new VxmlEvent('error.badfetch', `no dialog ${id ?? ''} in ${state.uri}`);
      if (dialog.kind === 'form') await runForm(run, state, dialog, args);
      else await runMenu(run, state, dialog);
      // Falling off the end of a dialog ends the application (VoiceXML 2.0 §2.1.6.2).
      if (run.subdialogDepth > 0) return new ReturnSignal({}, 'error.semantic');
      return undefined;
    } catch (e) {
      if (e instanceof GotoDialog) {
        enter = e.reload || e.doc !== state.doc;
        state = enter ? { doc: e.doc, uri: e.uri } : state;
        id = e.dialogId;
        args = new Map();
        continue;
      }
      if (e instanceof ReturnSignal) {
        if (run.subdialogDepth > 0) return e;
        throw new SessionEnd('error.semantic');
      }
      if (e instanceof VxmlEvent) {
        // An event outside any dialog (document init, missing dialog): document-level catches only.
        await handleOutside(run, state, e);
        return undefined;
      }
      throw e;
    }
  }
}

setContextRunner(
  async (run, start, dialogId, params) =>
    (await runDialogs(run, start, dialogId, params)) ?? new ReturnSignal({}, 'error.semantic'),
);

async function handleOutside(run: Run, state: DocState, e: VxmlEvent): Promise<void> {
  const frame = docFrame(state);
  const counts: EventCounts = new Map();
  await handleEvent(run, frame, e, counts);
}

function docFrame(state: DocState): Frame {
  return dialogFrame(state, {}, []);
}

/**
 * Loads the application root (if it changed) into the application scope, then gives the document a
 * fresh document scope and runs its <var>/<script> in order (VoiceXML 2.0 §5.1.2).
 */
async function enterDocument(run: Run, state: DocState): Promise<DocState> {
  const sb = run.sandbox;
  let next: DocState = { doc: state.doc, uri: state.uri };
  if (state.doc.application !== undefined) {
    const rootUri = resolveUri(state.doc.application, baseUri(state));
    if (!rootUri) throw new VxmlEvent('error.badfetch', `bad application URI ${state.doc.application}`);
    const rootDoc = await run.loader.load({ url: rootUri, method: 'get', timeoutMs: 5000 });
    next = { ...next, root: { doc: rootDoc, uri: rootUri } };
    if (run.appRootUri !== rootUri) {
      sb.resetScope('application');
      run.appRootUri = rootUri;
      await execute(run, dialogFrame({ doc: rootDoc, uri: rootUri }, {}, []), rootDoc.init);
    }
  } else if (run.appRootUri !== undefined) {
    sb.resetScope('application');
    run.appRootUri = undefined;
  }
  sb.unwindTo('application');
  sb.pushScope('document');
  await execute(run, docFrame(next), next.doc.init);
  if (run.documents++ > run.limits.maxDocuments) throw new SessionEnd('too many documents');
  return next;
}
