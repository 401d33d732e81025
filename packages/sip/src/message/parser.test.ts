import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SipErrorCode } from '../errors.ts';
import { canonicalHeaderName } from './header-names.ts';
import { parseVia } from './header-values.ts';
import { getContacts, getCSeq, getHeader, getHeaderValues, getNameAddr, getTag, getVias } from './headers.ts';
import { parseMessage } from './parser.ts';
import { serializeMessage } from './serializer.ts';
import { inviteText, requestText } from './test-fixtures.ts';
import type { SipMessage } from './types.ts';

function parse(text: string | Buffer, options = {}): SipMessage {
  const r = parseMessage(typeof text === 'string' ? Buffer.from(text) : text, options);
  assert.ok(r.ok, r.ok ? '' : `${r.error.code}: ${r.error.reason}`);
  return r.value;
}

function reject(text: string, code?: string, options = {}): void {
  const r = parseMessage(Buffer.from(text), options);
  assert.equal(r.ok, false, `should reject:\n${text}`);
  if (!r.ok && code) assert.equal(r.error.code, code, r.error.reason);
}

describe('parseMessage: requests', () => {
  it('parses a typical INVITE into plain data', () => {
    const m = parse(inviteText());
    assert.equal(m.kind, 'request');
    assert.ok(m.kind === 'request');
    assert.equal(m.method, 'INVITE');
    assert.deepEqual(m.uri, {
      scheme: 'sip',
      user: '8002',
      password: null,
      host: 'pbx.example.com',
      port: null,
      params: [],
      headers: [],
    });
    assert.equal(getHeader(m, 'call-id'), 'a84b4c76e66710@pc33.example.com');
    assert.deepEqual(getCSeq(m), { seq: 314159, method: 'INVITE' });
    assert.equal(getTag(m, 'From'), '1928301774');
    assert.equal(getTag(m, 'To'), undefined);
    assert.equal(getNameAddr(m, 'To')?.displayName, 'Ext 8002');
    assert.equal(getNameAddr(m, 'From')?.displayName, 'Alice');
    assert.ok(Buffer.from(m.body).toString().startsWith('v=0'));
    assert.equal(JSON.parse(JSON.stringify({ ...m, body: null })).method, 'INVITE', 'plain data survives JSON');
  });

  it('expands compact forms and unfolds continuation lines', () => {
    const m = parse(
      [
        'OPTIONS sip:a@b SIP/2.0',
        'v: SIP/2.0/UDP h1;branch=z9hG4bK1,',
        '   SIP/2.0/TCP h2;branch=z9hG4bK2',
        't: <sip:a@b>',
        'f: <sip:c@d>;tag=x',
        'i: abc',
        'CSeq: 1',
        '\tOPTIONS',
        'm: <sip:c@10.0.0.1>',
        'k: path, gruu',
        'l: 0',
        '',
        '',
      ].join('\r\n'),
    );
    assert.deepEqual(
      m.headers.map((h) => h.name),
      ['Via', 'To', 'From', 'Call-ID', 'CSeq', 'Contact', 'Supported', 'Content-Length'],
    );
    const vias = getVias(m);
    assert.ok(vias.ok);
    assert.deepEqual(
      vias.value.map((v) => `${v.transport} ${v.host}`),
      ['UDP h1', 'TCP h2'],
    );
    assert.deepEqual(getHeaderValues(m, 'Supported'), ['path', 'gruu']);
    assert.equal(getHeader(m, 'CSeq'), '1 OPTIONS');
  });

  it('names headers as canonicalHeaderName does, whatever the spelling', () => {
    const spellings = [
      'Via',
      'v',
      'V',
      'VIA',
      'via',
      'Call-ID',
      'call-id',
      'i',
      'I',
      'CSeq',
      'cseq',
      'WWW-Authenticate',
      'X-Custom',
      'x-CUSTOM',
      'Contact ',
      'm',
    ];
    for (const spelling of spellings) {
      const r = parseMessage(Buffer.from(requestText('OPTIONS', [`${spelling}: <sip:x@y>`])), { validate: false });
      assert.ok(r.ok, spelling);
      const name = r.value.headers[6]?.name;
      assert.equal(name, canonicalHeaderName(spelling.trimEnd()), spelling);
    }
  });

  it('parses repeated header texts to equal values (parse results are reused)', () => {
    const a = parse(requestText('OPTIONS'));
    const b = parse(requestText('OPTIONS'));
    assert.deepEqual(getVias(a), getVias(b));
    assert.deepEqual(getNameAddr(a, 'From'), getNameAddr(b, 'From'));
    assert.deepEqual(getCSeq(a), { seq: 1, method: 'OPTIONS' });
    assert.deepEqual(parseVia('SIP/2.0/UDP h;branch=z9hG4bK1'), parseVia('SIP/2.0/UDP h;branch=z9hG4bK1'));
    assert.equal(parseVia('SIP/2.0/UDP h;branch=').ok, false);
    assert.equal(parseVia('SIP/2.0/UDP h;branch=').ok, false);
  });

  it('splits list headers only outside quotes and angle brackets', () => {
    const m = parse(requestText('REGISTER', ['Contact: "Doe, John" <sip:j,k@h1>;q=0.5, <sip:j@h2>;expires=60, sip:j@h3']));
    const c = getContacts(m);
    assert.ok(c.ok && c.value !== '*');
    assert.deepEqual(
      c.value.map((n) => n.displayName),
      ['Doe, John', null, null],
    );
    assert.deepEqual(
      c.value.map((n) => n.params.map((p) => `${p.name}=${p.value}`).join(';')),
      ['q=0.5', 'expires=60', ''],
    );
  });

  it('recognises the REGISTER wildcard contact', () => {
    const m = parse(requestText('REGISTER', ['Contact: *', 'Expires: 0']));
    assert.deepEqual(getContacts(m), { ok: true, value: '*' });
  });

  it('passes bodies through byte for byte, multipart included', () => {
    const body =
      '--b1\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b1\r\nContent-Type: application/octet-stream\r\n\r\n\x00\xff\x01\r\n--b1--\r\n';
    const text = requestText('MESSAGE', ['Content-Type: multipart/mixed;boundary=b1'], body);
    const bytes = Buffer.from(
      text.replace(/Content-Length: \d+/, `Content-Length: ${Buffer.byteLength(body, 'latin1')}`),
      'latin1',
    );
    const m = parse(bytes);
    assert.deepEqual(Buffer.from(m.body), Buffer.from(body, 'latin1'));
    assert.deepEqual(serializeMessage(m), bytes);
  });

  it('takes the rest of the datagram as the body when Content-Length is absent (UDP)', () => {
    const text = requestText('MESSAGE').replace('Content-Length: 0\r\n', '');
    const m = parse(`${text}hi`);
    assert.equal(Buffer.from(m.body).toString(), 'hi');
  });

  it('discards octets past Content-Length on datagrams but not on streams', () => {
    const text = `${requestText('OPTIONS')}garbage`;
    assert.equal(parse(text).body.byteLength, 0);
    reject(text, SipErrorCode.BadContentLength, { datagram: false });
  });

  it('ignores CRLFs before the start line (RFC 3261 §7.5)', () => {
    assert.equal(parse(`\r\n\r\n${requestText('OPTIONS')}`).kind, 'request');
  });

  it('tolerates bare LF line ends', () => {
    const m = parse(requestText('OPTIONS').replaceAll('\r\n', '\n'));
    assert.equal(getHeader(m, 'Call-ID'), 'c1@example.com');
  });
});

