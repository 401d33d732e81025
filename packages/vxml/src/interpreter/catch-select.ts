import type { CatchNode } from '../parser/vxml-model.ts';
import type { ExecState } from './executor.ts';
import { execute } from './executor.ts';
import { must } from './prompt-render.ts';
import type { Frame, Run } from './run-context.ts';
import { SessionEnd, VxmlEvent } from './signals.ts';

/** Event counts of one form item (or of the dialog itself), reset when the form is entered. */
export type EventCounts = Map<string, number>;

/** A catch's event name matches a thrown event as a whole-token prefix ("error" ⊃ "error.badfetch.http.404"). */
export function eventMatches(catchName: string, thrown: string): boolean {
  if (catchName === '' || catchName === '.') return true;
  return thrown === catchName || thrown.startsWith(`${catchName}.`);
}

/**
 * VoiceXML 2.0 §5.2.4 catch selection: list the catches of the current scope and every enclosing one
 * (scope order, then document order), keep those whose event matches and whose cond holds, take the
 * highest count not above the event's count, and the first of those.
 */
export function selectCatch(
  run: Run,
  scopes: readonly (readonly CatchNode[])[],
  event: string,
  count: number,
): CatchNode | undefined {
  const candidates: CatchNode[] = [];
  for (const list of scopes)
    for (const c of list)
      if ((c.events.length === 0 || c.events.some((n) => eventMatches(n, event))) && c.count <= count) candidates.push(c);
  const live = candidates.filter((c) => c.cond === undefined || must(run.sandbox.evalBool(c.cond)));
  const best = live.reduce((m, c) => Math.max(m, c.count), 0);
  return live.find((c) => c.count === best);
}

/** Platform default handlers (VoiceXML 2.0 §5.2.5). */
function defaultAction(event: string): 'reprompt' | 'ignore' | 'exit' {
  if (
    eventMatches('noinput', event) ||
    eventMatches('nomatch', event) ||
    eventMatches('help', event) ||
    eventMatches('maxspeechtimeout', event)
  )
    return 'reprompt';
  if (eventMatches('cancel', event)) return 'ignore';
  return 'exit';
}

/**
 * Runs the handler for `ev` in `frame` (anonymous scope with _event and _message). Events raised by
 * the handler are handled in turn, up to the session's depth limit. Transitions leave by exception.
 */
export async function handleEvent(run: Run, frame: Frame, ev: VxmlEvent, counts: EventCounts): Promise<ExecState> {
  let current = ev;
  for (let depth = 0; ; depth++) {
    if (depth >= run.limits.maxEventDepth) throw new SessionEnd(`event loop: ${current.event}`);
    const count = (counts.get(current.event) ?? 0) + 1;
    counts.set(current.event, count);
    run.trace.add('event', { name: current.event, count, ...(current.eventMessage ? { message: current.eventMessage } : {}) });
    const handler = selectCatch(run, frame.catches, current.event, count);
    if (!handler) {
      const action = defaultAction(current.event);
      if (action === 'reprompt') return { reprompt: true };
      if (action === 'ignore') return { reprompt: false };
      throw new SessionEnd(current.event);
    }
    run.sandbox.pushScope('anonymous');
    try {
      run.sandbox.declareValue('anonymous', '_event', current.event);
      run.sandbox.declareValue('anonymous', '_message', current.eventMessage);
      return await execute(run, frame, handler.body);
    } catch (e) {
      if (!(e instanceof VxmlEvent)) throw e;
      current = e;
    } finally {
      run.sandbox.unwindTo(frameScope(run));
    }
  }
}

/** The scope executable content of a dialog runs on top of (dialog if present, else document). */
function frameScope(run: Run): 'dialog' | 'document' {
  return run.sandbox.scopes().includes('dialog') ? 'dialog' : 'document';
}
