import dgram from 'node:dgram';
import { isIP } from 'node:net';
import { type Logger, nullLogger, TypedEmitter } from '@rexian/kernel';
import { serializeMessage } from '../message/serializer.ts';
import type { ParseLimits } from '../message/types.ts';
import { createInbound } from './inbound.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { Endpoint, Flow, Transport, TransportEvents } from './transport.ts';

export interface UdpTransportOptions {
  readonly host: string;
  readonly port: number;
  readonly logger?: Logger;
  readonly limits?: Partial<ParseLimits>;
  readonly rateLimiter?: RateLimiter;
  /** Kernel socket buffer sizes; SIP bursts overflow the defaults above a few hundred messages/s. */
  readonly bufferBytes?: number;
}

/**
 * SIP over UDP (RFC 3261 §18). Responses always go back to the datagram's source address and port —
 * RFC 3581 symmetric routing applied to every client — so phones behind NAT are reached and a forged
 * Via can never aim our responses at a third party.
 */
export function createUdpTransport(options: UdpTransportOptions): Transport {
  const logger = options.logger ?? nullLogger;
  const events = new TypedEmitter<TransportEvents>((error) => logger.error({ error }, 'udp listener threw'));
  const socket = dgram.createSocket({ type: isIP(options.host) === 6 ? 'udp6' : 'udp4', reuseAddr: false });
  const handle = createInbound({ events, logger, limits: options.limits, rateLimiter: options.rateLimiter });
  const flows = new Map<string, Flow>();

  function flowTo(remote: Endpoint): Flow {
    const key = `${remote.address}|${remote.port}`;
    let flow = flows.get(key);
    if (!flow) {
      flow = {
        protocol: 'UDP',
        reliable: false,
        remote,
        send(message) {
          socket.send(serializeMessage(message), remote.port, remote.address, (error) => {
            if (error) events.emit('error', error);
          });
        },
      };
      flows.set(key, flow);
      // Flows are tiny; keep the table bounded for floods of sources.
      if (flows.size > 50_000) flows.delete(flows.keys().next().value as string);
    }
    return flow;
  }

  socket.on('message', (bytes, rinfo) => handle(bytes, flowTo({ address: rinfo.address, port: rinfo.port }), true));
  socket.on('error', (error) => events.emit('error', error));

  return {
    protocol: 'UDP',
    reliable: false,
    events,
    listen: () =>
      new Promise((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(options.port, options.host, () => {
          socket.off('error', reject);
          if (options.bufferBytes) {
            socket.setRecvBufferSize(options.bufferBytes);
            socket.setSendBufferSize(options.bufferBytes);
          }
          const a = socket.address();
          resolve({ address: a.address, port: a.port });
        });
      }),
    flowTo,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
