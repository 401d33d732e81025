import type { CallRecordingStateDto, CdrDetail, LiveCallsMessage } from '@rexian/contracts';
import type { Clock, Logger } from '@rexian/kernel';
import type { Actor } from '../../http/actor.ts';
import { createCoalescedPush } from '../../http/coalesced-push.ts';
import type { TelephonyRuntime } from '../../telephony/telephony-runtime.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CdrsService } from '../cdrs/cdrs.service.ts';
import { liveCallErrors as errors } from './live-calls.errors.ts';

/** Pushes are coalesced: a burst of call events (a transfer makes a dozen) becomes one message. */
const PUSH_DELAY_MS = 100;
/** How often a long-lived stream re-checks that its session is still valid (signed out, disabled, expired). */
const SESSION_CHECK_MS = 10_000;

export interface LiveCallsWatch {
  /** The session the stream was opened with; null ends the stream. */
  recheck(): Promise<Actor | null>;
  send(message: LiveCallsMessage): void;
  close(code: number, reason: string): void;
}

/**
 * Calls in progress (§4.7.7): the push stream behind the current-calls page, and the console's controls
 * over one call — force hang-up (强拆) and per-call recording. A call is reachable only when it is in the
 * actor's current-calls view (the same data scope and masking as the list).
 */
export function createLiveCallsService(d: {
  cdrs: CdrsService;
  telephony: () => TelephonyRuntime | null;
  audit: AuditService;
  clock: Clock;
  log: Logger;
}) {
  const running = () => {
    const r = d.telephony();
    if (!r) throw errors.notRunning();
    return r;
  };
  /** Without a running switch no call is live, so that case answers CALL_NOT_LIVE too. */
  async function reachable(actor: Actor, callId: string): Promise<TelephonyRuntime> {
    const { items } = await d.cdrs.live(actor);
    if (!items.some((c) => c.callId === callId)) throw errors.notLive(callId);
    return running();
  }

  return {
    async hangup(actor: Actor, ip: string, callId: string): Promise<void> {
      const r = await reachable(actor, callId);
      if (!(await r.hangupCall(callId))) throw errors.notLive(callId);
      await d.audit.change(actor, ip, 'call.hangup', { type: 'call', id: callId }, {});
    },

    async recording(actor: Actor, callId: string): Promise<CallRecordingStateDto> {
      const state = (await reachable(actor, callId)).recording(callId);
      if (!state) throw errors.notLive(callId);
      return state;
    },

    async setRecording(actor: Actor, ip: string, callId: string, on: boolean): Promise<CallRecordingStateDto> {
      const state = await (await reachable(actor, callId)).setRecording(callId, on);
      if (!state) throw errors.notLive(callId);
      await d.audit.change(actor, ip, on ? 'call.recording.start' : 'call.recording.stop', { type: 'call', id: callId }, {});
      return state;
    },

    /**
     * Streams the actor's current calls: a snapshot, then changes after call events. Returns the
     * function that ends the stream (the socket closed).
     */
    watch(actor: Actor, w: LiveCallsWatch): () => void {
      let current = actor;
      let sent = new Map<string, string>();
      let seq = 0;
      let first = true;
      let checkedAt = d.clock.monotonic();

      const push = async () => {
        if (d.clock.monotonic() - checkedAt > SESSION_CHECK_MS) {
          checkedAt = d.clock.monotonic();
          const still = await w.recheck();
          if (!still) {
            w.close(4401, 'session ended');
            return stop();
          }
          current = still;
        }
        const { items, now } = await d.cdrs.live(current);
        if (pusher.stopped) return;
        const next = new Map(items.map((c) => [c.callId, JSON.stringify(c)] as const));
        if (first) {
          first = false;
          w.send({ type: 'snapshot', seq, now, items });
        } else {
          const upserts: CdrDetail[] = items.filter((c) => sent.get(c.callId) !== next.get(c.callId));
          const removed = [...sent.keys()].filter((id) => !next.has(id));
          if (upserts.length > 0 || removed.length > 0) w.send({ type: 'changes', seq, now, upserts, removed });
        }
        sent = next;
      };
      const pusher = createCoalescedPush({ clock: d.clock, delayMs: PUSH_DELAY_MS, push, log: d.log, what: 'current-calls' });
      const unsubscribe =
        d.telephony()?.onCallsChanged((s) => {
          seq = s;
          pusher.schedule();
        }) ?? (() => {});
      function stop() {
        pusher.stop();
        unsubscribe();
      }
      pusher.run();
      return stop;
    },
  };
}
export type LiveCallsService = ReturnType<typeof createLiveCallsService>;
