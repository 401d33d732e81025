import type { Clock } from '@rexian/kernel';
import { createSequence } from '@rexian/kernel';
import type { HangupCause } from '../cdr/hangup-cause.ts';
import type { BridgeMode, ChannelInfo, DtmfDigit, DtmfSource, HangupSide, MonitorMode } from './call-types.ts';

/** The payload of each call event, by type. Every event also carries `seq`, `at` and `callId`. */
export type CallEventPayloads = {
  'channel.created': { channel: ChannelInfo };
  'channel.ringing': { channelId: string };
  'channel.early-media': { channelId: string };
  'channel.answered': { channelId: string };
  'channel.held': { channelId: string };
  'channel.unheld': { channelId: string };
  'channel.hungup': { channelId: string; cause: HangupCause; by: HangupSide };
  'dtmf.received': { channelId: string; digit: DtmfDigit; source: DtmfSource; durationMs: number };
  'bridge.created': { bridgeId: string; kind: 'call' | 'conference' };
  /** `mode`: the bridge's media after the join (relay or mix); `monitor`: set when the channel joined as a monitor. */
  'bridge.joined': { bridgeId: string; channelId: string; mode: BridgeMode; monitor?: MonitorMode };
  'bridge.left': { bridgeId: string; channelId: string; mode: BridgeMode };
  /** A member's monitor mode changed; `monitor: null` made it a full party (take over). */
  'bridge.monitor-changed': {
    bridgeId: string;
    channelId: string;
    monitor: MonitorMode | null;
    targetId?: string;
    mode: BridgeMode;
  };
  'bridge.destroyed': { bridgeId: string };
  'recording.started': { recordingId: string; target: { kind: 'channel' | 'bridge'; id: string }; file: string };
  'recording.stopped': { recordingId: string; file: string; durationMs: number };
  'transfer.started': { transferId: string; kind: 'blind' | 'attended'; transfereeId: string; transferorId: string };
  'transfer.completed': { transferId: string; kind: 'blind' | 'attended' };
  'transfer.cancelled': { transferId: string };
};

export type CallEventType = keyof CallEventPayloads;

type Envelope = { seq: number; at: number; callId: string };

/** A discriminated union: `switch (e.type)` narrows the payload. */
export type CallEvent = { [K in CallEventType]: Envelope & { type: K } & CallEventPayloads[K] }[CallEventType];

export type CallEventOf<K extends CallEventType> = Extract<CallEvent, { type: K }>;

/** What a producer hands to `publish`: the bus stamps `seq` and `at`. */
export type CallEventInput = { [K in CallEventType]: { type: K; callId: string } & CallEventPayloads[K] }[CallEventType];

export type CallEventListener = (event: CallEvent) => void;

export interface CallEventBus {
  /**
   * Stamps a monotonic sequence number and the clock's time (or `at`, when the producer knows better when
   * the fact happened: a hang-up is dated when it began, not when its signalling finished), then delivers
   * to every listener in order.
   */
  publish(input: CallEventInput, at?: number): CallEvent;
  subscribe(listener: CallEventListener): () => void;
  /** Sequence number of the last published event (0 before any). */
  lastSeq(): number;
}

export interface CallEventBusOptions {
  clock: Clock;
  /** Start after this sequence number (the last one persisted before a restart). */
  startSeq?: number;
  /** One listener's exception never breaks the call or other listeners (STYLE.md: safe emit). */
  onListenerError?: (error: unknown, event: CallEvent) => void;
}

/**
 * The in-process call-event bus. Delivery is synchronous and in publish order; an event published from a
 * listener is queued and delivered after the current one reaches every listener, so all listeners see
 * the same order and sequence numbers always increase along each listener's stream.
 */
export function createCallEventBus(options: CallEventBusOptions): CallEventBus {
  const next = createSequence(options.startSeq ?? 0);
  let last = options.startSeq ?? 0;
  const listeners = new Set<CallEventListener>();
  const queue: CallEvent[] = [];
  let delivering = false;
  const onError = options.onListenerError ?? (() => {});

  function drain(): void {
    delivering = true;
    try {
      for (let e = queue.shift(); e !== undefined; e = queue.shift()) {
        for (const l of [...listeners]) {
          try {
            l(e);
          } catch (error) {
            onError(error, e);
          }
        }
      }
    } finally {
      delivering = false;
    }
  }

  return {
    publish(input, at) {
      last = next();
      const event = { ...input, seq: last, at: at ?? options.clock.now() } as CallEvent;
      queue.push(event);
      if (!delivering) drain();
      return event;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    lastSeq: () => last,
  };
}
