import { VirtualClock } from '@rexian/kernel';
import { CallModel, type CallType, type CdrStore, createCallEventBus, createCdrRecorder, type HangupCause } from '@rexian/switch';

/** One call to play through the real call model, for tests and e2e seeds. */
export type TestCall = {
  callId: string;
  callType: CallType;
  caller: string;
  callee: string;
  accessNumber?: string;
  /** Epoch ms the call starts. */
  at: number;
  ringMs: number;
  /** Talk time; omitted: the callee never answers. */
  talkMs?: number;
  /** Who hangs up first (remotely); `system`: the switch clears both legs. */
  hangup: 'caller' | 'callee' | 'system';
  cause?: HangupCause;
  /** Recording file (relative to the data folder), started at answer. */
  recording?: string;
  /** Leave the call in progress (no hang-up): an open CDR. */
  open?: boolean;
};

/**
 * Plays calls through the switch's `CallModel`, with `createCdrRecorder` writing to `store` — the same
 * path the running switch takes — and returns the last sequence number used.
 */
export async function recordTestCalls(store: CdrStore, calls: readonly TestCall[], startSeq = 0): Promise<number> {
  let seq = startSeq;
  for (const c of calls) {
    const clock = new VirtualClock(c.at);
    const bus = createCallEventBus({ clock, startSeq: seq });
    const model = new CallModel({ clock, bus });
    const errors: unknown[] = [];
    const recorder = createCdrRecorder({ bus, store, onError: (e) => errors.push(e) });
    const a = model.createChannel({
      callId: c.callId,
      direction: c.callType === 'inbound' ? 'inbound' : 'outbound',
      role: 'caller',
      caller: c.caller,
      callee: c.callee,
      callType: c.callType,
      ...(c.accessNumber === undefined ? {} : { accessNumber: c.accessNumber }),
    });
    model.ringing(a.id);
    const b = model.createChannel({
      callId: c.callId,
      direction: 'outbound',
      role: 'callee',
      caller: c.caller,
      callee: c.callee,
    });
    model.ringing(b.id);
    clock.advance(c.ringMs);
    if (c.talkMs !== undefined) {
      model.answered(b.id);
      model.answered(a.id);
      if (c.recording !== undefined)
        model.startRecording({ target: { kind: 'channel', id: a.id }, file: c.recording, format: 'wav' });
      clock.advance(c.talkMs);
    }
    if (!c.open) {
      const cause = c.cause ?? (c.talkMs === undefined ? 'no-answer' : 'normal-clearing');
      if (c.hangup === 'system') {
        model.hungUp(b.id, cause, 'local');
        model.hungUp(a.id, cause, 'local');
      } else {
        const [first, second] = c.hangup === 'caller' ? [a.id, b.id] : [b.id, a.id];
        model.hungUp(first, cause, 'remote');
        model.hungUp(second, cause, 'local');
      }
    }
    await recorder.flush();
    recorder.stop();
    if (errors.length > 0) throw errors[0];
    seq = bus.lastSeq();
  }
  return seq;
}
