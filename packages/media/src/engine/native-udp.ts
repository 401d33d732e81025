import type { Endpoint as NetAddress } from '../rtp/rtp-latch.ts';
import { type ForwardRow, type ForwardSlot, R, RULE_DOUBLES, RULE_WORDS } from './native-relay.ts';
import type { BoundSocket, SocketFactory } from './shard.ts';
import { ADDR_FLAG_IPV6, errnoError, RECV_FLAG_TRUNCATED, type UdpBatchAddon, type WatchHandle } from './udp-batch-addon.ts';

export type WakeMode = 'timer' | 'ready' | 'hybrid';

export interface NativeUdpOptions {
  /**
   * What wakes the receive side: 'timer' polls every `pollMs` while sockets are open; 'ready' lets a
   * helper thread wake the worker when a socket has data, at most once per `pollMs`; 'hybrid'
   * (default) polls on the timer while datagrams flow and, after `idlePolls` empty polls in a row,
   * stops the timer and waits for the helper thread, whose wake-up restarts the timer. The 20 ms media
   * tick polls as well in all three. Measured in docs/media.md.
   */
  wake?: WakeMode;
  pollMs?: number;
  /** Hybrid wake: empty polls in a row before the timer stops (default 25, i.e. 50 ms at 2 ms). */
  idlePolls?: number;
  /** The relay fast path (native-relay.ts); default on. Off: every datagram goes through JavaScript. */
  forwarding?: boolean;
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
  /** Datagrams the relay fast path forwarded inside the receive call (never seen by JavaScript). */
  forwarded: number;
  /** Hybrid wake: how often the timer stopped for lack of traffic, and how often readiness restarted it. */
  sleeps: number;
  wakes: number;
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
  private readonly wake: WakeMode;
  private readonly idlePolls: number;
  private readonly forwarding: boolean;
  /** The relay fast path's rule table, one row per socket tag (native-relay.ts). */
  private rules = new Int32Array(64 * RULE_WORDS);
  private ruleDoubles = new Float64Array(64 * RULE_DOUBLES);
  private readonly fstats = new Int32Array(5);
  /** Hybrid wake: consecutive polls that found nothing; the timer runs while `timer` is set. */
  private emptyPolls = 0;
  private sleeping = false;
  private parked = false;
  private readonly wakeCounts = { sleeps: 0, wakes: 0 };
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
    this.wake = options.wake ?? 'hybrid';
    this.idlePolls = options.idlePolls ?? 25;
    this.forwarding = options.forwarding ?? true;
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
    this.ensureRule(tag);
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
    const forwarding: ForwardSlot | undefined = this.forwarding
      ? { fd, row: () => this.row(tag), address: (text) => this.dest(text) }
      : undefined;
    return Promise.resolve({
      send: (bytes, toPort, toAddress) => {
        if (!closed) this.queue(fd, bytes, toPort, toAddress);
      },
      ...(forwarding ? { forwarding } : {}),
      close: () => {
        if (closed) return;
        closed = true;
        // Queued datagrams name this fd: send them before the number can be reused.
        this.flush();
        this.dropRules(tag, fd); // nothing is forwarded from or to it any more (its fd number may be reused)
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
    const forwardedBefore = this.fstats[0] as number;
    const readyBefore = this.rstats[3] as number;
    const now = performance.now(); // the system clock's monotonic time, as the shard's endpoints use
    // Bounded: under a flood the tick and the control port still get their turn.
    for (let round = 0; round < 8 && this.epfd >= 0; round++) {
      const n = this.forwarding
        ? this.addon.recv(this.epfd, this.rbuf, this.slot, meta, this.rstats, this.rules, this.ruleDoubles, now, this.fstats)
        : this.addon.recv(this.epfd, this.rbuf, this.slot, meta, this.rstats);
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
    // Hybrid wake: count polls on which no socket was ready (forwarded datagrams count as traffic).
    if (this.rstats[3] !== readyBefore || this.fstats[0] !== forwardedBefore) this.emptyPolls = 0;
    else this.emptyPolls++;
  }

  stats(): NativeUdpStats {
    return {
      ...this.counters,
      recvCalls: this.rstats[0] as number,
      recvErrors: this.rstats[1] as number,
      sendCalls: this.sstats[0] as number,
      sendDropped: this.sstats[1] as number,
      sendErrors: this.sstats[2] as number,
      forwarded: this.fstats[0] as number,
      ...this.wakeCounts,
    };
  }

  /** Grow the rule table to hold `tag` and clear its row (a reused tag must not inherit a rule). */
  private ensureRule(tag: number): void {
    if ((tag + 1) * RULE_WORDS > this.rules.length) {
      const rows = Math.max(tag + 1, (this.rules.length / RULE_WORDS) * 2);
      const i = new Int32Array(rows * RULE_WORDS);
      i.set(this.rules);
      const f = new Float64Array(rows * RULE_DOUBLES);
      f.set(this.ruleDoubles);
      this.rules = i;
      this.ruleDoubles = f;
    }
    this.rules.fill(0, tag * RULE_WORDS, (tag + 1) * RULE_WORDS);
    this.ruleDoubles.fill(0, tag * RULE_DOUBLES, (tag + 1) * RULE_DOUBLES);
  }

  /** Switch off the socket's own rule and any rule sending from it (the shard unbridges first anyway). */
  private dropRules(tag: number, fd: number): void {
    const rules = this.rules;
    rules[tag * RULE_WORDS + R.ACTIVE] = 0;
    for (let at = 0; at < rules.length; at += RULE_WORDS) {
      if (rules[at + R.ACTIVE] === 1 && rules[at + R.OUT_FD] === fd) rules[at + R.ACTIVE] = 0;
    }
  }

  private row(tag: number): ForwardRow {
    return { i: this.rules, at: tag * RULE_WORDS, f: this.ruleDoubles, fat: tag * RULE_DOUBLES };
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

  /** An address in the addon's encoding [flags, a0..a3], cached. */
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
    } else if (this.wake === 'hybrid') {
      this.startHybrid();
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

  /**
   * Hybrid wake. The timer runs while datagrams flow (cheaper per datagram than a thread hand-off);
   * after `idlePolls` empty polls it stops and the helper thread waits in poll() on the epoll set. Its
   * wake-up restarts the timer. Every wake-up of the thread is followed by the thread blocking until
   * `rearm`, so it stays parked while the timer runs, and is released only when the shard is idle
   * again (`parked` tracks this: a rearm while it is not parked would let it fire twice). A datagram
   * arriving between the last empty poll and the release is not missed: the epoll set stays readable.
   */
  private startHybrid(): void {
    if (this.watcher) return;
    this.emptyPolls = 0;
    this.sleeping = false;
    this.parked = false; // a new thread starts out watching
    this.watcher = this.addon.watch(this.epfd, () => this.wakeUp(), 0);
    this.timer = setInterval(() => this.hybridPoll(), this.pollMs);
  }

  private hybridPoll(): void {
    this.poll();
    if (this.emptyPolls < this.idlePolls || !this.watcher || this.sleeping) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.sleeping = true;
    this.wakeCounts.sleeps++;
    if (this.parked) {
      this.parked = false;
      this.addon.rearm(this.watcher);
    }
  }

  private wakeUp(): void {
    this.parked = true;
    if (!this.sleeping || this.epfd < 0) return;
    this.sleeping = false;
    this.wakeCounts.wakes++;
    this.emptyPolls = 0;
    this.timer = setInterval(() => this.hybridPoll(), this.pollMs);
    this.poll();
  }

  /** The wake mode in use ('hybrid' reports whether the timer is running). */
  get waking(): { mode: WakeMode; timer: boolean } {
    return { mode: this.wake, timer: this.timer !== undefined };
  }

  private idle(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.sleeping = false;
    if (this.watcher) this.addon.unwatch(this.watcher);
    this.watcher = undefined;
    this.addon.close(this.epfd);
    this.epfd = -1;
  }
}
