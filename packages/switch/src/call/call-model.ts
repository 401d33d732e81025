import type { Clock } from '@rexian/kernel';
import { canTransition, newId } from '@rexian/kernel';
import type { HangupCause } from '../cdr/hangup-cause.ts';
import { switchErrors } from '../errors.ts';
import type { CallEventBus } from './call-events.ts';
import type {
  BridgeMode,
  BridgeMonitor,
  BridgeSnapshot,
  ChannelInfo,
  ChannelSnapshot,
  DtmfDigit,
  DtmfSource,
  HangupSide,
  MonitorMode,
  RecordingSnapshot,
} from './call-types.ts';
import { type ChannelState, channelTransitions } from './channel-state.ts';

export interface CallModelOptions {
  clock: Clock;
  bus: CallEventBus;
  /** Id factory for channels, bridges and recordings created without an explicit id. */
  newId?: () => string;
}

type Bridge = {
  id: string;
  callId: string;
  kind: 'call' | 'conference';
  members: string[];
  closed: boolean;
  /** Monitoring members by channel id (supervisors); the bridge is mixed while any is present. */
  monitors: Map<string, BridgeMonitor>;
};

/** Two legs with one codec are relayed packet for packet; anything else is mixed (ARCHITECTURE.md). */
export function bridgeMode(kind: 'call' | 'conference', codecs: readonly (string | undefined)[]): BridgeMode {
  if (kind === 'conference' || codecs.length !== 2) return 'mix';
  const [a, b] = codecs;
  return a !== undefined && a === b ? 'relay' : 'mix';
}

/**
 * The switch's view of its channels, bridges and recordings. Every method checks the change against the
 * transition table (or the bridge rules), applies it, and publishes exactly the events it implies, in a
 * fixed order: leaving a bridge and stopping taps come before `channel.hungup`, so a consumer never
 * sees a hung-up channel still in a bridge. No I/O: the SIP/media adapter calls these when signalling
 * reports a change, and the call controller calls them after the adapter carried out a command.
 */
export class CallModel {
  private readonly clock: Clock;
  private readonly bus: CallEventBus;
  private readonly makeId: () => string;
  private readonly channels = new Map<string, ChannelSnapshot>();
  private readonly bridges = new Map<string, Bridge>();
  private readonly recordings = new Map<string, RecordingSnapshot>();
  /** Channel and bridge ids per call: a call's legs are found without scanning every live call. */
  private readonly byCall = new Map<string, { channels: Set<string>; bridges: Set<string> }>();

  constructor(options: CallModelOptions) {
    this.clock = options.clock;
    this.bus = options.bus;
    this.makeId = options.newId ?? newId;
  }

  createChannel(info: Omit<ChannelInfo, 'id'> & { id?: string }): ChannelSnapshot {
    const id = info.id ?? this.makeId();
    if (this.channels.has(id)) throw switchErrors.channelExists(id);
    const channel: ChannelSnapshot = { ...info, id, state: 'created', createdAt: this.clock.now() };
    this.channels.set(id, channel);
    this.callIndex(channel.callId).channels.add(id);
    const { state: _s, createdAt: _c, ...plain } = channel;
    this.bus.publish({ type: 'channel.created', callId: channel.callId, channel: plain });
    return { ...channel };
  }

  channel(id: string): ChannelSnapshot {
    const c = this.channels.get(id);
    if (!c) throw switchErrors.channelNotFound(id);
    return { ...c };
  }

  findChannel(id: string): ChannelSnapshot | undefined {
    const c = this.channels.get(id);
    return c ? { ...c } : undefined;
  }

  listChannels(): ChannelSnapshot[] {
    return [...this.channels.values()].map((c) => ({ ...c }));
  }

  /** The channels of one call (hung-up legs included until the call is released), in creation order. */
  channelsOfCall(callId: string): ChannelSnapshot[] {
    const out: ChannelSnapshot[] = [];
    for (const id of this.byCall.get(callId)?.channels ?? []) {
      const c = this.channels.get(id);
      if (c) out.push({ ...c });
    }
    return out;
  }

