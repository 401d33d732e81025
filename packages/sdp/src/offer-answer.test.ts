import assert from 'node:assert/strict';
import { test } from 'node:test';

function must<T>(value: T | undefined | null): T {
  assert.ok(value !== undefined && value !== null, 'value is missing');
  return value;
}

import { directionOf, hasRtcpMux, ptimeOf, rtpMaps } from './attributes.ts';
import { G722, OPUS, PCMA, PCMU } from './codec-catalog.ts';
import { SdpErrorCode } from './errors.ts';
import { type AnswerOptions, createAnswer, createOffer, negotiateAnswer, nextSessionVersion } from './offer-answer.ts';
import type { SessionDescription } from './sdp-model.ts';
import { parseSdp } from './sdp-parser.ts';
import { serializeSdp } from './sdp-serializer.ts';

const crlf = (lines: string[]): string => `${lines.join('\r\n')}\r\n`;
const parse = (text: string): SessionDescription => {
  const r = parseSdp(text);
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value;
};

const local: AnswerOptions = {
  address: '203.0.113.5',
  port: 30000,
  codecs: [PCMA, PCMU, G722],
  origin: { sessionId: '42', sessionVersion: '1' },
};

const offerText = (media: string[], session: string[] = ['c=IN IP4 192.0.2.10']): string =>
  crlf(['v=0', 'o=- 7 7 IN IP4 192.0.2.10', 's=-', ...session, 't=0 0', ...media]);

test("answers with the offerer's first common codec, its payload numbers and telephone-event", () => {
  const offer = parse(
    offerText(['m=audio 11800 RTP/AVP 9 0 8 101', 'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-15', 'a=ptime:30']),
  );
  const r = createAnswer(offer, local);
  assert.ok(r.ok);
  const { answer, audio } = r.value;
  assert.equal(audio.codec.encoding, 'G722');
  assert.equal(audio.codec.payloadType, 9);
  assert.deepEqual(audio.telephoneEvent, { payloadType: 101, clockRate: 8000 });
  assert.equal(audio.ptime, 30, 'we send with the ptime the peer asked for');
  assert.equal(audio.remoteAddress, '192.0.2.10');
  assert.equal(audio.remotePort, 11800);
  assert.equal(audio.remoteRtcpPort, 11801);
  const m = must(parse(serializeSdp(answer)).media[0]);
  assert.deepEqual(m.formats, ['9', '101']);
  assert.equal(m.port, 30000);
  assert.equal(ptimeOf(m), 20);
  assert.ok(m.attributes.some((a) => a.name === 'fmtp' && a.value === '101 0-15'));
});

test('local codec preference picks our favourite instead', () => {
  const offer = parse(offerText(['m=audio 11800 RTP/AVP 9 0 8']));
  const r = createAnswer(offer, { ...local, codecPreference: 'local' });
  assert.ok(r.ok);
  assert.equal(r.value.audio.codec.encoding, 'PCMA');
});

test('dynamic payload numbers chosen by the offerer are reused in the answer', () => {
  const offer = parse(offerText(['m=audio 11800 RTP/AVP 97 98', 'a=rtpmap:97 pcmu/8000', 'a=rtpmap:98 telephone-event/8000']));
  const r = createAnswer(offer, local);
  assert.ok(r.ok);
  assert.equal(r.value.audio.codec.payloadType, 97);
  assert.equal(r.value.audio.telephoneEvent?.payloadType, 98);
  assert.deepEqual(must(r.value.answer.media[0]).formats, ['97', '98']);
});

test('telephone-event at another clock rate than the chosen codec is not accepted (RFC 4733 §7.1.1)', () => {
  const offer = parse(offerText(['m=audio 11800 RTP/AVP 0 101', 'a=rtpmap:101 telephone-event/48000']));
  const r = createAnswer(offer, local);
  assert.ok(r.ok);
  assert.equal(r.value.audio.telephoneEvent, undefined);
});

test('several m= lines: video, SRTP and a second audio stream are answered with port 0', () => {
  const offer = parse(
    offerText([
      'm=audio 5000 RTP/SAVP 0',
      'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:abc',
      'm=video 5002 RTP/AVP 96',
      'a=rtpmap:96 H264/90000',
      'm=audio 5004 RTP/AVP 8',
      'c=IN IP4 192.0.2.99',
      'm=audio 5006 RTP/AVP 0',
    ]),
  );
  const r = createAnswer(offer, local);
  assert.ok(r.ok);
  const ports = r.value.answer.media.map((m) => m.port);
  assert.deepEqual(ports, [0, 0, 30000, 0]);
  assert.equal(r.value.audio.mediaIndex, 2);
  assert.equal(r.value.audio.remoteAddress, '192.0.2.99', 'media-level connection wins');
  assert.deepEqual(must(r.value.answer.media[1]).formats, ['96'], 'rejected lines keep their formats');
  const text = serializeSdp(r.value.answer);
  assert.ok(text.includes('m=video 0 RTP/AVP 96'));
});

