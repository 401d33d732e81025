import { createRequest, newBranch, newTag } from '../message/builders.ts';
import { parseUri } from '../message/uri.ts';
import type { Binding } from '../registrar/binding.ts';
import type { TransactionLayer } from '../transaction/transaction-layer.ts';
import type { Transport } from '../transport/transport.ts';

export interface OptionsPingerOptions {
  readonly layer: TransactionLayer;
  readonly transports: readonly Transport[];
  /** Our address as it appears in Via and From, e.g. "127.0.0.1:5060". */
  readonly localHostPort: string;
}

/**
 * The `ping` port of the NAT keep-alive: an OPTIONS in its own non-INVITE client transaction, sent to
 * where the REGISTER came from (not the Contact, which behind NAT is a private address). Any response,
 * even 4xx/5xx, proves the path is open; Timer F or a transport error means no answer.
 */
export function createOptionsPinger(options: OptionsPingerOptions) {
  let seq = 0;
  return (binding: Binding): Promise<boolean> => {
    const transport = options.transports.find((t) => t.protocol === binding.source.protocol);
    const target = parseUri(binding.contact);
    if (!transport || !target.ok) return Promise.resolve(false);
    const flow = transport.flowTo({ address: binding.source.address, port: binding.source.port });
    const request = createRequest({
      method: 'OPTIONS',
      uri: target.value,
      headers: [
        { name: 'Via', value: `SIP/2.0/${transport.protocol} ${options.localHostPort};branch=${newBranch()};rport` },
        { name: 'Max-Forwards', value: '70' },
        { name: 'From', value: `<sip:keepalive@${options.localHostPort}>;tag=${newTag()}` },
        { name: 'To', value: `<${binding.contact}>` },
        { name: 'Call-ID', value: `ka-${newTag()}@rexian` },
        { name: 'CSeq', value: `${++seq} OPTIONS` },
      ],
    });
    return new Promise((resolve) => {
      options.layer.sendRequest(request, flow, {
        response: (r) => {
          if (r.status >= 200) resolve(true);
        },
        timeout: () => resolve(false),
        transportError: () => resolve(false),
      });
    });
  };
}
