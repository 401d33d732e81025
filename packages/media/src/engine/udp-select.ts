import { NativeUdp, type NativeUdpOptions } from './native-udp.ts';
import type { ShardIoStats } from './protocol.ts';
import type { SocketFactory } from './shard.ts';
import { loadUdpBatch, UDP_BATCH_PATH } from './udp-batch-addon.ts';
import { udpSockets } from './udp-sockets.ts';

/** auto: the udp_batch addon when it loads, else Node's dgram; native: the addon or fail; dgram: never the addon. */
export type UdpIoMode = 'auto' | 'native' | 'dgram';

export interface UdpSelection {
  sockets: SocketFactory;
  io: 'native' | 'dgram';
  /** Why dgram was taken. */
  reason?: string;
  /** Dgram by choice (REXIAN_MEDIA_NATIVE=0 or mode 'dgram'), not because the addon is missing. */
  disabled?: boolean;
}

export interface UdpSelectOptions extends NativeUdpOptions {
  mode?: UdpIoMode;
  env?: NodeJS.ProcessEnv;
  addonPath?: string;
}

const dgramIo = (): ShardIoStats => ({ mode: 'dgram' });

/** Picks a shard's socket factory: batched native I/O where possible, the pure-JS path otherwise. */
export function selectUdp(options: UdpSelectOptions = {}): UdpSelection {
  const mode = options.mode ?? 'auto';
  const dgram: SocketFactory = { bind: udpSockets.bind, io: dgramIo };
  if (mode === 'dgram') return { sockets: dgram, io: 'dgram', reason: 'dgram requested', disabled: true };
  const load = loadUdpBatch(options.env ?? process.env, options.addonPath ?? UDP_BATCH_PATH);
  if (!load.ok) {
    if (mode === 'native') throw new Error(`native UDP requested but unavailable: ${load.reason}`);
    return { sockets: dgram, io: 'dgram', reason: load.reason, disabled: load.disabled };
  }
  const native = new NativeUdp(load.addon, options);
  const sockets: SocketFactory = {
    bind: (port, address, onMessage) => native.bind(port, address, onMessage),
    poll: () => native.poll(),
    io: () => ({ mode: 'native', native: native.stats() }),
  };
  return { sockets, io: 'native' };
}