test('no common codec and no connection address are typed errors', () => {
  const g729 = createAnswer(parse(offerText(['m=audio 5000 RTP/AVP 18'])), local);
  assert.ok(!g729.ok && g729.error.code === SdpErrorCode.NoCommonCodec);
  const noConn = createAnswer(parse(offerText(['m=audio 5000 RTP/AVP 0'], [])), local);
  assert.ok(!noConn.ok && noConn.error.code === SdpErrorCode.NoConnection);
});

test('hold: sendonly is answered recvonly, inactive stays inactive, c=0.0.0.0 is detected', () => {
  const cases: Array<[string, string]> = [
    ['sendonly', 'recvonly'],
    ['recvonly', 'sendonly'],
    ['inactive', 'inactive'],
    ['sendrecv', 'sendrecv'],
  ];
  for (const [offered, expected] of cases) {
    const r = createAnswer(parse(offerText(['m=audio 5000 RTP/AVP 0', `a=${offered}`])), local);
    assert.ok(r.ok);
    assert.equal(r.value.audio.direction, expected, offered);
    assert.equal(directionOf(r.value.answer, must(r.value.answer.media[0])), expected);
    assert.equal(r.value.audio.heldByPeer, offered === 'sendonly' || offered === 'inactive');
  }
  const old = createAnswer(parse(offerText(['m=audio 5000 RTP/AVP 0'], ['c=IN IP4 0.0.0.0'])), local);
  assert.ok(old.ok && old.value.audio.heldByPeer);
  const sessionLevel = createAnswer(parse(offerText(['m=audio 5000 RTP/AVP 0'], ['c=IN IP4 192.0.2.1', 'a=sendonly'])), local);
  assert.ok(sessionLevel.ok && sessionLevel.value.audio.direction === 'recvonly');
  const weHold = createAnswer(parse(offerText(['m=audio 5000 RTP/AVP 0'])), { ...local, direction: 'sendonly' });
  assert.ok(weHold.ok && weHold.value.audio.direction === 'sendonly');
});

test('rtcp-mux is accepted only when offered and wanted (RFC 5761 §5.1.1)', () => {
  const offered = parse(offerText(['m=audio 5000 RTP/AVP 0', 'a=rtcp-mux']));
  const yes = createAnswer(offered, local);
  assert.ok(yes.ok && yes.value.audio.rtcpMux && yes.value.audio.remoteRtcpPort === 5000);
  assert.ok(hasRtcpMux(must(yes.value.answer.media[0])));
  const refused = createAnswer(offered, { ...local, rtcpMux: false });
  assert.ok(refused.ok && !refused.value.audio.rtcpMux && !hasRtcpMux(must(refused.value.answer.media[0])));
  const notOffered = createAnswer(parse(offerText(['m=audio 5000 RTP/AVP 0'])), local);
  assert.ok(notOffered.ok && !hasRtcpMux(must(notOffered.value.answer.media[0])));
});

test('ptime outside what we support and maxptime are honoured', () => {
  const odd = createAnswer(parse(offerText(['m=audio 5000 RTP/AVP 0', 'a=ptime:25'])), local);
  assert.ok(odd.ok && odd.value.audio.ptime === 20);
  const capped = createAnswer(parse(offerText(['m=audio 5000 RTP/AVP 0', 'a=maxptime:10'])), local);
  assert.ok(capped.ok && capped.value.audio.ptime === 10);
});

test('a browser offer with Opus first falls back to G.711 until Opus is enabled, then picks Opus', () => {
  const browser = parse(
    offerText([
      'm=audio 9 RTP/AVPF 111 0 8 126',
      'a=rtpmap:111 opus/48000/2',
      'a=fmtp:111 minptime=10;useinbandfec=1',
      'a=rtpmap:126 telephone-event/8000',
      'a=rtcp-mux',
    ]),
  );
  const g711 = createAnswer(browser, local);
  assert.ok(g711.ok && g711.value.audio.codec.encoding === 'PCMU' && g711.value.audio.telephoneEvent?.payloadType === 126);
  const opus = createAnswer(browser, { ...local, codecs: [OPUS, PCMU] });
  assert.ok(opus.ok);
  assert.equal(opus.value.audio.codec.encoding, 'opus');
  assert.equal(opus.value.audio.codec.fmtp, 'minptime=10;useinbandfec=1');
  assert.equal(opus.value.audio.telephoneEvent, undefined, 'no telephone-event/48000 was offered');
});

