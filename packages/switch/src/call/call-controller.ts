import type { Clock } from '@rexian/kernel';
import { newId } from '@rexian/kernel';
import type { SilenceStop } from '@rexian/media';
import type { HangupCause } from '../cdr/hangup-cause.ts';
import { switchErrors } from '../errors.ts';
import type { CallEventBus } from './call-events.ts';
import type { CallModel } from './call-model.ts';
import type { CallType, ChannelSnapshot, LegRole, MonitorMode } from './call-types.ts';
import { isUp } from './channel-state.ts';
import { type CollectOptions, type CollectResult, collectDigits } from './collect-digits.ts';
import type { SwitchAdapter } from './switch-adapter.port.ts';

export interface OriginateRequest {
  callId: string;
  destination: string;
  callerId: string;
  role?: LegRole;
  trunkId?: string;
  /** For the first leg of a call the switch starts itself (click to dial): the CDR's call type and access number. */
  callType?: CallType;
  accessNumber?: string;
  /** The call's parties for its CDR when they differ from this leg's (ChannelInfo.cdrParties). */
  cdrParties?: { caller: string; callee: string };
  /** Ask the phone to answer by itself (for phones that honour auto-answer headers). */
  autoAnswer?: boolean;
}

/** How a `dial` ended: answered (the leg is up), or the cause it ended with (busy, no-answer, …). */
export type DialResult =
  | { answered: true; channel: ChannelSnapshot }
  | { answered: false; channel: ChannelSnapshot; cause: HangupCause };

/** An attended transfer in progress: the transferee waits on hold while the transferor consults. */
export interface Consultation {
  transferId: string;
  transfereeId: string;
  transferorId: string;
  consultChannelId: string;
  originalBridgeId: string;
  consultBridgeId: string;
}

/**
 * The one command interface applications (IVR, queue, voicemail, dialer, CTI) use on channels, as ARI's
 * `/channels` and `/bridges` resources. Each command checks the model first (a refused command makes no
 * signalling), asks the adapter to carry it out, then records the outcome in the model, which publishes
 * the events.
 */
export class CallController {
  private readonly model: CallModel;
  private readonly adapter: SwitchAdapter;
  private readonly bus: CallEventBus;
  private readonly clock: Clock;
  private readonly makeId: () => string;
  private readonly consultations = new Map<string, Consultation>();
  /** The consulted party's channel → its consultation (to notice it ending before the transfer). */
  private readonly consultedBy = new Map<string, string>();
  /** Consultations being completed or cancelled: a hang-up they cause is not the consulted party leaving. */
  private readonly ending = new Set<string>();

  constructor(options: { model: CallModel; adapter: SwitchAdapter; bus: CallEventBus; clock: Clock; newId?: () => string }) {
    this.model = options.model;
    this.adapter = options.adapter;
    this.bus = options.bus;
    this.clock = options.clock;
    this.makeId = options.newId ?? newId;
    // The consulted party hung up, was busy or never answered: the transferor goes back to the transferee
    // (as Asterisk's attended transfer does) rather than being left alone and hung up.
    this.bus.subscribe((e) => {
      if (e.type !== 'channel.hungup') return;
      const transferId = this.consultedBy.get(e.channelId);
      if (transferId === undefined || this.ending.has(transferId)) return;
      void this.consultedPartyLeft(transferId, e.cause).catch(() => {});
    });
  }

  async answer(channelId: string): Promise<void> {
    const c = this.model.channel(channelId);
    if (c.direction !== 'inbound' || (c.state !== 'created' && c.state !== 'ringing-in' && c.state !== 'early-media')) {
      throw switchErrors.illegalTransition(channelId, c.state, 'answered');
    }
    await this.adapter.answer(c);
    this.model.answered(channelId);
  }

