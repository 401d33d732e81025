import { err, ok, type Result } from '@rexian/kernel';
import { SipErrorCode as C, parseError, type SipParseError } from '../errors.ts';
import { findHeadEnd } from './parser.ts';
import { defaultLimits, type ParseLimits } from './types.ts';

/** What a stream framer yields: one whole message's bytes, or a keep-alive (RFC 5626 §3.5.1 CRLF ping). */
export type FramedItem =
  | { readonly type: 'message'; readonly bytes: Buffer }
  | { readonly type: 'keepalive'; readonly pong: boolean };

export interface StreamFramer {
  /** Feeds received bytes; returns the complete items found, or an error after which the connection must close. */
  push(chunk: Uint8Array): Result<FramedItem[], SipParseError>;
  /** Bytes held waiting for the rest of a message. */
  buffered(): number;
}

const CONTENT_LENGTH = /^(?:content-length|l)[ \t]*:[ \t]*([^\r\n]*?)[ \t]*\r?$/gim;

/**
 * Content-Length framing for TCP/TLS (RFC 3261 §18.3). Limits are checked before bytes are kept: a
 * head that grows past `maxMessageBytes` without its blank line, or a declared body that would exceed
 * it, is refused without waiting for the rest.
 */
export function createStreamFramer(limits: Partial<ParseLimits> = {}): StreamFramer {
  const max = limits.maxMessageBytes ?? defaultLimits.maxMessageBytes;
  let buf: Buffer = Buffer.alloc(0);
  let failed = false;

  function next(items: FramedItem[]): Result<boolean, SipParseError> {
    // Leading CRLFs are keep-alives: "\r\n\r\n" is a ping answered by "\r\n", a lone "\r\n" a pong.
    let skip = 0;
    while (buf.length >= skip + 2 && buf[skip] === 13 && buf[skip + 1] === 10) skip += 2;
    if (skip > 0) {
      items.push({ type: 'keepalive', pong: skip >= 4 });
      buf = buf.subarray(skip);
    }
    if (buf.length === 0) return ok(false);
    const end = findHeadEnd(buf, 0);
    if (end === null) {
      if (buf.length > max) return err(parseError(C.MessageTooLarge, 'head too large', 513));
      return ok(false);
    }
    const head = buf.toString('latin1', 0, end.at);
    const lengths = [...head.matchAll(CONTENT_LENGTH)].map((m) => m[1] ?? '');
    if (lengths.length > 1) return err(parseError(C.DuplicateHeader, 'several Content-Length headers'));
    const text = lengths[0] ?? '0';
    if (!/^[0-9]{1,10}$/.test(text)) return err(parseError(C.BadContentLength, 'bad Content-Length'));
    const total = end.at + end.len + Number(text);
    if (total > max) return err(parseError(C.MessageTooLarge, 'message too large', 513));
    if (buf.length < total) return ok(false);
    items.push({ type: 'message', bytes: Buffer.from(buf.subarray(0, total)) });
    buf = buf.subarray(total);
    return ok(true);
  }

  return {
    push(chunk) {
      if (failed) return err(parseError(C.Incomplete, 'framer already failed'));
      buf = buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([buf, chunk]);
      const items: FramedItem[] = [];
      for (;;) {
        const r = next(items);
        if (!r.ok) {
          failed = true;
          buf = Buffer.alloc(0);
          return r;
        }
        if (!r.value) return ok(items);
      }
    },
    buffered: () => buf.length,
  };
}