test('offer → answer → negotiateAnswer round trip agrees on both sides', () => {
  const offer = createOffer({ ...local, codecs: [G722, PCMU], rtcpMux: true });
  const offerParsed = parse(serializeSdp(offer));
  assert.deepEqual(must(offerParsed.media[0]).formats, ['9', '0', '101']);
  assert.deepEqual(
    rtpMaps(must(offerParsed.media[0])).map((m) => m.encoding),
    ['G722', 'PCMU', 'telephone-event'],
  );
  const peer: AnswerOptions = {
    address: '198.51.100.7',
    port: 40000,
    codecs: [PCMU],
    origin: { sessionId: '9', sessionVersion: '1' },
  };
  const answered = createAnswer(offerParsed, peer);
  assert.ok(answered.ok);
  const n = negotiateAnswer(offerParsed, parse(serializeSdp(answered.value.answer)));
  assert.ok(n.ok);
  assert.equal(n.value.codec.encoding, 'PCMU');
  assert.equal(n.value.remoteAddress, '198.51.100.7');
  assert.equal(n.value.remotePort, 40000);
  assert.equal(n.value.rtcpMux, true);
  assert.deepEqual(n.value.telephoneEvent, { payloadType: 101, clockRate: 8000 });
  assert.equal(n.value.direction, 'sendrecv');
});

test('negotiateAnswer rejects answers that break RFC 3264', () => {
  const offer = parse(serializeSdp(createOffer(local)));
  const fewer = parse(crlf(['v=0', 'o=- 1 1 IN IP4 1.1.1.1', 's=-', 'c=IN IP4 1.1.1.1', 't=0 0']));
  const r1 = negotiateAnswer(offer, fewer);
  assert.ok(!r1.ok && r1.error.code === SdpErrorCode.AnswerMismatch);
  const alien = parse(crlf(['v=0', 'o=- 1 1 IN IP4 1.1.1.1', 's=-', 'c=IN IP4 1.1.1.1', 't=0 0', 'm=audio 4000 RTP/AVP 18']));
  const r2 = negotiateAnswer(offer, alien);
  assert.ok(!r2.ok && r2.error.code === SdpErrorCode.NoCommonCodec);
  const held = parse(
    crlf(['v=0', 'o=- 1 1 IN IP4 1.1.1.1', 's=-', 'c=IN IP4 1.1.1.1', 't=0 0', 'm=audio 4000 RTP/AVP 8', 'a=recvonly']),
  );
  const r3 = negotiateAnswer(offer, held);
  assert.ok(r3.ok && r3.value.direction === 'sendonly');
});

test('session version increments past 2^53 without losing precision', () => {
  assert.equal(nextSessionVersion('9007199254740993'), '9007199254740994');
  const reoffer = createOffer({
    ...local,
    direction: 'sendonly',
    origin: { sessionId: '42', sessionVersion: nextSessionVersion('1') },
  });
  assert.equal(reoffer.origin.sessionVersion, '2');
  assert.equal(directionOf(reoffer, must(reoffer.media[0])), 'sendonly');
});

test('property: answering any parseable offer never throws and keeps m-line indices aligned', async () => {
  const fc = (await import('fast-check')).default;
  const line = fc.oneof(
    fc.constantFrom(
      'a=sendonly',
      'a=recvonly',
      'a=inactive',
      'a=rtcp-mux',
      'a=ptime:30',
      'a=maxptime:0',
      'c=IN IP4 0.0.0.0',
      'a=rtpmap:96 opus/48000/2',
      'a=rtpmap:101 telephone-event/8000',
      'a=rtpmap:0 PCMU/8000',
      'a=fmtp:101 0-15',
      'a=rtcp:9',
      'b=AS:64',
    ),
    fc
      .tuple(
        fc.constantFrom('audio', 'video', 'application'),
        fc.nat(65535),
        fc.constantFrom('RTP/AVP', 'RTP/SAVP', 'UDP/TLS/RTP/SAVPF', 'RTP/AVPF'),
        fc.array(fc.constantFrom('0', '8', '9', '18', '96', '101', '127'), { minLength: 1, maxLength: 5 }),
      )
      .map(([t, p, proto, f]) => `m=${t} ${p} ${proto} ${f.join(' ')}`),
  );
  fc.assert(
    fc.property(fc.boolean(), fc.array(line, { maxLength: 12 }), (sessionConn, lines) => {
      const text = [
        'v=0',
        'o=- 1 1 IN IP4 192.0.2.1',
        's=-',
        ...(sessionConn ? ['c=IN IP4 192.0.2.1'] : []),
        't=0 0',
        ...lines,
      ].join('\r\n');
      const offer = parseSdp(text);
      if (!offer.ok) return;
      const r = createAnswer(offer.value, local);
      if (!r.ok) return;
      assert.equal(r.value.answer.media.length, offer.value.media.length);
      const accepted = r.value.answer.media.filter((m) => m.port !== 0);
      assert.equal(accepted.length, 1);
      assert.ok(parseSdp(serializeSdp(r.value.answer)).ok);
      assert.ok(negotiateAnswer(offer.value, r.value.answer).ok, 'our own answer satisfies our own offer checks');
    }),
    { numRuns: 1000 },
  );
});
