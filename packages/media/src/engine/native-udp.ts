import type { Endpoint as NetAddress } from '../rtp/rtp-latch.ts';
import type { BoundSocket, SocketFactory } from './shard.ts';
import { ADDR_FLAG_IPV6, errnoError, RECV_FLAG_TRUNCATED, type UdpBatchAddon, type WatchHandle } from './udp-batch-addon.ts';

export interface NativeUdpOptions {
  /**
   * What wakes the receive side: 'timer' polls every `pollMs` while sockets are open; 'ready' lets a
   * helper thread wake the worker when a socket has data, at most once per `pollMs`. The 20 ms media
   * tick polls as well in both. Measured in docs/media.md.
   */
  wake?: 'timer' | 'ready';
  pollMs?: number;
  /** Datagrams per receive call and the size of one slot; longer datagrams are dropped (counted). */
  recvSlots?: number;
  slotSize?: number;
  /** Datagrams per send batch. */
  sendSlots?: number;
  socketBufferBytes?: number;
}

export interface NativeUdpStats {
  polls: number;
  received: number;
  truncated: number;
  recvCalls: number;
  recvErrors: number;
  sent: number;
  sendCalls: number;
  /** Dropped because a socket's send buffer was full (EAGAIN/ENOBUFS), or refused by the kernel. */
  sendDropped: number;
  sendErrors: number;
}

type Handler = (bytes: Uint8Array, from: NetAddress) => void;

/**
 * A shard's UDP sockets through the udp_batch addon. Receiving: a short timer (and the media tick,
 * through `poll`) drains every ready socket in one native call (epoll + recvmmsg) into a reused
 * buffer, then hands each datagram to its socket's handler as a view of that buffer — handlers must
 * copy what they keep (the endpoint, jitter buffer and relay do). Sending: `send` copies the datagram
 * into a batch that goes out in one native call (sendmmsg) at the end of the current task (after a
 * poll's datagrams are relayed, after a tick's packets are built), or earlier when the batch is full.
 */
export class NativeUdp implements SocketFactory {
  private readonly addon: UdpBatchAddon;
  private readonly pollMs: number;
  private readonly wake: 'timer' | 'ready';
  private readonly slot: number;
  private readonly sockBuf: number;
  private readonly rbuf: Uint8Array;
  private readonly rmeta: Int32Array;
  private readonly rstats = new Int32Array(4);
  private readonly sbuf: Uint8Array;
  private readonly smeta: Int32Array;
  private readonly sstats = new Int32Array(4);
  private readonly sendSlots: number;
  private sendCount = 0;
  private sendBytes = 0;
  private flushQueued = false;
  private epfd = -1;
  private open = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private watcher: WatchHandle | undefined;
  private readonly handlers: Array<Handler | undefined> = [];
  private readonly freeTags: number[] = [];
  /** Freed during a poll; reusable only after it, so a datagram never reaches a socket bound meanwhile. */
  private readonly releasedTags: number[] = [];
  private readonly sourceText = new Map<number, string>();
  private readonly destWords = new Map<string, Int32Array>();
  private readonly counters = { polls: 0, received: 0, truncated: 0, sent: 0 };
  private readonly flushTask = () => this.flush();

  constructor(addon: UdpBatchAddon, options: NativeUdpOptions = {}) {
    this.addon = addon;
    this.pollMs = options.pollMs ?? 2;
    this.wake = options.wake ?? 'timer';
    this.slot = options.slotSize ?? 2048;
    this.sockBuf = options.socketBufferBytes ?? 1 << 20;
    const slots = options.recvSlots ?? 256;
    this.rbuf = new Uint8Array(slots * this.slot);
    this.rmeta = new Int32Array(slots * addon.RECV_META);
    this.sendSlots = options.sendSlots ?? 512;
    this.sbuf = new Uint8Array(this.sendSlots * 256);
    this.smeta = new Int32Array(this.sendSlots * addon.SEND_META);
  }

  bind(port: number, address: string, onMessage: Handler): Promise<BoundSocket> {
    const fd = this.addon.open(address, port, this.sockBuf, this.sockBuf);
    if (fd < 0) return Promise.reject(errnoError(-fd, 'bind', `${address}:${port}`));
    if (this.epfd < 0) {
      this.epfd = this.addon.epollCreate();
      if (this.epfd < 0) {
        const e = errnoError(-this.epfd, 'epoll_create1', '');
        this.addon.close(fd);
        this.epfd = -1;
        return Promise.reject(e);
      }
    }
    if (this.open === 0) this.recycleTags();
    const tag = this.freeTags.pop() ?? this.handlers.length;
    this.handlers[tag] = onMessage;
    const added = this.addon.epollAdd(this.epfd, fd, tag);
    if (added < 0) {
      this.handlers[tag] = undefined;
      this.freeTags.push(tag);
      this.addon.close(fd);
      return Promise.reject(errnoError(-added, 'epoll_ctl', `${address}:${port}`));
    }
    this.open++;
    this.startWaking();
    let closed = false;
    return Promise.resolve({
      send: (bytes, toPort, toAddress) => {
        if (!closed) this.queue(fd, bytes, toPort, toAddress);
      },
      close: () => {
        if (closed) return;
        closed = true;
        // Queued datagrams name this fd: send them before the number can be reused.
        this.flush();
        this.addon.close(fd);
        this.handlers[tag] = undefined;
        this.releasedTags.push(tag);
        if (--this.open === 0) this.idle();
      },
    });
  }

