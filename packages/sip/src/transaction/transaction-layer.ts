import { AppError, type Clock, type Logger, nullLogger, TypedEmitter } from '@rexian/kernel';
import { SipErrorCode } from '../errors.ts';
import { createResponse, newTag } from '../message/builders.ts';
import { getTag, getVias } from '../message/headers.ts';
import type { SipMessage, SipRequest, SipResponse, Via } from '../message/types.ts';
import { InviteClientTransaction } from './invite-client-transaction.ts';
import { InviteServerTransaction } from './invite-server-transaction.ts';
import { NonInviteClientTransaction } from './non-invite-client-transaction.ts';
import { NonInviteServerTransaction } from './non-invite-server-transaction.ts';
import { defaultTimers, type TimerConfig } from './timers.ts';
import type { TransactionContext, TransactionIo } from './transaction-base.ts';
import { clientKeyOf, mergeKeyOf, serverKeyOf } from './transaction-key.ts';

export type ClientTransaction = InviteClientTransaction | NonInviteClientTransaction;
export type ServerTransaction = InviteServerTransaction | NonInviteServerTransaction;

export type TransactionLayerEvents = {
  /** A new request with its server transaction; the TU must answer through `tx.respond`. */
  request: [request: SipRequest, tx: ServerTransaction];
  /** An ACK matching no transaction: the ACK of a 2xx, which belongs to the dialog (§17.1.1.3). */
  ack: [ack: SipRequest, flow: TransactionIo];
  /** A CANCEL matched this INVITE; the CANCEL itself was already answered 200 (§9.2). */
  cancel: [cancel: SipRequest, invite: InviteServerTransaction];
  /** A response matching no client transaction (e.g. a 2xx retransmission after Timer M). */
  strayResponse: [response: SipResponse];
};

export interface ClientListeners {
  readonly response?: (response: SipResponse) => void;
  readonly timeout?: () => void;
  readonly transportError?: () => void;
}

export interface TransactionLayerOptions {
  readonly clock: Clock;
  readonly timers?: Partial<TimerConfig>;
  readonly logger?: Logger;
  /** Recognises a Via this element added; a request carrying one has looped back (482, §8.2.2.2). */
  readonly isOwnVia?: (via: Via) => boolean;
}

/**
 * Matches messages to the four transaction machines (RFC 3261 §17.1.3, §17.2.3), creates server
 * transactions for new requests, handles CANCEL (§9.2), merged requests and loops (§8.2.2.2).
 */
export class TransactionLayer extends TypedEmitter<TransactionLayerEvents> {
  private readonly ctx: TransactionContext;
  private readonly clients = new Map<string, ClientTransaction>();
  private readonly servers = new Map<string, ServerTransaction>();
  private readonly merged = new Map<string, string>();
  private readonly isOwnVia: ((via: Via) => boolean) | undefined;

  constructor(options: TransactionLayerOptions) {
    const logger = options.logger ?? nullLogger;
    super((error, event) => logger.error({ error, event: String(event) }, 'transaction-layer listener threw'));
    this.ctx = { clock: options.clock, timers: { ...defaultTimers, ...options.timers }, logger };
    this.isOwnVia = options.isOwnVia;
  }

  /**
   * Starts a client transaction. The request must carry a top Via with a unique branch. Listeners in
   * `on` are attached before the first send, so a synchronous transport failure is not missed.
   */
  sendRequest(request: SipRequest, flow: TransactionIo, on: ClientListeners = {}): ClientTransaction {
    const key = clientKeyOf(request);
    if (key === null) {
      throw new AppError(SipErrorCode.RequestNotSendable, 'request needs a top Via with a branch and a CSeq', { kind: 'bug' });
    }
    const tx =
      request.method === 'INVITE'
        ? new InviteClientTransaction(key, request, flow, this.ctx)
        : new NonInviteClientTransaction(key, request, flow, this.ctx);
    this.clients.set(key, tx);
    tx.on('terminated', () => this.clients.delete(key));
    if (on.response) tx.on('response', on.response);
    if (on.timeout) tx.on('timeout', on.timeout);
    if (on.transportError) tx.on('transportError', on.transportError);
    tx.start();
    return tx;
  }

