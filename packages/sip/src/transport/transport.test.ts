import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, it } from 'node:test';
import tls from 'node:tls';
import { VirtualClock } from '@rexian/kernel';
import { createResponse } from '../message/builders.ts';
import { getHeader } from '../message/headers.ts';
import { parseMessage } from '../message/parser.ts';
import { requestText } from '../message/test-fixtures.ts';
import type { SipMessage, SipRequest } from '../message/types.ts';
import { TransactionLayer } from '../transaction/transaction-layer.ts';
import { createRateLimiter } from './rate-limiter.ts';
import { createStreamTransport } from './stream-transport.ts';
import type { Flow, Transport } from './transport.ts';
import { createUdpTransport } from './udp-transport.ts';
import { createWsTransport } from './ws-transport.ts';

const fixtures = path.join(import.meta.dirname, 'test-fixtures');
const tlsSettings = {
  cert: readFileSync(path.join(fixtures, 'localhost-cert.pem')),
  key: readFileSync(path.join(fixtures, 'localhost-key.pem')),
  ca: readFileSync(path.join(fixtures, 'localhost-cert.pem')),
};

function options(): SipRequest {
  const r = parseMessage(Buffer.from(requestText('OPTIONS', ['Via: SIP/2.0/UDP 10.9.9.9:5062;branch=z9hG4bKx2'])));
  assert.ok(r.ok && r.value.kind === 'request');
  const req = r.value;
  // Put a NAT-style Via on top: private address, rport requested.
  return {
    ...req,
    headers: [
      { name: 'Via', value: 'SIP/2.0/UDP 10.1.2.3:5060;branch=z9hG4bKnat;rport' },
      ...req.headers.filter((h) => h.name !== 'Via'),
    ],
  };
}

function next(t: Transport): Promise<{ message: SipMessage; flow: Flow }> {
  return new Promise((resolve) => {
    const off = t.events.on('message', (message, flow) => {
      off();
      resolve({ message, flow });
    });
  });
}

/** Echo server: answers every request 200 on the flow it came in on. */
function answerAll(t: Transport): void {
  t.events.on('message', (m, flow) => {
    if (m.kind === 'request') flow.send(createResponse(m, 200, { toTag: 'srv' }));
  });
}

describe('UDP transport', () => {
  it('carries a request and its response; stamps received and rport (RFC 3581)', async () => {
    const server = createUdpTransport({ host: '127.0.0.1', port: 0 });
    const client = createUdpTransport({ host: '127.0.0.1', port: 0 });
    const s = await server.listen();
    const c = await client.listen();
    try {
      const got = next(server);
      client.flowTo(s).send(options());
      const { message, flow } = await got;
      assert.equal(getHeader(message, 'Via'), `SIP/2.0/UDP 10.1.2.3:5060;branch=z9hG4bKnat;rport=${c.port};received=127.0.0.1`);
      assert.deepEqual(flow.remote, { address: '127.0.0.1', port: c.port });
      const back = next(client);
      flow.send(createResponse(message as SipRequest, 200));
      const resp = await back;
      assert.ok(resp.message.kind === 'response' && resp.message.status === 200);
    } finally {
      await server.close();
      await client.close();
    }
  });

  it('answers a malformed request 400 and reports it', async () => {
    const server = createUdpTransport({ host: '127.0.0.1', port: 0 });
    const s = await server.listen();
    const rejected: string[] = [];
    server.events.on('rejected', (e) => rejected.push(e.code));
    const sock = (await import('node:dgram')).createSocket('udp4');
    try {
      const reply = new Promise<string>((resolve) => sock.on('message', (m) => resolve(m.toString())));
      sock.send(requestText('OPTIONS', ['To: <sip:second@example.com>']), s.port, '127.0.0.1');
      const text = await reply;
      assert.match(text, /^SIP\/2\.0 400 /);
      assert.deepEqual(rejected, ['SIP_DUPLICATE_HEADER']);
    } finally {
      sock.close();
      await server.close();
    }
  });

  it('drops traffic over the per-source rate limit', async () => {
    const clock = new VirtualClock(0);
    const server = createUdpTransport({
      host: '127.0.0.1',
      port: 0,
      rateLimiter: createRateLimiter({ perSecond: 1, burst: 2, clock }),
    });
    const client = createUdpTransport({ host: '127.0.0.1', port: 0 });
    const s = await server.listen();
    await client.listen();
    let accepted = 0;
    let limited = 0;
    server.events.on('message', () => accepted++);
    const done = new Promise<void>((resolve) => server.events.on('limited', () => ++limited === 3 && resolve()));
    try {
      for (let i = 0; i < 5; i++) client.flowTo(s).send(options());
      await done;
      assert.equal(accepted, 2);
    } finally {
      await server.close();
      await client.close();
    }
  });
});

