import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { MediaErrorCode } from '../errors.ts';
import { must } from '../testing/must.ts';
import { looksLikeRtcp, parseRtp, serializeRtp } from './rtp-packet.ts';
import { RtpPacketizer } from './rtp-packetizer.ts';
import { ExtendedSequence, seqDiff, seqNewer, seqNext, tsAdd, tsDiff, tsNewer } from './sequence.ts';

test('sequence and timestamp arithmetic wraps', () => {
  assert.equal(seqDiff(65535, 0), 1);
  assert.equal(seqDiff(0, 65535), -1);
  assert.equal(seqDiff(100, 90), -10);
  assert.ok(seqNewer(2, 65530));
  assert.ok(!seqNewer(65530, 2));
  assert.equal(seqNext(65535), 0);
  assert.equal(tsDiff(0xffffff00, 0x100), 0x200);
  assert.equal(tsAdd(0xffffffff, 160), 159);
  assert.ok(tsNewer(10, 0xfffffff0));
});

test('extended sequence numbers count cycles and place late packets in the right cycle', () => {
  const e = new ExtendedSequence();
  assert.equal(e.extend(65534), 65534);
  assert.equal(e.extend(65535), 65535);
  assert.equal(e.extend(1), 65537);
  assert.equal(e.extend(0), 65536, 'late packet after the wrap');
  assert.equal(e.extend(65533), 65533, 'late packet from before the wrap');
  assert.equal(e.highest, 65537);
});

test('packet round trip with CSRCs, extension, marker and padding', () => {
  const p = {
    payloadType: 8,
    marker: true,
    sequenceNumber: 65535,
    timestamp: 0xfffffff0,
    ssrc: 0xdeadbeef,
    csrcs: [1, 2],
    extension: { profile: 0xbede, data: Uint8Array.of(1, 2, 3, 4) },
    payload: Uint8Array.of(9, 8, 7),
  };
  const bytes = serializeRtp(p);
  const r = parseRtp(bytes);
  assert.ok(r.ok);
  assert.equal(r.value.ssrc, 0xdeadbeef);
  assert.equal(r.value.timestamp, 0xfffffff0);
  assert.equal(r.value.marker, true);
  assert.deepEqual(r.value.csrcs, [1, 2]);
  assert.deepEqual([...must(r.value.extension).data], [1, 2, 3, 4]);
  assert.deepEqual([...r.value.payload], [9, 8, 7]);
  const padded = new Uint8Array([...serializeRtp({ ...p, csrcs: [], extension: undefined } as never), 0, 0, 3]);
  padded[0] = (padded[0] ?? 0) | 0x20;
  const rp = parseRtp(padded);
  assert.ok(rp.ok);
  assert.deepEqual([...rp.value.payload], [9, 8, 7]);
});

test('malformed packets are typed errors; random bytes never throw', () => {
  const short = parseRtp(new Uint8Array(5));
  assert.ok(!short.ok && short.error.code === MediaErrorCode.RtpTooShort);
  const v1 = parseRtp(Uint8Array.from({ length: 20 }, () => 0x40));
  assert.ok(!v1.ok && v1.error.code === MediaErrorCode.RtpBadVersion);
  const cc = new Uint8Array(14);
  cc[0] = 0x8f;
  const r = parseRtp(cc);
  assert.ok(!r.ok && r.error.code === MediaErrorCode.RtpBadLength);
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 80 }), (b) => {
      assert.equal(typeof parseRtp(b).ok, 'boolean');
    }),
    { numRuns: 2000 },
  );
});

test('RTCP is told apart from RTP on a muxed port (RFC 5761 §4)', () => {
  assert.ok(looksLikeRtcp(Uint8Array.of(0x80, 200, 0, 6, 0, 0, 0, 1)));
  assert.ok(
    !looksLikeRtcp(
      serializeRtp({
        payloadType: 0,
        marker: true,
        sequenceNumber: 1,
        timestamp: 1,
        ssrc: 1,
        csrcs: [],
        payload: new Uint8Array(160),
      }),
    ),
  );
});

test('packetizer: marker on the first packet and after a silence gap, wrap of seq and timestamp', () => {
  const p = new RtpPacketizer({ payloadType: 0, ssrc: 7, initialSequence: 65534, initialTimestamp: 0xffffff00 });
  const a = p.packetize(new Uint8Array(160), 160);
  const b = p.packetize(new Uint8Array(160), 160);
  const c = p.packetize(new Uint8Array(160), 160);
  assert.deepEqual([a.marker, b.marker, c.marker], [true, false, false]);
  assert.deepEqual([a.sequenceNumber, b.sequenceNumber, c.sequenceNumber], [65534, 65535, 0]);
  assert.deepEqual([a.timestamp, b.timestamp, c.timestamp], [0xffffff00, 0xffffffa0, 0x40]);
  p.skip(800);
  const d = p.packetize(new Uint8Array(160), 160);
  assert.equal(d.marker, true);
  assert.equal(d.timestamp, 0x40 + 160 + 800);
  assert.equal(d.sequenceNumber, 1, 'silence does not consume sequence numbers');
  const random = new RtpPacketizer({ payloadType: 0 });
  assert.ok(random.ssrc >= 0 && random.ssrc < 2 ** 32);
});
