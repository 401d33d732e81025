import { type AppError, type Clock, err, ok, type Result } from '@rexian/kernel';
import { resample } from '../codecs/resampler.ts';
import { Player, type PlayItem } from '../dsp/player.ts';
import { Recorder } from '../dsp/recorder.ts';
import { CHINA_TONES, ToneGenerator } from '../dsp/tone-generator.ts';
import { MediaErrorCode, mediaError } from '../errors.ts';
import { PortAllocator, type PortRange } from '../rtp/port-allocator.ts';
import type { Endpoint as NetAddress } from '../rtp/rtp-latch.ts';
import { type DatagramPort, MediaEndpoint } from './endpoint.ts';
import { MediaClock } from './media-clock.ts';
import { addToGroup, createMixGroup, type MixGroup, mixFrame, removeFromGroup } from './mix-group.ts';
import { type ForwardSlot, NativeRelayLink } from './native-relay.ts';
import type { ControlRequest, ControlResult, EngineEvent, RecordFinishReason, ShardIoStats, SilenceStop } from './protocol.ts';
import type { RecordingSinkFactory } from './recording-file.ts';
import { RecordingTap } from './recording-tap.ts';

export interface BoundSocket extends DatagramPort {
  close(): void;
  /** Native sockets: the addon's relay fast path can forward between two of them (native-relay.ts). */
  forwarding?: ForwardSlot;
}

export interface SocketFactory {
  bind(port: number, address: string, onMessage: (bytes: Uint8Array, from: NetAddress) => void): Promise<BoundSocket>;
  /** Batched sockets: deliver what arrived since the last poll (called at the start of every tick). */
  poll?(): void;
  io?(): ShardIoStats;
}

export interface ShardOptions {
  range: PortRange;
  clock: Clock;
  sockets: SocketFactory;
  sinks: RecordingSinkFactory;
  emit: (e: EngineEvent) => void;
}

/** Ticks per wake-up of an idle shard (200 ms): RTCP reports are due every 2.5–7.5 s. */
const COARSE_TICKS = 10;

type Node =
  | { kind: 'endpoint'; id: string; parent?: string; children: Set<string>; ep: MediaEndpoint; sockets: BoundSocket[] }
  | {
      kind: 'bridge';
      id: string;
      parent?: string;
      children: Set<string>;
      members: string[];
      relay: boolean;
      mixer?: MixGroup;
      /** The addon's fast path for a relay of two native sockets. */
      link?: NativeRelayLink;
    }
  | { kind: 'mix'; id: string; parent?: string; children: Set<string>; members: string[]; mixer: MixGroup }
  | { kind: 'playback'; id: string; parent?: string; children: Set<string>; endpoint: string }
  | {
      kind: 'recording';
      id: string;
      parent?: string;
      children: Set<string>;
      target: string;
      tap: RecordingTap;
      /** Set when the tap's silence stop fired (the recording is being closed). */
      stopping?: RecordFinishReason;
    };

/**
 * Everything one media worker owns: ports from its range, endpoints, bridges, mixes, playbacks and
 * recordings, kept in an ownership tree (destroying a node destroys its children: closing a bridge
 * closes its recording taps; destroying an endpoint closes its playbacks and the bridges it is in).
 * Socket-agnostic: the worker injects UDP sockets, tests may inject anything.
 */
export class MediaShard {
  private readonly o: ShardOptions;
  private readonly ports: PortAllocator;
  private readonly nodes = new Map<string, Node>();
  private readonly endpointBridge = new Map<string, string>();
  private maxTickMs = 0;
  readonly clock: MediaClock;

  constructor(options: ShardOptions) {
    this.o = options;
    const ports = PortAllocator.create({ ...options.range, clock: options.clock });
    if (!ports.ok) throw ports.error; // configuration error at start-up, not untrusted input
    this.ports = ports.value;
    this.clock = new MediaClock({ clock: options.clock, onTick: (_n, at) => this.tick(at) });
  }

