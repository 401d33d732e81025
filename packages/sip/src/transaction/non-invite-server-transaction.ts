import type { SipRequest, SipResponse } from '../message/types.ts';
import type { ServerTransactionEvents } from './invite-server-transaction.ts';
import { TransactionBase, type TransactionContext, type TransactionIo } from './transaction-base.ts';

export type NonInviteServerState = 'Trying' | 'Proceeding' | 'Completed' | 'Terminated';

/** RFC 3261 §17.2.2, Figure 8. */
export const nonInviteServerTransitions = {
  Trying: ['Proceeding', 'Completed', 'Terminated'],
  Proceeding: ['Proceeding', 'Completed', 'Terminated'],
  Completed: ['Terminated'],
  Terminated: [],
} as const satisfies Record<NonInviteServerState, readonly NonInviteServerState[]>;

export class NonInviteServerTransaction extends TransactionBase<NonInviteServerState, ServerTransactionEvents> {
  readonly request: SipRequest;
  private lastResponse: SipResponse | null = null;

  constructor(id: string, request: SipRequest, io: TransactionIo, ctx: TransactionContext) {
    super(id, nonInviteServerTransitions, 'Trying', io, ctx);
    this.request = request;
  }

  respond(response: SipResponse): void {
    if (this.current !== 'Trying' && this.current !== 'Proceeding') return;
    this.lastResponse = response;
    if (response.status < 200) {
      this.transition('Proceeding', `${response.status}`);
      this.sendSafely(response);
      return;
    }
    this.transition('Completed', `${response.status}`);
    // Timer J keeps the final response for retransmitted requests (0 on reliable transports).
    this.startTimer('J', this.t.J, () => this.transition('Terminated', 'timer J'));
    this.sendSafely(response);
  }

  /** §17.2.2: retransmissions are absorbed in Trying and answered with the last response after. */
  receiveRequest(): void {
    if ((this.current === 'Proceeding' || this.current === 'Completed') && this.lastResponse) this.sendSafely(this.lastResponse);
  }

  get finalResponseSent(): boolean {
    return this.current === 'Completed' || this.current === 'Terminated';
  }

  protected onTransportError(): void {
    if (this.current === 'Terminated') return;
    this.transition('Terminated', 'transport error');
    this.emit('transportError');
  }
}