  async hangup(channelId: string, cause: HangupCause = 'normal-clearing'): Promise<void> {
    const c = this.live(channelId);
    const at = this.clock.now();
    await this.adapter.hangup(c, cause);
    // The adapter may have seen the far end's BYE cross ours; the first report wins.
    if (this.model.channel(channelId).state !== 'hung-up') this.model.hungUp(channelId, cause, 'local', at);
  }

  async hold(channelId: string): Promise<void> {
    const c = this.model.channel(channelId);
    if (c.state !== 'answered') throw switchErrors.illegalTransition(channelId, c.state, 'on-hold');
    await this.adapter.hold(c);
    this.model.held(channelId);
  }

  async unhold(channelId: string): Promise<void> {
    const c = this.model.channel(channelId);
    if (c.state !== 'on-hold') throw switchErrors.illegalTransition(channelId, c.state, 'answered');
    await this.adapter.unhold(c);
    this.model.unheld(channelId);
  }

  /** Creates an outbound leg and starts it; its progress arrives through the model. */
  async originate(request: OriginateRequest): Promise<ChannelSnapshot> {
    const c = this.model.createChannel({
      callId: request.callId,
      direction: 'outbound',
      role: request.role ?? 'callee',
      caller: request.callerId,
      callee: request.destination,
      ...(request.trunkId === undefined ? {} : { trunkId: request.trunkId }),
      ...(request.callType === undefined ? {} : { callType: request.callType }),
      ...(request.accessNumber === undefined ? {} : { accessNumber: request.accessNumber }),
      ...(request.cdrParties === undefined ? {} : { cdrParties: request.cdrParties }),
    });
    try {
      await this.adapter.originate(c, {
        destination: request.destination,
        callerId: request.callerId,
        ...(request.autoAnswer ? { autoAnswer: true } : {}),
      });
    } catch (error) {
      if (this.model.channel(c.id).state !== 'hung-up') this.model.hungUp(c.id, 'failed', 'system');
      throw error;
    }
    return this.model.channel(c.id);
  }

  /**
   * Originates a leg and waits for it to be answered, to fail, or for `ringTimeoutMs` to pass, in which
   * case the switch cancels it with cause `no-answer` (Asterisk's Dial() timeout).
   */
  async dial(request: OriginateRequest & { ringTimeoutMs: number }): Promise<DialResult> {
    const leg = await this.originate(request);
    const outcome = (): DialResult | undefined => {
      const c = this.model.channel(leg.id);
      if (c.state === 'answered' || c.state === 'on-hold') return { answered: true, channel: c };
      if (c.state === 'hung-up') return { answered: false, channel: c, cause: c.cause ?? 'failed' };
      return undefined;
    };
    const now = outcome();
    if (now) return now;
    return new Promise((resolve) => {
      const timer = this.clock.setTimeout(() => {
        this.hangup(leg.id, 'no-answer').catch(() => {
          // The adapter could not cancel; the leg is still recorded as ended by the switch.
          if (this.model.channel(leg.id).state !== 'hung-up') this.model.hungUp(leg.id, 'no-answer', 'local');
        });
      }, request.ringTimeoutMs);
      const unsubscribe = this.bus.subscribe((e) => {
        if ((e.type !== 'channel.answered' && e.type !== 'channel.hungup') || e.channelId !== leg.id) return;
        this.clock.clearTimeout(timer);
        unsubscribe();
        resolve(outcome() as DialResult);
      });
    });
  }

  /** Resolves true when the prompts finished or were stopped, false when the channel hung up meanwhile. */
  async play(channelId: string, media: readonly string[], options: { playbackId?: string } = {}): Promise<boolean> {
    const c = this.live(channelId);
    return this.adapter.play(c, { playbackId: options.playbackId ?? this.makeId(), media });
  }

  /** Ends a playback started with a known `playbackId` (barge-in); a finished one is left alone. */
  async stopPlayback(playbackId: string): Promise<void> {
    await this.adapter.stopPlayback(playbackId);
  }

