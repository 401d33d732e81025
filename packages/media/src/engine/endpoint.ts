import { type AudioCodec, createCodec } from '../codecs/codec.ts';
import type { DtmfDigit } from '../dsp/dtmf-event.ts';
import { type PlannedEventPacket, planRfc4733 } from '../dsp/dtmf-rfc4733-sender.ts';
import type { Player } from '../dsp/player.ts';
import { RelayRewriter } from '../rtp/relay-rewriter.ts';
import { buildRtcp, ntpMiddle32, parseRtcp, toNtp } from '../rtp/rtcp-packet.ts';
import { decideLatch, initialSendTo, type LatchPolicy, type LatchState, type Endpoint as NetAddress } from '../rtp/rtp-latch.ts';
import { looksLikeRtcp, parseRtp, serializeRtp } from '../rtp/rtp-packet.ts';
import { RtpPacketizer } from '../rtp/rtp-packetizer.ts';
import { EndpointReceiver } from './endpoint-receiver.ts';
import { F, type ForwardingLeg, type ForwardSlot, type NativeRelayLink, R } from './native-relay.ts';
import type { CodecConfig, EndpointKind, EndpointStats, EngineEvent, RemoteConfig } from './protocol.ts';

export interface DatagramPort {
  send(bytes: Uint8Array, port: number, address: string): void;
}

export interface EndpointDeps {
  id: string;
  kind: EndpointKind;
  codec: CodecConfig;
  localPort: number;
  rtp: DatagramPort;
  rtcp: DatagramPort;
  emit: (e: EngineEvent) => void;
  wallClockMs: () => number;
}

const RTCP_INTERVAL_MS = 5000; // RFC 3550 §6.2 minimum interval

/** RFC 3550 §6.3.1: each interval is randomised over [0.5, 1.5] × the nominal one, so reports of many
 * sessions (and a worker's many endpoints) do not fire in the same tick. Kept in time, not ticks: an
 * idle shard ticks coarsely (see `tickless`). */
function nextRtcpInterval(): number {
  return Math.max(20, Math.round(RTCP_INTERVAL_MS * (0.5 + Math.random())));
}

/**
 * One media endpoint: a call leg's RTP session. Network input arrives through `onDatagram`; the shard
 * drives it every 20 ms with `pull` (decoded inbound audio) and `push` (the audio to send). In a
 * same-codec bridge `relayTo` short-circuits both: packets are forwarded as they arrive.
 */
export class MediaEndpoint implements ForwardingLeg {
  readonly id: string;
  readonly kind: EndpointKind;
  codec: CodecConfig;
  readonly localPort: number;
  private readonly deps: EndpointDeps;
  private encoder: AudioCodec;
  private packetizer: RtpPacketizer;
  private rewriter: RelayRewriter;
  receiver: EndpointReceiver;
  private policy: LatchPolicy | undefined;
  private latch: LatchState = {};
  private remote: RemoteConfig | undefined;
  private canSend = true;
  private canReceive = true;
  relayTo: MediaEndpoint | undefined;
  /**
   * Set (on both legs) while the addon's relay fast path serves this bridge (native-relay.ts): every
   * entry point below takes the state back from the addon first and hands it over again after.
   */
  native: NativeRelayLink | undefined;
  private decodeWhileRelaying = false;
  private playing: { id: string; player: Player } | undefined;
  private outbox: Int16Array = new Int16Array(0);
  private dtmfQueue: PlannedEventPacket[] = [];
  private dtmfElapsedMs = 0;
  /** The latest tick's time, and when the next RTCP report is due (set on the first tick). */
  private tickMs = 0;
  private nextRtcpMs: number | undefined;
  lastInbound: Int16Array | undefined;
  lastOutbound: Int16Array | undefined;
  private remoteReport: EndpointStats['remoteReport'];
  private counters = { sent: 0, relayed: 0, foreign: 0, malformed: 0 };

