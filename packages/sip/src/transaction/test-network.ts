import type { Clock } from '@rexian/kernel';
import { parseMessage } from '../message/parser.ts';
import { serializeMessage } from '../message/serializer.ts';
import type { SipMessage, SipRequest } from '../message/types.ts';
import type { TransactionIo } from './transaction-base.ts';
import { TransactionLayer } from './transaction-layer.ts';

/** One packet as seen on the simulated wire. */
export interface WirePacket {
  readonly at: number;
  readonly from: 'a' | 'b';
  readonly firstLine: string;
  readonly dropped: boolean;
}

export interface LossyNetworkOptions {
  readonly clock: Clock;
  readonly reliable?: boolean;
  readonly delayMs?: number;
  /** Decides per packet whether it is lost; `n` counts packets in that direction from 0. */
  readonly drop?: (packet: { from: 'a' | 'b'; message: SipMessage; n: number }) => boolean;
}

/**
 * Two transaction layers joined by an in-memory link that serializes, drops and delays packets on a
 * virtual clock — the "UDP shim" of the loss tests.
 */
export function createLossyNetwork(options: LossyNetworkOptions) {
  const { clock } = options;
  const wire: WirePacket[] = [];
  const a = new TransactionLayer({ clock });
  const b = new TransactionLayer({ clock });
  const counts = { a: 0, b: 0 };
  const io = (from: 'a' | 'b'): TransactionIo => ({
    reliable: options.reliable ?? false,
    send(message) {
      const bytes = serializeMessage(message);
      const n = counts[from]++;
      const dropped = options.drop?.({ from, message, n }) ?? false;
      wire.push({ at: clock.now(), from, firstLine: bytes.toString('utf8', 0, bytes.indexOf('\r\n')), dropped });
      if (dropped) return;
      clock.setTimeout(() => {
        const parsed = parseMessage(bytes);
        if (!parsed.ok) throw new Error(parsed.error.reason);
        (from === 'a' ? b : a).receive(parsed.value, from === 'a' ? ioB : ioA);
      }, options.delayMs ?? 10);
    },
  });
  const ioA = io('a');
  const ioB = io('b');
  return { a, b, ioA, ioB, wire };
}

let seq = 0;

export function testRequest(
  method: string,
  o: { branch?: string; fromTag?: string; callId?: string; cseq?: number; vias?: string[] } = {},
): SipRequest {
  seq++;
  const branch = o.branch ?? `z9hG4bKtest${seq}`;
  const cseq = o.cseq ?? 1;
  return {
    kind: 'request',
    method,
    uri: { scheme: 'sip', user: 'bob', password: null, host: 'b.example.com', port: null, params: [], headers: [] },
    headers: [
      { name: 'Via', value: `SIP/2.0/UDP a.example.com:5060;branch=${branch}` },
      ...(o.vias ?? []).map((value) => ({ name: 'Via', value })),
      { name: 'Max-Forwards', value: '70' },
      { name: 'From', value: `<sip:alice@a.example.com>;tag=${o.fromTag ?? `f${seq}`}` },
      { name: 'To', value: '<sip:bob@b.example.com>' },
      { name: 'Call-ID', value: o.callId ?? `call-${seq}@a.example.com` },
      { name: 'CSeq', value: `${cseq} ${method}` },
    ],
    body: new Uint8Array(0),
  };
}

/** Send times (ms from start) of packets whose first line starts with `prefix`. */
export function sendTimes(wire: readonly WirePacket[], from: 'a' | 'b', prefix: string, start: number): number[] {
  return wire.filter((p) => p.from === from && p.firstLine.startsWith(prefix)).map((p) => p.at - start);
}