describe('parseMessage: responses', () => {
  it('parses status, reason (even empty or UTF-8) and headers', () => {
    const base = [
      'Via: SIP/2.0/UDP h;branch=z9hG4bK1',
      'To: <sip:a@b>;tag=2',
      'From: <sip:c@d>;tag=1',
      'Call-ID: x',
      'CSeq: 1 INVITE',
      'Content-Length: 0',
      '',
      '',
    ];
    const r = parse(['SIP/2.0 180 Ringing', ...base].join('\r\n'));
    assert.ok(r.kind === 'response');
    assert.equal(r.status, 180);
    assert.equal(r.reason, 'Ringing');
    const e = parse(['SIP/2.0 100 ', ...base].join('\r\n'));
    assert.ok(e.kind === 'response' && e.reason === '');
    const u = parse(['SIP/2.0 486 Занято', ...base].join('\r\n'));
    assert.ok(u.kind === 'response' && u.reason === 'Занято');
    const sep = parse(['SIP/2.0 200 a\u2028b', ...base].join('\r\n'));
    assert.ok(sep.kind === 'response' && sep.reason === 'a\u2028b', 'Unicode line separators are ordinary reason text');
  });

  it('rejects status codes outside 100-699', () => {
    const tail =
      '\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:a@b>\r\nFrom: <sip:c@d>;tag=1\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n\r\n';
    for (const line of ['SIP/2.0 99 Low', 'SIP/2.0 700 High', 'SIP/2.0 2000 Long', 'SIP/2.0 OK', 'SIP/2.0  200 OK']) {
      reject(`${line}${tail}`, SipErrorCode.BadStartLine);
    }
  });
});