  constructor(deps: EndpointDeps) {
    this.deps = deps;
    this.id = deps.id;
    this.kind = deps.kind;
    this.codec = deps.codec;
    this.localPort = deps.localPort;
    this.encoder = createCodec(deps.codec.name);
    this.packetizer = new RtpPacketizer({ payloadType: deps.codec.payloadType });
    this.rewriter = new RelayRewriter(this.packetizer);
    this.receiver = new EndpointReceiver(deps.id, deps.codec, deps.emit);
  }

  /** Decode inbound audio even while relaying (a recording tap or in-band DTMF needs it). */
  get tapped(): boolean {
    return this.decodeWhileRelaying;
  }

  set tapped(on: boolean) {
    this.native?.pull();
    this.decodeWhileRelaying = on;
    this.native?.push();
  }

  get player(): { id: string; player: Player } | undefined {
    return this.playing;
  }

  /** A prompt on one leg holds back the other leg's relayed audio: the fast path must know. */
  set player(p: { id: string; player: Player } | undefined) {
    this.native?.pull();
    this.playing = p;
    this.native?.push();
  }

  get sampleRate(): number {
    return this.encoder.sampleRate;
  }

  get frameSamples(): number {
    return (this.encoder.sampleRate * 20) / 1000;
  }

  get ssrc(): number {
    return this.packetizer.ssrc;
  }

  connect(remote: RemoteConfig): void {
    const link = this.native;
    link?.pull();
    this.applyRemote(remote);
    link?.push();
  }

  private applyRemote(remote: RemoteConfig): void {
    if (remote.codec && !this.relayTo && !sameCodecConfig(remote.codec, this.codec)) this.useCodec(remote.codec);
    const moved = this.remote?.address !== remote.address || this.remote?.port !== remote.port;
    this.remote = remote;
    this.policy = {
      allowedHosts: remote.allowedHosts ?? [remote.address],
      signalled: { address: remote.address, port: remote.port },
      relatchAfterSilenceMs: remote.relatchAfterSilenceMs ?? 2000,
    };
    // A re-INVITE that only changes direction (hold/unhold) keeps the latched NAT address.
    if (moved) this.latch = {};
    const d = remote.direction ?? 'sendrecv';
    this.canSend = d === 'sendrecv' || d === 'sendonly';
    this.canReceive = d === 'sendrecv' || d === 'recvonly';
  }

  /** Switches encoder, packetizer and receiver to the negotiated codec (before any bridge relays). */
  private useCodec(codec: CodecConfig): void {
    this.codec = codec;
    this.encoder = createCodec(codec.name);
    this.packetizer = new RtpPacketizer({ payloadType: codec.payloadType });
    this.rewriter = new RelayRewriter(this.packetizer);
    this.receiver = new EndpointReceiver(this.id, codec, this.deps.emit);
    this.outbox = new Int16Array(0);
  }

  private sendTo(): NetAddress | undefined {
    return this.policy ? initialSendTo(this.policy, this.latch) : undefined;
  }

  /** Raw bytes out of the RTP socket towards the peer (used by the relay of the other leg). */
  sendRaw(bytes: Uint8Array): void {
    const to = this.sendTo();
    if (!to || !this.canSend) return;
    this.deps.rtp.send(bytes, to.port, to.address);
    this.counters.sent++;
  }

  /** A packet of the other leg, forwarded in this leg's stream (SSRC, sequence and timestamp mapped). */
  sendRelayed(bytes: Uint8Array, p: { sequenceNumber: number; timestamp: number; ssrc: number }, samples: number): void {
    if (!this.canSend || !this.sendTo()) return;
    this.rewriter.rewrite(bytes, p, samples);
    this.sendRaw(bytes);
  }

  onDatagram(bytes: Uint8Array, from: NetAddress, nowMs: number): void {
    const link = this.native;
    if (!link) {
      this.receive(bytes, from, nowMs);
      return;
    }
    // What the addon did not forward (first packets, RTCP, events, other sources …): JS as always.
    link.pull();
    this.receive(bytes, from, nowMs);
    link.push();
  }

