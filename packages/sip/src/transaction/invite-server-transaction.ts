import { createResponse } from '../message/builders.ts';
import type { SipRequest, SipResponse } from '../message/types.ts';
import { TransactionBase, type TransactionContext, type TransactionIo } from './transaction-base.ts';

export type InviteServerState = 'Proceeding' | 'Completed' | 'Confirmed' | 'Accepted' | 'Terminated';

/** RFC 3261 §17.2.1 with RFC 6026 §8.7 (Accepted state: 2xx sent, waiting out Timer L). */
export const inviteServerTransitions = {
  Proceeding: ['Proceeding', 'Completed', 'Accepted', 'Terminated'],
  Completed: ['Confirmed', 'Terminated'],
  Confirmed: ['Terminated'],
  Accepted: ['Terminated'],
  Terminated: [],
} as const satisfies Record<InviteServerState, readonly InviteServerState[]>;

export type ServerTransactionEvents = {
  /** Timer H fired: no ACK arrived for our final response. */
  timeout: [];
  transportError: [];
  /** An ACK absorbed by the transaction (non-2xx), for the TU's information. */
  ack: [ack: SipRequest];
};

export class InviteServerTransaction extends TransactionBase<InviteServerState, ServerTransactionEvents> {
  readonly request: SipRequest;
  private last: SipResponse | null = null;

  constructor(id: string, request: SipRequest, io: TransactionIo, ctx: TransactionContext) {
    super(id, inviteServerTransitions, 'Proceeding', io, ctx);
    this.request = request;
    // §17.2.1: send 100 Trying unless the TU answers within 200 ms.
    this.startTimer('Trying', 200, () => {
      if (this.current === 'Proceeding' && this.last === null) this.respond(createResponse(request, 100));
    });
  }

  /** The TU's response. 1xx keep Proceeding, 2xx → Accepted, 3xx–6xx → Completed. */
  respond(response: SipResponse): void {
    const s = response.status;
    if (this.current === 'Accepted') {
      // RFC 6026 §8.7: the TU retransmits 2xx itself; the transaction only passes them down.
      if (s >= 200 && s < 300) this.sendSafely(response);
      return;
    }
    if (this.current !== 'Proceeding') return;
    this.stopTimer('Trying');
    this.last = response;
    if (s < 200) {
      this.transition('Proceeding', `${s}`);
      this.sendSafely(response);
    } else if (s < 300) {
      this.transition('Accepted', `${s}`);
      this.startTimer('L', this.t.L, () => this.transition('Terminated', 'timer L'));
      this.sendSafely(response);
    } else {
      this.transition('Completed', `${s}`);
      if (!this.io.reliable) this.armG(this.t.G);
      this.startTimer('H', this.t.H, () => {
        if (this.current !== 'Completed') return;
        this.transition('Terminated', 'timer H');
        this.emit('timeout');
      });
      this.sendSafely(response);
    }
  }

  /** §17.2.1: G doubles up to T2, retransmitting the final response until an ACK or Timer H. */
  private armG(interval: number): void {
    this.startTimer('G', interval, () => {
      if (this.current !== 'Completed' || !this.last) return;
      if (this.sendSafely(this.last)) this.armG(Math.min(2 * interval, this.ctx.timers.T2));
    });
  }

  /** A retransmission of the INVITE: answer with the last response (never passed to the TU). */
  receiveRequest(): void {
    if ((this.current === 'Proceeding' || this.current === 'Completed') && this.last) this.sendSafely(this.last);
  }

  receiveAck(ack: SipRequest): void {
    if (this.current !== 'Completed') return;
    this.stopTimer('G');
    this.stopTimer('H');
    this.transition('Confirmed', 'ACK');
    this.emit('ack', ack);
    this.startTimer('I', this.t.I, () => this.transition('Terminated', 'timer I'));
  }

  get lastResponse(): SipResponse | null {
    return this.last;
  }

  get finalResponseSent(): boolean {
    return this.current !== 'Proceeding';
  }

  protected onTransportError(): void {
    if (this.current === 'Terminated') return;
    this.transition('Terminated', 'transport error');
    this.emit('transportError');
  }
}
