import assert from 'node:assert/strict';
import { test } from 'node:test';
import { must } from '../testing/must.ts';
import { encodeTelephoneEvent, parseTelephoneEvent } from './dtmf-event.ts';
import { type DtmfNotice, DtmfRfc4733Receiver } from './dtmf-rfc4733-receiver.ts';
import { planRfc4733 } from './dtmf-rfc4733-sender.ts';

const pkt = (timestamp: number, event: number, duration: number, end = false, marker = false, nowMs = 0) => ({
  kind: 'packet' as const,
  timestamp,
  marker,
  nowMs,
  payload: encodeTelephoneEvent({ event, end, volume: 10, duration }),
});

test('payload encode/parse round trip', () => {
  const e = { event: 11, end: true, volume: 13, duration: 1600 };
  assert.deepEqual(parseTelephoneEvent(encodeTelephoneEvent(e)), e);
  assert.equal(parseTelephoneEvent(Uint8Array.of(1, 2)), undefined);
});

test('every digit sent by the planner is received once, with end redundancy and duplicates', () => {
  const rx = new DtmfRfc4733Receiver({ clockRate: 8000 });
  const notices: DtmfNotice[] = [];
  let ts = 1000;
  for (const digit of ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#'] as const) {
    const plan = planRfc4733({ digit, durationMs: 100, timestamp: ts, clockRate: 8000 });
    assert.ok(must(plan[0]).marker && plan.slice(1).every((p) => !p.marker));
    assert.equal(plan.filter((p) => must(parseTelephoneEvent(p.payload)).end).length, 3, 'three end packets');
    for (const p of plan) {
      const input = { kind: 'packet' as const, timestamp: p.timestamp, marker: p.marker, payload: p.payload, nowMs: p.atMs };
      notices.push(...rx.process(input));
      notices.push(...rx.process(input)); // network duplicate
    }
    ts += 800 + 1600;
  }
  assert.equal(
    notices
      .filter((n) => n.type === 'begin')
      .map((n) => n.digit)
      .join(''),
    '0123456789*#',
  );
  const ends = notices.filter((n) => n.type === 'end');
  assert.equal(ends.length, 12);
  for (const e of ends) assert.ok(e.type === 'end' && e.durationMs === 100 && e.endSeen);
});

test('a lost first packet still yields begin; lost end packets end on timeout or on the next digit', () => {
  const rx = new DtmfRfc4733Receiver({ clockRate: 8000, missingEndTimeoutMs: 200 });
  const a = rx.process(pkt(5000, 7, 320, false, false, 40));
  assert.deepEqual(a, [{ type: 'begin', digit: '7', timestamp: 5000 }]);
  assert.deepEqual(rx.process({ kind: 'tick', nowMs: 100 }), []);
  const t = rx.process({ kind: 'tick', nowMs: 300 });
  assert.equal(t.length, 1);
  const ended = must(t[0]);
  assert.ok(ended.type === 'end' && !ended.endSeen && ended.durationMs === 40);
  rx.process(pkt(9000, 1, 160, false, true, 400));
  const next = rx.process(pkt(12000, 2, 160, false, true, 500));
  assert.deepEqual(
    next.map((n) => `${n.type}:${n.digit}`),
    ['end:1', 'begin:2'],
  );
});

test('reordered and late packets of a finished event are ignored', () => {
  const rx = new DtmfRfc4733Receiver({ clockRate: 8000 });
  const out = [
    ...rx.process(pkt(100, 3, 160, false, true)),
    ...rx.process(pkt(100, 3, 480, false)),
    ...rx.process(pkt(100, 3, 320, false)), // reordered: duration must not shrink
    ...rx.process(pkt(100, 3, 640, true)),
    ...rx.process(pkt(2000, 4, 160, false, true)),
    ...rx.process(pkt(100, 3, 640, true)), // late end retransmission of the previous digit
  ];
  assert.deepEqual(
    out.map((n) => `${n.type}:${n.digit}`),
    ['begin:3', 'end:3', 'begin:4'],
  );
  assert.equal((out[1] as { durationMs: number }).durationMs, 80);
});

test('an event whose only surviving packet is an end packet is reported', () => {
  const rx = new DtmfRfc4733Receiver({ clockRate: 8000 });
  assert.deepEqual(
    rx.process(pkt(100, 11, 800, true)).map((n) => `${n.type}:${n.digit}`),
    ['begin:#', 'end:#'],
  );
});

test('long press over 0xFFFF units is split by the sender and joined by the receiver (§2.5.1.3)', () => {
  const plan = planRfc4733({ digit: '5', durationMs: 12_000, timestamp: 0xffff0000, clockRate: 8000 });
  const stamps = [...new Set(plan.map((p) => p.timestamp))];
  assert.equal(stamps.length, 2, 'two segments');
  assert.equal(stamps[1], (0xffff0000 + 0xffff) >>> 0, 'second segment starts where the first ends, across the wrap');
  assert.ok(plan.every((p) => must(parseTelephoneEvent(p.payload)).duration <= 0xffff));
  const rx = new DtmfRfc4733Receiver({ clockRate: 8000 });
  const notices = plan.flatMap((p) =>
    rx.process({ kind: 'packet', timestamp: p.timestamp, marker: p.marker, payload: p.payload, nowMs: p.atMs }),
  );
  assert.deepEqual(
    notices.map((n) => n.type),
    ['begin', 'end'],
  );
  assert.equal((notices[1] as { durationMs: number }).durationMs, 12_000);
});

test('unknown events and short payloads are ignored', () => {
  const rx = new DtmfRfc4733Receiver({ clockRate: 8000 });
  assert.deepEqual(rx.process(pkt(1, 200, 160)), []);
  assert.deepEqual(rx.process({ kind: 'packet', timestamp: 1, marker: true, nowMs: 0, payload: Uint8Array.of(1) }), []);
});

test('a new event whose timestamp went backwards is accepted when it carries the marker bit', () => {
  const rx = new DtmfRfc4733Receiver({ clockRate: 8000 });
  const out = [
    ...rx.process(pkt(17632, 0, 160, false, true)),
    ...rx.process(pkt(17632, 0, 800, true)),
    ...rx.process(pkt(13280, 1, 160, false, true)), // older timestamp, new event (SIPp replaying captures)
    ...rx.process(pkt(13280, 1, 800, true)),
    ...rx.process(pkt(17632, 0, 160, false, true)), // late duplicate of the first event's start: ignored
    ...rx.process(pkt(9000, 2, 160, false, false)), // older, no marker: a stray late packet, ignored
  ];
  assert.deepEqual(
    out.map((n) => `${n.type}:${n.digit}`),
    ['begin:0', 'end:0', 'begin:1', 'end:1'],
  );
});