  private receive(bytes: Uint8Array, from: NetAddress, nowMs: number): void {
    // Nothing is accepted before `connect`: an endpoint that answered any source would be an open
    // reflector (and, for echo, a way to bounce traffic at a spoofed victim).
    if (!this.policy) {
      this.counters.foreign++;
      return;
    }
    if (looksLikeRtcp(bytes)) {
      // RTCP only from hosts the signalling named: forged reports must not skew our statistics.
      if (this.policy.allowedHosts.includes(from.address) || from.address === this.policy.signalled.address) this.onRtcp(bytes);
      else this.counters.foreign++;
      return;
    }
    const latched = this.latch.latched;
    if (latched && latched.port === from.port && latched.address === from.address) {
      // The common case, without allocating: the state object is ours (decideLatch returns fresh ones).
      this.latch.lastFromLatchedMs = nowMs;
    } else {
      const d = decideLatch(this.policy, this.latch, from, nowMs);
      if (!d.accept) {
        this.counters.foreign++;
        return;
      }
      this.latch = d.state;
    }
    if (!this.canReceive) return; // the peer holds us (or we hold it inactive): its media is ignored
    if (this.kind === 'echo') {
      this.sendRaw(bytes);
      this.receiver.packets++;
      return;
    }
    const parsed = parseRtp(bytes);
    if (!parsed.ok) {
      this.counters.malformed++;
      return;
    }
    const p = parsed.value;
    const peer = this.relayTo;
    // While the other leg plays a prompt (an announcement to one party) its peer's audio is held back.
    if (peer && !peer.player) {
      // Fast path: forward as received; only a differing payload type number is rewritten.
      const mapped = this.mapPayloadType(p.payloadType, peer);
      if (mapped >= 0) {
        if (mapped !== p.payloadType) bytes[1] = ((bytes[1] as number) & 0x80) | mapped;
        peer.sendRelayed(bytes, p, mapped === peer.codec.payloadType ? peer.codec.ptimeMs * 8 : 0);
        this.counters.relayed++;
      }
    }
    this.receiver.onPacket(p, nowMs, !peer || this.tapped);
  }

  /** The peer's number for this payload type; -1 drops it (events the peer did not negotiate). */
  private mapPayloadType(pt: number, peer: MediaEndpoint): number {
    if (pt === this.codec.payloadType) return peer.codec.payloadType;
    if (pt === this.codec.telephoneEventPayloadType) return peer.codec.telephoneEventPayloadType ?? -1;
    return pt;
  }

  private onRtcp(bytes: Uint8Array): void {
    const r = parseRtcp(bytes);
    if (!r.ok) {
      this.counters.malformed++;
      return;
    }
    for (const p of r.value) {
      if (p.type === 'sr') this.receiver.stats?.onSenderReport(ntpMiddle32(p.sender), this.deps.wallClockMs());
      if (p.type !== 'sr' && p.type !== 'rr') continue;
      const mine = p.reports.find((b) => b.ssrc === this.ssrc);
      if (mine)
        this.remoteReport = {
          fractionLost: mine.fractionLost / 256,
          cumulativeLost: mine.cumulativeLost,
          jitterMs: mine.jitter / 8,
        };
    }
  }

  /** Tick phase 1: decoded inbound audio for mixers, recorders and loopback. */
  pull(nowMs: number): Int16Array | undefined {
    this.tickMs = nowMs;
    const frame = this.kind === 'echo' ? undefined : this.receiver.pull(nowMs);
    this.lastInbound = frame;
    return frame;
  }

