import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import { type Logger, nullLogger, TypedEmitter } from '@rexian/kernel';
import { SipErrorCode, transportFailure } from '../errors.ts';
import { defaultLimits, type ParseLimits } from '../message/types.ts';
import { createInbound } from './inbound.ts';
import { listenOn } from './listen.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { TlsSettings } from './stream-transport.ts';
import type { Flow, Transport, TransportEvents } from './transport.ts';
import { acceptUpgrade, serveWsConnection } from './ws-connection.ts';

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
  const server = options.secure ? https.createServer({ cert: options.tls?.cert, key: options.tls?.key }) : http.createServer();
  server.on('request', (_req, res) => {
    res.writeHead(426, { Upgrade: 'websocket' }).end();
  });

  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket) => {
    if (!acceptUpgrade(req, socket, options.path)) return;
    const remote = { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 };
    const key = `${remote.address}|${remote.port}`;
    const flow = serveWsConnection(socket, remote, {
      protocol,
      maxPayload,
      logger,
      deliver: (bytes, f) => handle(bytes, f, true),
    });
    flows.set(key, { flow, socket });
    socket.on('close', () => {
      if (flows.get(key)?.flow === flow) flows.delete(key);
    });
  });

  return {
    protocol,
    reliable: true,
    events,
    listen: () => listenOn(server, options.port, options.host),
    flowTo(target) {
      const existing = flows.get(`${target.address}|${target.port}`);
      if (existing && !existing.socket.destroyed) return existing.flow;
      return {
        protocol,
        reliable: true,
        remote: target,
        send() {
          throw transportFailure(SipErrorCode.NoConnection, 'no WebSocket connection from that peer');
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
