import { type AppError, type Clock, err, ok, type Result } from '@rexian/kernel';
import { Resampler, resample } from '../codecs/resampler.ts';
import { Mixer } from '../dsp/mixer.ts';
import { Player, type PlayItem } from '../dsp/player.ts';
import { Recorder } from '../dsp/recorder.ts';
import { CHINA_TONES, ToneGenerator } from '../dsp/tone-generator.ts';
import { MediaErrorCode, mediaError } from '../errors.ts';
import { PortAllocator, type PortRange } from '../rtp/port-allocator.ts';
import type { Endpoint as NetAddress } from '../rtp/rtp-latch.ts';
import { type DatagramPort, MediaEndpoint } from './endpoint.ts';
import { MediaClock } from './media-clock.ts';
import type { ControlRequest, ControlResult, EngineEvent } from './protocol.ts';
import type { RecordingSink, RecordingSinkFactory } from './recording-file.ts';

export interface BoundSocket extends DatagramPort {
  close(): void;
}

export interface SocketFactory {
  bind(port: number, address: string, onMessage: (bytes: Uint8Array, from: NetAddress) => void): Promise<BoundSocket>;
}

export interface ShardOptions {
  range: PortRange;
  clock: Clock;
  sockets: SocketFactory;
  sinks: RecordingSinkFactory;
  emit: (e: EngineEvent) => void;
}

type Node =
  | { kind: 'endpoint'; id: string; parent?: string; children: Set<string>; ep: MediaEndpoint; sockets: BoundSocket[] }
  | { kind: 'bridge'; id: string; parent?: string; children: Set<string>; members: string[]; relay: boolean; mixer?: MixGroup }
  | { kind: 'mix'; id: string; parent?: string; children: Set<string>; members: string[]; mixer: MixGroup }
  | { kind: 'playback'; id: string; parent?: string; children: Set<string>; endpoint: string }
  | {
      kind: 'recording';
      id: string;
      parent?: string;
      children: Set<string>;
      target: string;
      recorder: Recorder;
      sink: RecordingSink;
      path: string;
      rate: 8000 | 16000;
      /** Streaming converters per side when a leg runs at another rate than the recording. */
      resamplers: Map<string, Resampler>;
    };

