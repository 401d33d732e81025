import dgram from 'node:dgram';
import { lookup as dnsLookup, type LookupOneOptions } from 'node:dns';
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
  const socket = dgram.createSocket({
    type: isIP(options.host) === 6 ? 'udp6' : 'udp4',
    reuseAddr: false,
    lookup: literalLookup,
  });
  const onSent = (error: Error | null) => {
    if (error) events.emit('error', error);
  };
  const handle = createInbound({ events, logger, limits: options.limits, rateLimiter: options.rateLimiter });
  const flows = new Map<string, Flow>();

  // Datagrams mostly come from the source of the one before (a busy trunk, SIPp): try that flow first,
  // before building and hashing an address|port key.
  let lastFlow: Flow | undefined;

  function flowTo(remote: Endpoint): Flow {
    return flowFor(remote.address, remote.port, remote);
  }

  function flowFor(address: string, port: number, given?: Endpoint): Flow {
    if (lastFlow !== undefined && lastFlow.remote.port === port && lastFlow.remote.address === address) return lastFlow;
    const key = `${address}|${port}`;
    let flow = flows.get(key);
    if (!flow) {
      const remote = given ?? { address, port };
      flow = {
        protocol: 'UDP',
        reliable: false,
        remote,
        send(message) {
          socket.send(serializeMessage(message), remote.port, remote.address, onSent);
        },
      };
      flows.set(key, flow);
      // Flows are tiny; keep the table bounded for floods of sources.
      if (flows.size > 50_000) flows.delete(flows.keys().next().value as string);
    }
    lastFlow = flow;
    return flow;
  }

  socket.on('message', (bytes, rinfo) => handle(bytes, flowFor(rinfo.address, rinfo.port), true));
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

/**
 * dgram resolves every destination through `dns.lookup`, which answers an IP literal only on the next
 * tick; flows always hold literals (datagram sources), so answer those synchronously and leave names
 * to the resolver. Measured: about 1 µs less per datagram, and one tick fewer per message sent.
 */
function literalLookup(
  address: string,
  options: LookupOneOptions,
  callback: (error: NodeJS.ErrnoException | null, address: string, family: number) => void,
): void {
  const literal = isIP(address);
  if (literal !== 0) callback(null, address, literal);
  else dnsLookup(address, options, callback);
}
