import { createSocket, type Socket } from 'node:dgram';
import { parseRtp, type RtpPacket } from '../rtp/rtp-packet.ts';

/** Test support: a UDP "phone" on 127.0.0.1 that records every datagram it receives. */
export class TestPhone {
  readonly socket: Socket;
  readonly received: Array<{ bytes: Uint8Array; atMs: number; from: number }> = [];
  port = 0;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('message', (msg, rinfo) =>
      this.received.push({ bytes: Uint8Array.from(msg), atMs: performance.now(), from: rinfo.port }),
    );
  }

  static async open(): Promise<TestPhone> {
    const s = createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
    s.unref(); // a failed assertion must not leave the test process hanging on an open socket
    const p = new TestPhone(s);
    p.port = s.address().port;
    return p;
  }

  send(bytes: Uint8Array, port: number): void {
    this.socket.send(bytes, port, '127.0.0.1');
  }

  rtp(): RtpPacket[] {
    return this.received.flatMap((r) => {
      const p = parseRtp(r.bytes);
      return p.ok && !(p.value.payloadType >= 72 && p.value.payloadType <= 76) ? [p.value] : [];
    });
  }

  close(): void {
    this.socket.close();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll until `check` passes or `ms` elapse. */
export async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error('timed out waiting for condition');
    await sleep(10);
  }
}
