import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import type { Config } from '@rexian/config';
import type { Clock, Logger } from '@rexian/kernel';
import {
  createRateLimiter,
  createStreamTransport,
  createUdpTransport,
  createWsTransport,
  type TlsSettings,
  type Transport,
} from '@rexian/sip';

type SipConfig = Config['sip'];

/** Comma list → trimmed non-empty entries. */
export const commaList = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

function tlsSettings(c: SipConfig): TlsSettings | undefined {
  if (c.tlsPort === 0 && c.wssPort === 0) return undefined;
  if (!c.tlsCertFile || !c.tlsKeyFile) {
    throw new Error('REXIAN_SIP_TLS_PORT/REXIAN_SIP_WSS_PORT need REXIAN_SIP_TLS_CERT_FILE and REXIAN_SIP_TLS_KEY_FILE');
  }
  return { cert: readFileSync(c.tlsCertFile), key: readFileSync(c.tlsKeyFile) };
}

/**
 * The transports the configuration asks for (port 0 = off), each with the per-source rate limit.
 * The SIPp/kernel default socket buffers overflow in REGISTER bursts, hence the larger UDP buffers.
 */
export function createSipTransports(
  c: SipConfig,
  clock: Clock,
  logger: Logger,
  exempt: (source: string) => boolean,
): Transport[] {
  const rateLimiter =
    c.ratePerSource > 0
      ? createRateLimiter({ perSecond: c.ratePerSource, burst: c.ratePerSource * 2, clock, exempt })
      : undefined;
  const common = { host: c.host, logger, ...(rateLimiter ? { rateLimiter } : {}) };
  const tls = tlsSettings(c);
  const out: Transport[] = [];
  if (c.udpPort > 0) out.push(createUdpTransport({ ...common, port: c.udpPort, bufferBytes: 4 * 1024 * 1024 }));
  if (c.tcpPort > 0) out.push(createStreamTransport({ ...common, protocol: 'TCP', port: c.tcpPort, clock }));
  if (c.tlsPort > 0 && tls) out.push(createStreamTransport({ ...common, protocol: 'TLS', port: c.tlsPort, clock, tls }));
  if (c.wsPort > 0) out.push(createWsTransport({ ...common, secure: false, port: c.wsPort }));
  if (c.wssPort > 0 && tls) out.push(createWsTransport({ ...common, secure: true, port: c.wssPort, tls }));
  return out;
}

/** Our own addresses: what REGISTERs may name as their domain besides the realm and configured domains. */
export function localAddresses(): string[] {
  const out = new Set<string>(['localhost']);
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) out.add(a.family === 'IPv6' ? `[${a.address.split('%')[0]}]` : a.address);
  }
  return [...out];
}

/** The host written into our own Via/From: configured, else the bind address, else the first public IPv4. */
export function advertisedHost(c: SipConfig): string {
  if (c.advertisedHost) return c.advertisedHost;
  if (c.host !== '0.0.0.0' && c.host !== '::') return c.host;
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}