describe('parseMessage: the project’s own malformed messages', () => {
  const cases: Array<[string, string, string]> = [
    ['empty input', '', SipErrorCode.Incomplete],
    ['no blank line', 'OPTIONS sip:a@b SIP/2.0\r\nVia: x', SipErrorCode.Incomplete],
    [
      'garbage start line',
      requestText('OPTIONS').replace('OPTIONS sip:bob@example.com SIP/2.0', 'HELLO'),
      SipErrorCode.BadStartLine,
    ],
    ['lower SIP version', requestText('OPTIONS').replace('SIP/2.0\r\n', 'SIP/1.0\r\n'), SipErrorCode.BadVersion],
    ['header without colon', requestText('OPTIONS', ['Bogus header line']), SipErrorCode.BadHeader],
    ['header name with space', requestText('OPTIONS', ['X Bad: 1']), SipErrorCode.BadHeader],
    ['continuation first', 'OPTIONS sip:a@b SIP/2.0\r\n folded\r\n\r\n', SipErrorCode.BadHeader],
    ['missing Call-ID', requestText('OPTIONS').replace('Call-ID: c1@example.com\r\n', ''), SipErrorCode.MissingHeader],
    ['missing Via', requestText('OPTIONS').replace(/Via: [^\r]*\r\n/, ''), SipErrorCode.MissingHeader],
    ['two To headers', requestText('OPTIONS', ['To: <sip:x@y>']), SipErrorCode.DuplicateHeader],
    ['two Content-Length', requestText('OPTIONS', ['Content-Length: 0']), SipErrorCode.DuplicateHeader],
    ['CSeq without method', requestText('OPTIONS').replace('CSeq: 1 OPTIONS', 'CSeq: 1'), SipErrorCode.BadHeader],
    ['CSeq 2^31', requestText('OPTIONS').replace('CSeq: 1 OPTIONS', 'CSeq: 2147483648 OPTIONS'), SipErrorCode.BadHeader],
    ['CSeq method mismatch', requestText('OPTIONS').replace('CSeq: 1 OPTIONS', 'CSeq: 1 INFO'), SipErrorCode.CSeqMismatch],
    ['Max-Forwards 256', requestText('OPTIONS').replace('Max-Forwards: 70', 'Max-Forwards: 256'), SipErrorCode.BadHeader],
    ['Max-Forwards negative', requestText('OPTIONS').replace('Max-Forwards: 70', 'Max-Forwards: -1'), SipErrorCode.BadHeader],
    [
      'Content-Length hex',
      requestText('OPTIONS').replace('Content-Length: 0', 'Content-Length: 0x0'),
      SipErrorCode.BadContentLength,
    ],
    [
      'Content-Length too big',
      requestText('OPTIONS').replace('Content-Length: 0', 'Content-Length: 10'),
      SipErrorCode.BadContentLength,
    ],
    ['Via without transport', requestText('OPTIONS').replace('SIP/2.0/UDP ', 'SIP/2.0 '), SipErrorCode.BadHeader],
    ['Via empty branch', requestText('OPTIONS').replace('branch=z9hG4bKabc', 'branch='), SipErrorCode.BadHeader],
    ['Via bad port', requestText('OPTIONS').replace('192.0.2.1:5060', '192.0.2.1:70000'), SipErrorCode.BadHeader],
    ['Via trailing comma', requestText('OPTIONS').replace('branch=z9hG4bKabc', 'branch=z9hG4bKabc,'), SipErrorCode.BadHeader],
    [
      'From unbalanced <',
      requestText('OPTIONS').replace('From: <sip:alice@example.com>', 'From: <sip:alice@example.com'),
      SipErrorCode.BadHeader,
    ],
    [
      'To with empty param',
      requestText('OPTIONS').replace('To: <sip:bob@example.com>', 'To: <sip:bob@example.com>;;tag=1'),
      SipErrorCode.BadHeader,
    ],
    ['Contact q=2', requestText('REGISTER', ['Contact: <sip:a@b>;q=2']), SipErrorCode.BadHeader],
    ['Contact * with another', requestText('REGISTER', ['Contact: *, <sip:a@b>']), SipErrorCode.BadHeader],
    ['Call-ID with space', requestText('OPTIONS').replace('Call-ID: c1@example.com', 'Call-ID: c1 x'), SipErrorCode.BadHeader],
    [
      'Request-URI with headers',
      requestText('OPTIONS').replace('sip:bob@example.com SIP', 'sip:bob@example.com?Subject=x SIP'),
      SipErrorCode.BadUri,
    ],
    ['Request-URI not a URI', requestText('OPTIONS').replace('sip:bob@example.com SIP', 'bob SIP'), SipErrorCode.BadUri],
    ['bare CR inside a header', requestText('OPTIONS', ['X-Evil: a\rVia: SIP/2.0/UDP evil']), SipErrorCode.BadHeader],
    ['Date not GMT', requestText('OPTIONS', ['Date: Sat, 13 Nov 2010 23:29:00 PST']), SipErrorCode.BadHeader],
  ];
  for (const [name, text, code] of cases) {
    it(`rejects: ${name}`, () => reject(text, code));
  }

  it('answers 505 for an unsupported version and 400 otherwise', () => {
    const v = parseMessage(Buffer.from(requestText('OPTIONS').replace('SIP/2.0\r\n', 'SIP/3.0\r\n')));
    assert.ok(!v.ok && v.error.status === 505);
    const b = parseMessage(Buffer.from(requestText('OPTIONS', ['To: <sip:x@y>'])));
    assert.ok(!b.ok && b.error.status === 400);
  });
});

