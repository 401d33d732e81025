import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMemoryLogger, VirtualClock } from '@rexian/kernel';
import type { Channel } from '../channel/channel-port.ts';
import { defaultCall } from '../channel/fake-channel.ts';
import { TraceRecorder } from '../channel/trace.ts';
import { createStaticFetcher } from '../fetch/static-fetcher.ts';
import { runSession } from './session.ts';

test('a channel that fails mid-call ends the session as an error, logged, without throwing', async () => {
  const clock = new VirtualClock();
  const trace = new TraceRecorder(clock);
  const logger = createMemoryLogger();
  const broken: Channel = {
    call: defaultCall,
    play: async () => 'done',
    collect: async () => {
      throw new Error('switch went away');
    },
    record: async () => ({ kind: 'hangup' }),
    transfer: async () => ({ outcome: 'hangup', durationMs: 0 }),
    hangup: async () => {
      throw new Error('cannot hang up either');
    },
  };
  const r = await runSession({
    channel: broken,
    clock,
    trace,
    logger,
    fetcher: createStaticFetcher({}, clock),
    document: { uri: 'http://ivr.test/x.vxml', text: '<vxml version="2.1"><form><field name="f" type="digits"/></form></vxml>' },
  });
  assert.deepEqual(r, { reason: 'error', detail: 'switch went away' });
  assert.equal(trace.entries.at(-1)?.type, 'end');
  assert.equal(logger.entries.filter((e) => e.level === 'error').length, 2);
});

test('an invalid first document ends the call with the parse issues in the trace', async () => {
  const clock = new VirtualClock();
  const trace = new TraceRecorder(clock);
  let hungUp = false;
  const channel: Channel = {
    call: defaultCall,
    play: async () => 'done',
    collect: async () => ({ kind: 'hangup' }),
    record: async () => ({ kind: 'hangup' }),
    transfer: async () => ({ outcome: 'hangup', durationMs: 0 }),
    hangup: async () => {
      hungUp = true;
    },
  };
  const r = await runSession({
    channel,
    clock,
    trace,
    fetcher: createStaticFetcher({}, clock),
    document: { uri: 'http://ivr.test/x.vxml', text: '<vxml version="2.1">\n<form><oops/></form></vxml>' },
  });
  assert.deepEqual(r, { reason: 'error', detail: 'error.badfetch' });
  const ev = trace.entries.find((e) => e.type === 'event');
  assert.equal((ev?.details as { issues: { line: number }[] }).issues[0]?.line, 2);
  assert.ok(hungUp);
});
