/**
 * Character classes of the RFC 3261 §25 grammar as lookup tables over ASCII, so the hot loops of the
 * parser test one array element per character instead of running regular expressions.
 */
function table(extra: string, alnum = true): Uint8Array {
  const t = new Uint8Array(128);
  if (alnum) {
    for (let c = 48; c <= 57; c++) t[c] = 1;
    for (let c = 65; c <= 90; c++) t[c] = 1;
    for (let c = 97; c <= 122; c++) t[c] = 1;
  }
  for (const ch of extra) t[ch.charCodeAt(0)] = 1;
  return t;
}

const MARK = "-_.!~*'()";
/** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") */
export const TOKEN = table("-.!%*_+`'~");
/** word (Call-ID) adds ( ) < > : \ DQUOTE / [ ] ? { } to token. */
export const WORD = table('-.!%*_+`\'~()<>:\\"/[]?{}');
/** user = 1*( unreserved / escaped / user-unreserved ); '%' is checked separately. */
export const USER = table(`${MARK}&=+$,;?/`);
/** password = *( unreserved / escaped / "&" / "=" / "+" / "$" / "," ) */
export const PASSWORD = table(`${MARK}&=+$,`);
/** paramchar = param-unreserved / unreserved / escaped */
export const PARAM = table(`${MARK}[]/:&+$`);
/** hname / hvalue characters: hnv-unreserved / unreserved / escaped */
export const HNV = table(`${MARK}[]/?:+$`);
/** hostname characters (underscore tolerated: it appears in real deployments). */
export const HOST = table('-._');
/** Characters a tel: number or opaque URI may hold besides alphanumerics. */
export const URIC = table(`${MARK};/?:@&=+$,%#[]`);

export function isIn(t: Uint8Array, code: number): boolean {
  return code < 128 && t[code] === 1;
}

export function allIn(t: Uint8Array, s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || t[c] !== 1) return false;
  }
  return true;
}

export const isToken = (s: string): boolean => allIn(TOKEN, s);

export function isWs(code: number): boolean {
  return code === 32 || code === 9;
}

export function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Decimal digits to a number, or -1 when not digits or above `max`. */
export function parseBoundedInt(s: string, max: number): number {
  if (!isDigits(s) || s.length > 16) return -1;
  const n = Number(s);
  return n <= max ? n : -1;
}

/**
 * Validates escapes and decodes them (RFC 3261 §25.1 escaped = "%" HEXDIG HEXDIG) over a character
 * table. Returns null on an illegal character or a broken escape. Decoded octets are read as UTF-8.
 */
export function unescapeChecked(s: string, allowed: Uint8Array): string | null {
  let hasEscape = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 37) {
      if (!isHex(s.charCodeAt(i + 1)) || !isHex(s.charCodeAt(i + 2))) return null;
      hasEscape = true;
      i += 2;
    } else if (c >= 128 || allowed[c] !== 1) {
      return null;
    }
  }
  if (!hasEscape) return s;
  return decodePercent(s);
}

function decodePercent(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 37) {
      bytes.push(Number.parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(c);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

const HEX = '0123456789ABCDEF';

/** Escapes every octet of `s` (as UTF-8) that is not in `allowed`. */
export function percentEncode(s: string, allowed: Uint8Array): string {
  let plain = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || allowed[c] !== 1) {
      plain = false;
      break;
    }
  }
  if (plain) return s;
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    out += b < 128 && allowed[b] === 1 ? String.fromCharCode(b) : `%${HEX[b >> 4]}${HEX[b & 15]}`;
  }
  return out;
}