describe('TCP and TLS transports', () => {
  for (const protocol of ['TCP', 'TLS'] as const) {
    it(`${protocol}: frames messages, answers on the same connection and reuses it`, async () => {
      const tls = protocol === 'TLS' ? tlsSettings : undefined;
      const server = createStreamTransport({ protocol, host: '127.0.0.1', port: 0, tls });
      const client = createStreamTransport({ protocol, host: '127.0.0.1', port: 0, tls });
      const s = await server.listen();
      await client.listen();
      answerAll(server);
      try {
        const statuses: number[] = [];
        const two = new Promise<void>((resolve) =>
          client.events.on('message', (m) => {
            if (m.kind === 'response') statuses.push(m.status);
            if (statuses.length === 2) resolve();
          }),
        );
        const flow = client.flowTo(s);
        flow.send(options());
        flow.send(options());
        await two;
        assert.deepEqual(statuses, [200, 200]);
        assert.equal(client.flowTo(s), flow, 'same connection reused');
      } finally {
        await client.close();
        await server.close();
      }
    });
  }

  it('TCP: answers a CRLFCRLF keep-alive ping with CRLF and closes idle connections', async () => {
    const clock = new VirtualClock(0);
    const server = createStreamTransport({ protocol: 'TCP', host: '127.0.0.1', port: 0, clock, idleTimeoutMs: 30_000 });
    const s = await server.listen();
    const sock = net.connect(s.port, '127.0.0.1');
    try {
      await new Promise((r) => sock.once('connect', r));
      const pong = new Promise<string>((resolve) => sock.once('data', (d) => resolve(d.toString())));
      sock.write('\r\n\r\n');
      assert.equal(await pong, '\r\n');
      const closed = new Promise((r) => sock.once('close', r));
      clock.advance(30_001);
      await closed;
    } finally {
      sock.destroy();
      await server.close();
    }
  });

  it('TCP: a refused connection fails the transaction at once (RFC 3261 §18.4), not after Timer B', async () => {
    const closed = createStreamTransport({ protocol: 'TCP', host: '127.0.0.1', port: 0 });
    const { port } = await closed.listen();
    await closed.close(); // nothing listens there any more
    const client = createStreamTransport({ protocol: 'TCP', host: '127.0.0.1', port: 0 });
    await client.listen();
    const clock = new VirtualClock(0);
    const layer = new TransactionLayer({ clock });
    try {
      const failed = new Promise<string>((resolve) => {
        const invite = {
          ...options(),
          method: 'INVITE',
          headers: options().headers.map((h) => (h.name === 'CSeq' ? { name: 'CSeq', value: '1 INVITE' } : h)),
        };
        const tx = layer.sendRequest(invite, client.flowTo({ address: '127.0.0.1', port }), {
          transportError: () => resolve(tx.state),
        });
      });
      assert.equal(await failed, 'Terminated');
      assert.equal(clock.now(), 0, 'no timer was needed');
    } finally {
      await client.close();
    }
  });

  it('TCP: closes the connection on unframeable bytes', async () => {
    const server = createStreamTransport({ protocol: 'TCP', host: '127.0.0.1', port: 0, limits: { maxMessageBytes: 512 } });
    const s = await server.listen();
    const sock = net.connect(s.port, '127.0.0.1');
    try {
      const closed = new Promise((r) => sock.once('close', r));
      sock.write(`OPTIONS sip:a@b SIP/2.0\r\nX: ${'a'.repeat(1000)}`);
      await closed;
    } finally {
      sock.destroy();
      await server.close();
    }
  });
});