describe('serializeMessage', () => {
  it('never lets a header value break into a new header line', () => {
    const m = parse(requestText('OPTIONS'));
    const evil = { ...m, headers: [...m.headers, { name: 'Subject', value: 'hi\r\nVia: SIP/2.0/UDP attacker' }] };
    const again = parse(serializeMessage(evil));
    assert.equal(getHeaderValues(again, 'Via').length, 1);
    assert.equal(getHeader(again, 'Subject'), 'hi  Via: SIP/2.0/UDP attacker');
  });
});

describe('parseMessage: limits', () => {
  it('refuses messages over maxMessageBytes with 513', () => {
    const r = parseMessage(Buffer.from(requestText('MESSAGE', [], 'x'.repeat(2000))), { limits: { maxMessageBytes: 1000 } });
    assert.ok(!r.ok && r.error.code === SipErrorCode.MessageTooLarge && r.error.status === 513);
  });

  it('refuses too many headers', () => {
    const extra = Array.from({ length: 20 }, (_, i) => `X-H${i}: v`);
    const r = parseMessage(Buffer.from(requestText('OPTIONS', extra)), { limits: { maxHeaders: 20 } });
    assert.ok(!r.ok && r.error.code === SipErrorCode.TooManyHeaders);
    assert.ok(parseMessage(Buffer.from(requestText('OPTIONS', extra)), { limits: { maxHeaders: 40 } }).ok);
  });

  it('refuses over-long header lines, folded or not', () => {
    const long = `X-Long: ${'a'.repeat(300)}`;
    const r = parseMessage(Buffer.from(requestText('OPTIONS', [long])), { limits: { maxHeaderBytes: 200 } });
    assert.ok(!r.ok && r.error.code === SipErrorCode.HeaderTooLong);
    const folded = ['X-Long: start', ...Array.from({ length: 10 }, () => ` ${'b'.repeat(30)}`)];
    const f = parseMessage(Buffer.from(requestText('OPTIONS', folded)), { limits: { maxHeaderBytes: 200 } });
    assert.ok(!f.ok && f.error.code === SipErrorCode.HeaderTooLong);
  });
});
