/**
 * Load generator for bench/media-relay.bench.ts, run as a separate process so its CPU is not charged
 * to the relay under test. Protocol on stdin/stdout, one JSON object per line:
 *   argv[2] = {"calls": N}            → prints {"ports": [[aPort, bPort], …]}
 *   stdin   {"targets": [[toA, toB], …], "durationMs": D}
 *           → both phones of every call send 20 ms PCMU-sized packets (phases spread over the 20 ms),
 *             then prints {"sent", "received", "p50Ms", "p99Ms", "maxMs", "cpuMs"} and exits.
 * Each packet carries its send time, so one-way latency through the relay is measured on one clock,
 * and a marker in its payload, so it is recognised whatever the relay does to the RTP header.
 */
import { createSocket, type Socket } from 'node:dgram';
import { createInterface } from 'node:readline';

const { calls } = JSON.parse(process.argv[2] ?? '{"calls":1}') as { calls: number };
const sockets: Array<[Socket, Socket]> = [];
const latencies: number[] = [];
let received = 0;

/** Marks our packets in the payload: a relay may rewrite SSRC, sequence and timestamp (Rexian maps them per leg). */
const MAGIC = 0x52584e31; // 'RXN1'

function onMessage(msg: Buffer): void {
  // Count only our own packets: the relay may also send RTCP, or keep-alive silence before bridging.
  if (msg.length < 24 || ((msg[1] as number) & 0x7f) >= 72) return;
  if (msg.readUInt32BE(20) !== MAGIC) return;
  received++;
  latencies.push(performance.now() - msg.readDoubleBE(12));
}

async function bind(): Promise<Socket> {
  const s = createSocket({ type: 'udp4', recvBufferSize: 1 << 20, sendBufferSize: 1 << 20 });
  s.on('message', onMessage);
  s.on('error', () => {});
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  return s;
}

for (let i = 0; i < calls; i++) sockets.push([await bind(), await bind()]);
process.stdout.write(`${JSON.stringify({ ports: sockets.map(([a, b]) => [a.address().port, b.address().port]) })}\n`);

const rl = createInterface({ input: process.stdin });
rl.once('line', (line) => {
  const { targets, durationMs } = JSON.parse(line) as { targets: Array<[number, number]>; durationMs: number };
  void run(targets, durationMs);
});

async function run(targets: Array<[number, number]>, durationMs: number): Promise<void> {
  const packet = Buffer.alloc(172, 0xff);
  packet[0] = 0x80;
  packet[1] = 0; // PT 0 (PCMU), no marker
  packet.writeUInt32BE(MAGIC, 20); // after the send time (bytes 12–19)
  const seqs = targets.map(() => 0);
  let sent = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let nextTick = 0; // index of the next (call, 20 ms period) slot to send
  const slotMs = 20 / targets.length;
  const totalSlots = Math.floor(durationMs / slotMs);
  while (nextTick < totalSlots) {
    const due = Math.floor((performance.now() - t0) / slotMs);
    while (nextTick <= due && nextTick < totalSlots) {
      const call = nextTick % targets.length;
      const [a, b] = sockets[call] as [Socket, Socket];
      const [toA, toB] = targets[call] as [number, number];
      const seq = ((seqs[call] as number) + 1) & 0xffff;
      seqs[call] = seq;
      // dgram sends asynchronously: each datagram needs its own buffer.
      const pa = Buffer.from(packet);
      pa.writeUInt16BE(seq, 2);
      pa.writeUInt32BE((seq * 160) >>> 0, 4);
      pa.writeUInt32BE(call * 2 + 1, 8);
      const pb = Buffer.from(pa);
      pb.writeUInt32BE(call * 2 + 2, 8);
      const now = performance.now();
      pa.writeDoubleBE(now, 12);
      pb.writeDoubleBE(now, 12);
      a.send(pa, toA, '127.0.0.1');
      b.send(pb, toB, '127.0.0.1');
      sent += 2;
      nextTick++;
    }
    await new Promise((r) => setTimeout(r, 1)); // ~1 ms bursts; leaves the CPU to the relay
  }
  await new Promise((r) => setTimeout(r, 300));
  const cpu = process.cpuUsage(cpu0);
  latencies.sort((x, y) => x - y);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  process.stdout.write(
    `${JSON.stringify({ sent, received, p50Ms: q(0.5), p99Ms: q(0.99), maxMs: q(1), cpuMs: (cpu.user + cpu.system) / 1000 })}\n`,
  );
  for (const [a, b] of sockets) {
    a.close();
    b.close();
  }
  process.exit(0);
}