  /**
   * Tick phase 2: send `mixed` (the bridge's audio for this leg) unless a prompt plays or an RFC 4733
   * event is in progress. Loopback endpoints send back what they heard; idle legs send silence so NAT
   * bindings stay open and the peer's jitter buffer keeps running.
   */
  push(mixed?: Int16Array): void {
    const link = this.native;
    if (!link) {
      this.pushNow(mixed);
      return;
    }
    // A relayed leg acts in a tick only for RTCP, DTMF or a prompt; only then is the addon's state needed.
    if (!this.rtcpDue() && this.dtmfQueue.length === 0 && !this.playing) return;
    link.pull();
    this.pushNow(mixed);
    link.push();
  }

  private pushNow(mixed?: Int16Array): void {
    this.maybeSendRtcp();
    if (this.kind === 'echo' || !this.sendTo()) return;
    if (this.dtmfQueue.length > 0) {
      this.sendDtmfDue();
      return;
    }
    let frame: Int16Array | undefined;
    if (this.player && !this.player.player.done) frame = this.player.player.process({ kind: 'frame' }).frame;
    else if (this.relayTo) return;
    else if (this.kind === 'loopback') frame = this.lastInbound;
    else frame = mixed;
    frame ??= new Int16Array(this.frameSamples);
    this.lastOutbound = frame;
    this.queueAudio(frame);
  }

  private queueAudio(frame: Int16Array): void {
    // Our own audio takes the stream back; a later relay starts a fresh mapping.
    this.rewriter.reset();
    const perPacket = (this.sampleRate * this.codec.ptimeMs) / 1000;
    const merged = new Int16Array(this.outbox.length + frame.length);
    merged.set(this.outbox);
    merged.set(frame, this.outbox.length);
    let at = 0;
    while (merged.length - at >= perPacket) {
      const payload = this.encoder.encode(merged.subarray(at, at + perPacket));
      // RTP units: 8 kHz for all three codecs (G.722's clock is 8000, RFC 3551 §4.5.2).
      this.sendRaw(serializeRtp(this.packetizer.packetize(payload, (perPacket * 8000) / this.sampleRate)));
      at += perPacket;
    }
    this.outbox = merged.slice(at);
  }

  sendDtmf(digit: DtmfDigit, durationMs: number): void {
    if (this.codec.telephoneEventPayloadType === undefined) return;
    this.native?.pull(); // the stream position the event starts at
    this.dtmfQueue = planRfc4733({
      digit,
      durationMs,
      timestamp: this.packetizer.nextTimestamp,
      clockRate: 8000,
      intervalMs: 20,
    });
    this.dtmfElapsedMs = 0;
  }

  private sendDtmfDue(): void {
    const pt = this.codec.telephoneEventPayloadType as number;
    while (this.dtmfQueue.length > 0 && (this.dtmfQueue[0] as PlannedEventPacket).atMs <= this.dtmfElapsedMs) {
      const e = this.dtmfQueue.shift() as PlannedEventPacket;
      this.sendRaw(serializeRtp(this.packetizer.packetizeAt(pt, e.payload, e.timestamp, e.marker)));
    }
    this.dtmfElapsedMs += 20;
    // Audio is suppressed during the event; its timestamps keep advancing (RFC 4733 §2.5.1.1).
    this.packetizer.skip(160);
  }

  /**
   * True when a tick has nothing for this endpoint but its RTCP report: an echo endpoint, or a relayed
   * leg that decodes nothing, plays nothing, sends no DTMF and has no RFC 4733 event open. The shard
   * then calls `idleTick` instead of pull/push, and ticks coarsely when all its endpoints are so.
   */
  get tickless(): boolean {
    if (this.kind === 'echo') return true;
    return (
      this.relayTo !== undefined &&
      !this.decodeWhileRelaying &&
      !this.playing &&
      this.dtmfQueue.length === 0 &&
      !this.receiver.eventOpen
    );
  }

  /** The tick of a `tickless` endpoint: only the RTCP report when it is due. */
  idleTick(nowMs: number): void {
    this.tickMs = nowMs;
    this.lastInbound = undefined;
    if (!this.rtcpDue()) return;
    const link = this.native;
    link?.pull();
    this.maybeSendRtcp();
    link?.push();
  }