  get size(): number {
    return this.nodes.size;
  }

  private endpoint(id: string): MediaEndpoint | undefined {
    const n = this.nodes.get(id);
    return n?.kind === 'endpoint' ? n.ep : undefined;
  }

  async handle(req: ControlRequest): Promise<Result<ControlResult, AppError>> {
    // Any command may start 20 ms work (a prompt, a recording, a mix, an unbridged leg): tick finely
    // again; the next tick decides whether coarse ticks still suffice.
    this.clock.setCoarse(1);
    const notFound = (id: string) => err(mediaError(MediaErrorCode.NotFound, `no such media object ${id}`, { id }));
    const taken = (id: string) => err(mediaError(MediaErrorCode.BadCommand, `id ${id} already exists`, { id }));
    switch (req.op) {
      case 'createEndpoint':
        if (this.nodes.has(req.id)) return taken(req.id);
        return this.createEndpoint(req);
      case 'connect': {
        const ep = this.endpoint(req.id);
        if (!ep) return notFound(req.id);
        ep.connect(req.remote);
        return ok({ op: 'ok' });
      }
      case 'bridge':
      case 'mix': {
        if (this.nodes.has(req.id)) return taken(req.id);
        if (new Set(req.endpoints).size !== req.endpoints.length || req.endpoints.length < 2) {
          return err(mediaError(MediaErrorCode.BadCommand, 'a bridge or mix needs at least two distinct endpoints'));
        }
        for (const m of req.endpoints) {
          if (!this.endpoint(m)) return notFound(m);
          if (this.endpointBridge.has(m)) return err(mediaError(MediaErrorCode.BadCommand, `endpoint ${m} is already bridged`));
        }
        this.join(req.id, req.op, req.endpoints);
        return ok({ op: 'ok' });
      }
      case 'mixAdd':
      case 'mixRemove':
        return this.mixMembership(req);
      case 'supervise': {
        const n = this.nodes.get(req.mix);
        if (!n || n.kind !== 'mix') return notFound(req.mix);
        const m = n.mixer.mixer;
        if (req.mode === 'listen') m.listen(req.supervisor);
        else if (req.mode === 'whisper' && req.agent !== undefined) m.whisper(req.supervisor, req.agent);
        else m.barge(req.supervisor);
        return ok({ op: 'ok' });
      }
      case 'play':
      case 'playTone':
      case 'pausePlay':
      case 'resumePlay':
      case 'record':
      case 'sendDtmf':
        return this.handleMedia(req);
      case 'stopPlay':
      case 'destroy':
        if (!this.nodes.has(req.id)) return notFound(req.id);
        await this.destroy(req.id);
        return ok({ op: 'ok' });
      case 'stats': {
        const ep = this.endpoint(req.target);
        if (!ep) return notFound(req.target);
        return ok({ op: 'stats', stats: ep.stats() });
      }
      case 'shardStats': {
        const endpoints = [...this.nodes.values()].filter((n) => n.kind === 'endpoint').length;
        const stats = { objects: this.nodes.size, endpoints, clock: this.clock.stats(), maxTickMs: this.maxTickMs };
        const io = this.o.sockets.io?.();
        return ok({ op: 'shardStats', stats: io ? { ...stats, io } : stats });
      }
      case 'shutdown':
        for (const id of [...this.nodes.keys()]) if (this.nodes.has(id)) await this.destroy(id);
        this.clock.stop();
        return ok({ op: 'ok' });
    }
  }