  /** 180 sent (inbound) or received (outbound). */
  ringing(id: string): void {
    const c = this.mustGet(id);
    this.move(c, c.direction === 'inbound' ? 'ringing-in' : 'ringing-out');
    this.bus.publish({ type: 'channel.ringing', callId: c.callId, channelId: id });
  }

  earlyMedia(id: string): void {
    const c = this.mustGet(id);
    this.move(c, 'early-media');
    this.bus.publish({ type: 'channel.early-media', callId: c.callId, channelId: id });
  }

  answered(id: string): void {
    const c = this.mustGet(id);
    this.move(c, 'answered');
    c.answeredAt = this.clock.now();
    this.bus.publish({ type: 'channel.answered', callId: c.callId, channelId: id });
  }

  held(id: string): void {
    const c = this.mustGet(id);
    this.move(c, 'on-hold');
    this.bus.publish({ type: 'channel.held', callId: c.callId, channelId: id });
  }

  unheld(id: string): void {
    const c = this.mustGet(id);
    if (c.state !== 'on-hold') throw switchErrors.illegalTransition(id, c.state, 'answered');
    this.move(c, 'answered');
    this.bus.publish({ type: 'channel.unheld', callId: c.callId, channelId: id });
  }

  /** Records the codec negotiated on a leg; a bridge it sits in may switch between relay and mix. */
  setCodec(id: string, codec: string): void {
    this.mustGet(id).codec = codec;
  }

  /**
   * `at`: when the hang-up began — the far end's BYE arriving, or the switch deciding to end the leg. The
   * signalling and media release that follow (a BYE's 200, the worker closing the endpoint) can take a
   * while on a loaded machine and are not talk time.
   */
  hungUp(id: string, cause: HangupCause, by: HangupSide, at: number = this.clock.now()): void {
    const c = this.mustGet(id);
    if (!canTransition(channelTransitions, c.state, 'hung-up')) throw switchErrors.illegalTransition(id, c.state, 'hung-up');
    if (c.bridgeId !== undefined) this.leave(c.bridgeId, id);
    this.stopTapsOn('channel', id);
    this.move(c, 'hung-up');
    // Never before the leg's own answer (an answer can cross a CANCEL while the leg is released).
    const endedAt = Math.max(at, c.answeredAt ?? c.createdAt);
    c.endedAt = endedAt;
    c.cause = cause;
    c.hungUpBy = by;
    this.bus.publish({ type: 'channel.hungup', callId: c.callId, channelId: id, cause, by }, endedAt);
  }

  /** One event whatever the digit's source (RFC 4733, SIP INFO, in-band). */
  dtmf(id: string, digit: DtmfDigit, source: DtmfSource, durationMs = 0): void {
    const c = this.mustGet(id);
    if (c.state === 'hung-up' || c.state === 'created') throw switchErrors.channelNotActive(id, c.state);
    this.bus.publish({ type: 'dtmf.received', callId: c.callId, channelId: id, digit, source, durationMs });
  }

  createBridge(options: { callId: string; kind?: 'call' | 'conference'; id?: string }): BridgeSnapshot {
    const bridge: Bridge = {
      id: options.id ?? this.makeId(),
      callId: options.callId,
      kind: options.kind ?? 'call',
      members: [],
      closed: false,
      monitors: new Map(),
    };
    this.bridges.set(bridge.id, bridge);
    this.callIndex(bridge.callId).bridges.add(bridge.id);
    this.bus.publish({ type: 'bridge.created', callId: bridge.callId, bridgeId: bridge.id, kind: bridge.kind });
    return this.snapshotBridge(bridge);
  }

  bridge(id: string): BridgeSnapshot {
    return this.snapshotBridge(this.mustGetBridge(id));
  }