  private rtcpDue(): boolean {
    this.nextRtcpMs ??= this.tickMs + nextRtcpInterval();
    return this.tickMs >= this.nextRtcpMs;
  }

  private maybeSendRtcp(): void {
    if (!this.rtcpDue() || !this.remote || this.kind === 'echo') return;
    this.nextRtcpMs = this.tickMs + nextRtcpInterval();
    const to = this.sendTo();
    if (!to) return;
    const rtcpPort = this.remote.rtcpPort ?? to.port + 1;
    const now = this.deps.wallClockMs();
    const reports = this.receiver.stats ? [this.receiver.stats.reportBlock(now)] : [];
    const first =
      this.packetizer.packetsSent > 0
        ? {
            type: 'sr' as const,
            ssrc: this.ssrc,
            reports,
            sender: {
              ...toNtp(now),
              rtpTimestamp: this.packetizer.nextTimestamp,
              packetCount: this.packetizer.packetsSent,
              octetCount: this.packetizer.octetsSent,
            },
          }
        : { type: 'rr' as const, ssrc: this.ssrc, reports };
    this.deps.rtcp.send(
      buildRtcp([first, { type: 'sdes', chunks: [{ ssrc: this.ssrc, cname: `rexian-${this.id}` }] }]),
      rtcpPort,
      to.address,
    );
  }

  /**
   * Relay fast path, this leg's row (native-relay.ts): take back what the addon did since the last
   * look — counters, the latch's last-heard time, the receive statistics, and the other leg's stream
   * position (its packets carry our relayed audio).
   */
  readForwardRule(own: ForwardSlot): void {
    const { i, at, f, fat } = own.row();
    const peer = this.relayTo;
    if (i[at + R.ACTIVE] !== 1 || !peer) return;
    const relayed = i[at + R.RELAYED] as number;
    if (relayed === 0) return;
    this.counters.relayed += relayed;
    this.receiver.packets += i[at + R.PACKETS] as number;
    peer.counters.sent += i[at + R.SENT] as number;
    i[at + R.RELAYED] = i[at + R.PACKETS] = i[at + R.SENT] = 0;
    this.latch.lastFromLatchedMs = f[fat + F.LAST_FROM_MS] as number;
    this.receiver.stats?.importState(
      i[at + R.MAX_SEQ] as number,
      i[at + R.CYCLES] as number,
      i[at + R.RECEIVED] as number,
      i[at + R.DUPLICATES] as number,
      i[at + R.HAS_TRANSIT] ? (f[fat + F.TRANSIT] as number) : Number.NaN,
      f[fat + F.JITTER] as number,
    );
    const continued = i[at + R.CONTINUED] as number;
    i[at + R.CONTINUED] = 0;
    peer.rewriter.advancedElsewhere(i[at + R.LAST_SEQ] as number, i[at + R.LAST_TS] as number, peer.codec.ptimeMs * 8, continued);
  }