  /** Commands that start or steer media on existing endpoints. */
  private handleMedia(
    req: Extract<ControlRequest, { op: 'play' | 'playTone' | 'pausePlay' | 'resumePlay' | 'record' | 'sendDtmf' }>,
  ): Result<ControlResult, AppError> {
    switch (req.op) {
      case 'play':
        return this.play(req);
      case 'playTone':
        return this.playTone(req);
      case 'record':
        return this.record(req);
      case 'pausePlay':
      case 'resumePlay': {
        const n = this.nodes.get(req.id);
        const ep = n?.kind === 'playback' ? this.endpoint(n.endpoint) : undefined;
        if (!ep?.player || ep.player.id !== req.id) return err(mediaError(MediaErrorCode.NotFound, `no playback ${req.id}`));
        ep.player.player.process({ kind: req.op === 'pausePlay' ? 'pause' : 'resume' });
        return ok({ op: 'ok' });
      }
      case 'sendDtmf': {
        const ep = this.endpoint(req.target);
        if (!ep) return err(mediaError(MediaErrorCode.NotFound, `no endpoint ${req.target}`));
        ep.sendDtmf(req.digit, req.durationMs ?? 100);
        return ok({ op: 'ok' });
      }
    }
  }

  private async createEndpoint(req: Extract<ControlRequest, { op: 'createEndpoint' }>): Promise<Result<ControlResult, AppError>> {
    for (let attempt = 0; attempt < 16; attempt++) {
      const port = this.ports.allocate();
      if (!port.ok) return port;
      const sockets: BoundSocket[] = [];
      try {
        let ep: MediaEndpoint | undefined;
        const deliver = (bytes: Uint8Array, from: NetAddress) => {
          if (!ep) return;
          ep.onDatagram(bytes, from, this.o.clock.monotonic());
          // An RFC 4733 event on a relayed leg needs the tick (its end may come only by timeout).
          if (this.clock.coarse && !ep.tickless) this.clock.setCoarse(1);
        };
        sockets.push(await this.o.sockets.bind(port.value, req.localAddress, deliver));
        sockets.push(await this.o.sockets.bind(port.value + 1, req.localAddress, deliver));
        ep = new MediaEndpoint({
          id: req.id,
          kind: req.kind,
          codec: req.codec,
          localPort: port.value,
          rtp: sockets[0] as BoundSocket,
          rtcp: sockets[1] as BoundSocket,
          emit: (e) => this.onEndpointEvent(e),
          wallClockMs: () => this.o.clock.now(),
        });
        if (req.remote) ep.connect(req.remote);
        this.nodes.set(req.id, { kind: 'endpoint', id: req.id, children: new Set(), ep, sockets });
        return ok({ op: 'createEndpoint', port: port.value });
      } catch {
        for (const s of sockets) s.close();
        this.ports.markBusy(port.value); // taken by another process: try the next pair
      }
    }
    return err(mediaError(MediaErrorCode.PortsExhausted, 'could not bind an RTP port pair'));
  }

  private join(id: string, op: 'bridge' | 'mix', members: string[]): void {
    const eps = members.map((m) => this.endpoint(m) as MediaEndpoint);
    const [a, b] = eps;
    const relay =
      op === 'bridge' &&
      !!a &&
      !!b &&
      a.codec.name === b.codec.name &&
      a.codec.ptimeMs === b.codec.ptimeMs &&
      a.kind === 'rtp' &&
      b.kind === 'rtp';
    for (const m of members) this.endpointBridge.set(m, id);
    if (relay && a && b) {
      a.relayTo = b;
      b.relayTo = a;
      // A recording already running on one leg needs both directions decoded once relaying starts.
      if (a.tapped || b.tapped) a.tapped = b.tapped = true;
      const link = this.nativeLink(a, b);
      this.nodes.set(id, { kind: 'bridge', id, children: new Set(), members, relay: true, ...(link ? { link } : {}) });
      return;
    }
    const group = createMixGroup(Math.max(...eps.map((e) => e.sampleRate)));
    for (const e of eps) addToGroup(group, e);
    if (op === 'bridge') this.nodes.set(id, { kind: 'bridge', id, children: new Set(), members, relay: false, mixer: group });
    else this.nodes.set(id, { kind: 'mix', id, children: new Set(), members, mixer: group });
  }

