import { type AudioCodec, createCodec } from '../codecs/codec.ts';
import { Resampler } from '../codecs/resampler.ts';
import { DtmfDetector } from '../dsp/dtmf-detector.ts';
import { DtmfRfc4733Receiver } from '../dsp/dtmf-rfc4733-receiver.ts';
import { JitterBuffer } from '../dsp/jitter-buffer.ts';
import { PacketLossConcealer } from '../dsp/packet-loss-concealment.ts';
import { ReceiveStats } from '../rtp/receive-stats.ts';
import type { RtpPacket } from '../rtp/rtp-packet.ts';
import type { CodecConfig, EngineEvent } from './protocol.ts';

/**
 * The receive half of an endpoint: RTP statistics per SSRC, RFC 4733 and in-band DTMF, and (only when
 * someone listens to the decoded audio) the jitter buffer, decoder and concealment feeding a 20 ms PCM
 * FIFO at the codec's rate.
 */
export class EndpointReceiver {
  private readonly endpointId: string;
  private readonly codecConfig: CodecConfig;
  private readonly codec: AudioCodec;
  private readonly emit: (e: EngineEvent) => void;
  private readonly frameSamples: number;
  private jb: JitterBuffer<Uint8Array> | undefined;
  private jbUnits = 0;
  private plc: PacketLossConcealer;
  private readonly dtmf: DtmfRfc4733Receiver;
  private readonly inband: DtmfDetector | undefined;
  private readonly toNarrowband: Resampler | undefined;
  private fifo: Int16Array = new Int16Array(0);
  stats: ReceiveStats | undefined;
  ssrcChanges = 0;
  private lastSsrcNoticeMs = Number.NEGATIVE_INFINITY;
  packets = 0;

  constructor(endpointId: string, codec: CodecConfig, emit: (e: EngineEvent) => void) {
    this.endpointId = endpointId;
    this.codecConfig = codec;
    this.codec = createCodec(codec.name);
    this.emit = emit;
    this.frameSamples = (this.codec.sampleRate * 20) / 1000;
    this.plc = new PacketLossConcealer({ sampleRate: this.codec.sampleRate, frameSamples: this.frameSamples });
    this.dtmf = new DtmfRfc4733Receiver({ clockRate: 8000 });
    // In-band detection only when the peer cannot send RFC 4733 events.
    if (codec.telephoneEventPayloadType === undefined) {
      this.inband = new DtmfDetector();
      if (this.codec.sampleRate !== 8000) this.toNarrowband = new Resampler(this.codec.sampleRate, 8000);
    }
  }

  get sampleRate(): number {
    return this.codec.sampleRate;
  }

  get concealed(): number {
    return this.plc.concealedFrames;
  }

  /** An RFC 4733 event is in progress: its end may have to be detected by a timeout in the tick. */
  get eventOpen(): boolean {
    return this.dtmf.eventOpen;
  }

  jitterStats() {
    return this.jb?.stats();
  }

  /** Account for one accepted packet; queue its audio when `decode` is set. */
  onPacket(p: RtpPacket, nowMs: number, decode: boolean): void {
    this.packets++;
    if (!this.stats || this.stats.ssrc !== p.ssrc) {
      if (this.stats) {
        // RFC 3550 §8.2: a new SSRC is a new source (phone restart, re-INVITE to another device).
        // Reported at most once a second: a peer flapping SSRCs must not flood the control thread.
        this.ssrcChanges++;
        if (nowMs - this.lastSsrcNoticeMs >= 1000) {
          this.lastSsrcNoticeMs = nowMs;
          this.emit({ event: 'ssrcChanged', endpoint: this.endpointId, ssrc: p.ssrc });
        }
        this.jb?.reset();
      }
      this.stats = new ReceiveStats(p.ssrc, p.sequenceNumber, 8000, 1);
    }
    this.stats.onPacket(p.sequenceNumber, p.timestamp, nowMs);
    if (p.payloadType === this.codecConfig.telephoneEventPayloadType) {
      for (const n of this.dtmf.process({
        kind: 'packet',
        timestamp: p.timestamp,
        marker: p.marker,
        payload: p.payload,
        nowMs,
      })) {
        if (n.type === 'end')
          this.emit({ event: 'dtmf', endpoint: this.endpointId, digit: n.digit, durationMs: n.durationMs, source: 'rfc4733' });
      }
      return;
    }
    if (!decode || p.payloadType !== this.codecConfig.payloadType || p.payload.length === 0) return;
    // For PCMU, PCMA and G.722 one payload byte is one RTP timestamp unit.
    if (!this.jb || this.jbUnits !== p.payload.length) {
      this.jbUnits = p.payload.length;
      this.jb = new JitterBuffer({ clockRate: 8000, frameUnits: this.jbUnits });
    }
    this.jb.push(p.timestamp, p.payload.slice(), nowMs, p.marker);
  }

  /** 20 ms of decoded (or concealed) audio, or undefined while nothing plays out. */
  pull(nowMs: number): Int16Array | undefined {
    this.dtmfTick(nowMs);
    if (!this.jb) return undefined;
    let guard = 0;
    while (this.fifo.length < this.frameSamples && guard++ < 8) {
      const o = this.jb.pop(nowMs);
      if (o.kind === 'idle') break;
      // A concealed packet lasts as long as the stream's packets (one payload byte per 8 kHz unit).
      const missing = (this.jbUnits * this.codec.sampleRate) / 8000;
      const pcm = this.plc.process(o.kind === 'frame' ? this.codec.decode(o.payload) : undefined, missing);
      const merged = new Int16Array(this.fifo.length + pcm.length);
      merged.set(this.fifo);
      merged.set(pcm, this.fifo.length);
      this.fifo = merged;
    }
    if (this.fifo.length < this.frameSamples) return undefined;
    const frame = this.fifo.slice(0, this.frameSamples);
    this.fifo = this.fifo.slice(this.frameSamples);
    this.detectInband(frame);
    return frame;
  }

  private dtmfTick(nowMs: number): void {
    for (const n of this.dtmf.process({ kind: 'tick', nowMs })) {
      if (n.type === 'end')
        this.emit({ event: 'dtmf', endpoint: this.endpointId, digit: n.digit, durationMs: n.durationMs, source: 'rfc4733' });
    }
  }

  private detectInband(frame: Int16Array): void {
    if (!this.inband) return;
    const narrow = this.toNarrowband ? this.toNarrowband.process(frame) : frame;
    for (const d of this.inband.process(narrow)) {
      if (d.type === 'end')
        this.emit({ event: 'dtmf', endpoint: this.endpointId, digit: d.digit, durationMs: d.durationMs, source: 'inband' });
    }
  }
}