  /**
   * Write this leg's row and switch it on only when the addon would do exactly what `onDatagram`
   * does: a latched source, media accepted here and sent by the peer, nothing decoded, no prompt on
   * the peer, statistics past probation and the peer's mapping made for this SSRC (so SSRC changes,
   * relatching, holds and taps always run here). `peerOut` is the peer's RTP socket, which sends.
   */
  writeForwardRule(own: ForwardSlot, peerOut: ForwardSlot): void {
    const { i, at, f, fat } = own.row();
    const peer = this.relayTo;
    const stats = this.receiver.stats;
    const latched = this.latch.latched;
    const to = peer?.canSend ? peer.sendTo() : undefined;
    const mapping = peer?.rewriter.mapping;
    const src = latched && own.address(latched.address);
    const dst = to && peerOut.address(to.address);
    const ready =
      !!peer &&
      !!stats &&
      !!mapping &&
      !!src &&
      !!dst &&
      !!to &&
      !!latched &&
      this.kind === 'rtp' &&
      this.canReceive &&
      !this.decodeWhileRelaying &&
      !peer.playing &&
      stats.fastPathReady &&
      mapping.source === stats.ssrc;
    if (!ready) {
      i[at + R.ACTIVE] = 0;
      return;
    }
    i[at + R.ACTIVE] = 0; // written field by field below; the addon only runs between JS tasks anyway
    i[at + R.OUT_FD] = peerOut.fd;
    i[at + R.DST_FLAGS] = dst[0] as number;
    i[at + R.DST_A0] = dst[1] as number;
    i[at + R.DST_A0 + 1] = dst[2] as number;
    i[at + R.DST_A0 + 2] = dst[3] as number;
    i[at + R.DST_A0 + 3] = dst[4] as number;
    i[at + R.DST_PORT] = to.port;
    i[at + R.SRC_FLAGS] = src[0] as number;
    i[at + R.SRC_PORT] = latched.port;
    for (let k = 0; k < 4; k++) i[at + R.SRC_A0 + k] = src[k + 1] as number;
    i[at + R.IN_PT] = this.codec.payloadType;
    i[at + R.OUT_PT] = peer.codec.payloadType;
    i[at + R.SSRC] = stats.ssrc;
    i[at + R.SEQ_OFF] = mapping.seqOffset;
    i[at + R.TS_OFF] = mapping.tsOffset;
    i[at + R.OUT_SSRC] = peer.packetizer.ssrc;
    i[at + R.LAST_SEQ] = mapping.lastSeq;
    i[at + R.LAST_TS] = 0;
    i[at + R.CONTINUED] = 0;
    const st = stats.exportState();
    i[at + R.MAX_SEQ] = st.maxSeq;
    i[at + R.CYCLES] = st.cycles;
    i[at + R.RECEIVED] = st.received;
    i[at + R.DUPLICATES] = st.duplicates;
    i[at + R.PACKETS] = i[at + R.RELAYED] = i[at + R.SENT] = 0;
    i[at + R.HAS_TRANSIT] = Number.isNaN(st.transit) ? 0 : 1;
    i[at + R.CLOCK_KHZ] = 8; // RTP clock of PCMU, PCMA and G.722 (RFC 3551 §4.5.2)
    f[fat + F.TRANSIT] = Number.isNaN(st.transit) ? 0 : st.transit;
    f[fat + F.JITTER] = st.jitterUnits;
    f[fat + F.LAST_FROM_MS] = this.latch.lastFromLatchedMs ?? 0;
    i[at + R.ACTIVE] = 1;
  }

  stats(): EndpointStats {
    this.native?.pull();
    const s = this.receiver.stats;
    const jb = this.receiver.jitterStats();
    const out: EndpointStats = {
      id: this.id,
      kind: this.kind,
      localPort: this.localPort,
      packetsReceived: this.receiver.packets,
      packetsSent: this.counters.sent,
      packetsRelayed: this.counters.relayed,
      rejectedForeign: this.counters.foreign,
      malformed: this.counters.malformed,
      ssrcChanges: this.receiver.ssrcChanges,
      cumulativeLost: s?.cumulativeLost ?? 0,
      jitterMs: s?.jitterMs ?? 0,
      concealedFrames: this.receiver.concealed,
    };
    if (jb) out.jitterBuffer = jb;
    if (this.remoteReport) out.remoteReport = this.remoteReport;
    if (this.latch.latched) out.latchedTo = { ...this.latch.latched };
    return out;
  }
}

function sameCodecConfig(a: CodecConfig, b: CodecConfig): boolean {
  return (
    a.name === b.name &&
    a.payloadType === b.payloadType &&
    a.ptimeMs === b.ptimeMs &&
    a.telephoneEventPayloadType === b.telephoneEventPayloadType
  );
}