  /** The relay fast path when both legs' RTP sockets are the addon's (not on dgram, not in tests' fakes). */
  private nativeLink(a: MediaEndpoint, b: MediaEndpoint): NativeRelayLink | undefined {
    const na = this.nodes.get(a.id);
    const nb = this.nodes.get(b.id);
    const sa = na?.kind === 'endpoint' ? na.sockets[0]?.forwarding : undefined;
    const sb = nb?.kind === 'endpoint' ? nb.sockets[0]?.forwarding : undefined;
    if (!sa || !sb) return undefined;
    const link = new NativeRelayLink(a, sa, b, sb);
    a.native = b.native = link;
    link.push();
    return link;
  }

  private mixMembership(req: Extract<ControlRequest, { op: 'mixAdd' | 'mixRemove' }>): Result<ControlResult, AppError> {
    const n = this.nodes.get(req.mix);
    const ep = this.endpoint(req.endpoint);
    if (!n || n.kind !== 'mix' || !ep) return err(mediaError(MediaErrorCode.NotFound, 'no such mix or endpoint', { ...req }));
    if (req.op === 'mixAdd') {
      if (this.endpointBridge.has(ep.id))
        return err(mediaError(MediaErrorCode.BadCommand, `endpoint ${ep.id} is already bridged`));
      n.members.push(ep.id);
      this.endpointBridge.set(ep.id, n.id);
      addToGroup(n.mixer, ep);
    } else {
      if (this.endpointBridge.get(ep.id) !== n.id)
        return err(mediaError(MediaErrorCode.BadCommand, `endpoint ${ep.id} is not in ${n.id}`));
      this.leaveMix(n, ep.id);
    }
    return ok({ op: 'ok' });
  }

  private leaveMix(n: Extract<Node, { kind: 'mix' }>, endpointId: string): void {
    n.members = n.members.filter((m) => m !== endpointId);
    removeFromGroup(n.mixer, endpointId);
    this.endpointBridge.delete(endpointId);
  }

  private play(req: Extract<ControlRequest, { op: 'play' }>): Result<ControlResult, AppError> {
    // Prompts arrive at their upload rate; converting here happens once per play, never per tick.
    return this.startPlayer(
      req.id,
      req.target,
      (rate) => req.prompts.map((p) => ({ samples: resample(p.samples, p.sampleRate, rate) })),
      req.loops ?? 0,
      req.bargeIn ?? false,
    );
  }

  /** One full cadence period (a whole number of 450 Hz cycles, so the loop joins without a click), looped. */
  private playTone(req: Extract<ControlRequest, { op: 'playTone' }>): Result<ControlResult, AppError> {
    const spec = CHINA_TONES[req.tone];
    if (!spec) return err(mediaError(MediaErrorCode.BadCommand, `unknown tone ${String(req.tone)}`));
    const periodMs = spec.cadenceMs.reduce((a: number, b: number) => a + b, 0) || 1000;
    const items = (rate: number) => [{ samples: new ToneGenerator(spec, rate).process((rate * periodMs) / 1000) }];
    return this.startPlayer(req.id, req.target, items, Number.POSITIVE_INFINITY, false);
  }

  private startPlayer(
    id: string,
    target: string,
    items: (rate: number) => PlayItem[],
    loops: number,
    bargeIn: boolean,
  ): Result<ControlResult, AppError> {
    const ep = this.endpoint(target);
    if (!ep) return err(mediaError(MediaErrorCode.NotFound, `no such endpoint ${target}`));
    if (this.nodes.has(id)) return err(mediaError(MediaErrorCode.BadCommand, `id ${id} already exists`));
    if (ep.player) void this.destroy(ep.player.id);
    const player = new Player({ items: items(ep.sampleRate), frameSamples: ep.frameSamples, loops, bargeIn });
    ep.player = { id, player };
    this.adopt(target, { kind: 'playback', id, children: new Set(), endpoint: target });
    return ok({ op: 'ok' });
  }