  receive(message: SipMessage, flow: TransactionIo): void {
    if (message.kind === 'response') this.receiveResponse(message);
    else this.receiveRequest(message, flow);
  }

  private receiveResponse(response: SipResponse): void {
    const key = clientKeyOf(response);
    const tx = key === null ? undefined : this.clients.get(key);
    if (tx) tx.receiveResponse(response);
    else this.emit('strayResponse', response);
  }

  private receiveRequest(request: SipRequest, flow: TransactionIo): void {
    const key = serverKeyOf(request);
    if (key === null) return;
    const existing = this.servers.get(key);
    if (request.method === 'ACK') {
      if (existing instanceof InviteServerTransaction && existing.state === 'Completed') existing.receiveAck(request);
      else if (!(existing instanceof InviteServerTransaction && existing.state === 'Confirmed')) this.emit('ack', request, flow);
      return;
    }
    if (existing) {
      existing.receiveRequest();
      return;
    }
    const mergeKey = mergeKeyOf(request);
    const tx = this.createServer(key, request, flow, mergeKey);
    if (this.rejectLoopOrMerge(request, key, tx, mergeKey)) return;
    if (request.method === 'CANCEL') this.handleCancel(request, tx);
    else this.emit('request', request, tx);
  }

  private createServer(key: string, request: SipRequest, flow: TransactionIo, mergeKey: string | null): ServerTransaction {
    const tx =
      request.method === 'INVITE'
        ? new InviteServerTransaction(key, request, flow, this.ctx)
        : new NonInviteServerTransaction(key, request, flow, this.ctx);
    this.servers.set(key, tx);
    if (mergeKey !== null && !this.merged.has(mergeKey)) this.merged.set(mergeKey, key);
    tx.on('terminated', () => {
      this.servers.delete(key);
      if (mergeKey !== null && this.merged.get(mergeKey) === key) this.merged.delete(mergeKey);
    });
    return tx;
  }

  /** §8.2.2.2: same From tag, Call-ID and CSeq as a live transaction but another branch → 482. */
  private rejectLoopOrMerge(request: SipRequest, key: string, tx: ServerTransaction, mergeKey: string | null): boolean {
    const first = mergeKey === null ? undefined : this.merged.get(mergeKey);
    const vias = this.isOwnVia ? getVias(request) : null;
    const looped = vias?.ok === true && vias.value.some((v) => this.isOwnVia?.(v) === true);
    if ((first !== undefined && first !== key) || looped) {
      this.ctx.logger.info({ transaction: key, merged: !looped }, 'request rejected with 482');
      tx.respond(createResponse(request, 482, { toTag: newTag() }));
      return true;
    }
    return false;
  }

  /** §9.2: a CANCEL is answered 200 when its INVITE is found (then 487 to the INVITE), else 481. */
  private handleCancel(cancel: SipRequest, tx: ServerTransaction): void {
    const inviteKey = serverKeyOf(cancel, 'INVITE');
    const invite = inviteKey === null ? undefined : this.servers.get(inviteKey);
    if (!(invite instanceof InviteServerTransaction)) {
      tx.respond(createResponse(cancel, 481, { toTag: newTag() }));
      return;
    }
    tx.respond(createResponse(cancel, 200));
    this.emit('cancel', cancel, invite);
    if (invite.finalResponseSent) return;
    // The 487 keeps the To tag of any provisional already sent, so it belongs to the same early dialog.
    const last = invite.lastResponse;
    const toTag = (last && last.status > 100 ? getTag(last, 'To') : undefined) ?? newTag();
    invite.respond(createResponse(invite.request, 487, { toTag }));
  }

  /** Live transactions, for diagnostics and tests. */
  counts(): { clients: number; servers: number } {
    return { clients: this.clients.size, servers: this.servers.size };
  }
}
