import { isUtf8 } from 'node:buffer';
import type http from 'node:http';
import type net from 'node:net';
import type { Logger } from '@rexian/kernel';
import { SipErrorCode, transportFailure } from '../errors.ts';
import { serializeMessage } from '../message/serializer.ts';
import type { Endpoint, Flow } from './transport.ts';
import { acceptKey, createFrameDecoder, encodeFrame, WS_OPCODE } from './ws-frame.ts';

/**
 * RFC 6455 §4.2 opening handshake with RFC 7118 §4.1's rule that the client MUST offer the "sip"
 * subprotocol. Answers 101 and returns true, or answers 400 and returns false.
 */
export function acceptUpgrade(req: http.IncomingMessage, socket: net.Socket, path: string | undefined): boolean {
  const key = req.headers['sec-websocket-key'];
  const protocols = String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim().toLowerCase());
  const pathOk = path === undefined || req.url === path;
  const valid =
    typeof key === 'string' &&
    req.headers.upgrade?.toLowerCase() === 'websocket' &&
    req.headers['sec-websocket-version'] === '13';
  if (!valid || !pathOk || !protocols.includes('sip')) {
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    return false;
  }
  socket.write(
    `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptKey(key)}\r\nSec-WebSocket-Protocol: sip\r\n\r\n`,
  );
  return true;
}

export interface WsConnectionContext {
  readonly protocol: 'WS' | 'WSS';
  readonly maxPayload: number;
  readonly logger: Logger;
  /** Called with each whole WebSocket message: one SIP message (RFC 7118 §5.1). */
  readonly deliver: (bytes: Buffer, flow: Flow) => void;
}

/** Serves one upgraded connection: decodes frames, reassembles fragments, answers ping and close. */
export function serveWsConnection(socket: net.Socket, remote: Endpoint, ctx: WsConnectionContext): Flow {
  const decoder = createFrameDecoder(ctx.maxPayload);
  let fragments: Buffer[] = [];
  let fragmentBytes = 0;
  const flow: Flow = {
    protocol: ctx.protocol,
    reliable: true,
    remote,
    send(message) {
      if (socket.destroyed) throw transportFailure(SipErrorCode.ConnectionClosed, 'connection closed');
      const bytes = serializeMessage(message);
      socket.write(encodeFrame(isUtf8(bytes) ? WS_OPCODE.text : WS_OPCODE.binary, bytes));
    },
  };
  const close = (code: number) => {
    const body = Buffer.alloc(2);
    body.writeUInt16BE(code, 0);
    if (!socket.destroyed) socket.end(encodeFrame(WS_OPCODE.close, body));
  };
  socket.on('data', (chunk: Buffer) => {
    const r = decoder.push(chunk);
    if (!r.ok) return close(r.closeCode);
    for (const f of r.frames) {
      if (f.opcode === WS_OPCODE.ping) socket.write(encodeFrame(WS_OPCODE.pong, f.payload));
      else if (f.opcode === WS_OPCODE.close) close(1000);
      else if (f.opcode === WS_OPCODE.text || f.opcode === WS_OPCODE.binary || f.opcode === WS_OPCODE.continuation) {
        fragments.push(f.payload);
        fragmentBytes += f.payload.length;
        if (fragmentBytes > ctx.maxPayload) return close(1009);
        if (!f.fin) continue;
        const whole = fragments.length === 1 ? (fragments[0] as Buffer) : Buffer.concat(fragments);
        fragments = [];
        fragmentBytes = 0;
        ctx.deliver(whole, flow);
      }
    }
  });
  socket.on('error', (error) => ctx.logger.debug({ error, remote }, 'websocket error'));
  return flow;
}
