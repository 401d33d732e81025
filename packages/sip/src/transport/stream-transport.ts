import net from 'node:net';
import tls from 'node:tls';
import { AppError, type Clock, createSystemClock, type Logger, nullLogger, type TimerHandle, TypedEmitter } from '@rexian/kernel';
import { SipErrorCode, type SipParseError, transportFailure } from '../errors.ts';
import { serializeMessage } from '../message/serializer.ts';
import { createStreamFramer } from '../message/stream-framer.ts';
import type { ParseLimits } from '../message/types.ts';
import { createInbound } from './inbound.ts';
import { listenOn } from './listen.ts';
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

interface StreamConnectionContext {
  readonly protocol: 'TCP' | 'TLS';
  readonly clock: Clock;
  readonly idleMs: number;
  readonly logger: Logger;
  readonly limits: Partial<ParseLimits> | undefined;
  readonly deliver: (bytes: Buffer, flow: Flow) => void;
  readonly reject: (error: SipParseError, remote: Endpoint) => void;
}

/** One connection: Content-Length framing, CRLF keep-alive answers, idle time-out on the clock. */
function serveStreamConnection(socket: net.Socket, remote: Endpoint, ctx: StreamConnectionContext): Connection {
  const framer = createStreamFramer(ctx.limits);
  const touch = () => {
    ctx.clock.clearTimeout(conn.idle);
    conn.idle = ctx.clock.setTimeout(() => {
      ctx.logger.debug({ remote }, 'closing idle SIP connection');
      socket.destroy();
    }, ctx.idleMs);
  };
  const failureListeners = new Set<() => void>();
  const flow: Flow = {
    protocol: ctx.protocol,
    reliable: true,
    remote,
    send(message) {
      if (socket.destroyed) throw transportFailure(SipErrorCode.ConnectionClosed, 'connection closed');
      socket.write(serializeMessage(message));
      touch();
    },
    onFailure(listener) {
      failureListeners.add(listener);
      return () => failureListeners.delete(listener);
    },
  };
  const conn: Connection = { socket, flow, idle: undefined };
  touch();
  // §18.4: a refused or dropped connection fails the transactions waiting on it.
  socket.once('close', () => {
    for (const l of [...failureListeners]) l();
    failureListeners.clear();
  });
  socket.on('data', (chunk: Buffer) => {
    touch();
    const r = framer.push(chunk);
    if (!r.ok) {
      ctx.reject(r.error, remote);
      socket.destroy();
      return;
    }
    for (const item of r.value) {
      if (item.type === 'message') ctx.deliver(item.bytes, flow);
      else if (item.pong) socket.write('\r\n'); // RFC 5626 §3.5.1: answer a CRLFCRLF ping with CRLF
    }
  });
  socket.on('error', (error) => ctx.logger.debug({ error, remote }, 'SIP connection error'));
  socket.on('close', () => ctx.clock.clearTimeout(conn.idle));
  return conn;
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
  if (isTls && !options.tls)
    throw new AppError(SipErrorCode.TlsConfig, 'TLS transport needs a certificate and key', { kind: 'bug' });

  const keyOf = (e: Endpoint) => `${e.address}|${e.port}`;
  const ctx: StreamConnectionContext = {
    protocol: options.protocol,
    clock,
    idleMs,
    logger,
    limits: options.limits,
    deliver: (bytes, flow) => handle(bytes, flow, false),
    reject: (error, remote) => events.emit('rejected', error, remote),
  };

  function adopt(socket: net.Socket, remote: Endpoint): Connection {
    const conn = serveStreamConnection(socket, remote, ctx);
    const key = keyOf(remote);
    connections.set(key, conn);
    socket.on('close', () => {
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
      ? tls.connect({
          host: target.address,
          port: target.port,
          ca: options.tls?.ca,
          rejectUnauthorized: options.tls?.rejectUnauthorized ?? true,
          servername: net.isIP(target.address) ? undefined : target.address,
        })
      : net.connect({ host: target.address, port: target.port });
    return adopt(socket, target).flow;
  }

  return {
    protocol: options.protocol,
    reliable: true,
    events,
    listen: () => listenOn(server, options.port, options.host),
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
