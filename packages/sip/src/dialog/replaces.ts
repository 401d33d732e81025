import { parseHeaderParams } from '../message/header-values.ts';
import type { Dialog } from './dialog.ts';

/** RFC 3891 `Replaces: call-id;to-tag=…;from-tag=…[;early-only]`. */
export interface Replaces {
  readonly callId: string;
  readonly toTag: string;
  readonly fromTag: string;
  readonly earlyOnly: boolean;
}

export function parseReplaces(value: string): Replaces | null {
  const semi = value.indexOf(';');
  const callId = (semi < 0 ? value : value.slice(0, semi)).trim();
  const params = parseHeaderParams(semi < 0 ? '' : value.slice(semi), 0);
  if (callId.length === 0 || /\s/.test(callId) || params === null) return null;
  const get = (n: string) => params.find((p) => p.name.toLowerCase() === n);
  const toTag = get('to-tag')?.value;
  const fromTag = get('from-tag')?.value;
  if (!toTag || !fromTag) return null;
  return { callId, toTag, fromTag, earlyOnly: get('early-only') !== undefined };
}

export function serializeReplaces(r: Replaces): string {
  return `${r.callId};to-tag=${r.toTag};from-tag=${r.fromTag}${r.earlyOnly ? ';early-only' : ''}`;
}

/**
 * §3: the recipient looks for the dialog whose local tag is `to-tag` and remote tag is `from-tag`.
 * 481 when none matches (or it is over), 486 when early-only names a confirmed dialog.
 */
export function matchReplaces(
  r: Replaces,
  dialogs: Iterable<Dialog>,
): { ok: true; dialog: Dialog } | { ok: false; status: 481 | 486 } {
  for (const d of dialogs) {
    if (d.callId !== r.callId || d.localTag !== r.toTag || d.remoteTag !== r.fromTag) continue;
    if (d.state === 'Terminated') return { ok: false, status: 481 };
    if (r.earlyOnly && d.state === 'Confirmed') return { ok: false, status: 486 };
    return { ok: true, dialog: d };
  }
  return { ok: false, status: 481 };
}