describe('WebSocket transport (RFC 7118)', () => {
  it('accepts a browser-style client offering "sip" and exchanges SIP messages', async () => {
    const server = createWsTransport({ secure: false, host: '127.0.0.1', port: 0 });
    const s = await server.listen();
    answerAll(server);
    const ws = new WebSocket(`ws://127.0.0.1:${s.port}/`, 'sip');
    try {
      await new Promise((resolve, reject) => {
        ws.onopen = resolve;
        ws.onerror = reject;
      });
      assert.equal(ws.protocol, 'sip');
      const reply = new Promise<string>((resolve) => {
        ws.onmessage = (e) => resolve(String(e.data));
      });
      ws.send(requestText('OPTIONS'));
      assert.match(await reply, /^SIP\/2\.0 200 OK\r\n/);
    } finally {
      ws.close();
      await server.close();
    }
  });

  it('WSS: completes the RFC 6455 handshake over TLS and answers a framed request', async () => {
    const server = createWsTransport({ secure: true, host: '127.0.0.1', port: 0, tls: tlsSettings });
    const s = await server.listen();
    answerAll(server);
    const sock = tls.connect({ host: '127.0.0.1', port: s.port, ca: tlsSettings.ca });
    try {
      await new Promise((r) => sock.once('secureConnect', r));
      sock.write(
        `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: sip\r\n\r\n`,
      );
      let received = Buffer.alloc(0);
      const until = (pred: (b: Buffer) => boolean) =>
        new Promise<void>((resolve) => {
          const check = () => {
            if (!pred(received)) return;
            sock.off('data', onData);
            resolve();
          };
          const onData = (d: Buffer) => {
            received = Buffer.concat([received, d]);
            check();
          };
          sock.on('data', onData);
          check();
        });
      await until((b) => b.includes('\r\n\r\n'));
      const head = received.subarray(0, received.indexOf('\r\n\r\n') + 4).toString();
      assert.match(head, /^HTTP\/1\.1 101 /);
      assert.match(head, /Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK\+xOo=/);
      assert.match(head, /Sec-WebSocket-Protocol: sip/);
      received = received.subarray(head.length);
      const payload = Buffer.from(requestText('OPTIONS'));
      const mask = Buffer.from([9, 8, 7, 6]);
      const frame = Buffer.concat([
        Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 255]),
        mask,
        Buffer.from(payload.map((b, i) => b ^ (mask[i & 3] as number))),
      ]);
      sock.write(frame);
      await until((b) => b.length > 4 && b.length >= 4 + (b[1] === 126 ? b.readUInt16BE(2) : 0));
      assert.equal(received[0], 0x81, 'unmasked text frame with FIN');
      assert.match(received.subarray(4).toString(), /^SIP\/2\.0 200 OK/);
    } finally {
      sock.destroy();
      await server.close();
    }
  });

  it('refuses a client that does not offer the sip subprotocol', async () => {
    const server = createWsTransport({ secure: false, host: '127.0.0.1', port: 0 });
    const s = await server.listen();
    const ws = new WebSocket(`ws://127.0.0.1:${s.port}/`, 'chat');
    try {
      const outcome = await new Promise<string>((resolve) => {
        ws.onopen = () => resolve('open');
        ws.onerror = () => resolve('error');
      });
      assert.equal(outcome, 'error');
    } finally {
      await server.close();
    }
  });
});