  /** Adds a member; with `monitor`, as a supervisor in that mode (see `setMonitor`). */
  join(bridgeId: string, channelId: string, monitor?: { mode: MonitorMode; targetId?: string }): void {
    const b = this.mustGetBridge(bridgeId);
    if (b.closed) throw switchErrors.bridgeClosed(bridgeId);
    const c = this.mustGet(channelId);
    if (c.state === 'hung-up') throw switchErrors.channelNotActive(channelId, c.state);
    if (c.bridgeId !== undefined) throw switchErrors.channelInBridge(channelId, c.bridgeId);
    if (monitor) this.checkMonitor(b, channelId, monitor);
    b.members.push(channelId);
    c.bridgeId = bridgeId;
    if (monitor) b.monitors.set(channelId, monitorOf(channelId, monitor));
    this.bus.publish({
      type: 'bridge.joined',
      callId: c.callId,
      bridgeId,
      channelId,
      mode: this.modeOf(b),
      ...(monitor ? { monitor: monitor.mode } : {}),
    });
  }

  /**
   * Changes a member's monitor mode (listen, whisper to `targetId`, barge), or makes it a full party with
   * `null` (a take-over). A whisper's target must be another member that is not itself a monitor.
   */
  setMonitor(bridgeId: string, channelId: string, monitor: { mode: MonitorMode; targetId?: string } | null): void {
    const b = this.mustGetBridge(bridgeId);
    if (b.closed) throw switchErrors.bridgeClosed(bridgeId);
    const c = this.mustGet(channelId);
    if (!b.members.includes(channelId)) throw switchErrors.channelNotInBridge(channelId, bridgeId);
    if (monitor) {
      this.checkMonitor(b, channelId, monitor);
      b.monitors.set(channelId, monitorOf(channelId, monitor));
    } else b.monitors.delete(channelId);
    this.bus.publish({
      type: 'bridge.monitor-changed',
      callId: c.callId,
      bridgeId,
      channelId,
      monitor: monitor?.mode ?? null,
      ...(monitor?.targetId === undefined ? {} : { targetId: monitor.targetId }),
      mode: this.modeOf(b),
    });
  }

  leave(bridgeId: string, channelId: string): void {
    const b = this.mustGetBridge(bridgeId);
    const c = this.mustGet(channelId);
    const at = b.members.indexOf(channelId);
    if (at < 0) throw switchErrors.channelNotInBridge(channelId, bridgeId);
    b.members.splice(at, 1);
    b.monitors.delete(channelId);
    for (const [id, m] of b.monitors) {
      // A whisper whose target left becomes a listen: nobody is left to hear it.
      if (m.targetId === channelId) b.monitors.set(id, { channelId: id, mode: 'listen' });
    }
    c.bridgeId = undefined;
    this.bus.publish({ type: 'bridge.left', callId: c.callId, bridgeId, channelId, mode: this.modeOf(b) });
  }

  /** Closing a bridge empties it and stops its recording taps (the media engine's ownership tree). */
  destroyBridge(bridgeId: string): void {
    const b = this.mustGetBridge(bridgeId);
    if (b.closed) throw switchErrors.bridgeClosed(bridgeId);
    for (const member of [...b.members]) this.leave(bridgeId, member);
    this.stopTapsOn('bridge', bridgeId);
    b.closed = true;
    this.bus.publish({ type: 'bridge.destroyed', callId: b.callId, bridgeId });
  }

  startRecording(options: { target: RecordingSnapshot['target']; file: string; format: 'wav' | 'mp3'; id?: string }) {
    const callId =
      options.target.kind === 'channel'
        ? this.activeChannel(options.target.id).callId
        : this.openBridge(options.target.id).callId;
    const rec: RecordingSnapshot = {
      id: options.id ?? this.makeId(),
      callId,
      target: { ...options.target },
      file: options.file,
      format: options.format,
      startedAt: this.clock.now(),
    };
    this.recordings.set(rec.id, rec);
    this.bus.publish({ type: 'recording.started', callId, recordingId: rec.id, target: rec.target, file: rec.file });
    return { ...rec };
  }

