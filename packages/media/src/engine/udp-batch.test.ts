import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { test } from 'node:test';
import { NativeUdp } from './native-udp.ts';
import { ADDR_FLAG_IPV6, loadUdpBatch, RECV_FLAG_TRUNCATED, type UdpBatchAddon } from './udp-batch-addon.ts';
import { selectUdp } from './udp-select.ts';

// The addon itself, whatever REXIAN_MEDIA_NATIVE says for the engine (the suite runs the engine both ways).
// scripts/test.sh builds it first (scripts/build-native.sh); a missing build fails here.
const load = loadUdpBatch({});
if (!load.ok) throw new Error(`udp_batch addon unavailable: ${load.reason}`);
const addon: UdpBatchAddon = load.addon;
const R = addon.RECV_META;
const S = addon.SEND_META;
const EMSGSIZE = 90;

async function dgramSocket(type: 'udp4' | 'udp6', address: string): Promise<Socket> {
  const s = createSocket(type);
  await new Promise<void>((r) => s.bind(0, address, () => r()));
  return s;
}

async function sendAll(from: Socket, port: number, address: string, datagrams: Uint8Array[]): Promise<void> {
  for (const d of datagrams) await new Promise<void>((r, j) => from.send(d, port, address, (e) => (e ? j(e) : r())));
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wait (at most 2 s) until `check` holds; loopback delivery is immediate, but a busy host is slow. */
async function eventually(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!check() && Date.now() < deadline) await pause(5);
}

/** A native socket on an ephemeral port, watched by its own epoll set with tag 7. */
function nativeSocket(address: string) {
  const fd = addon.open(address, 0, 1 << 20, 1 << 20);
  assert.ok(fd >= 0, `open failed: ${fd}`);
  const epfd = addon.epollCreate();
  assert.equal(addon.epollAdd(epfd, fd, 7), 0);
  return {
    fd,
    epfd,
    port: addon.localPort(fd),
    close() {
      addon.close(fd);
      addon.close(epfd);
    },
  };
}

function receiver(slots: number, slotSize = 2048) {
  return { buf: new Uint8Array(slots * slotSize), meta: new Int32Array(slots * R), stats: new Int32Array(4), slotSize };
}

/** recv until something arrives (or 2 s pass); `expectNothing` asks once. */
async function recvSome(epfd: number, rx: ReturnType<typeof receiver>, expectNothing = false): Promise<number> {
  const deadline = Date.now() + 2000;
  for (;;) {
    const n = addon.recv(epfd, rx.buf, rx.slotSize, rx.meta, rx.stats);
    if (n !== 0 || expectNothing || Date.now() > deadline) return n;
    await pause(5);
  }
}

const datagram = (i: number, size = 172) => new Uint8Array(size).fill(i & 0xff);

test('N datagrams queued on one socket come back from one recv call, with lengths and source', async () => {
  const sock = nativeSocket('127.0.0.1');
  const peer = await dgramSocket('udp4', '127.0.0.1');
  try {
    await sendAll(
      peer,
      sock.port,
      '127.0.0.1',
      Array.from({ length: 10 }, (_, i) => datagram(i, 100 + i)),
    );
    const rx = receiver(32);
    const n = await recvSome(sock.epfd, rx);
    assert.equal(n, 10);
    assert.ok((rx.stats[0] as number) <= 2, `recvmmsg calls: ${rx.stats[0]}`); // 4 headers first, then the rest
    for (let i = 0; i < n; i++) {
      const m = rx.meta.subarray(i * R, (i + 1) * R);
      assert.equal(m[0], 7, 'tag');
      assert.equal(m[1], 100 + i, 'length');
      assert.equal(m[2], 0, 'flags');
      assert.equal(m[3], peer.address().port, 'source port');
      assert.equal(addon.ntop(0, m[4] as number, 0, 0, 0), '127.0.0.1');
      assert.equal(rx.buf[i * rx.slotSize], i);
    }
    assert.equal(addon.recv(sock.epfd, rx.buf, rx.slotSize, rx.meta, rx.stats), 0, 'drained');
  } finally {
    sock.close();
    peer.close();
  }
});

