import { isIP } from 'node:net';
import { parseVia, serializeVia, splitList } from '../message/header-values.ts';
import type { Param, SipHeader, SipRequest } from '../message/types.ts';

/**
 * RFC 3261 §18.2.1 and RFC 3581 §4: on receipt of a request the server adds `received=<source IP>` to
 * the top Via when its sent-by differs from the packet's source, and fills an empty `rport` with the
 * source port. Returns the request unchanged when the top Via cannot be parsed (validation reports it).
 */
export function stampReceived(request: SipRequest, sourceAddress: string, sourcePort: number): SipRequest {
  const index = request.headers.findIndex((h) => h.name === 'Via');
  const header = request.headers[index];
  if (!header) return request;
  const values = splitList(header.value);
  const top = parseVia(values[0] ?? '');
  if (!top.ok) return request;
  const via = top.value;
  const bare = via.host.startsWith('[') ? via.host.slice(1, -1) : via.host;
  const hasRport = via.params.some((p) => p.name.toLowerCase() === 'rport');
  const sameHost = isIP(bare) !== 0 && bare.toLowerCase() === sourceAddress.toLowerCase();
  if (sameHost && !hasRport) return request;
  const params: Param[] = [];
  for (const p of via.params) {
    const name = p.name.toLowerCase();
    if (name === 'received') continue;
    if (name === 'rport') params.push({ name: p.name, value: String(sourcePort) });
    else params.push(p);
  }
  // RFC 3581 §4: with rport the received parameter MUST be added even when the host matches.
  if (!sameHost || hasRport) params.push({ name: 'received', value: sourceAddress });
  const stamped = serializeVia({ ...via, params });
  const headers: SipHeader[] = [...request.headers];
  headers[index] = { name: 'Via', value: [stamped, ...values.slice(1)].join(', ') };
  return { ...request, headers };
}