  stopRecording(recordingId: string): void {
    const rec = this.recordings.get(recordingId);
    if (!rec) throw switchErrors.recordingNotFound(recordingId);
    this.recordings.delete(recordingId);
    this.bus.publish({
      type: 'recording.stopped',
      callId: rec.callId,
      recordingId,
      file: rec.file,
      durationMs: this.clock.now() - rec.startedAt,
    });
  }

  /**
   * Forgets a finished call (all its legs hung up) and its closed bridges, so a long-running switch does
   * not grow; returns false and keeps everything while any leg of the call is still live.
   */
  releaseCall(callId: string): boolean {
    const index = this.byCall.get(callId);
    if (!index) return true;
    for (const id of index.channels) if (this.channels.get(id)?.state !== 'hung-up') return false;
    for (const id of index.channels) this.channels.delete(id);
    index.channels.clear();
    for (const id of index.bridges) {
      if (this.bridges.get(id)?.closed === false) continue;
      this.bridges.delete(id);
      index.bridges.delete(id);
    }
    if (index.bridges.size === 0) this.byCall.delete(callId);
    return true;
  }

  private callIndex(callId: string): { channels: Set<string>; bridges: Set<string> } {
    let index = this.byCall.get(callId);
    if (!index) {
      index = { channels: new Set(), bridges: new Set() };
      this.byCall.set(callId, index);
    }
    return index;
  }

  activeRecordings(): RecordingSnapshot[] {
    return [...this.recordings.values()].map((r) => ({ ...r }));
  }

  private activeChannel(id: string): ChannelSnapshot {
    const c = this.mustGet(id);
    if (c.state === 'hung-up') throw switchErrors.channelNotActive(id, c.state);
    return c;
  }

  private openBridge(id: string): Bridge {
    const b = this.mustGetBridge(id);
    if (b.closed) throw switchErrors.bridgeClosed(id);
    return b;
  }

  private stopTapsOn(kind: 'channel' | 'bridge', id: string): void {
    for (const rec of [...this.recordings.values()]) {
      if (rec.target.kind === kind && rec.target.id === id) this.stopRecording(rec.id);
    }
  }

  private move(c: ChannelSnapshot, to: ChannelState): void {
    if (!canTransition(channelTransitions, c.state, to)) throw switchErrors.illegalTransition(c.id, c.state, to);
    c.state = to;
  }

  private mustGet(id: string): ChannelSnapshot {
    const c = this.channels.get(id);
    if (!c) throw switchErrors.channelNotFound(id);
    return c;
  }

  private mustGetBridge(id: string): Bridge {
    const b = this.bridges.get(id);
    if (!b) throw switchErrors.bridgeNotFound(id);
    return b;
  }

  private checkMonitor(b: Bridge, channelId: string, monitor: { mode: MonitorMode; targetId?: string }): void {
    if (monitor.mode !== 'whisper') return;
    const t = monitor.targetId;
    if (t === undefined || t === channelId || !b.members.includes(t) || b.monitors.has(t)) {
      throw switchErrors.monitorTargetInvalid(channelId, t ?? '');
    }
  }

  private modeOf(b: Bridge): BridgeMode {
    if (b.monitors.size > 0) return 'mix';
    return bridgeMode(
      b.kind,
      b.members.map((m) => this.channels.get(m)?.codec),
    );
  }

  private snapshotBridge(b: Bridge): BridgeSnapshot {
    return {
      id: b.id,
      kind: b.kind,
      mode: this.modeOf(b),
      members: [...b.members],
      closed: b.closed,
      monitors: [...b.monitors.values()].map((m) => ({ ...m })),
    };
  }
}

function monitorOf(channelId: string, m: { mode: MonitorMode; targetId?: string }): BridgeMonitor {
  return m.mode === 'whisper' && m.targetId !== undefined
    ? { channelId, mode: m.mode, targetId: m.targetId }
    : { channelId, mode: m.mode };
}
