/**
 * Receive-side design check for the udp_batch addon (docs/media.md, "epoll vs asking every socket"):
 * per poll, drain only the sockets epoll reports ready, or ask every socket of the shard with
 * recvmmsg. A shard of 400 relayed calls has 1,600 sockets (RTP + RTCP per leg); polled every 2 ms,
 * about 80 RTP sockets hold one datagram each.
 *   bash scripts/build-native.sh && node bench/media-udp-poll.bench.ts   (env: SOCKETS=1600 READY=80 ROUNDS=2000)
 * Prints one JSON object. Not pass/fail.
 */
import { loadUdpBatch } from '@rexian/media';

const SOCKETS = Number(process.env.SOCKETS ?? 1600);
const READY = Number(process.env.READY ?? 80);
const ROUNDS = Number(process.env.ROUNDS ?? 2000);

const load = loadUdpBatch({});
if (!load.ok) throw new Error(load.reason);
const a = load.addon;
const epfd = a.epollCreate();
const fds = new Int32Array(SOCKETS);
const ports: number[] = [];
for (let i = 0; i < SOCKETS; i++) {
  const fd = a.open('127.0.0.1', 0, 1 << 16, 1 << 16);
  if (fd < 0) throw new Error(`open: ${fd}`);
  fds[i] = fd;
  ports.push(a.localPort(fd));
  a.epollAdd(epfd, fd, i);
}
const sender = a.open('127.0.0.1', 0, 1 << 20, 1 << 20);
const to = a.pton('127.0.0.1') as number[];
const sbuf = new Uint8Array(172 * READY);
const smeta = new Int32Array(READY * a.SEND_META);
const sstats = new Int32Array(4);
const buf = new Uint8Array(256 * 2048);
const meta = new Int32Array(256 * a.RECV_META);

/** One datagram to each of READY sockets (RTP ones: even indices), different ones each round. */
function fill(round: number): void {
  for (let k = 0; k < READY; k++) {
    const idx = ((round * READY + k) * 2) % SOCKETS;
    smeta.set([sender, k * 172, 172, to[0] as number, ports[idx] as number, ...to.slice(1)], k * a.SEND_META);
  }
  a.send(sbuf, smeta, READY, sstats);
}

function measure(mode: 'epoll' | 'every socket') {
  const stats = new Int32Array(4);
  let us = 0;
  let got = 0;
  for (let r = 0; r < ROUNDS; r++) {
    fill(r);
    const t0 = performance.now();
    got += mode === 'epoll' ? a.recv(epfd, buf, 2048, meta, stats) : a.recvFds(fds, SOCKETS, buf, 2048, meta, stats);
    us += (performance.now() - t0) * 1000;
  }
  return { mode, usPerPoll: us / ROUNDS, datagramsPerPoll: got / ROUNDS, recvmmsgCallsPerPoll: (stats[0] as number) / ROUNDS };
}

const results = [measure('epoll'), measure('every socket'), measure('epoll'), measure('every socket')];
for (const fd of fds) a.close(fd);
a.close(sender);
a.close(epfd);
console.log(JSON.stringify({ bench: 'media-udp-poll', sockets: SOCKETS, readyPerPoll: READY, rounds: ROUNDS, results }, null, 2));