test('nothing queued: recv returns 0 at once (EAGAIN is not an error), on epoll and on a plain fd list', () => {
  const sock = nativeSocket('127.0.0.1');
  try {
    const rx = receiver(8);
    const t0 = performance.now();
    assert.equal(addon.recv(sock.epfd, rx.buf, rx.slotSize, rx.meta, rx.stats), 0);
    assert.equal(addon.recvFds(Int32Array.of(sock.fd), 1, rx.buf, rx.slotSize, rx.meta, rx.stats), 0);
    assert.ok(performance.now() - t0 < 50, 'non-blocking');
    assert.equal(rx.stats[0], 1, 'epoll reported nothing; the fd list asked the socket once');
    assert.equal(rx.stats[1], 0, 'no errors');
  } finally {
    sock.close();
  }
});

test('more datagrams than slots: the rest stay queued and are reported again (edge-triggered re-arm)', async () => {
  const sock = nativeSocket('127.0.0.1');
  const peer = await dgramSocket('udp4', '127.0.0.1');
  try {
    await sendAll(
      peer,
      sock.port,
      '127.0.0.1',
      Array.from({ length: 10 }, (_, i) => datagram(i)),
    );
    const rx = receiver(4);
    const counts: number[] = [];
    const firstBytes: number[] = [];
    for (let round = 0; round < 4; round++) {
      const n = await recvSome(sock.epfd, rx, round === 3);
      counts.push(n);
      for (let i = 0; i < n; i++) firstBytes.push(rx.buf[i * rx.slotSize] as number);
    }
    assert.deepEqual(counts, [4, 4, 2, 0]);
    assert.deepEqual(firstBytes, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 'in order, none lost');
  } finally {
    sock.close();
    peer.close();
  }
});

test('a datagram longer than its slot is flagged truncated; the next one is intact', async () => {
  const sock = nativeSocket('127.0.0.1');
  const peer = await dgramSocket('udp4', '127.0.0.1');
  try {
    await sendAll(peer, sock.port, '127.0.0.1', [datagram(1, 3000), datagram(2, 200)]);
    const rx = receiver(4, 1024);
    assert.equal(await recvSome(sock.epfd, rx), 2);
    assert.equal(rx.meta[2], RECV_FLAG_TRUNCATED);
    assert.equal(rx.meta[1], 1024, 'length is clipped to the slot');
    assert.equal(rx.meta[R + 2], 0);
    assert.equal(rx.meta[R + 1], 200);
    assert.equal(rx.buf[1024], 2);
  } finally {
    sock.close();
    peer.close();
  }
});

/** Fill a send batch: datagram i leaves `fd` towards `port` on `address` (default 127.0.0.1). */
function sendBatch(items: Array<{ fd: number; bytes: Uint8Array; port: number; address?: string }>) {
  const buf = new Uint8Array(items.reduce((a, x) => a + x.bytes.length, 0));
  const meta = new Int32Array(items.length * S);
  let at = 0;
  items.forEach((x, i) => {
    const to = addon.pton(x.address ?? '127.0.0.1');
    assert.ok(to);
    buf.set(x.bytes, at);
    meta.set([x.fd, at, x.bytes.length, to[0] as number, x.port, ...to.slice(1)], i * S);
    at += x.bytes.length;
  });
  const stats = new Int32Array(4);
  return { sent: addon.send(buf, meta, items.length, stats), stats };
}

test('send: one sendmmsg per run of one socket, each datagram to its own destination', async () => {
  const a = nativeSocket('127.0.0.1');
  const b = nativeSocket('127.0.0.1');
  const p1 = await dgramSocket('udp4', '127.0.0.1');
  const p2 = await dgramSocket('udp4', '127.0.0.1');
  const got: Array<{ to: number; first: number; from: number }> = [];
  for (const p of [p1, p2]) p.on('message', (m, r) => got.push({ to: p.address().port, first: m[0] as number, from: r.port }));
  try {
    const { sent, stats } = sendBatch([
      { fd: a.fd, bytes: datagram(1), port: p1.address().port },
      { fd: a.fd, bytes: datagram(2), port: p2.address().port },
      { fd: a.fd, bytes: datagram(3), port: p1.address().port },
      { fd: b.fd, bytes: datagram(4), port: p2.address().port },
    ]);
    assert.equal(sent, 4);
    assert.equal(stats[0], 2, 'two runs: a ×3, b ×1');
    await eventually(() => got.length >= 4);
    got.sort((x, y) => x.first - y.first);
    assert.deepEqual(got, [
      { to: p1.address().port, first: 1, from: a.port },
      { to: p2.address().port, first: 2, from: a.port },
      { to: p1.address().port, first: 3, from: a.port },
      { to: p2.address().port, first: 4, from: b.port },
    ]);
  } finally {
    for (const s of [a, b]) s.close();
    for (const p of [p1, p2]) p.close();
  }
});

