import type { VxmlDocument } from '../parser/vxml-model.ts';
import type { JsValue } from '../sandbox/script-sandbox.ts';

/**
 * Control flow inside the interpreter. These are thrown by executable content and caught by the
 * form interpretation algorithm or the session loop; none ever leaves `runSession`.
 */

/** A VoiceXML event (noinput, error.badfetch, connection.disconnect.hangup, user events …). */
export class VxmlEvent extends Error {
  readonly event: string;
  readonly eventMessage: string;
  constructor(event: string, message = '') {
    super(`${event}${message ? `: ${message}` : ''}`);
    this.event = event;
    this.eventMessage = message;
  }
}

/** Transition to a dialog, possibly in another (already fetched and parsed) document. */
export class GotoDialog extends Error {
  readonly doc: VxmlDocument;
  readonly uri: string;
  readonly dialogId: string | undefined;
  /** False for "#id" within the current document: its document scope is kept. */
  readonly reload: boolean;
  constructor(doc: VxmlDocument, uri: string, dialogId: string | undefined, reload: boolean) {
    super('goto');
    this.doc = doc;
    this.uri = uri;
    this.dialogId = dialogId;
    this.reload = reload;
  }
}

export class GotoItem extends Error {
  readonly item: string;
  constructor(item: string) {
    super('goto item');
    this.item = item;
  }
}

export class ExitSignal extends Error {
  readonly value: JsValue;
  constructor(value: JsValue) {
    super('exit');
    this.value = value;
  }
}

export class ReturnSignal extends Error {
  readonly values: JsValue;
  readonly event: string | undefined;
  constructor(values: JsValue, event?: string) {
    super('return');
    this.values = values;
    this.event = event;
  }
}

/** The session cannot continue (hung up with nothing left to do, limits exceeded, sandbox fault). */
export class SessionEnd extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(reason);
    this.reason = reason;
  }
}

export function isControl(e: unknown): boolean {
  return (
    e instanceof VxmlEvent ||
    e instanceof GotoDialog ||
    e instanceof GotoItem ||
    e instanceof ExitSignal ||
    e instanceof ReturnSignal ||
    e instanceof SessionEnd
  );
}

/** How a session ends once the caller is gone (hung up, or handed away by a blind transfer). */
export function disconnectedEnd(transferred: boolean): SessionEnd {
  return new SessionEnd(transferred ? 'connection.disconnect.transfer' : 'hangup');
}

/** Every item that talks to the caller checks first that the caller is still there. */
export function ensureConnected(run: { readonly hungUp: boolean; readonly transferred: boolean }): void {
  if (run.hungUp) throw disconnectedEnd(run.transferred);
}
