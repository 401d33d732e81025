import { err, ok, type Result } from '@rexian/kernel';
import { parseNameAddr } from '../message/header-values.ts';
import type { SipHeader, Uri } from '../message/types.ts';
import { isSipUri } from '../message/uri.ts';
import { parseReplaces, type Replaces } from './replaces.ts';

/** RFC 3515 REFER helpers: the Refer-To target (with an embedded Replaces, RFC 3891 §5) and NOTIFY sipfrag. */
export interface ReferTarget {
  /** Target URI with the embedded headers removed. */
  readonly uri: Uri;
  readonly replaces: Replaces | null;
}

export function parseReferTo(value: string): Result<ReferTarget, string> {
  const na = parseNameAddr(value);
  if (!na.ok) return na;
  const uri = na.value.uri;
  if (!isSipUri(uri)) return ok({ uri, replaces: null });
  const embedded = uri.headers.find((h) => h.name.toLowerCase() === 'replaces');
  const replaces = embedded?.value ? parseReplaces(embedded.value) : null;
  if (embedded && replaces === null) return err('bad embedded Replaces');
  return ok({ uri: { ...uri, headers: [] }, replaces });
}

/**
 * The NOTIFY that reports a REFER's progress (§2.4.5): `message/sipfrag` body with the status line of
 * the referred request; the subscription ends with the final response.
 */
export function referNotify(status: number, reason: string): { headers: SipHeader[]; body: Uint8Array } {
  const final = status >= 200;
  return {
    headers: [
      { name: 'Event', value: 'refer' },
      { name: 'Subscription-State', value: final ? 'terminated;reason=noresource' : 'active;expires=60' },
      { name: 'Content-Type', value: 'message/sipfrag;version=2.0' },
    ],
    body: Buffer.from(`SIP/2.0 ${status} ${reason}\r\n`),
  };
}
