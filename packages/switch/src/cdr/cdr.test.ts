import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callFixture } from '../testing/call-fixture.ts';
import type { Cdr } from './cdr.ts';
import { cdrsFromEvents, closeCrashedCdrs, reduceCdr } from './cdr.ts';
import { createCdrRecorder } from './cdr-recorder.ts';
import { causeFromSipStatus, q850Of } from './hangup-cause.ts';

const T0 = Date.UTC(2026, 0, 5, 2, 0, 0);

/** Caller rings 5 s, callee answers, they talk 60 s; `hangupFirst` hangs up remotely, the switch clears the other. */
function answeredCall(hangupFirst: 'caller' | 'callee') {
  const f = callFixture(T0);
  const a = f.model.createChannel({
    callId: 'c1',
    direction: 'inbound',
    role: 'caller',
    caller: '13800138000',
    callee: '4008001234',
    callType: 'inbound',
    accessNumber: '4008001234',
    trunkId: 't1',
  });
  f.model.ringing(a.id);
  const b = f.model.createChannel({ callId: 'c1', direction: 'outbound', role: 'callee', caller: '13800138000', callee: '8001' });
  f.model.ringing(b.id);
  f.clock.advance(5000);
  f.model.answered(b.id);
  f.model.answered(a.id);
  f.model.startRecording({ target: { kind: 'channel', id: a.id }, file: '/rec/c1.mp3', format: 'mp3' });
  f.clock.advance(60_000);
  const [first, second] = hangupFirst === 'caller' ? [a.id, b.id] : [b.id, a.id];
  f.model.hungUp(first, 'normal-clearing', 'remote');
  f.clock.advance(20);
  f.model.hungUp(second, 'normal-clearing', 'local');
  return { ...f, a: a.id, b: b.id };
}

describe('CDR shaping', () => {
  it('one CDR with both legs, durations, recording and the party who hung up', () => {
    const f = answeredCall('callee');
    const [cdr] = cdrsFromEvents(f.events);
    assert.ok(cdr);
    assert.equal(cdrsFromEvents(f.events).length, 1);
    assert.equal(cdr.callType, 'inbound');
    assert.equal(cdr.accessNumber, '4008001234');
    assert.equal(cdr.caller, '13800138000');
    assert.equal(cdr.startedAt, T0);
    assert.equal(cdr.answeredAt, T0 + 5000);
    assert.equal(cdr.endedAt, T0 + 65_020);
    assert.equal(cdr.ringMs, 5000);
    assert.equal(cdr.talkMs, 60_020);
    assert.equal(cdr.hungUpBy, 'callee');
    assert.equal(cdr.cause, 'normal-clearing');
    assert.equal(cdr.recordingFile, '/rec/c1.mp3');
    assert.equal(cdr.open, false);
    assert.deepEqual(
      cdr.legs.map((l) => [l.role, l.answeredAt, l.endedAt, l.hungUpBy]),
      [
        ['caller', T0 + 5000, T0 + 65_020, 'local'],
        ['callee', T0 + 5000, T0 + 65_000, 'remote'],
      ],
    );
    assert.equal(cdr.legs[0]?.trunkId, 't1');
  });

  it('names the caller when the caller hangs up first', () => {
    const [cdr] = cdrsFromEvents(answeredCall('caller').events);
    assert.equal(cdr?.hungUpBy, 'caller');
  });

  it('an unanswered call rings for its whole life and talks for none; an application hang-up is the system', () => {
    const f = callFixture(T0);
    const a = f.model.createChannel({
      callId: 'c2',
      direction: 'inbound',
      role: 'caller',
      caller: '1001',
      callee: '1002',
      callType: 'internal',
    });
    const b = f.model.createChannel({ callId: 'c2', direction: 'outbound', role: 'callee', caller: '1001', callee: '1002' });
    f.model.ringing(a.id);
    f.model.ringing(b.id);
    f.clock.advance(30_000);
    f.model.hungUp(b.id, 'no-answer', 'local');
    f.model.hungUp(a.id, 'no-answer', 'local');
    const [cdr] = cdrsFromEvents(f.events);
    assert.deepEqual(
      [cdr?.callType, cdr?.ringMs, cdr?.talkMs, cdr?.cause, cdr?.hungUpBy, cdr?.answeredAt],
      ['internal', 30_000, 0, 'no-answer', 'system', undefined],
    );
  });

  it('stays open while any leg is up, and separates calls by callId', () => {
    const f = callFixture(T0);
    const a = f.model.createChannel({ callId: 'x', direction: 'inbound', role: 'caller', caller: '1', callee: '2' });
    f.model.createChannel({ callId: 'x', direction: 'outbound', role: 'callee', caller: '1', callee: '2' });
    f.model.createChannel({
      callId: 'y',
      direction: 'outbound',
      role: 'caller',
      caller: '3',
      callee: '4',
      callType: 'auto-outbound',
    });
    f.model.hungUp(a.id, 'cancelled', 'remote');
    const cdrs = cdrsFromEvents(f.events);
    assert.deepEqual(
      cdrs.map((c) => [c.callId, c.open, c.callType, c.cause]),
      [
        ['x', true, 'inbound', 'cancelled'],
        ['y', true, 'auto-outbound', undefined],
      ],
    );
  });

  it('ignores events it has already folded in (replay after restart) and events before the call exists', () => {
    const f = answeredCall('caller');
    const once = cdrsFromEvents(f.events);
    const twice = cdrsFromEvents([...f.events, ...f.events]);
    assert.deepEqual(twice, once);
    const answered = f.events.find((e) => e.type === 'channel.answered');
    assert.ok(answered);
    assert.equal(reduceCdr(undefined, answered), undefined);
  });

  it('closes calls a crash left open with cause system-restart', () => {
    const f = callFixture(T0);
    const a = f.model.createChannel({ callId: 'c3', direction: 'inbound', role: 'caller', caller: '1', callee: '2' });
    const b = f.model.createChannel({ callId: 'c3', direction: 'outbound', role: 'callee', caller: '1', callee: '2' });
    f.clock.advance(2000);
    f.model.answered(b.id);
    f.model.answered(a.id);
    const open = cdrsFromEvents(f.events);
    const done = answeredCall('caller');
    const closed = closeCrashedCdrs([...open, ...cdrsFromEvents(done.events)], T0 + 10_000);
    assert.equal(closed.length, 1, 'closed CDRs are left alone');
    const [cdr] = closed;
    assert.deepEqual(
      [cdr?.open, cdr?.cause, cdr?.hungUpBy, cdr?.endedAt, cdr?.talkMs, cdr?.ringMs],
      [false, 'system-restart', 'system', T0 + 10_000, 8000, 2000],
    );
    assert.ok(cdr?.legs.every((l) => l.cause === 'system-restart' && l.endedAt === T0 + 10_000));
  });
});