  collect(channelId: string, options: CollectOptions): Promise<CollectResult> {
    this.live(channelId);
    return collectDigits(this.bus, this.clock, channelId, options);
  }

  async record(
    target: { kind: 'channel' | 'bridge'; id: string },
    file: string,
    format: 'wav' | 'mp3',
    options: { channels?: 1 | 2; stopOnSilence?: SilenceStop } = {},
  ): Promise<string> {
    if (target.kind === 'channel') this.live(target.id);
    else if (this.model.bridge(target.id).closed) throw switchErrors.bridgeClosed(target.id);
    const recordingId = this.makeId();
    await this.adapter.startRecording({ recordingId, target, file, format, ...options });
    this.model.startRecording({ id: recordingId, target, file, format });
    return recordingId;
  }

  async stopRecording(recordingId: string): Promise<void> {
    if (!this.model.activeRecordings().some((r) => r.id === recordingId)) throw switchErrors.recordingNotFound(recordingId);
    await this.adapter.stopRecording(recordingId);
    this.model.stopRecording(recordingId);
  }

  /** Puts the channels in one bridge (a new one unless `bridgeId` is given) and applies its media. */
  async bridge(
    channelIds: readonly string[],
    options: { bridgeId?: string; kind?: 'call' | 'conference' } = {},
  ): Promise<string> {
    for (const id of channelIds) {
      const c = this.live(id);
      // Checked for all before any joins, so a refused bridge leaves no channel half-moved.
      if (c.bridgeId !== undefined) throw switchErrors.channelInBridge(id, c.bridgeId);
    }
    const first = this.model.channel(channelIds[0] ?? '');
    const bridgeId = options.bridgeId ?? this.model.createBridge({ callId: first.callId, kind: options.kind ?? 'call' }).id;
    for (const id of channelIds) this.model.join(bridgeId, id);
    await this.adapter.applyBridge(this.model.bridge(bridgeId));
    return bridgeId;
  }

  async unbridge(channelId: string): Promise<void> {
    const c = this.model.channel(channelId);
    if (c.bridgeId === undefined) throw switchErrors.channelNotInBridge(channelId, '');
    this.model.leave(c.bridgeId, channelId);
    await this.adapter.applyBridge(this.model.bridge(c.bridgeId));
  }

  /**
   * Puts a channel in an existing bridge as a monitor (supervisor): `listen` hears everyone and is heard by
   * nobody, `whisper` is heard by `targetId` only (the agent), `barge` by all. The bridge mixes while a
   * monitor is in it and goes back to relay when the last one leaves (unbridge or hang-up).
   */
  async monitor(channelId: string, options: { bridgeId: string; mode: MonitorMode; targetId?: string }): Promise<void> {
    const c = this.live(channelId);
    if (c.bridgeId !== undefined) throw switchErrors.channelInBridge(channelId, c.bridgeId);
    if (this.model.bridge(options.bridgeId).closed) throw switchErrors.bridgeClosed(options.bridgeId);
    this.model.join(options.bridgeId, channelId, {
      mode: options.mode,
      ...(options.targetId === undefined ? {} : { targetId: options.targetId }),
    });
    await this.adapter.applyBridge(this.model.bridge(options.bridgeId));
  }

  /** Changes a monitor's mode; `null` makes it a full party of the call (take over). */
  async setMonitorMode(channelId: string, mode: MonitorMode | null, targetId?: string): Promise<void> {
    const c = this.live(channelId);
    if (c.bridgeId === undefined) throw switchErrors.channelNotInBridge(channelId, '');
    this.model.setMonitor(
      c.bridgeId,
      channelId,
      mode === null ? null : { mode, ...(targetId === undefined ? {} : { targetId }) },
    );
    await this.adapter.applyBridge(this.model.bridge(c.bridgeId));
  }

  async destroyBridge(bridgeId: string): Promise<void> {
    this.model.destroyBridge(bridgeId);
    await this.adapter.applyBridge(this.model.bridge(bridgeId));
  }

