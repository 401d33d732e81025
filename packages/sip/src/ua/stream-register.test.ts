import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';
import { createDigestClient } from '../auth/digest-client.ts';
import { parseMessage } from '../message/parser.ts';
import { serializeMessage } from '../message/serializer.ts';
import { createStreamFramer } from '../message/stream-framer.ts';
import type { SipRequest, SipResponse } from '../message/types.ts';
import { createStreamTransport } from '../transport/stream-transport.ts';
import { createWsTransport } from '../transport/ws-transport.ts';
import { REALM, startTestService, USERS } from './test-service.ts';

function register(transport: string, cseq: number): SipRequest {
  const r = parseMessage(
    Buffer.from(
      [
        'REGISTER sip:127.0.0.1 SIP/2.0',
        `Via: SIP/2.0/${transport} phone.invalid;branch=z9hG4bKs${transport}${cseq}`,
        'To: <sip:8001@127.0.0.1>',
        'From: <sip:8001@127.0.0.1>;tag=s1',
        `Call-ID: stream-${transport}`,
        `CSeq: ${cseq} REGISTER`,
        'Max-Forwards: 70',
        `Contact: <sip:8001@phone.invalid;transport=${transport.toLowerCase()}>`,
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    ),
  );
  assert.ok(r.ok && r.value.kind === 'request');
  return r.value;
}

/** REGISTER → 401 → REGISTER with credentials → 200 over one connection, `exchange` doing the I/O. */
async function registerOver(transport: string, exchange: (req: SipRequest) => Promise<SipResponse>): Promise<number> {
  const challenge = await exchange(register(transport, 1));
  assert.equal(challenge.status, 401);
  const second = register(transport, 2);
  const auth = createDigestClient([{ realm: REALM, username: '8001', password: USERS['8001'] as string }]).authorize(
    second,
    challenge,
  );
  assert.ok(auth.ok);
  return (await exchange({ ...second, headers: [...second.headers, auth.value] })).status;
}

describe('registration over connection-oriented transports', () => {
  it('TCP: REGISTER with digest on one connection; the binding records TCP and the source port', async () => {
    const svc = await startTestService({
      extraTransports: [createStreamTransport({ protocol: 'TCP', host: '127.0.0.1', port: 0 })],
    });
    const sock = net.connect(svc.otherPorts[0] as number, '127.0.0.1');
    try {
      await new Promise((r) => sock.once('connect', r));
      const framer = createStreamFramer();
      const exchange = (req: SipRequest) =>
        new Promise<SipResponse>((resolve) => {
          const onData = (d: Buffer) => {
            const r = framer.push(d);
            if (!r.ok) return;
            for (const item of r.value) {
              if (item.type !== 'message') continue;
              const m = parseMessage(item.bytes, { datagram: false });
              if (m.ok && m.value.kind === 'response') {
                sock.off('data', onData);
                resolve(m.value);
              }
            }
          };
          sock.on('data', onData);
          sock.write(serializeMessage(req));
        });
      assert.equal(await registerOver('TCP', exchange), 200);
      const [b] = await svc.registrar.lookup('sip:8001@127.0.0.1');
      assert.deepEqual(b?.source, { protocol: 'TCP', address: '127.0.0.1', port: sock.localPort });
    } finally {
      sock.destroy();
      await svc.stop();
    }
  });

  it('WebSocket (RFC 7118): a browser-style client registers with digest', async () => {
    const svc = await startTestService({ extraTransports: [createWsTransport({ secure: false, host: '127.0.0.1', port: 0 })] });
    const ws = new WebSocket(`ws://127.0.0.1:${svc.otherPorts[0]}/`, 'sip');
    try {
      await new Promise((resolve, reject) => {
        ws.onopen = resolve;
        ws.onerror = reject;
      });
      const exchange = (req: SipRequest) =>
        new Promise<SipResponse>((resolve) => {
          ws.onmessage = (e) => {
            const m = parseMessage(Buffer.from(String(e.data)));
            if (m.ok && m.value.kind === 'response') resolve(m.value);
          };
          ws.send(serializeMessage(req).toString());
        });
      assert.equal(await registerOver('WS', exchange), 200);
      const [b] = await svc.registrar.lookup('sip:8001@127.0.0.1');
      assert.equal(b?.source.protocol, 'WS');
      assert.equal(b?.contact, 'sip:8001@phone.invalid;transport=ws');
    } finally {
      ws.close();
      await svc.stop();
    }
  });
});