describe('CDR recorder', () => {
  it('writes at start, answer and end so a crash at any point loses nothing written before it', async () => {
    const f = callFixture(T0);
    const rows = new Map<string, Cdr>();
    const writes: string[] = [];
    const recorder = createCdrRecorder({
      bus: f.bus,
      store: {
        save: async (c) => {
          rows.set(c.callId, c);
          writes.push(`${c.legs.length}:${c.answeredAt === undefined ? '-' : 'A'}:${c.open ? 'open' : 'closed'}`);
        },
        listOpen: async () => [...rows.values()].filter((c) => c.open),
      },
    });
    const a = f.model.createChannel({ callId: 'c4', direction: 'inbound', role: 'caller', caller: '1', callee: '2' });
    f.model.ringing(a.id);
    await recorder.flush();
    assert.deepEqual(writes, ['1:-:open'], 'written at start; ringing changes nothing stored');
    f.model.answered(a.id);
    f.model.dtmf(a.id, '1', 'rfc4733');
    await recorder.flush();
    assert.deepEqual(writes, ['1:-:open', '1:A:open']);
    assert.deepEqual(
      recorder.liveCalls().map((c) => [c.callId, c.answeredAt]),
      [['c4', T0]],
    );
    // A crash here: the store holds an open, answered CDR, which start-up closes.
    const recovered = closeCrashedCdrs(
      [...rows.values()].filter((c) => c.open),
      T0 + 1000,
    );
    assert.equal(recovered[0]?.cause, 'system-restart');
    f.model.hungUp(a.id, 'normal-clearing', 'remote');
    await recorder.flush();
    assert.deepEqual(writes, ['1:-:open', '1:A:open', '1:A:closed']);
    assert.deepEqual(recorder.liveCalls(), []);
    recorder.stop();
  });

  it('coalesces the changes made while a write runs into one batch with the latest state of each call', async () => {
    const f = callFixture(T0);
    const writes: string[] = [];
    let release: () => void = () => {};
    const recorder = createCdrRecorder({
      bus: f.bus,
      store: {
        save: async (c) => {
          writes.push(`save ${c.callId}:${c.answeredAt === undefined ? '-' : 'A'}`);
          await new Promise<void>((r) => {
            release = r;
          });
        },
        saveMany: async (cs) => {
          writes.push(`batch ${cs.map((c) => `${c.callId}:${c.answeredAt === undefined ? '-' : 'A'}`).join(',')}`);
        },
        listOpen: async () => [],
      },
    });
    const a = f.model.createChannel({ callId: 'c6', direction: 'inbound', role: 'caller', caller: '1', callee: '2' });
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(writes, ['save c6:-'], 'the first change is written at once');
    const b = f.model.createChannel({ callId: 'c7', direction: 'inbound', role: 'caller', caller: '3', callee: '4' });
    f.model.answered(a.id);
    f.model.answered(b.id);
    release();
    await recorder.flush();
    assert.deepEqual(writes, ['save c6:-', 'batch c7:A,c6:A'], 'queued behind it: one batch, newest states');
    f.model.hungUp(a.id, 'normal-clearing', 'remote');
    const done = recorder.flush();
    await new Promise((r) => setImmediate(r));
    release();
    await done;
    assert.deepEqual(writes.at(-1), 'save c6:A', 'a change after the batch starts a new write');
    assert.deepEqual(
      recorder.liveCalls().map((c) => c.callId),
      ['c7'],
    );
  });

  it('with batchMs, writes the changes of a short window together (hang-ups too); flush writes at once', async () => {
    const f = callFixture(T0);
    const writes: string[] = [];
    const recorder = createCdrRecorder({
      bus: f.bus,
      batchMs: 30,
      store: {
        save: async (c) => {
          writes.push(`save ${c.callId}`);
        },
        saveMany: async (cs) => {
          writes.push(`batch ${cs.map((c) => c.callId).join(',')}`);
        },
        listOpen: async () => [],
      },
    });
    const a = f.model.createChannel({ callId: 'c8', direction: 'inbound', role: 'caller', caller: '1', callee: '2' });
    await new Promise((r) => setTimeout(r, 5));
    f.model.createChannel({ callId: 'c9', direction: 'inbound', role: 'caller', caller: '3', callee: '4' });
    assert.deepEqual(writes, [], 'nothing before the window ends');
    await new Promise((r) => setTimeout(r, 60));
    assert.deepEqual(writes, ['batch c8,c9']);
    f.model.answered(a.id);
    await recorder.flush();
    assert.deepEqual(writes, ['batch c8,c9', 'save c8'], 'flush does not wait for the window');
    f.model.hungUp(a.id, 'normal-clearing', 'remote');
    await new Promise((r) => setImmediate(r));
    assert.equal(writes.length, 2, 'a hang-up waits for the window like any change');
    await new Promise((r) => setTimeout(r, 60));
    assert.deepEqual(writes.at(-1), 'save c8', 'the end of the call is written when the window ends');
    assert.equal(writes.length, 3);
    recorder.stop();
  });

  it('reports a failed write and keeps writing later changes', async () => {
    const f = callFixture(T0);
    const errors: unknown[] = [];
    let fail = true;
    const saved: Cdr[] = [];
    const recorder = createCdrRecorder({
      bus: f.bus,
      store: {
        save: async (c) => {
          if (fail) throw new Error('db down');
          saved.push(c);
        },
        listOpen: async () => [],
      },
      onError: (e) => errors.push(e),
    });
    const a = f.model.createChannel({ callId: 'c5', direction: 'inbound', role: 'caller', caller: '1', callee: '2' });
    await recorder.flush();
    fail = false;
    f.model.answered(a.id);
    await recorder.flush();
    assert.equal(errors.length, 1);
    assert.equal(saved.length, 1);
    assert.equal(saved[0]?.legs.length, 1, 'the next write carries the whole row');
  });
});

describe('hang-up causes', () => {
  it('maps final responses to causes and causes to Q.850', () => {
    const cases: [number, string][] = [
      [200, 'normal-clearing'],
      [486, 'busy'],
      [600, 'busy'],
      [408, 'no-answer'],
      [480, 'no-answer'],
      [487, 'cancelled'],
      [403, 'rejected'],
      [603, 'rejected'],
      [404, 'unallocated-number'],
      [503, 'congestion'],
      [500, 'failed'],
      [488, 'failed'],
    ];
    for (const [status, cause] of cases) assert.equal(causeFromSipStatus(status), cause, String(status));
    assert.equal(q850Of('busy'), 17);
    assert.equal(q850Of('no-answer'), 19);
    assert.equal(q850Of('normal-clearing'), 16);
  });
});
