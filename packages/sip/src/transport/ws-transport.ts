import { isUtf8 } from 'node:buffer';
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import { type Logger, nullLogger, TypedEmitter } from '@rexian/kernel';
import { serializeMessage } from '../message/serializer.ts';
import { defaultLimits, type ParseLimits } from '../message/types.ts';
import { createInbound } from './inbound.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { TlsSettings } from './stream-transport.ts';
import type { Endpoint, Flow, Transport, TransportEvents } from './transport.ts';
import { acceptKey, createFrameDecoder, encodeFrame, WS_OPCODE } from './ws-frame.ts';

export interface WsTransportOptions {
  readonly secure: boolean;
  readonly host: string;
  readonly port: number;
  readonly tls?: TlsSettings;
  /** Request path the browser phones connect to (default any). */
  readonly path?: string;
  readonly logger?: Logger;
  readonly limits?: Partial<ParseLimits>;
  readonly rateLimiter?: RateLimiter;
}

/**
 * SIP over WebSocket, RFC 7118, server side: browsers connect, offering the "sip" subprotocol; each
 * WebSocket message carries exactly one SIP message (§5.1). Outgoing requests are only possible on a
 * connection the peer opened (browsers cannot accept connections).
 */
export function createWsTransport(options: WsTransportOptions): Transport {
  const logger = options.logger ?? nullLogger;
  const protocol = options.secure ? 'WSS' : 'WS';
  const events = new TypedEmitter<TransportEvents>((error) => logger.error({ error }, 'ws listener threw'));
  const handle = createInbound({ events, logger, limits: options.limits, rateLimiter: options.rateLimiter });
  const maxPayload = options.limits?.maxMessageBytes ?? defaultLimits.maxMessageBytes;
  const flows = new Map<string, { flow: Flow; socket: net.Socket }>();
  const server = options.secure
    ? https.createServer({ cert: options.tls?.cert, key: options.tls?.key })
    : http.createServer();
  server.on('request', (_req, res) => {
    res.writeHead(426, { Upgrade: 'websocket' }).end();
  });

  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket) => {
    const key = req.headers['sec-websocket-key'];
    const protocols = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim().toLowerCase());
    const pathOk = options.path === undefined || req.url === options.path;
    const valid = typeof key === 'string' && req.headers.upgrade?.toLowerCase() === 'websocket' && req.headers['sec-websocket-version'] === '13';
    // RFC 7118 §4.1: the client MUST offer the "sip" subprotocol; refuse otherwise.
    if (!valid || !pathOk || !protocols.includes('sip')) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      return;
    }
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptKey(key)}\r\nSec-WebSocket-Protocol: sip\r\n\r\n`,
    );
    adopt(socket, { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 });
  });

  function adopt(socket: net.Socket, remote: Endpoint): void {
    const decoder = createFrameDecoder(maxPayload);
    const flowKey = `${remote.address}|${remote.port}`;
    let fragments: Buffer[] = [];
    let fragmentBytes = 0;
    const flow: Flow = {
      protocol,
      reliable: true,
      remote,
      send(message) {
        if (socket.destroyed) throw new Error('connection closed');
        const bytes = serializeMessage(message);
        socket.write(encodeFrame(isUtf8(bytes) ? WS_OPCODE.text : WS_OPCODE.binary, bytes));
      },
    };
    flows.set(flowKey, { flow, socket });
    const close = (code: number) => {
      const body = Buffer.alloc(2);
      body.writeUInt16BE(code, 0);
      if (!socket.destroyed) socket.end(encodeFrame(WS_OPCODE.close, body));
    };
    socket.on('data', (chunk: Buffer) => {
      const r = decoder.push(chunk);
      if (!r.ok) {
        close(r.closeCode);
        return;
      }
      for (const f of r.frames) {
        if (f.opcode === WS_OPCODE.ping) socket.write(encodeFrame(WS_OPCODE.pong, f.payload));
        else if (f.opcode === WS_OPCODE.close) close(1000);
        else if (f.opcode === WS_OPCODE.text || f.opcode === WS_OPCODE.binary || f.opcode === WS_OPCODE.continuation) {
          fragments.push(f.payload);
          fragmentBytes += f.payload.length;
          if (fragmentBytes > maxPayload) return close(1009);
          if (!f.fin) continue;
          const whole = fragments.length === 1 ? (fragments[0] as Buffer) : Buffer.concat(fragments);
          fragments = [];
          fragmentBytes = 0;
          handle(whole, flow, true);
        }
      }
    });
    socket.on('error', (error) => logger.debug({ error, remote }, 'websocket error'));
    socket.on('close', () => {
      if (flows.get(flowKey)?.flow === flow) flows.delete(flowKey);
    });
  }

  return {
    protocol,
    reliable: true,
    events,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port, options.host, () => {
          server.off('error', reject);
          const a = server.address() as net.AddressInfo;
          resolve({ address: a.address, port: a.port });
        });
      }),
    flowTo(target) {
      const existing = flows.get(`${target.address}|${target.port}`);
      if (existing && !existing.socket.destroyed) return existing.flow;
      return {
        protocol,
        reliable: true,
        remote: target,
        send() {
          throw new Error('no WebSocket connection from that peer');
        },
      };
    },
    close: () =>
      new Promise((resolve) => {
        for (const { socket } of flows.values()) socket.destroy();
        flows.clear();
        server.close(() => resolve());
      }),
  };
}