interface MixGroup {
  mixer: Mixer;
  rate: number;
  toBus: Map<string, Resampler>;
  fromBus: Map<string, Resampler>;
}

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
        for (const m of req.endpoints) {
          if (!this.endpoint(m)) return notFound(m);
          if (this.endpointBridge.has(m)) return err(mediaError(MediaErrorCode.BadCommand, `endpoint ${m} is already bridged`));
        }
        this.join(req.id, req.op, req.endpoints);
        return ok({ op: 'ok' });
      }
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
        return this.play(req);
      case 'playTone':
        return this.playTone(req);
      case 'pausePlay':
      case 'resumePlay': {
        const n = this.nodes.get(req.id);
        const ep = n?.kind === 'playback' ? this.endpoint(n.endpoint) : undefined;
        if (!ep?.player || ep.player.id !== req.id) return notFound(req.id);
        ep.player.player.process({ kind: req.op === 'pausePlay' ? 'pause' : 'resume' });
        return ok({ op: 'ok' });
      }
      case 'stopPlay':
      case 'destroy':
        if (!this.nodes.has(req.id)) return notFound(req.id);
        await this.destroy(req.id);
        return ok({ op: 'ok' });
      case 'record':
        return this.record(req);
      case 'sendDtmf': {
        const ep = this.endpoint(req.target);
        if (!ep) return notFound(req.target);
        ep.sendDtmf(req.digit, req.durationMs ?? 100);
        return ok({ op: 'ok' });
      }
      case 'stats': {
        const ep = this.endpoint(req.target);
        if (!ep) return notFound(req.target);
        return ok({ op: 'stats', stats: ep.stats() });
      }
      case 'shardStats': {
        const endpoints = [...this.nodes.values()].filter((n) => n.kind === 'endpoint').length;
        const stats = { objects: this.nodes.size, endpoints, clock: this.clock.stats(), maxTickMs: this.maxTickMs };
        return ok({ op: 'shardStats', stats });
      }
      case 'shutdown':
        for (const id of [...this.nodes.keys()]) if (this.nodes.has(id)) await this.destroy(id);
        this.clock.stop();
        return ok({ op: 'ok' });
    }
  }

  private async createEndpoint(req: Extract<ControlRequest, { op: 'createEndpoint' }>): Promise<Result<ControlResult, AppError>> {
    for (let attempt = 0; attempt < 16; attempt++) {
      const port = this.ports.allocate();
      if (!port.ok) return port;
      const sockets: BoundSocket[] = [];
      try {
        let ep: MediaEndpoint | undefined;
        const deliver = (bytes: Uint8Array, from: NetAddress) => ep?.onDatagram(bytes, from, this.o.clock.monotonic());
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
      this.nodes.set(id, { kind: 'bridge', id, children: new Set(), members, relay: true });
      return;
    }
    const rate = Math.max(...eps.map((e) => e.sampleRate));
    const group: MixGroup = {
      mixer: new Mixer({ frameSamples: (rate * 20) / 1000 }),
      rate,
      toBus: new Map(),
      fromBus: new Map(),
    };
    for (const e of eps) {
      group.mixer.add(e.id);
      if (e.sampleRate !== rate) {
        group.toBus.set(e.id, new Resampler(e.sampleRate, rate));
        group.fromBus.set(e.id, new Resampler(rate, e.sampleRate));
      }
    }
    if (op === 'bridge') this.nodes.set(id, { kind: 'bridge', id, children: new Set(), members, relay: false, mixer: group });
    else this.nodes.set(id, { kind: 'mix', id, children: new Set(), members, mixer: group });
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
    const eps = target.kind === 'endpoint' ? [target.ep] : target.members.map((m) => this.endpoint(m) as MediaEndpoint);
    for (const e of eps) e.tapped = true;
    const rate = eps.every((e) => e.sampleRate === 16000) ? 16000 : 8000;
    const recorder = new Recorder({ format: req.format, sampleRate: rate, channels: req.channels });
    const sink = this.o.sinks(req.path);
    sink.append(recorder.start());
    this.adopt(req.target, {
      kind: 'recording',
      id: req.id,
      children: new Set(),
      target: req.target,
      recorder,
      sink,
      path: req.path,
      rate,
      resamplers: new Map(),
    });
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
      const b = this.endpointBridge.get(id);
      if (b) await this.destroy(b);
      for (const s of n.sockets) s.close();
      this.ports.release(n.ep.localPort);
    } else if (n.kind === 'bridge' || n.kind === 'mix') {
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
      const fin = n.recorder.finish();
      n.sink.append(fin.tail);
      await n.sink.finish(fin.header);
      this.o.emit({ event: 'recordFinished', id, path: n.path, durationMs: fin.durationMs });
    }
    this.o.emit({ event: 'destroyed', id });
  }

  /** One 20 ms media tick: pull, mix, push, record. */
  tick(nowMs: number): void {
    const started = this.o.clock.monotonic();
    this.runTick(nowMs);
    this.maxTickMs = Math.max(this.maxTickMs, this.o.clock.monotonic() - started);
  }

  private runTick(nowMs: number): void {
    const nodes = [...this.nodes.values()];
    for (const n of nodes) if (n.kind === 'endpoint') n.ep.pull(nowMs);
    const mixed = new Map<string, Int16Array>();
    for (const n of nodes) {
      if ((n.kind === 'bridge' && n.mixer) || n.kind === 'mix') this.mixGroup(n.members, n.mixer as MixGroup, mixed);
    }
    for (const n of nodes) {
      if (n.kind !== 'endpoint') continue;
      const playing = n.ep.player;
      n.ep.push(nowMs, mixed.get(n.id));
      if (playing?.player.done) void this.finishPlayback(playing.id, 'completed');
    }
    for (const n of nodes) if (n.kind === 'recording') this.recordTick(n);
  }

  private mixGroup(members: string[], g: MixGroup, out: Map<string, Int16Array>): void {
    const inputs = new Map<string, Int16Array>();
    for (const m of members) {
      const x = this.endpoint(m)?.lastInbound;
      if (!x) continue;
      const r = g.toBus.get(m);
      inputs.set(m, r ? r.process(x) : x);
    }
    for (const [id, y] of g.mixer.process(inputs)) {
      const r = g.fromBus.get(id);
      out.set(id, r ? r.process(y) : y);
    }
  }

  private recordTick(n: Extract<Node, { kind: 'recording' }>): void {
    const t = this.nodes.get(n.target);
    if (!t) return;
    const size = (n.rate * 20) / 1000;
    const fit = (side: string, x: Int16Array | undefined, rate: number): Int16Array => {
      if (!x) return new Int16Array(size);
      if (rate === n.rate) return x;
      let r = n.resamplers.get(side);
      if (!r) {
        r = new Resampler(rate, n.rate);
        n.resamplers.set(side, r);
      }
      const y = r.process(x);
      return y.length === size ? y : Int16Array.from({ length: size }, (_, i) => y[i] ?? 0);
    };
    let a: Int16Array;
    let b: Int16Array;
    if (t.kind === 'endpoint') {
      a = fit('a', t.ep.lastInbound, t.ep.sampleRate);
      b = fit('b', t.ep.lastOutbound, t.ep.sampleRate);
    } else if (t.kind === 'bridge') {
      const [x, y] = t.members.map((m) => this.endpoint(m));
      a = fit('a', x?.lastInbound, x?.sampleRate ?? n.rate);
      b = fit('b', y?.lastInbound, y?.sampleRate ?? n.rate);
    } else return;
    n.sink.append(n.recorder.process({ a, b }));
  }
}
