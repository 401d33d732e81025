import path from 'node:path';

/** Shared message texts for the message-layer tests (not exported from the package). */
const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..', '..');
/** RFC 4475 corpus: `../shared/peers/rfc4475` relative to the repository root. */
export const corpusDir = path.resolve(repoRoot, '..', 'shared', 'peers', 'rfc4475');

export const crlf = (lines: readonly string[]): string => `${lines.join('\r\n')}`;

export const INVITE_SDP = 'v=0\r\no=- 1 1 IN IP4 192.0.2.7\r\ns=-\r\nc=IN IP4 192.0.2.7\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';

export function inviteText(overrides: { head?: string[]; body?: string } = {}): string {
  const body = overrides.body ?? INVITE_SDP;
  const head = overrides.head ?? [
    'INVITE sip:8002@pbx.example.com SIP/2.0',
    'Via: SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK776asdhds;rport',
    'Max-Forwards: 70',
    'To: "Ext 8002" <sip:8002@pbx.example.com>',
    'From: Alice <sip:8001@pbx.example.com>;tag=1928301774',
    'Call-ID: a84b4c76e66710@pc33.example.com',
    'CSeq: 314159 INVITE',
    'Contact: <sip:8001@192.0.2.7:5060>',
    'Content-Type: application/sdp',
    `Content-Length: ${Buffer.byteLength(body)}`,
  ];
  return `${head.join('\r\n')}\r\n\r\n${body}`;
}

/** A minimal valid request with the given method and extra header lines. */
export function requestText(method: string, extra: string[] = [], body = ''): string {
  return [
    `${method} sip:bob@example.com SIP/2.0`,
    'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKabc',
    'To: <sip:bob@example.com>',
    'From: <sip:alice@example.com>;tag=1',
    'Call-ID: c1@example.com',
    `CSeq: 1 ${method}`,
    'Max-Forwards: 70',
    ...extra,
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}