test('partial send: a datagram the kernel refuses (EMSGSIZE) is dropped and counted; the rest still go', async () => {
  const a = nativeSocket('127.0.0.1');
  const peer = await dgramSocket('udp4', '127.0.0.1');
  const got: number[] = [];
  peer.on('message', (m) => got.push(m[0] as number));
  try {
    const port = peer.address().port;
    const { sent, stats } = sendBatch([
      { fd: a.fd, bytes: datagram(1), port },
      { fd: a.fd, bytes: datagram(2, 70000), port }, // over the 65,507-byte UDP limit
      { fd: a.fd, bytes: datagram(3), port },
    ]);
    assert.equal(sent, 2);
    assert.equal(stats[1], 0, 'no buffer-full drops');
    assert.equal(stats[2], 1, 'one refused');
    assert.equal(stats[3], EMSGSIZE);
    assert.ok((stats[0] as number) >= 2, 'sendmmsg stopped at the bad datagram and went on after it');
    await eventually(() => got.length >= 2);
    assert.deepEqual(got, [1, 3]);
  } finally {
    a.close();
    peer.close();
  }
});

test('IPv6 loopback: receive with the source address, send to ::1', async () => {
  const sock = nativeSocket('::1');
  const peer = await dgramSocket('udp6', '::1');
  const echoed: Array<{ first: number; from: number }> = [];
  peer.on('message', (m, r) => echoed.push({ first: m[0] as number, from: r.port }));
  try {
    await sendAll(peer, sock.port, '::1', [datagram(5)]);
    const rx = receiver(4);
    assert.equal(await recvSome(sock.epfd, rx), 1);
    assert.equal(rx.meta[2], ADDR_FLAG_IPV6);
    assert.equal(rx.meta[3], peer.address().port);
    const [f, a0, a1, a2, a3] = [2, 4, 5, 6, 7].map((k) => rx.meta[k] as number) as [number, number, number, number, number];
    assert.equal(addon.ntop(f, a0, a1, a2, a3), '::1');
    const { sent } = sendBatch([{ fd: sock.fd, bytes: datagram(6), port: peer.address().port, address: '::1' }]);
    assert.equal(sent, 1);
    await eventually(() => echoed.length >= 1);
    assert.deepEqual(echoed, [{ first: 6, from: sock.port }]);
  } finally {
    sock.close();
    peer.close();
  }
});

test('open reports EADDRINUSE as a negative errno; pton rejects what is not an address', () => {
  const a = nativeSocket('127.0.0.1');
  try {
    assert.equal(addon.open('127.0.0.1', a.port, 0, 0), -98);
  } finally {
    a.close();
  }
  assert.equal(addon.pton('not-an-address'), undefined);
  assert.deepEqual(addon.pton('10.1.2.3'), [0, 0x0a010203, 0, 0, 0]);
  assert.equal(addon.ntop(0, 0x0a010203, 0, 0, 0), '10.1.2.3');
});

/** Bind a NativeUdp socket on an ephemeral port and learn the port from a datagram it sends to `peer`. */
async function boundPort(x: { send(b: Uint8Array, port: number, address: string): void }, peer: Socket): Promise<number> {
  let port = 0;
  peer.once('message', (_m, r) => {
    port = r.port;
  });
  x.send(datagram(0), peer.address().port, '127.0.0.1');
  await eventually(() => port > 0);
  assert.ok(port > 0);
  return port;
}

test('NativeUdp: a poll delivers to each socket its own datagrams; sends go out at the end of the task', async () => {
  const udp = new NativeUdp(addon, { pollMs: 60_000 }); // the test polls by hand
  const inbox: Array<{ first: number; from: string }> = [];
  const x = await udp.bind(0, '127.0.0.1', (b, f) => inbox.push({ first: b[0] as number, from: `${f.address}:${f.port}` }));
  const peer = await dgramSocket('udp4', '127.0.0.1');
  const replies: number[] = [];
  peer.on('message', (m) => replies.push(m[0] as number));
  try {
    x.send(datagram(9), peer.address().port, '127.0.0.1');
    assert.equal(udp.stats().sent, 0, 'queued, not sent synchronously');
    await Promise.resolve(); // the microtask that flushes the batch
    assert.equal(udp.stats().sent, 1);
    const xPort = await boundPort(x, peer);
    await sendAll(peer, xPort, '127.0.0.1', [datagram(1), datagram(2)]);
    const deadline = Date.now() + 2000;
    while (inbox.length < 2 && Date.now() < deadline) {
      udp.poll();
      await pause(5);
    }
    assert.deepEqual(
      inbox.map((m) => m.first),
      [1, 2],
    );
    assert.equal(inbox[0]?.from, `127.0.0.1:${peer.address().port}`);
    assert.equal(udp.stats().received, 2);
    x.close();
    await sendAll(peer, xPort, '127.0.0.1', [datagram(3)]);
    udp.poll();
    assert.equal(inbox.length, 2, 'a closed socket receives nothing');
  } finally {
    x.close();
    peer.close();
  }
});

