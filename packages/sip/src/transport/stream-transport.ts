import net from 'node:net';
import tls from 'node:tls';
import { type Clock, createSystemClock, type Logger, nullLogger, type TimerHandle, TypedEmitter } from '@rexian/kernel';
import { createStreamFramer } from '../message/stream-framer.ts';
import { serializeMessage } from '../message/serializer.ts';
import type { ParseLimits } from '../message/types.ts';
import { createInbound } from './inbound.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { Endpoint, Flow, Transport, TransportEvents } from './transport.ts';

export interface TlsSettings {
  readonly cert: string | Buffer;
  readonly key: string | Buffer;
  readonly ca?: string | Buffer;
  /** Verify peers' certificates on outgoing connections (default true). */
  readonly rejectUnauthorized?: boolean;
}

export interface StreamTransportOptions {
  readonly protocol: 'TCP' | 'TLS';
  readonly host: string;
  readonly port: number;
  readonly tls?: TlsSettings;
  /** Close a connection idle this long (default 10 minutes: longer than a re-REGISTER interval). */
  readonly idleTimeoutMs?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly limits?: Partial<ParseLimits>;
  readonly rateLimiter?: RateLimiter;
  readonly maxConnections?: number;
}

interface Connection {
  readonly socket: net.Socket;
  readonly flow: Flow;
  idle: TimerHandle | undefined;
}

/**
 * SIP over TCP and TLS (RFC 3261 §18.3, RFC 5630): Content-Length framing, one connection per peer
 * reused in both directions (§18.2.2 responses go back on the request's connection), idle time-out.
 */
export function createStreamTransport(options: StreamTransportOptions): Transport {
  const logger = options.logger ?? nullLogger;
  const clock = options.clock ?? createSystemClock();
  const idleMs = options.idleTimeoutMs ?? 600_000;
  const events = new TypedEmitter<TransportEvents>((error) => logger.error({ error }, 'stream listener threw'));
  const handle = createInbound({ events, logger, limits: options.limits, rateLimiter: options.rateLimiter });
  const connections = new Map<string, Connection>();
  const isTls = options.protocol === 'TLS';
  if (isTls && !options.tls) throw new Error('TLS transport needs a certificate and key');

  const keyOf = (e: Endpoint) => `${e.address}|${e.port}`;

  function touch(c: Connection): void {
    clock.clearTimeout(c.idle);
    c.idle = clock.setTimeout(() => {
      logger.debug({ remote: c.flow.remote }, 'closing idle SIP connection');
      c.socket.destroy();
    }, idleMs);
  }

  function adopt(socket: net.Socket, remote: Endpoint): Connection {
    const framer = createStreamFramer(options.limits);
    const flow: Flow = {
      protocol: options.protocol,
      reliable: true,
      remote,
      send(message) {
        if (socket.destroyed) throw new Error('connection closed');
        socket.write(serializeMessage(message));
        touch(conn);
      },
    };
    const conn: Connection = { socket, flow, idle: undefined };
    const key = keyOf(remote);
    connections.set(key, conn);
    touch(conn);
    socket.on('data', (chunk: Buffer) => {
      touch(conn);
      const r = framer.push(chunk);
      if (!r.ok) {
        events.emit('rejected', r.error, remote);
        socket.destroy();
        return;
      }
      for (const item of r.value) {
        if (item.type === 'message') handle(item.bytes, flow, false);
        else if (item.pong) socket.write('\r\n'); // RFC 5626 §3.5.1: answer a CRLFCRLF ping with CRLF
      }
    });
    socket.on('error', (error) => logger.debug({ error, remote }, 'SIP connection error'));
    socket.on('close', () => {
      clock.clearTimeout(conn.idle);
      if (connections.get(key) === conn) connections.delete(key);
    });
    return conn;
  }

  const onConnection = (socket: net.Socket) => {
    if (connections.size >= (options.maxConnections ?? 10_000)) {
      socket.destroy();
      return;
    }
    adopt(socket, { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 });
  };
  const server = isTls
    ? tls.createServer({ cert: options.tls?.cert, key: options.tls?.key, ca: options.tls?.ca }, onConnection)
    : net.createServer(onConnection);

  function flowTo(target: Endpoint): Flow {
    const existing = connections.get(keyOf(target));
    if (existing && !existing.socket.destroyed) return existing.flow;
    const socket = isTls
      ? tls.connect({ host: target.address, port: target.port, ca: options.tls?.ca, rejectUnauthorized: options.tls?.rejectUnauthorized ?? true, servername: net.isIP(target.address) ? undefined : target.address })
      : net.connect({ host: target.address, port: target.port });
    return adopt(socket, target).flow;
  }

  return {
    protocol: options.protocol,
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
    flowTo,
    close: () =>
      new Promise((resolve) => {
        for (const c of connections.values()) {
          clock.clearTimeout(c.idle);
          c.socket.destroy();
        }
        connections.clear();
        server.close(() => resolve());
      }),
  };
}
