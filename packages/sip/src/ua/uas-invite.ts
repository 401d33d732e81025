import type { Clock, TimerHandle } from '@rexian/kernel';
import { createUasDialog, type Dialog } from '../dialog/dialog.ts';
import { firstRSeq, parseRAck, prackMatches } from '../dialog/reliable-provisional.ts';
import { createResponse, newTag } from '../message/builders.ts';
import { getCallId, getCSeq, getHeader, getTag } from '../message/headers.ts';
import type { SipHeader, SipRequest, SipResponse } from '../message/types.ts';
import type { InviteServerTransaction } from '../transaction/invite-server-transaction.ts';
import { defaultTimers, type TimerConfig } from '../transaction/timers.ts';
import { retransmit2xx } from './retransmit-2xx.ts';

export interface UasInviteOptions {
  readonly tx: InviteServerTransaction;
  readonly clock: Clock;
  readonly timers?: Partial<TimerConfig>;
  /** Our Contact for the dialog (§12.1.1: the remote target the caller will use). */
  readonly contact: string;
  readonly reliable?: boolean;
  /** No ACK for our 2xx within 64*T1: the caller should BYE the dialog (§13.3.1.4). */
  readonly onAckTimeout?: (dialog: Dialog) => void;
}

export interface ResponseParts {
  readonly headers?: readonly SipHeader[];
  readonly body?: Uint8Array;
}

/**
 * The UAS core around one received INVITE (RFC 3261 §13.3): one To tag for every response, the
 * dialog built from the first 1xx/2xx carrying it, the 2xx retransmitted until its ACK arrives.
 * ACKs reach the TU through the transaction layer's 'ack' event; route them here by `dialogKeyOfAck`.
 */
export function createUasInvite(o: UasInviteOptions) {
  const request = o.tx.request;
  const tag = newTag();
  let dialog: Dialog | null = null;
  let retransmitting: { acked(): void; cancel(): void } | null = null;
  // RFC 3262: the reliable provisional awaiting its PRACK, and its retransmission timers.
  let pending: { rseq: number; cseq: number; stop(): void } | null = null;
  let rseq = 0;

  const build = (status: number, parts: ResponseParts): SipResponse => {
    const headers = status < 300 ? [{ name: 'Contact', value: o.contact }, ...(parts.headers ?? [])] : [...(parts.headers ?? [])];
    return createResponse(request, status, { toTag: tag, headers, body: parts.body });
  };

  /** §3: retransmit at T1, doubling, until the PRACK; give up at 64*T1. */
  function retransmitReliable(response: SipResponse): () => void {
    const t1 = o.timers?.T1 ?? defaultTimers.T1;
    let handle: TimerHandle | undefined;
    let stopped = false;
    const arm = (interval: number) => {
      handle = o.clock.setTimeout(() => {
        if (stopped) return;
        o.tx.respond(response);
        if (interval * 2 < 64 * t1) arm(interval * 2);
      }, interval);
    };
    if (!o.reliable) arm(t1);
    return () => {
      stopped = true;
      o.clock.clearTimeout(handle);
    };
  }

  return {
    get dialog(): Dialog | null {
      return dialog;
    },
    /**
     * 180/183: creates the early dialog. `reliable` (RFC 3262, when the caller supports or requires
     * 100rel) adds RSeq and Require: 100rel and retransmits until the PRACK; false while an earlier
     * reliable provisional is still unacknowledged (§3 forbids a second one).
     */
    progress(status: number, parts: ResponseParts = {}, reliable = false): boolean {
      if (reliable && pending) return false;
      const extra: SipHeader[] = [];
      if (reliable) {
        rseq = rseq === 0 ? firstRSeq() : rseq + 1;
        extra.push({ name: 'Require', value: '100rel' }, { name: 'RSeq', value: String(rseq) });
      }
      const response = build(status, { ...parts, headers: [...extra, ...(parts.headers ?? [])] });
      dialog ??= createUasDialog(request, response);
      o.tx.respond(response);
      if (reliable) pending = { rseq, cseq: getCSeq(request)?.seq ?? 0, stop: retransmitReliable(response) };
      return true;
    },
    /** A PRACK in this dialog: true (answer it 200) when it acknowledges the pending reliable 1xx. */
    prack(prackRequest: SipRequest): boolean {
      const rack = parseRAck(getHeader(prackRequest, 'RAck') ?? '');
      if (!rack || !pending || !prackMatches(rack, { rseq: pending.rseq, cseq: pending.cseq, method: 'INVITE' })) return false;
      pending.stop();
      pending = null;
      return true;
    },
    /** 200: confirms the dialog and retransmits until the ACK (or gives up at 64*T1). */
    answer(parts: ResponseParts = {}): Dialog | null {
      pending?.stop(); // a final response ends reliable-provisional retransmission (RFC 3262 §3)
      pending = null;
      const ok = build(200, parts);
      const d = createUasDialog(request, ok);
      dialog = d && { ...d, state: 'Confirmed' };
      o.tx.respond(ok);
      retransmitting = retransmit2xx({
        clock: o.clock,
        timers: o.timers,
        reliable: o.reliable,
        send: () => o.tx.respond(ok),
        onTimeout: () => {
          if (dialog) o.onAckTimeout?.(dialog);
        },
      });
      return dialog;
    },
    reject(status: number, parts: ResponseParts = {}): void {
      o.tx.respond(build(status, parts));
    },
    /** The ACK for our 2xx arrived (§13.3.1.4 stops the retransmissions). */
    acked(): void {
      retransmitting?.acked();
    },
    /** Key under which this session's ACK will arrive. */
    key: (): string => `${getCallId(request) ?? ''}|${tag}|${getTag(request, 'From') ?? ''}`,
  };
}

/** The dialog key of an ACK as the UAS sees it: Call-ID | To tag (ours) | From tag (theirs). */
export function dialogKeyOfAck(ack: SipRequest): string {
  return `${getCallId(ack) ?? ''}|${getTag(ack, 'To') ?? ''}|${getTag(ack, 'From') ?? ''}`;
}