  /**
   * Blind transfer: the transferor leaves, a new leg to `destination` takes its place in the bridge at
   * once (the transferee hears its ring-back), and the transferor is hung up with cause `transferred`.
   */
  async blindTransfer(transferorId: string, destination: string, callerId: string): Promise<ChannelSnapshot> {
    const { transferor, transfereeId, bridgeId } = this.partnerOf(transferorId);
    const transferId = this.makeId();
    this.bus.publish({
      type: 'transfer.started',
      callId: transferor.callId,
      transferId,
      kind: 'blind',
      transfereeId,
      transferorId,
    });
    await this.hangup(transferorId, 'transferred');
    const target = await this.originate({ callId: transferor.callId, destination, callerId, role: 'transfer-target' });
    await this.bridge([target.id], { bridgeId });
    this.bus.publish({ type: 'transfer.completed', callId: transferor.callId, transferId, kind: 'blind' });
    return target;
  }

  /**
   * Attended transfer, step 1: hold the transferee and call the destination from the transferor. `dial`
   * starts the consulted leg another way than `originate` (an outside number through the outbound routes);
   * it is given the request `originate` would get. If the consulted party leaves before the transfer
   * completes (busy, no answer, hang-up), the consultation is cancelled by itself.
   */
  async consult(
    transferorId: string,
    destination: string,
    callerId: string,
    dial: (request: OriginateRequest) => Promise<ChannelSnapshot> = (r) => this.originate(r),
  ): Promise<Consultation> {
    const { transferor, transfereeId, bridgeId } = this.partnerOf(transferorId);
    const transferId = this.makeId();
    this.bus.publish({
      type: 'transfer.started',
      callId: transferor.callId,
      transferId,
      kind: 'attended',
      transfereeId,
      transferorId,
    });
    await this.unbridge(transferorId);
    await this.hold(transfereeId);
    let consultLeg: ChannelSnapshot | undefined;
    let consultBridgeId: string;
    try {
      consultLeg = await dial({ callId: transferor.callId, destination, callerId, role: 'consult' });
      consultBridgeId = await this.bridge([transferorId, consultLeg.id]);
    } catch (error) {
      // The consult call never started (or ended before it could be joined): put the original two back
      // together, then report.
      if (consultLeg && this.model.channel(consultLeg.id).state !== 'hung-up') await this.hangup(consultLeg.id, 'failed');
      if (this.model.channel(transfereeId).state === 'on-hold') await this.unhold(transfereeId);
      if (this.model.channel(transferorId).state !== 'hung-up') await this.bridge([transferorId], { bridgeId });
      this.bus.publish({ type: 'transfer.cancelled', callId: transferor.callId, transferId });
      throw error;
    }
    const consultation: Consultation = {
      transferId,
      transfereeId,
      transferorId,
      consultChannelId: consultLeg.id,
      originalBridgeId: bridgeId,
      consultBridgeId,
    };
    this.consultations.set(transferId, consultation);
    this.consultedBy.set(consultLeg.id, transferId);
    // It may have ended while it was being joined; then the event above came before it was known.
    if (this.model.channel(consultLeg.id).state === 'hung-up') void this.consultedPartyLeft(transferId, 'failed').catch(() => {});
    return { ...consultation };
  }

  /** True while the channel is the transferor of a consultation (call teardown must leave it up). */
  isConsulting(channelId: string): boolean {
    for (const k of this.consultations.values()) if (k.transferorId === channelId) return true;
    return false;
  }