  /** Drain every ready socket, deliver, then send what the handlers queued. */
  poll(): void {
    if (this.epfd < 0) return;
    this.counters.polls++;
    const meta = this.rmeta;
    const stride = this.addon.RECV_META;
    const capacity = meta.length / stride;
    // Bounded: under a flood the tick and the control port still get their turn.
    for (let round = 0; round < 8 && this.epfd >= 0; round++) {
      const n = this.addon.recv(this.epfd, this.rbuf, this.slot, meta, this.rstats);
      if (n <= 0) break;
      this.counters.received += n;
      for (let i = 0; i < n; i++) {
        const m = i * stride;
        const handler = this.handlers[meta[m] as number];
        if (!handler) continue;
        if (((meta[m + 2] as number) & RECV_FLAG_TRUNCATED) !== 0) {
          this.counters.truncated++;
          continue;
        }
        const at = i * this.slot;
        handler(this.rbuf.subarray(at, at + (meta[m + 1] as number)), { address: this.source(m), port: meta[m + 3] as number });
      }
      if (n < capacity) break;
    }
    this.recycleTags();
    this.flush();
  }

  stats(): NativeUdpStats {
    return {
      ...this.counters,
      recvCalls: this.rstats[0] as number,
      recvErrors: this.rstats[1] as number,
      sendCalls: this.sstats[0] as number,
      sendDropped: this.sstats[1] as number,
      sendErrors: this.sstats[2] as number,
    };
  }

  private recycleTags(): void {
    for (const t of this.releasedTags) this.freeTags.push(t);
    this.releasedTags.length = 0;
  }

  private source(m: number): string {
    const meta = this.rmeta;
    const flags = meta[m + 2] as number;
    const a0 = meta[m + 4] as number;
    if ((flags & ADDR_FLAG_IPV6) === 0) {
      let text = this.sourceText.get(a0);
      if (text === undefined) {
        text = `${a0 >>> 24}.${(a0 >>> 16) & 255}.${(a0 >>> 8) & 255}.${a0 & 255}`;
        if (this.sourceText.size >= 4096) this.sourceText.clear();
        this.sourceText.set(a0, text);
      }
      return text;
    }
    return this.addon.ntop(flags, a0, meta[m + 5] as number, meta[m + 6] as number, meta[m + 7] as number);
  }

  private dest(address: string): Int32Array | undefined {
    let w = this.destWords.get(address);
    if (w === undefined) {
      const parsed = this.addon.pton(address);
      if (!parsed) return undefined;
      w = Int32Array.from(parsed);
      if (this.destWords.size >= 4096) this.destWords.clear();
      this.destWords.set(address, w);
    }
    return w;
  }

  private queue(fd: number, bytes: Uint8Array, port: number, address: string): void {
    const to = this.dest(address);
    if (!to || bytes.length > this.sbuf.length) {
      this.sstats[2] = (this.sstats[2] as number) + 1; // dgram would fail this send too (bad address, oversized)
      return;
    }
    if (this.sendCount === this.sendSlots || this.sendBytes + bytes.length > this.sbuf.length) this.flush();
    const m = this.sendCount * this.addon.SEND_META;
    const meta = this.smeta;
    meta[m] = fd;
    meta[m + 1] = this.sendBytes;
    meta[m + 2] = bytes.length;
    meta[m + 3] = to[0] as number;
    meta[m + 4] = port;
    meta[m + 5] = to[1] as number;
    meta[m + 6] = to[2] as number;
    meta[m + 7] = to[3] as number;
    meta[m + 8] = to[4] as number;
    this.sbuf.set(bytes, this.sendBytes);
    this.sendBytes += bytes.length;
    this.sendCount++;
    if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(this.flushTask);
    }
  }

  /** Send the batch now (also runs at the end of the task that queued it). */
  flush(): void {
    this.flushQueued = false;
    if (this.sendCount === 0) return;
    this.counters.sent += this.addon.send(this.sbuf, this.smeta, this.sendCount, this.sstats);
    this.sendCount = 0;
    this.sendBytes = 0;
  }

  private startWaking(): void {
    if (this.wake === 'timer') {
      this.timer ??= setInterval(() => this.poll(), this.pollMs);
    } else if (!this.watcher) {
      const w = this.addon.watch(
        this.epfd,
        () => {
          try {
            this.poll();
          } finally {
            this.addon.rearm(w);
          }
        },
        Math.round(this.pollMs * 1000),
      );
      this.watcher = w;
    }
  }

  private idle(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.watcher) this.addon.unwatch(this.watcher);
    this.watcher = undefined;
    this.addon.close(this.epfd);
    this.epfd = -1;
  }
}
