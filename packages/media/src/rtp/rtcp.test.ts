import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { must } from '../testing/must.ts';
import { ReceiveStats } from './receive-stats.ts';
import { buildRtcp, ntpMiddle32, parseRtcp, toNtp } from './rtcp-packet.ts';

/** Feed `seqs` as 20 ms PCMU packets; `arrival(i)` gives the arrival time of the i-th. */
function feed(stats: ReceiveStats, seqs: number[], arrival: (i: number, seq: number) => number): void {
  for (const [i, seq] of seqs.entries()) stats.onPacket(seq, ((seq - must(seqs[0])) & 0xffff) * 160, arrival(i, seq));
}

test('loss: 5 lost of 100 across a sequence wrap (RFC 3550 §A.3)', () => {
  const start = 65500;
  const seqs = Array.from({ length: 100 }, (_, i) => (start + i) & 0xffff).filter((_, i) => ![10, 30, 50, 70, 90].includes(i));
  const s = new ReceiveStats(1, must(seqs[0]), 8000);
  feed(s, seqs, (_i, seq) => ((seq - start) & 0xffff) * 20);
  // Probation swallows the first packet (RFC 3550 §A.1, MIN_SEQUENTIAL = 2): base is the second.
  assert.equal(s.expected, 99);
  assert.equal(s.cumulativeLost, 5);
  const rb = s.reportBlock(2000);
  assert.equal(rb.fractionLost, Math.floor((5 * 256) / 99));
  assert.equal(rb.extendedHighestSequence, 65536 + ((start + 99) & 0xffff));
  const again = s.reportBlock(2100);
  assert.equal(again.fractionLost, 0, 'fraction lost is per interval');
  assert.equal(again.cumulativeLost, 5);
});

test('duplicates and reordering do not count as loss', () => {
  const s = new ReceiveStats(1, 100, 8000);
  feed(s, [100, 101, 103, 102, 104, 104, 105], (i) => i * 20);
  assert.equal(s.cumulativeLost, 0);
  assert.equal(s.duplicates, 1);
});

test('jitter: zero for perfectly paced packets, ≈ the RFC estimate for ±X ms alternation (§A.8)', () => {
  const steady = new ReceiveStats(1, 0, 8000);
  feed(
    steady,
    Array.from({ length: 200 }, (_, i) => i),
    (i) => 1000 + i * 20,
  );
  assert.equal(steady.reportBlock(5000).jitter, 0);
  const jittery = new ReceiveStats(1, 0, 8000);
  // Alternating 0 / +10 ms delay: |D| = 10 ms = 80 units every packet, so J converges to 80.
  feed(
    jittery,
    Array.from({ length: 400 }, (_, i) => i),
    (i) => 1000 + i * 20 + (i % 2) * 10,
  );
  const j = jittery.reportBlock(9000).jitter;
  assert.ok(j >= 78 && j <= 80, `jitter ${j}`);
  assert.ok(Math.abs(jittery.jitterMs - 10) < 0.3);
});

test('a sequence restart is accepted after two packets confirm it; a single stray jump is not', () => {
  const s = new ReceiveStats(1, 10, 8000);
  feed(s, [10, 11, 12, 13], (i) => i * 20);
  assert.equal(s.onPacket(40000, 0, 100), 'bad-jump');
  assert.equal(s.onPacket(14, 4 * 160, 100), 'valid');
  assert.equal(s.onPacket(20000, 0, 120), 'bad-jump');
  assert.equal(s.onPacket(20001, 160, 140), 'restarted');
  assert.equal(s.onPacket(20002, 320, 160), 'valid');
  assert.equal(s.cumulativeLost, 0);
});

test('SR / RR / SDES / BYE compound round trip with negative cumulative loss', () => {
  const ntp = toNtp(Date.UTC(2026, 0, 1, 12, 0, 0, 500));
  assert.equal(ntp.ntpSeconds, Date.UTC(2026, 0, 1, 12) / 1000 + 2208988800);
  assert.equal(ntp.ntpFraction, 2 ** 31);
  const block = {
    ssrc: 5,
    fractionLost: 12,
    cumulativeLost: -3,
    extendedHighestSequence: 70000,
    jitter: 80,
    lastSr: ntpMiddle32(ntp),
    delaySinceLastSr: 65536,
  };
  const bytes = buildRtcp([
    { type: 'sr', ssrc: 9, sender: { ...ntp, rtpTimestamp: 1234, packetCount: 50, octetCount: 8000 }, reports: [block] },
    { type: 'sdes', chunks: [{ ssrc: 9, cname: 'rexian@media-1' }] },
    { type: 'bye', ssrcs: [9], reason: 'hangup' },
  ]);
  assert.equal(bytes.length % 4, 0);
  const r = parseRtcp(bytes);
  assert.ok(r.ok);
  assert.deepEqual(r.value, [
    { type: 'sr', ssrc: 9, sender: { ...ntp, rtpTimestamp: 1234, packetCount: 50, octetCount: 8000 }, reports: [block] },
    { type: 'sdes', chunks: [{ ssrc: 9, cname: 'rexian@media-1' }] },
    { type: 'bye', ssrcs: [9], reason: 'hangup' },
  ]);
  const rr = parseRtcp(
    buildRtcp([
      { type: 'rr', ssrc: 3, reports: [] },
      { type: 'sdes', chunks: [{ ssrc: 3, cname: 'abc' }] },
    ]),
  );
  assert.ok(rr.ok && must(rr.value[0]).type === 'rr' && must(rr.value[1]).type === 'sdes');
});

test('stats → report block → RTCP bytes → parsed values agree', () => {
  const s = new ReceiveStats(77, 0, 8000);
  feed(
    s,
    Array.from({ length: 50 }, (_, i) => i).filter((i) => i % 10 !== 5),
    (i) => i * 20,
  );
  s.onSenderReport(0x12345678, 500);
  const rb = s.reportBlock(1500);
  assert.equal(rb.delaySinceLastSr, 65536);
  const parsed = parseRtcp(buildRtcp([{ type: 'rr', ssrc: 1, reports: [rb] }]));
  assert.ok(parsed.ok);
  const rr = must(parsed.value[0]);
  assert.ok(rr.type === 'rr');
  assert.deepEqual(rr.reports[0], rb);
  assert.equal(rb.cumulativeLost, 5);
});

test('malformed RTCP is a typed error; random bytes never throw', () => {
  assert.equal(parseRtcp(Uint8Array.of(0x80, 202, 0, 1, 0, 0, 0, 0)).ok, false, 'must start with SR/RR');
  assert.equal(parseRtcp(Uint8Array.of(0x80, 201, 0, 9, 0, 0, 0, 0)).ok, false, 'length beyond datagram');
  assert.equal(parseRtcp(Uint8Array.of(0x81, 201, 0, 1, 0, 0, 0, 0)).ok, false, 'report count beyond length');
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 100 }), (b) => {
      assert.equal(typeof parseRtcp(b).ok, 'boolean');
    }),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 8, maxLength: 100 }), (b) => {
      const x = Uint8Array.from(b);
      x[0] = 0x80 | (must(x[0]) & 0x1f);
      x[1] = 200 + (must(x[1]) % 4);
      assert.equal(typeof parseRtcp(x).ok, 'boolean');
    }),
    { numRuns: 2000 },
  );
});
