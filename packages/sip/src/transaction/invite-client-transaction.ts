import type { SipHeader, SipRequest, SipResponse } from '../message/types.ts';
import { TransactionBase, type TransactionContext, type TransactionIo } from './transaction-base.ts';

export type InviteClientState = 'Calling' | 'Proceeding' | 'Accepted' | 'Completed' | 'Terminated';

/** RFC 3261 §17.1.1 with RFC 6026 §8.4 (Accepted state; 2xx retransmissions go to the TU). */
export const inviteClientTransitions = {
  Calling: ['Proceeding', 'Accepted', 'Completed', 'Terminated'],
  Proceeding: ['Proceeding', 'Accepted', 'Completed', 'Terminated'],
  Accepted: ['Terminated'],
  Completed: ['Terminated'],
  Terminated: [],
} as const satisfies Record<InviteClientState, readonly InviteClientState[]>;

export type ClientTransactionEvents = {
  response: [response: SipResponse];
  timeout: [];
  transportError: [];
};

export class InviteClientTransaction extends TransactionBase<InviteClientState, ClientTransactionEvents> {
  readonly request: SipRequest;
  private ack: SipRequest | null = null;

  constructor(id: string, request: SipRequest, io: TransactionIo, ctx: TransactionContext) {
    super(id, inviteClientTransitions, 'Calling', io, ctx);
    this.request = request;
  }

  start(): void {
    if (!this.sendSafely(this.request)) return;
    // §17.1.1.2: Timer A only on unreliable transports, doubling each time; Timer B bounds the wait.
    if (!this.io.reliable) this.armA(this.t.A);
    this.startTimer('B', this.t.B, () => {
      if (this.current !== 'Calling' && this.current !== 'Proceeding') return;
      this.transition('Terminated', 'timer B');
      this.emit('timeout');
    });
  }

  private armA(interval: number): void {
    this.startTimer('A', interval, () => {
      if (this.current !== 'Calling') return;
      if (this.sendSafely(this.request)) this.armA(interval * 2);
    });
  }

  receiveResponse(response: SipResponse): void {
    const s = response.status;
    switch (this.current) {
      case 'Calling':
      case 'Proceeding':
        this.stopTimer('A');
        if (s < 200) {
          this.transition('Proceeding', `${s}`);
          this.emit('response', response);
        } else if (s < 300) {
          // RFC 6026 §8.4: enter Accepted, start Timer M; the TU (dialog) sends the ACK.
          this.stopTimer('B');
          this.transition('Accepted', `${s}`);
          this.startTimer('M', this.t.M, () => this.transition('Terminated', 'timer M'));
          this.emit('response', response);
        } else {
          this.stopTimer('B');
          this.transition('Completed', `${s}`);
          this.sendAck(response);
          this.startTimer('D', this.t.D, () => this.transition('Terminated', 'timer D'));
          this.emit('response', response);
        }
        return;
      case 'Accepted':
        // 2xx retransmissions (possibly from forks) are passed up so the TU can ACK them.
        if (s >= 200 && s < 300) this.emit('response', response);
        return;
      case 'Completed':
        // §17.1.1.2: a retransmitted final response is answered with the same ACK, not passed up.
        if (s >= 300 && this.ack) this.sendSafely(this.ack);
        return;
      default:
        return;
    }
  }

  private sendAck(response: SipResponse): void {
    this.ack = buildNon2xxAck(this.request, response);
    this.sendSafely(this.ack);
  }

  protected onTransportError(): void {
    if (this.current === 'Terminated') return;
    this.transition('Terminated', 'transport error');
    this.emit('transportError');
  }
}

/**
 * §17.1.1.3: the ACK for a non-2xx final response reuses the INVITE's Request-URI, Call-ID, From,
 * CSeq number and top Via (same branch), takes To from the response, and copies the Route headers.
 */
export function buildNon2xxAck(invite: SipRequest, response: SipResponse): SipRequest {
  const headers: SipHeader[] = [];
  let via = false;
  for (const h of invite.headers) {
    if (h.name === 'Via' && !via) {
      headers.push({ name: 'Via', value: firstListValue(h.value) });
      via = true;
    } else if (h.name === 'From' || h.name === 'Call-ID' || h.name === 'Route' || h.name === 'Max-Forwards') {
      headers.push(h);
    }
  }
  const to = response.headers.find((h) => h.name === 'To');
  if (to) headers.push(to);
  const cseq = invite.headers.find((h) => h.name === 'CSeq')?.value ?? '1 INVITE';
  headers.push({ name: 'CSeq', value: `${cseq.trim().split(/\s+/)[0]} ACK` });
  return { kind: 'request', method: 'ACK', uri: invite.uri, headers, body: new Uint8Array(0) };
}

function firstListValue(value: string): string {
  let inQuote = false;
  let inAngle = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '"') inQuote = !inQuote;
    else if (!inQuote && c === '<') inAngle = true;
    else if (!inQuote && c === '>') inAngle = false;
    else if (!inQuote && !inAngle && c === ',') return value.slice(0, i).trim();
  }
  return value.trim();
}
