import { createRequire } from 'node:module';
import { RULE_DOUBLES, RULE_WORDS } from './native-relay.ts';

/**
 * The shape of `native/udp_batch.c` (see its header comment for the metadata layouts). Functions
 * return a negative errno instead of throwing, so the hot path has no exceptions.
 */
export interface UdpBatchAddon {
  readonly RECV_META: number;
  readonly SEND_META: number;
  open(address: string, port: number, recvBufferSize: number, sendBufferSize: number): number;
  localPort(fd: number): number;
  close(fd: number): number;
  epollCreate(): number;
  epollAdd(epfd: number, fd: number, tag: number): number;
  readonly RULE_WORDS: number;
  readonly RULE_DOUBLES: number;
  /** With the rule table (native-relay.ts), datagrams the relay fast path forwards are not stored. */
  recv(
    epfd: number,
    buf: Uint8Array,
    slotSize: number,
    meta: Int32Array,
    stats: Int32Array,
    rules?: Int32Array,
    ruleDoubles?: Float64Array,
    nowMs?: number,
    forwardStats?: Int32Array,
  ): number;
  recvFds(fds: Int32Array, count: number, buf: Uint8Array, slotSize: number, meta: Int32Array, stats: Int32Array): number;
  send(buf: Uint8Array, meta: Int32Array, count: number, stats: Int32Array): number;
  pton(address: string): number[] | undefined;
  ntop(flags: number, a0: number, a1: number, a2: number, a3: number): string;
  /** Readiness wake-ups from a helper thread (see udp_batch.c); `onReady` must end with `rearm`. */
  watch(epfd: number, onReady: () => void, minGapUs: number): WatchHandle;
  rearm(handle: WatchHandle): void;
  unwatch(handle: WatchHandle): void;
}

/** An opaque native handle. */
export type WatchHandle = { readonly __watch: unique symbol };

/** Where scripts/build-native.sh puts the binary. */
export const UDP_BATCH_PATH = new URL('../../native/build/udp_batch.node', import.meta.url).pathname;

export const RECV_FLAG_TRUNCATED = 1;
export const ADDR_FLAG_IPV6 = 2;

export type AddonLoad = { ok: true; addon: UdpBatchAddon } | { ok: false; reason: string; disabled: boolean };

/**
 * Loads the addon unless it is switched off (REXIAN_MEDIA_NATIVE=0), the platform is not Linux, or
 * the binary is missing or does not load; the reason says which.
 */
export function loadUdpBatch(env: NodeJS.ProcessEnv = process.env, path: string = UDP_BATCH_PATH): AddonLoad {
  if (env.REXIAN_MEDIA_NATIVE === '0') return { ok: false, reason: 'switched off by REXIAN_MEDIA_NATIVE=0', disabled: true };
  if (process.platform !== 'linux') return { ok: false, reason: `not Linux (${process.platform})`, disabled: false };
  try {
    const addon = createRequire(import.meta.url)(path) as UdpBatchAddon;
    if (
      typeof addon.recv !== 'function' ||
      addon.RECV_META !== 8 ||
      addon.SEND_META !== 9 ||
      addon.RULE_WORDS !== RULE_WORDS ||
      addon.RULE_DOUBLES !== RULE_DOUBLES
    ) {
      return { ok: false, reason: `${path} is not the expected udp_batch build`, disabled: false };
    }
    return { ok: true, addon };
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    return { ok: false, reason: `cannot load ${path} (${why}); build it with scripts/build-native.sh`, disabled: false };
  }
}

/** errno numbers the engine names (Linux values). */
const ERRNO: Record<number, string> = {
  1: 'EPERM',
  9: 'EBADF',
  11: 'EAGAIN',
  13: 'EACCES',
  22: 'EINVAL',
  24: 'EMFILE',
  90: 'EMSGSIZE',
  97: 'EAFNOSUPPORT',
  98: 'EADDRINUSE',
  99: 'EADDRNOTAVAIL',
  101: 'ENETUNREACH',
  105: 'ENOBUFS',
  111: 'ECONNREFUSED',
};

export function errnoName(errno: number): string {
  return ERRNO[errno] ?? `E${errno}`;
}

/** An Error shaped like Node's socket errors (`code`, `errno`, `syscall`). */
export function errnoError(errno: number, syscall: string, detail: string): NodeJS.ErrnoException {
  const code = errnoName(errno);
  const e: NodeJS.ErrnoException = new Error(`${syscall} ${code} ${detail}`);
  e.code = code;
  e.errno = -errno;
  e.syscall = syscall;
  return e;
}
