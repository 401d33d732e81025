import { Worker } from 'node:worker_threads';
import { AppError, type AppError as AppErrorType, err, type Logger, ok, type Result, TypedEmitter } from '@rexian/kernel';
import { MediaErrorCode, mediaError, mediaUnavailable } from '../errors.ts';
import { PortAllocator, type PortRange } from '../rtp/port-allocator.ts';
import type { ControlRequest, ControlResult, EndpointStats, EngineEvent, ShardStats, WorkerMessage } from './protocol.ts';
import type { UdpIoMode } from './udp-select.ts';

export interface MediaEngineOptions {
  /** Worker threads; each owns an equal slice of the port range. */
  workers: number;
  portRange: PortRange;
  /**
   * UDP I/O: 'auto' (default) batches through the udp_batch addon (recvmmsg/sendmmsg, built by
   * scripts/build-native.sh) and falls back to Node's dgram when it is missing, not Linux, or
   * REXIAN_MEDIA_NATIVE=0; 'native' fails the start instead of falling back; 'dgram' never uses it.
   */
  io?: UdpIoMode;
  /** Native I/O: receive poll period, ms (default 2; adds about this much relay latency at most, plus timer slack). */
  pollMs?: number;
  /**
   * Native I/O, what wakes the receive side (native-udp.ts): 'hybrid' (default: the `pollMs` timer while
   * datagrams flow, socket readiness after 25 empty polls), the timer alone, or readiness alone.
   */
  wake?: 'timer' | 'ready' | 'hybrid';
  /** Native I/O: the addon's relay fast path for same-codec bridges (default true; false: every datagram through JS). */
  nativeForwarding?: boolean;
  /** Where the fallback to dgram is reported (once per start); default: a console warning once per process. */
  logger?: Logger;
}

let warnedFallback = false;

export type MediaEngineEvents = { event: [EngineEvent]; workerExit: [index: number, code: number] };

interface Pending {
  resolve: (r: Result<ControlResult, AppErrorType>) => void;
}

/**
 * The control side of the media engine, used by the switch on the main thread. It owns no sockets:
 * every command goes to the worker that owns the object (chosen at endpoint creation; objects of one
 * call must live on one worker so a bridge can relay without crossing threads).
 */
export class MediaEngine {
  readonly events = new TypedEmitter<MediaEngineEvents>();
  private readonly workers: Worker[];
  private readonly load: number[];
  private readonly owner = new Map<string, number>();
  private readonly pending = new Map<number, Pending>();
  private nextReq = 1;
  private closed = false;
  /** UDP I/O the workers use (see MediaEngineOptions.io). */
  readonly io: 'native' | 'dgram';

  private constructor(workers: Worker[], io: 'native' | 'dgram') {
    this.workers = workers;
    this.io = io;
    this.load = workers.map(() => 0);
    workers.forEach((w, i) => {
      w.on('message', (m: WorkerMessage) => this.onMessage(i, m));
      w.on('exit', (code) => this.onExit(i, code));
    });
  }

  static async start(options: MediaEngineOptions): Promise<MediaEngine> {
    const ranges = PortAllocator.shard(options.portRange, options.workers);
    const url = new URL('./shard-worker.ts', import.meta.url);
    const native = {
      ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
      ...(options.wake === undefined ? {} : { wake: options.wake }),
      ...(options.nativeForwarding === undefined ? {} : { forwarding: options.nativeForwarding }),
    };
    const workerData = { io: options.io ?? 'auto', native };
    const workers = ranges.map((range) => new Worker(url, { workerData: { range, ...workerData } }));
    const ready = await Promise.all(
      workers.map(
        (w) =>
          new Promise<Extract<WorkerMessage, { type: 'ready' }>>((resolve, reject) => {
            w.once('error', reject);
            w.once('message', (m: WorkerMessage) =>
              m.type === 'ready' ? resolve(m) : reject(new Error('unexpected first message')),
            );
          }),
      ),
    );
    const fellBack = ready.find((m) => m.io === 'dgram');
    if (fellBack) reportFallback(fellBack, options.logger);
    return new MediaEngine(workers, fellBack ? 'dgram' : 'native');
  }

  /** Create an endpoint; `near` places it on the worker of an existing object (the other leg of a call). */
  async createEndpoint(
    req: Omit<Extract<ControlRequest, { op: 'createEndpoint' }>, 'op'>,
    near?: string,
  ): Promise<Result<{ port: number }, AppErrorType>> {
    let index = near === undefined ? undefined : this.owner.get(near);
    if (index === undefined) index = this.load.indexOf(Math.min(...this.load));
    this.owner.set(req.id, index);
    this.load[index] = (this.load[index] ?? 0) + 1;
    const r = await this.send(index, { op: 'createEndpoint', ...req });
    if (!r.ok) {
      this.forget(req.id);
      return r;
    }
    return r.value.op === 'createEndpoint'
      ? ok({ port: r.value.port })
      : err(mediaError(MediaErrorCode.BadCommand, 'unexpected reply'));
  }

  /** The worker holding an object (objects on one worker can be bridged; see `createEndpoint`'s `near`). */
  workerOf(id: string): number | undefined {
    return this.owner.get(id);
  }

