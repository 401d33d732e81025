import type { SipMessage } from './types.ts';
import { serializeUri } from './uri.ts';

const CL = 'Content-Length';
const BREAKS = /[\r\n]/;
const BREAKS_ALL = /[\r\n]/g;

/** The head (start line and headers, up to and including the blank line) as text. */
export function serializeHead(m: SipMessage): string {
  let s =
    m.kind === 'request'
      ? `${m.method} ${serializeUri(m.uri)} SIP/2.0\r\n`
      : `SIP/2.0 ${m.status} ${m.reason.replace(BREAKS_ALL, ' ')}\r\n`;
  let wroteLength = false;
  for (const h of m.headers) {
    if (h.name === CL) {
      if (wroteLength) continue;
      // The length is always the body's real length: a stale value would desynchronise a stream peer.
      s += `${CL}: ${m.body.byteLength}\r\n`;
      wroteLength = true;
    } else {
      // Values set by the application (display names from a database …) must not inject header lines.
      const value = BREAKS.test(h.value) ? h.value.replace(BREAKS_ALL, ' ') : h.value;
      s += `${h.name}: ${value}\r\n`;
    }
  }
  // RFC 3261 §20.14: Content-Length MUST be present on stream transports; harmless on UDP.
  if (!wroteLength) s += `${CL}: ${m.body.byteLength}\r\n`;
  return `${s}\r\n`;
}

/** Bytes ready for a transport. */
export function serializeMessage(m: SipMessage): Buffer {
  const head = serializeHead(m);
  if (m.body.byteLength === 0) return Buffer.from(head, 'utf8');
  const headLen = Buffer.byteLength(head, 'utf8');
  const out = Buffer.allocUnsafe(headLen + m.body.byteLength);
  out.write(head, 0, 'utf8');
  out.set(m.body, headLen);
  return out;
}