test("NativeUdp with wake: 'ready': a helper thread wakes the worker when data arrives, and stops on close", async () => {
  const udp = new NativeUdp(addon, { wake: 'ready', pollMs: 1 });
  const inbox: number[] = [];
  const peer = await dgramSocket('udp4', '127.0.0.1');
  const x = await udp.bind(0, '127.0.0.1', (b) => inbox.push(b[0] as number));
  try {
    const xPort = await boundPort(x, peer);
    for (let i = 1; i <= 3; i++) {
      await sendAll(peer, xPort, '127.0.0.1', [datagram(i)]);
      await eventually(() => inbox.length >= i);
    }
    assert.deepEqual(inbox, [1, 2, 3], 'delivered without anyone calling poll()');
    assert.ok(udp.stats().polls >= 1);
  } finally {
    x.close(); // joins the helper thread: the test process must be able to exit
    peer.close();
  }
});

test("NativeUdp with wake: 'hybrid' (default): the timer stops after idle polls, readiness restarts it", async () => {
  const udp = new NativeUdp(addon, { pollMs: 2, idlePolls: 5 });
  const inbox: number[] = [];
  const peer = await dgramSocket('udp4', '127.0.0.1');
  const x = await udp.bind(0, '127.0.0.1', (b) => inbox.push(b[0] as number));
  try {
    assert.deepEqual(udp.waking, { mode: 'hybrid', timer: true }, 'starts on the timer');
    const xPort = await boundPort(x, peer);
    inbox.length = 0;
    await eventually(() => udp.stats().sleeps >= 1);
    assert.deepEqual(udp.waking, { mode: 'hybrid', timer: false }, 'idle: the timer stopped');
    const idlePolls = udp.stats().polls;
    await pause(100);
    assert.equal(udp.stats().polls, idlePolls, 'no polls while idle');
    for (let round = 1; round <= 3; round++) {
      await sendAll(peer, xPort, '127.0.0.1', [datagram(round)]);
      await eventually(() => inbox.length >= round);
      assert.equal(udp.stats().wakes, round, 'readiness woke the worker');
      await eventually(() => udp.stats().sleeps >= round + 1);
      assert.equal(udp.waking.timer, false, 'and it went back to sleep');
    }
    assert.deepEqual(inbox, [1, 2, 3], 'delivered without anyone calling poll()');
    // While datagrams flow the timer keeps running: no sleep between packets 2 ms apart.
    const sleeps = udp.stats().sleeps;
    for (let i = 0; i < 10; i++) {
      await sendAll(peer, xPort, '127.0.0.1', [datagram(10 + i)]);
      await pause(2);
    }
    await eventually(() => inbox.length >= 13);
    assert.ok(udp.stats().sleeps <= sleeps + 1, 'traffic keeps the timer');
  } finally {
    x.close(); // joins the helper thread: the test process must be able to exit
    peer.close();
  }
});

test('selection: REXIAN_MEDIA_NATIVE=0 or a missing addon take the dgram path, with the reason', () => {
  const off = selectUdp({ env: { REXIAN_MEDIA_NATIVE: '0' } });
  assert.equal(off.io, 'dgram');
  assert.equal(off.disabled, true);
  assert.match(off.reason ?? '', /REXIAN_MEDIA_NATIVE=0/);
  const missing = selectUdp({ env: {}, addonPath: '/nonexistent/udp_batch.node' });
  assert.equal(missing.io, 'dgram');
  assert.equal(missing.disabled, false);
  assert.match(missing.reason ?? '', /cannot load/);
  assert.throws(() => selectUdp({ mode: 'native', env: {}, addonPath: '/nonexistent/udp_batch.node' }), /unavailable/);
  const on = selectUdp({ env: {} });
  assert.equal(on.io, 'native');
  assert.equal(on.sockets.io?.().mode, 'native');
  assert.equal(selectUdp({ mode: 'dgram', env: {} }).sockets.io?.().mode, 'dgram');
});