  async stats(target: string): Promise<Result<EndpointStats, AppErrorType>> {
    const r = await this.request({ op: 'stats', target });
    if (!r.ok) return r;
    return r.value.op === 'stats' ? ok(r.value.stats) : err(mediaError(MediaErrorCode.BadCommand, 'unexpected reply'));
  }

  /** Clock and load figures of every worker (for health checks and benchmarks). */
  async shardStats(): Promise<Result<ShardStats[], AppErrorType>> {
    const all = await Promise.all(this.workers.map((_, i) => this.send(i, { op: 'shardStats' })));
    const out: ShardStats[] = [];
    for (const r of all) {
      if (!r.ok) return r;
      if (r.value.op === 'shardStats') out.push(r.value.stats);
    }
    return ok(out);
  }

  /** Any other command, routed to the worker that owns its target. */
  async request(
    req: Exclude<ControlRequest, { op: 'createEndpoint' | 'shutdown' | 'shardStats' }>,
  ): Promise<Result<ControlResult, AppErrorType>> {
    const refs = this.references(req);
    const indices = new Set(refs.map((id) => this.owner.get(id)));
    if (indices.has(undefined)) return err(mediaError(MediaErrorCode.NotFound, 'unknown media object', { ids: refs }));
    if (indices.size > 1)
      return err(mediaError(MediaErrorCode.BadCommand, 'objects live on different media workers', { ids: refs }));
    const index = [...indices][0] as number;
    const creates = req.op === 'bridge' || req.op === 'mix' || req.op === 'play' || req.op === 'playTone' || req.op === 'record';
    const created = creates ? req.id : undefined;
    if (created !== undefined) this.owner.set(created, index);
    const r = await this.send(index, req);
    if (!r.ok && created !== undefined) this.owner.delete(created);
    return r;
  }

  private references(req: Exclude<ControlRequest, { op: 'createEndpoint' | 'shutdown' | 'shardStats' }>): string[] {
    switch (req.op) {
      case 'bridge':
      case 'mix':
        return req.endpoints;
      case 'play':
      case 'playTone':
      case 'record':
      case 'sendDtmf':
      case 'stats':
        return [req.target];
      case 'supervise':
        return [req.mix];
      case 'mixAdd':
      case 'mixRemove':
        return [req.mix, req.endpoint];
      default:
        return [req.id];
    }
  }

  private send(index: number, request: ControlRequest): Promise<Result<ControlResult, AppErrorType>> {
    if (this.closed) return Promise.resolve(err(mediaUnavailable(MediaErrorCode.EngineClosed, 'media engine is closed')));
    const reqId = this.nextReq++;
    return new Promise((resolve) => {
      this.pending.set(reqId, { resolve });
      (this.workers[index] as Worker).postMessage({ reqId, request });
    });
  }

  private onMessage(index: number, m: WorkerMessage): void {
    if (m.type === 'response') {
      const p = this.pending.get(m.response.reqId);
      this.pending.delete(m.response.reqId);
      if (!p) return;
      const r = m.response;
      p.resolve(r.ok ? ok(r.result) : err(new AppError(r.error.code, r.error.message, { kind: 'user' })));
    } else if (m.type === 'event') {
      if (m.event.event === 'destroyed') this.forget(m.event.id);
      this.events.emit('event', m.event);
    }
    void index;
  }

  private forget(id: string): void {
    const index = this.owner.get(id);
    if (index === undefined) return;
    this.owner.delete(id);
    this.load[index] = Math.max(0, (this.load[index] ?? 1) - 1);
  }

  private onExit(index: number, code: number): void {
    this.events.emit('workerExit', index, code);
    if (this.closed) return;
    // A dead worker takes its calls with it; fail what is waiting so callers can tear the calls down.
    for (const [id, p] of this.pending) {
      p.resolve(err(mediaUnavailable(MediaErrorCode.EngineClosed, `media worker ${index} exited with ${code}`)));
      this.pending.delete(id);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    const done = this.workers.map((w, i) => {
      // Listen before asking: a worker closes its port right after answering and may be gone before
      // the answer's continuation runs (a listener added then would wait forever).
      const exited = new Promise<void>((r) => w.once('exit', () => r()));
      return this.send(i, { op: 'shutdown' }).then(() => {
        const kill = setTimeout(() => void w.terminate(), 2000);
        return exited.finally(() => clearTimeout(kill));
      });
    });
    this.closed = true;
    await Promise.all(done);
  }
}

/** The dgram fallback is logged once: a warning when the addon is missing, info when it was switched off. */
function reportFallback(m: Extract<WorkerMessage, { type: 'ready' }>, logger: Logger | undefined): void {
  const fields = { io: 'dgram', reason: m.reason };
  const msg = 'media workers use Node dgram (one syscall per datagram) instead of the udp_batch addon';
  if (logger) {
    if (m.disabled) logger.info(fields, msg);
    else logger.warn(fields, msg);
  } else if (!m.disabled && !warnedFallback) {
    warnedFallback = true;
    console.warn(`rexian media: ${msg}: ${m.reason ?? 'unknown reason'}`);
  }
}