  /** The consulted party left before the transfer: the transferor and transferee talk again. */
  private async consultedPartyLeft(transferId: string, cause: HangupCause): Promise<void> {
    const k = this.consultations.get(transferId);
    if (!k) return;
    this.ending.add(transferId);
    try {
      if (!this.model.bridge(k.consultBridgeId).closed) await this.destroyBridge(k.consultBridgeId);
      const transferorUp = isUp(this.model.channel(k.transferorId).state);
      const transfereeUp = isUp(this.model.channel(k.transfereeId).state);
      if (transferorUp && transfereeUp) {
        if (this.model.channel(k.transfereeId).state === 'on-hold') await this.unhold(k.transfereeId);
        await this.bridge([k.transferorId], { bridgeId: k.originalBridgeId });
      } else if (transferorUp) await this.hangup(k.transferorId, cause);
    } finally {
      this.forgetConsultation(k);
    }
    this.bus.publish({ type: 'transfer.cancelled', callId: this.model.channel(k.transferorId).callId, transferId });
  }

  private forgetConsultation(k: Consultation): void {
    this.consultations.delete(k.transferId);
    this.consultedBy.delete(k.consultChannelId);
    this.ending.delete(k.transferId);
  }

  /** Attended transfer, step 2a: join transferee and consulted party; the transferor drops out. */
  async completeTransfer(transferId: string): Promise<void> {
    const k = this.consultationOf(transferId);
    const consultLeg = this.model.channel(k.consultChannelId);
    if (!isUp(consultLeg.state))
      throw switchErrors.transferNotPossible(k.consultChannelId, `consulted party is ${consultLeg.state}`);
    this.ending.add(transferId);
    try {
      await this.destroyBridge(k.consultBridgeId);
      await this.unhold(k.transfereeId);
      await this.bridge([k.consultChannelId], { bridgeId: k.originalBridgeId });
      await this.hangup(k.transferorId, 'transferred');
    } finally {
      this.forgetConsultation(k);
    }
    this.bus.publish({ type: 'transfer.completed', callId: consultLeg.callId, transferId, kind: 'attended' });
  }

  /** Attended transfer, step 2b: drop the consulted party and reconnect transferor and transferee. */
  async cancelTransfer(transferId: string): Promise<void> {
    const k = this.consultationOf(transferId);
    this.ending.add(transferId);
    try {
      await this.destroyBridge(k.consultBridgeId);
      if (this.model.channel(k.consultChannelId).state !== 'hung-up') await this.hangup(k.consultChannelId, 'normal-clearing');
      await this.unhold(k.transfereeId);
      await this.bridge([k.transferorId], { bridgeId: k.originalBridgeId });
    } finally {
      this.forgetConsultation(k);
    }
    this.bus.publish({ type: 'transfer.cancelled', callId: this.model.channel(k.transferorId).callId, transferId });
  }

  private consultationOf(transferId: string): Consultation {
    const k = this.consultations.get(transferId);
    if (!k) throw switchErrors.transferNotFound(transferId);
    return k;
  }

  /** The transferor must be up in a two-party bridge with an answered partner. */
  private partnerOf(transferorId: string): { transferor: ChannelSnapshot; transfereeId: string; bridgeId: string } {
    const transferor = this.model.channel(transferorId);
    if (transferor.state !== 'answered') throw switchErrors.transferNotPossible(transferorId, `channel is ${transferor.state}`);
    if (transferor.bridgeId === undefined) throw switchErrors.transferNotPossible(transferorId, 'channel is not bridged');
    const members = this.model.bridge(transferor.bridgeId).members.filter((m) => m !== transferorId);
    const [transfereeId] = members;
    if (members.length !== 1 || transfereeId === undefined)
      throw switchErrors.transferNotPossible(transferorId, 'bridge is not two-party');
    if (this.model.channel(transfereeId).state !== 'answered')
      throw switchErrors.transferNotPossible(transferorId, 'partner is not answered');
    return { transferor, transfereeId, bridgeId: transferor.bridgeId };
  }

  private live(channelId: string): ChannelSnapshot {
    const c = this.model.channel(channelId);
    if (c.state === 'hung-up') throw switchErrors.channelNotActive(channelId, c.state);
    return c;
  }
}
