import assert from 'node:assert/strict';
import { test } from 'node:test';

function must<T>(value: T | undefined | null): T {
  assert.ok(value !== undefined && value !== null, 'value is missing');
  return value;
}

import fc from 'fast-check';
import { connectionOf, directionOf, hasRtcpMux, ptimeOf, rtcpPortOf, rtpMaps } from './attributes.ts';
import { SdpErrorCode } from './errors.ts';
import { parseSdp } from './sdp-parser.ts';
import { serializeSdp } from './sdp-serializer.ts';

const crlf = (lines: string[]): string => `${lines.join('\r\n')}\r\n`;

const PHONE_OFFER = crlf([
  'v=0',
  'o=yealink 1234 5678 IN IP4 192.0.2.10',
  's=SDP data',
  'c=IN IP4 192.0.2.10',
  't=0 0',
  'm=audio 11800 RTP/AVP 9 0 8 101',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-15',
  'a=ptime:20',
  'a=sendrecv',
  'm=video 11802 RTP/AVP 96',
  'c=IN IP4 192.0.2.11',
  'a=rtpmap:96 H264/90000',
]);

test('parses a desk-phone offer with session and media level data', () => {
  const r = parseSdp(PHONE_OFFER);
  assert.ok(r.ok);
  const s = r.value;
  assert.equal(s.origin.sessionVersion, '5678');
  assert.equal(s.media.length, 2);
  const audio = must(s.media[0]);
  assert.deepEqual(audio.formats, ['9', '0', '8', '101']);
  assert.deepEqual(
    rtpMaps(audio).map((m) => `${m.payloadType}:${m.encoding}/${m.clockRate}`),
    ['9:G722/8000', '0:PCMU/8000', '8:PCMA/8000', '101:telephone-event/8000'],
  );
  assert.equal(ptimeOf(audio), 20);
  assert.equal(directionOf(s, audio), 'sendrecv');
  assert.equal(connectionOf(s, audio)?.address, '192.0.2.10');
  assert.equal(connectionOf(s, must(s.media[1]))?.address, '192.0.2.11', 'media-level c= overrides');
  assert.equal(rtcpPortOf(audio), 11801);
  assert.equal(hasRtcpMux(audio), false);
});

test('serialize → parse → serialize is stable and keeps unknown attributes', () => {
  const withExtra = PHONE_OFFER.replace('a=ptime:20', 'a=ptime:20\r\na=x-vendor:thing\r\na=label:1');
  const first = parseSdp(withExtra);
  assert.ok(first.ok);
  const text = serializeSdp(first.value);
  assert.ok(text.includes('a=x-vendor:thing'));
  const second = parseSdp(text);
  assert.ok(second.ok);
  assert.deepEqual(second.value, first.value);
  assert.equal(serializeSdp(second.value), text);
});

test('static payload types work without rtpmap; LF line ends and missing t= are tolerated', () => {
  const r = parseSdp('v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nc=IN IP4 10.0.0.1\nm=audio 4000 RTP/AVP 0 8 18\n');
  assert.ok(r.ok);
  assert.deepEqual(
    rtpMaps(must(r.value.media[0])).map((m) => m.encoding),
    ['PCMU', 'PCMA', 'G729'],
  );
  assert.deepEqual(r.value.timing, [{ start: '0', stop: '0', repeats: [] }]);
});

test('rtcp-mux and a=rtcp are read', () => {
  const base = ['v=0', 'o=- 1 1 IN IP4 10.0.0.1', 's=-', 'c=IN IP4 10.0.0.1', 't=0 0', 'm=audio 5000 RTP/AVP 0'];
  const mux = parseSdp(crlf([...base, 'a=rtcp-mux']));
  assert.ok(mux.ok);
  assert.equal(rtcpPortOf(must(mux.value.media[0])), 5000);
  const explicit = parseSdp(crlf([...base, 'a=rtcp:6001 IN IP4 10.0.0.1']));
  assert.ok(explicit.ok);
  assert.equal(rtcpPortOf(must(explicit.value.media[0])), 6001);
});

const BAD: Array<[string, string, string]> = [
  ['empty', '', SdpErrorCode.Empty],
  ['wrong version', 'v=1\r\no=- 1 1 IN IP4 1.2.3.4\r\n', SdpErrorCode.BadVersion],
  ['no origin', 'v=0\r\ns=-\r\nt=0 0\r\n', SdpErrorCode.MissingField],
  ['short origin', 'v=0\r\no=- 1 IN IP4 1.2.3.4\r\n', SdpErrorCode.BadOrigin],
  ['non-numeric version', 'v=0\r\no=- 1 x IN IP4 1.2.3.4\r\n', SdpErrorCode.BadOrigin],
  ['garbage line', 'v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nhello\r\n', SdpErrorCode.BadLine],
  ['bad c= address', 'v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nc=IN IP4 300.1.1.1 x\r\n', SdpErrorCode.BadConnection],
  ['bad net type', 'v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nc=ATM NSAP 1\r\n', SdpErrorCode.BadConnection],
  ['port too large', 'v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio 70000 RTP/AVP 0\r\n', SdpErrorCode.BadMedia],
  ['no formats', 'v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio 7000 RTP/AVP\r\n', SdpErrorCode.BadMedia],
  ['pt out of range', 'v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio 7000 RTP/AVP 300\r\n', SdpErrorCode.BadMedia],
  ['bad t=', 'v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nt=now\r\n', SdpErrorCode.BadTiming],
];

for (const [name, text, code] of BAD) {
  test(`rejects ${name} with ${code}`, () => {
    const r = parseSdp(text);
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.error.code, code);
  });
}

test('limits: too many m= lines and too large bodies are typed errors', () => {
  const many = crlf([
    'v=0',
    'o=- 1 1 IN IP4 1.2.3.4',
    's=-',
    ...Array.from({ length: 20 }, (_, i) => `m=audio ${2000 + i * 2} RTP/AVP 0`),
  ]);
  const r = parseSdp(many);
  assert.ok(!r.ok && r.error.code === SdpErrorCode.TooManyMedia);
  const big = parseSdp(`v=0\r\n${'a=x\r\n'.repeat(20000)}`);
  assert.ok(!big.ok && big.error.code === SdpErrorCode.TooLarge);
});

test('property: arbitrary text and mutated offers never throw', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 400 }), (s) => {
      const r = parseSdp(s);
      assert.equal(typeof r.ok, 'boolean');
    }),
    { numRuns: 500 },
  );
  const lines = PHONE_OFFER.split('\r\n');
  fc.assert(
    fc.property(fc.nat(lines.length - 1), fc.string({ maxLength: 30 }), (i, junk) => {
      const copy = [...lines];
      copy[i] = `${copy[i]?.slice(0, 2) ?? ''}${junk}`;
      const r = parseSdp(copy.join('\r\n'));
      if (r.ok) assert.ok(parseSdp(serializeSdp(r.value)).ok, 'what we accept we can re-read');
    }),
    { numRuns: 500 },
  );
});

test('Uint8Array bodies are accepted', () => {
  assert.ok(parseSdp(new TextEncoder().encode(PHONE_OFFER)).ok);
});
