import type { SipRequest, SipResponse } from '../message/types.ts';
import type { ClientTransactionEvents } from './invite-client-transaction.ts';
import { TransactionBase, type TransactionContext, type TransactionIo } from './transaction-base.ts';

export type NonInviteClientState = 'Trying' | 'Proceeding' | 'Completed' | 'Terminated';

/** RFC 3261 §17.1.2, Figure 6. */
export const nonInviteClientTransitions = {
  Trying: ['Proceeding', 'Completed', 'Terminated'],
  Proceeding: ['Proceeding', 'Completed', 'Terminated'],
  Completed: ['Terminated'],
  Terminated: [],
} as const satisfies Record<NonInviteClientState, readonly NonInviteClientState[]>;

export class NonInviteClientTransaction extends TransactionBase<NonInviteClientState, ClientTransactionEvents> {
  readonly request: SipRequest;

  constructor(id: string, request: SipRequest, io: TransactionIo, ctx: TransactionContext) {
    super(id, nonInviteClientTransitions, 'Trying', io, ctx);
    this.request = request;
  }

  start(): void {
    if (!this.sendSafely(this.request)) return;
    if (!this.io.reliable) this.armE(this.t.E);
    this.startTimer('F', this.t.F, () => {
      if (this.current === 'Completed' || this.current === 'Terminated') return;
      this.transition('Terminated', 'timer F');
      this.emit('timeout');
    });
  }

  /** §17.1.2.2: E doubles up to T2 while Trying; in Proceeding it fires every T2. */
  private armE(interval: number): void {
    this.startTimer('E', interval, () => {
      if (this.current !== 'Trying' && this.current !== 'Proceeding') return;
      if (!this.sendSafely(this.request)) return;
      this.armE(this.current === 'Trying' ? Math.min(2 * interval, this.ctx.timers.T2) : this.ctx.timers.T2);
    });
  }

  receiveResponse(response: SipResponse): void {
    if (this.current !== 'Trying' && this.current !== 'Proceeding') return;
    if (response.status < 200) {
      this.transition('Proceeding', `${response.status}`);
      this.emit('response', response);
      return;
    }
    this.stopTimer('E');
    this.stopTimer('F');
    this.transition('Completed', `${response.status}`);
    this.emit('response', response);
    // Timer K absorbs retransmitted finals on unreliable transports (0 on reliable ones).
    this.startTimer('K', this.t.K, () => this.transition('Terminated', 'timer K'));
  }

  protected onTransportError(): void {
    if (this.current === 'Terminated') return;
    this.transition('Terminated', 'transport error');
    this.emit('transportError');
  }
}
