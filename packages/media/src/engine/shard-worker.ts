import { parentPort, workerData } from 'node:worker_threads';
import { createSystemClock } from '@rexian/kernel';
import type { PortRange } from '../rtp/port-allocator.ts';
import type { RequestEnvelope, WorkerMessage } from './protocol.ts';
import { fileRecordingSink } from './recording-file.ts';
import { MediaShard } from './shard.ts';
import { udpSockets } from './udp-sockets.ts';

/** Worker entry: one shard, its UDP sockets and its 20 ms clock, driven by control messages. */
const port = parentPort;
if (!port) throw new Error('shard-worker must run in a worker thread');
const { range } = workerData as { range: PortRange };
const post = (m: WorkerMessage) => port.postMessage(m);
const shard = new MediaShard({
  range,
  clock: createSystemClock(),
  sockets: udpSockets,
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
post({ type: 'ready' });
