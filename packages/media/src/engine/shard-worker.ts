import { parentPort, workerData } from 'node:worker_threads';
import { createSystemClock } from '@rexian/kernel';
import type { PortRange } from '../rtp/port-allocator.ts';
import type { NativeUdpOptions } from './native-udp.ts';
import type { RequestEnvelope, WorkerMessage } from './protocol.ts';
import { fileRecordingSink } from './recording-file.ts';
import { MediaShard } from './shard.ts';
import { selectUdp, type UdpIoMode } from './udp-select.ts';

/** Worker entry: one shard, its UDP sockets and its 20 ms clock, driven by control messages. */
const port = parentPort;
if (!port) throw new Error('shard-worker must run in a worker thread');
const { range, io, native } = workerData as { range: PortRange; io?: UdpIoMode; native?: NativeUdpOptions };
const post = (m: WorkerMessage) => port.postMessage(m);
// Batched native UDP when the addon is built (scripts/build-native.sh), Node's dgram otherwise.
const udp = selectUdp({ mode: io ?? 'auto', ...native });
const shard = new MediaShard({
  range,
  clock: createSystemClock(),
  sockets: udp.sockets,
  sinks: fileRecordingSink,
  emit: (event) => post({ type: 'event', event }),
});
shard.clock.start();
port.on('message', (m: RequestEnvelope) => {
  shard.handle(m.request).then(
    (r) => {
      post({
        type: 'response',
        response: r.ok
          ? { reqId: m.reqId, ok: true, result: r.value }
          : { reqId: m.reqId, ok: false, error: { code: r.error.code, message: r.error.message } },
      });
      if (m.request.op === 'shutdown') port.close();
    },
    (e: unknown) =>
      post({ type: 'response', response: { reqId: m.reqId, ok: false, error: { code: 'MEDIA_INTERNAL', message: String(e) } } }),
  );
});
post({ type: 'ready', io: udp.io, ...(udp.reason === undefined ? {} : { reason: udp.reason, disabled: udp.disabled ?? false }) });