  private record(req: Extract<ControlRequest, { op: 'record' }>): Result<ControlResult, AppError> {
    const target = this.nodes.get(req.target);
    if (!target || (target.kind !== 'endpoint' && target.kind !== 'bridge')) {
      return err(mediaError(MediaErrorCode.NotFound, `cannot record ${req.target}`));
    }
    if (this.nodes.has(req.id)) return err(mediaError(MediaErrorCode.BadCommand, `id ${req.id} already exists`));
    if (req.stopOnSilence && !validSilenceStop(req.stopOnSilence)) {
      return err(mediaError(MediaErrorCode.BadCommand, 'stopOnSilence: silenceMs and noSpeechMs > 0, thresholdDbfs ≤ 0'));
    }
    const eps = target.kind === 'endpoint' ? [target.ep] : target.members.map((m) => this.endpoint(m) as MediaEndpoint);
    // A relayed leg's outbound audio is its peer's inbound: both must be decoded.
    if (target.kind === 'endpoint' && target.ep.relayTo) eps.push(target.ep.relayTo);
    for (const e of eps) e.tapped = true;
    const rate = eps.every((e) => e.sampleRate === 16000) ? 16000 : 8000;
    const recorder = new Recorder({ format: req.format, sampleRate: rate, channels: req.channels });
    // Silence is judged on incoming audio: the endpoint's own inbound, or both members' for a bridge.
    const silence = req.stopOnSilence && {
      ...req.stopOnSilence,
      sides: target.kind === 'bridge' ? ('both' as const) : ('a' as const),
    };
    const tap = new RecordingTap(recorder, this.o.sinks(req.path), req.path, rate, silence);
    this.adopt(req.target, { kind: 'recording', id: req.id, children: new Set(), target: req.target, tap });
    return ok({ op: 'ok' });
  }

  private adopt(parent: string, node: Node): void {
    node.parent = parent;
    this.nodes.set(node.id, node);
    this.nodes.get(parent)?.children.add(node.id);
  }

  private onEndpointEvent(e: EngineEvent): void {
    if (e.event === 'dtmf') {
      const ep = this.endpoint(e.endpoint);
      const playing = ep?.player;
      if (playing) {
        for (const pe of playing.player.process({ kind: 'dtmf', digit: e.digit }).events) {
          if (pe.type === 'finished') void this.finishPlayback(playing.id, pe.reason, pe.digit);
        }
      }
    }
    this.o.emit(e);
  }

  private async finishPlayback(id: string, reason: 'completed' | 'barge-in' | 'stopped', digit?: string): Promise<void> {
    const n = this.nodes.get(id);
    if (!n || n.kind !== 'playback') return;
    const ep = this.endpoint(n.endpoint);
    if (ep?.player?.id === id) ep.player = undefined;
    this.o.emit(
      digit === undefined ? { event: 'playFinished', id, reason } : { event: 'playFinished', id, reason, digit: digit as never },
    );
    await this.destroy(id);
  }

  async destroy(id: string): Promise<void> {
    const n = this.nodes.get(id);
    if (!n) return;
    for (const c of [...n.children]) await this.destroy(c);
    this.nodes.delete(id);
    if (n.parent) this.nodes.get(n.parent)?.children.delete(id);
    if (n.kind === 'endpoint') {
      // A two-party bridge cannot outlive a leg; a conference just loses a member.
      const b = this.nodes.get(this.endpointBridge.get(id) ?? '');
      if (b?.kind === 'mix') this.leaveMix(b, id);
      else if (b) await this.destroy(b.id);
      for (const s of n.sockets) s.close();
      this.ports.release(n.ep.localPort);
    } else if (n.kind === 'bridge' || n.kind === 'mix') {
      if (n.kind === 'bridge' && n.link) {
        n.link.close(); // the state comes back to JS before the legs stop relaying
        for (const m of n.members) {
          const ep = this.endpoint(m);
          if (ep) ep.native = undefined;
        }
      }
      for (const m of n.members) {
        this.endpointBridge.delete(m);
        const ep = this.endpoint(m);
        if (ep) {
          ep.relayTo = undefined;
          ep.tapped = false;
        }
      }
    } else if (n.kind === 'playback') {
      const ep = this.endpoint(n.endpoint);
      if (ep?.player?.id === id) {
        ep.player = undefined;
        this.o.emit({ event: 'playFinished', id, reason: 'stopped' });
      }
    } else if (n.kind === 'recording') {
      const durationMs = await n.tap.close(n.stopping !== undefined);
      this.o.emit({ event: 'recordFinished', id, path: n.tap.path, durationMs, reason: n.stopping ?? 'stopped' });
    }
    this.o.emit({ event: 'destroyed', id });
  }

