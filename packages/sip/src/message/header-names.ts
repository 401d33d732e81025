/**
 * Header names: compact forms (RFC 3261 §7.3.3 and later RFCs), canonical spelling, and which headers
 * are comma-separated lists. Names are matched case-insensitively (§7.3.1).
 */
const COMPACT: Record<string, string> = {
  a: 'Accept-Contact',
  b: 'Referred-By',
  c: 'Content-Type',
  d: 'Request-Disposition',
  e: 'Content-Encoding',
  f: 'From',
  i: 'Call-ID',
  j: 'Reject-Contact',
  k: 'Supported',
  l: 'Content-Length',
  m: 'Contact',
  n: 'Identity-Info',
  o: 'Event',
  r: 'Refer-To',
  s: 'Subject',
  t: 'To',
  u: 'Allow-Events',
  v: 'Via',
  x: 'Session-Expires',
  y: 'Identity',
};

const CANONICAL = [
  'Accept',
  'Accept-Contact',
  'Accept-Encoding',
  'Accept-Language',
  'Alert-Info',
  'Allow',
  'Allow-Events',
  'Authentication-Info',
  'Authorization',
  'Call-ID',
  'Call-Info',
  'Contact',
  'Content-Disposition',
  'Content-Encoding',
  'Content-Language',
  'Content-Length',
  'Content-Type',
  'CSeq',
  'Date',
  'Error-Info',
  'Event',
  'Expires',
  'From',
  'Identity',
  'Identity-Info',
  'In-Reply-To',
  'Max-Forwards',
  'Min-Expires',
  'Min-SE',
  'MIME-Version',
  'Organization',
  'P-Asserted-Identity',
  'P-Preferred-Identity',
  'Path',
  'Priority',
  'Proxy-Authenticate',
  'Proxy-Authorization',
  'Proxy-Require',
  'RAck',
  'Reason',
  'Record-Route',
  'Refer-To',
  'Referred-By',
  'Reject-Contact',
  'Replaces',
  'Reply-To',
  'Request-Disposition',
  'Require',
  'Retry-After',
  'Route',
  'RSeq',
  'Server',
  'Service-Route',
  'Session-Expires',
  'Subject',
  'Subscription-State',
  'Supported',
  'Timestamp',
  'To',
  'Unsupported',
  'User-Agent',
  'Via',
  'Warning',
  'WWW-Authenticate',
];

const BY_LOWER = new Map<string, string>();
for (const name of CANONICAL) {
  BY_LOWER.set(name.toLowerCase(), name);
  BY_LOWER.set(name, name);
}
for (const [short, long] of Object.entries(COMPACT)) BY_LOWER.set(short, long);

/**
 * Names spelled exactly as they usually arrive — canonical, or a compact letter in either case — by
 * length and first character, so the parser can recognise them in the line it reads without cutting
 * the name out and hashing it. The canonical result is a literal, which later comparisons of names
 * (`h.name === 'Via'`) and set lookups find by identity.
 */
const EXACT: (readonly (readonly [text: string, canonical: string])[] | undefined)[] = [];
function addExact(text: string, canonical: string): void {
  const key = text.length * 128 + text.charCodeAt(0);
  const list = EXACT[key] ?? [];
  EXACT[key] = [...list, [text, canonical]];
}
for (const name of CANONICAL) addExact(name, name);
for (const [short, long] of Object.entries(COMPACT)) {
  addExact(short, long);
  addExact(short.toUpperCase(), long);
}

/**
 * The canonical name when `line` starts with a known spelling of exactly `length` characters (see
 * EXACT), else undefined. Same answer as `canonicalHeaderName(line.slice(start, start + length))` for
 * those spellings.
 */
export function exactHeaderName(line: string, start: number, length: number): string | undefined {
  const first = line.charCodeAt(start);
  if (!(first < 128)) return undefined;
  const candidates = EXACT[length * 128 + first];
  if (candidates === undefined) return undefined;
  for (const [text, canonical] of candidates) if (line.startsWith(text, start)) return canonical;
  return undefined;
}

/** The canonical spelling of a header name; unknown names are returned as given. */
export function canonicalHeaderName(name: string): string {
  return BY_LOWER.get(name) ?? BY_LOWER.get(name.toLowerCase()) ?? name;
}

/** Headers whose values are comma-separated lists (RFC 3261 §7.3.1). Authorization-style headers are not. */
const LIST_HEADERS = new Set([
  'Accept',
  'Accept-Contact',
  'Accept-Encoding',
  'Accept-Language',
  'Alert-Info',
  'Allow',
  'Allow-Events',
  'Call-Info',
  'Contact',
  'Content-Encoding',
  'Content-Language',
  'Error-Info',
  'In-Reply-To',
  'P-Asserted-Identity',
  'P-Preferred-Identity',
  'Path',
  'Proxy-Require',
  'Reason',
  'Record-Route',
  'Reject-Contact',
  'Require',
  'Route',
  'Service-Route',
  'Supported',
  'Unsupported',
  'Via',
  'Warning',
]);

export function isListHeader(canonicalName: string): boolean {
  return LIST_HEADERS.has(canonicalName);
}

/** Headers that may appear once at most; a second one makes a request a 400 (RFC 4475 §3.3.8). */
export const SINGLE_HEADERS = [
  'Call-ID',
  'CSeq',
  'From',
  'To',
  'Max-Forwards',
  'Content-Length',
  'Content-Type',
  'Expires',
] as const;
