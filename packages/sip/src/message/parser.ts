import { err, ok, type Result } from '@rexian/kernel';
import { SipErrorCode as C, parseError, type SipParseError } from '../errors.ts';
import { isDigits, isToken, isWs } from './chars.ts';
import { canonicalHeaderName, exactHeaderName } from './header-names.ts';
import type { ParseLimits, SipHeader, SipMessage, SipRequest } from './types.ts';
import { defaultLimits } from './types.ts';
import { parseUri } from './uri.ts';
import { validateMessage } from './validate.ts';

export interface ParseOptions {
  readonly limits?: Partial<ParseLimits>;
  /**
   * true (default) for UDP: bytes after Content-Length are discarded (RFC 3261 §18.3) and a missing
   * Content-Length means "the rest of the datagram". false when a stream framer already cut the message.
   */
  readonly datagram?: boolean;
  /** Run the header checks of `validate.ts` (default true). */
  readonly validate?: boolean;
}

const CRLFCRLF = Buffer.from('\r\n\r\n');
const EMPTY = Buffer.alloc(0);
const LFLF = Buffer.from('\n\n');

/** Index of the blank line ending the head and the length of that terminator, or null. */
export function findHeadEnd(buf: Buffer, from: number): { at: number; len: number } | null {
  const crlf = buf.indexOf(CRLFCRLF, from);
  if (crlf >= 0) return { at: crlf, len: 4 };
  const lf = buf.indexOf(LFLF, from);
  return lf >= 0 ? { at: lf, len: 2 } : null;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Parses one SIP message. Never throws: any defect yields a SipParseError whose `status` is what a
 * UAS answers a request with. The body is a view into `bytes` (no copy).
 */
export function parseMessage(bytes: Uint8Array, options: ParseOptions = {}): Result<SipMessage, SipParseError> {
  try {
    return parseUnsafe(asBuffer(bytes), options);
  } catch {
    // Defensive: the code below is written not to throw; this keeps the promise if it ever does.
    return err(parseError(C.BadHeader, 'unparseable message'));
  }
}

function parseUnsafe(buf: Buffer, options: ParseOptions): Result<SipMessage, SipParseError> {
  const limits = options.limits ? { ...defaultLimits, ...options.limits } : defaultLimits;
  if (buf.length > limits.maxMessageBytes) return err(parseError(C.MessageTooLarge, 'message too large', 513));
  let start = 0;
  // RFC 3261 §7.5: CRLFs before the start line are ignored.
  while (start + 1 < buf.length && buf[start] === 13 && buf[start + 1] === 10) start += 2;
  const end = findHeadEnd(buf, start);
  if (end === null) return err(parseError(C.Incomplete, 'no blank line after headers'));
  const head = buf.toString('utf8', start, end.at);
  let firstEnd = head.indexOf('\n');
  if (firstEnd < 0) firstEnd = head.length;
  const first = stripCr(head.slice(0, firstEnd));
  const headers = readHeaders(head, firstEnd + 1, limits);
  if (!headers.ok) return headers;
  const bodyStart = end.at + end.len;
  const body = frameBody(buf, bodyStart, headers.value, options.datagram !== false);
  const msg = startLine(first, headers.value, body.ok ? body.value : EMPTY);
  if (!body.ok) {
    // Keep the head of a request with a bad Content-Length so it can still be answered 400.
    const partial = msg.ok ? (msg.value.kind === 'request' ? msg.value : undefined) : msg.error.partial;
    return err(partial ? { ...body.error, partial } : body.error);
  }
  if (!msg.ok) return msg;
  if (options.validate === false) return msg;
  const problem = validateMessage(msg.value);
  return problem === null ? msg : err(problem);
}

function stripCr(line: string): string {
  return line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
}

/**
 * One pass over the head text, line by line, without splitting it into an array first; a line is a
 * range of `head` and only its name (when not a usual spelling) and value are cut out.
 */
function readHeaders(head: string, from: number, limits: ParseLimits): Result<SipHeader[], SipParseError> {
  const headers: SipHeader[] = [];
  let name = '';
  let value = '';
  let pos = from;
  for (;;) {
    let start = -1;
    let end = -1;
    if (pos < head.length) {
      let nl = head.indexOf('\n', pos);
      if (nl < 0) nl = head.length;
      end = nl > pos && head.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      start = pos;
      pos = nl + 1;
    }
    if (end > start && isWs(head.charCodeAt(start))) {
      // RFC 3261 §7.3.1: a line starting with whitespace continues the previous header field.
      if (name === '') return err(parseError(C.BadHeader, 'continuation line before any header'));
      value += ` ${head.slice(start, end).trim()}`;
      if (value.length > limits.maxHeaderBytes) return err(parseError(C.HeaderTooLong, 'header too long', 400, name));
      continue;
    }
    if (name !== '') headers.push({ name, value: value.trim() });
    if (start < 0) break;
    if (headers.length >= limits.maxHeaders) return err(parseError(C.TooManyHeaders, 'too many headers'));
    if (end - start > limits.maxHeaderBytes) return err(parseError(C.HeaderTooLong, 'header too long'));
    const colon = head.indexOf(':', start);
    if (colon <= start || colon >= end) return err(parseError(C.BadHeader, 'header line without name and colon'));
    // A bare CR inside a field could be read as a line break by the next parser down the path.
    const cr = head.indexOf('\r', start);
    if (cr >= 0 && cr < end) return err(parseError(C.BadHeader, 'bare CR in header line'));
    const known = exactHeaderName(head, start, colon - start);
    if (known !== undefined) name = known;
    else {
      const rawName = isWs(head.charCodeAt(colon - 1)) ? head.slice(start, colon).trimEnd() : head.slice(start, colon);
      if (!isToken(rawName)) return err(parseError(C.BadHeader, 'bad header name'));
      name = canonicalHeaderName(rawName);
    }
    value = head.slice(colon + 1, end);
  }
  return ok(headers);
}

function frameBody(buf: Buffer, bodyStart: number, headers: SipHeader[], datagram: boolean): Result<Buffer, SipParseError> {
  let cl: string | undefined;
  for (const h of headers) {
    if (h.name !== 'Content-Length') continue;
    // RFC 4475 §3.3.9: two Content-Length values leave the body length unknowable.
    if (cl !== undefined) return err(parseError(C.DuplicateHeader, 'several Content-Length headers', 400, 'Content-Length'));
    cl = h.value;
  }
  const available = buf.length - bodyStart;
  if (cl === undefined) return ok(buf.subarray(bodyStart));
  if (!isDigits(cl) || cl.length > 10) return err(parseError(C.BadContentLength, 'bad Content-Length', 400, 'Content-Length'));
  const n = Number(cl);
  if (n > available) return err(parseError(C.BadContentLength, 'Content-Length larger than message', 400, 'Content-Length'));
  if (!datagram && n !== available)
    return err(parseError(C.BadContentLength, 'Content-Length does not match framed body', 400, 'Content-Length'));
  return ok(buf.subarray(bodyStart, bodyStart + n));
}

function startLine(line: string, headers: SipHeader[], body: Buffer): Result<SipMessage, SipParseError> {
  if (line.startsWith('SIP/') || line.startsWith('sip/')) return statusLine(line, headers, body);
  const r = requestLine(line, headers, body);
  if (r.ok) return r;
  // Keep what can be kept so the UAS can still answer (400/505) rather than stay silent.
  const loose = /^([^ ]+) [\s\S]* (SIP\/[0-9]+\.[0-9]+)[ \t]*$/i.exec(line);
  if (!loose || !isToken(loose[1] as string)) return r;
  const partial: SipRequest = {
    kind: 'request',
    method: loose[1] as string,
    uri: { scheme: 'x-invalid', opaque: 'invalid' },
    headers,
    body,
  };
  return err({ ...r.error, partial });
}

/** Request-Line = Method SP Request-URI SP SIP-Version, single spaces only (RFC 4475 §3.1.2.9/10). */
function requestLine(line: string, headers: SipHeader[], body: Buffer): Result<SipMessage, SipParseError> {
  const sp1 = line.indexOf(' ');
  const sp2 = line.lastIndexOf(' ');
  if (sp1 <= 0 || sp2 <= sp1) return err(parseError(C.BadStartLine, 'bad request line'));
  const method = line.slice(0, sp1);
  const uriText = line.slice(sp1 + 1, sp2);
  const version = line.slice(sp2 + 1);
  if (!isToken(method)) return err(parseError(C.BadStartLine, 'bad method'));
  if (!/^SIP\/[0-9]+\.[0-9]+$/i.test(version)) return err(parseError(C.BadStartLine, 'bad SIP version'));
  if (version.toUpperCase() !== 'SIP/2.0') return err(parseError(C.BadVersion, 'SIP version not supported', 505));
  if (uriText.length === 0 || /\s/.test(uriText)) return err(parseError(C.BadUri, 'whitespace in Request-URI'));
  const uri = parseUri(uriText);
  if (!uri.ok) return err(parseError(C.BadUri, `bad Request-URI: ${uri.error}`));
  return ok({ kind: 'request', method, uri: uri.value, headers, body });
}

function statusLine(line: string, headers: SipHeader[], body: Buffer): Result<SipMessage, SipParseError> {
  const m = /^SIP\/2\.0 ([1-6][0-9][0-9])(?: ([\s\S]*))?$/i.exec(line);
  if (!m) return err(parseError(C.BadStartLine, 'bad status line'));
  return ok({ kind: 'response', status: Number(m[1]), reason: m[2] ?? '', headers, body });
}