  /** One 20 ms media tick: pull, mix, push, record. */
  tick(nowMs: number): void {
    const started = this.o.clock.monotonic();
    // Batched sockets: what arrived since the last poll reaches the jitter buffers before they play out.
    this.o.sockets.poll?.();
    this.runTick(nowMs);
    this.maxTickMs = Math.max(this.maxTickMs, this.o.clock.monotonic() - started);
  }

  private runTick(nowMs: number): void {
    const nodes = [...this.nodes.values()];
    // Relayed legs and echo endpoints have no 20 ms work (only an RTCP report now and then); when the
    // whole shard is such, the clock wakes every COARSE_TICKS ticks instead (docs/media.md "Engine").
    let fine = false;
    const ticking: Array<Extract<Node, { kind: 'endpoint' }>> = [];
    for (const n of nodes) {
      if (n.kind !== 'endpoint') {
        if (n.kind !== 'bridge' || !n.relay) fine = true; // mixes, playbacks, recordings
        continue;
      }
      if (n.ep.tickless) {
        n.ep.idleTick(nowMs);
        continue;
      }
      fine = true;
      ticking.push(n);
      n.ep.pull(nowMs);
    }
    const mixed = new Map<string, Int16Array>();
    for (const n of nodes) {
      if ((n.kind === 'bridge' && n.mixer) || n.kind === 'mix') {
        mixFrame(n.mixer as MixGroup, new Map(n.members.map((m) => [m, this.endpoint(m)?.lastInbound])), mixed);
      }
    }
    for (const n of ticking) {
      const playing = n.ep.player;
      n.ep.push(mixed.size > 0 ? mixed.get(n.id) : undefined); // most ticks of a relay mix nothing
      if (playing?.player.done) void this.finishPlayback(playing.id, 'completed');
    }
    for (const n of nodes) if (n.kind === 'recording') this.recordTick(n);
    this.clock.setCoarse(fine ? 1 : COARSE_TICKS);
  }

  private recordTick(n: Extract<Node, { kind: 'recording' }>): void {
    const t = this.nodes.get(n.target);
    const side = (ep: MediaEndpoint | undefined, outbound = false) => ({
      frame: outbound ? ep?.lastOutbound : ep?.lastInbound,
      rate: ep?.sampleRate ?? n.tap.rate,
    });
    let stop: RecordFinishReason | undefined;
    if (t?.kind === 'endpoint') {
      // A relayed leg sends what its peer hears, so "our side" is the peer's decoded inbound.
      const peer = t.ep.relayTo;
      stop = n.tap.write(side(t.ep), peer ? side(peer) : side(t.ep, true));
    } else if (t?.kind === 'bridge') {
      const [x, y] = t.members.map((m) => this.endpoint(m));
      stop = n.tap.write(side(x), side(y));
    }
    if (stop && n.stopping === undefined) {
      n.stopping = stop;
      // Closing emits recordFinished with the reason; a failing file write cannot be reported here.
      this.destroy(n.id).catch(() => {});
    }
  }
}

function validSilenceStop(s: SilenceStop): boolean {
  const positive = (x: number | undefined) => x === undefined || (Number.isFinite(x) && x > 0);
  return (
    Number.isFinite(s.silenceMs) &&
    s.silenceMs > 0 &&
    positive(s.noSpeechMs) &&
    (s.thresholdDbfs === undefined || (Number.isFinite(s.thresholdDbfs) && s.thresholdDbfs <= 0))
  );
}
