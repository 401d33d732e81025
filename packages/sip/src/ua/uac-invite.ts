import type { DigestClient } from '../auth/digest-client.ts';
import { createInDialogRequest, createUacDialog, type Dialog, dialogId } from '../dialog/dialog.ts';
import { newBranch } from '../message/builders.ts';
import { getCSeq, getHeader, getOptionTags } from '../message/headers.ts';
import type { SipHeader, SipRequest, SipResponse } from '../message/types.ts';
import type { TransactionIo } from '../transaction/transaction-base.ts';
import type { TransactionLayer } from '../transaction/transaction-layer.ts';

export type UacFailure = SipResponse | 'timeout' | 'transport-error';

export interface UacInviteOptions {
  readonly layer: TransactionLayer;
  readonly flow: TransactionIo;
  /** The INVITE: top Via with a fresh branch, From tag, Contact, CSeq. */
  readonly request: SipRequest;
  /** Our Via without branch, for ACK and BYE ("SIP/2.0/UDP 192.0.2.1:5060;rport"). */
  readonly via: string;
  /** Answers one 401/407 (a trunk's credentials; refuses other realms). */
  readonly digest?: DigestClient;
  readonly onProvisional?: (response: SipResponse) => void;
  readonly onAnswered?: (dialog: Dialog, response: SipResponse) => void;
  readonly onFailed?: (failure: UacFailure) => void;
}

/**
 * The UAC core around one INVITE (RFC 3261 §13.2): answers one digest challenge, ACKs every 2xx
 * itself — retransmissions again, with the same ACK (§13.2.2.4) — BYEs extra forked 2xx, and sends
 * CANCEL (§9.1) only once a provisional response has arrived.
 */
export function startUacInvite(o: UacInviteOptions): { cancel(): void } {
  let current = o.request;
  let challenged = false;
  let provisional = false;
  let cancelWanted = false;
  let finished = false;
  const acks = new Map<string, SipRequest>();
  // RFC 3262 §4: early dialogs we PRACKed (their CSeq moved on) and the last RSeq acknowledged in each.
  const early = new Map<string, { dialog: Dialog; rseq: number }>();

  const prackIfReliable = (response: SipResponse) => {
    const rseq = Number(getHeader(response, 'RSeq') ?? Number.NaN);
    if (!getOptionTags(response, 'Require').includes('100rel') || !Number.isInteger(rseq)) return;
    const fresh = createUacDialog(current, response);
    if (!fresh) return;
    const id = dialogId(fresh);
    const known = early.get(id);
    if (known && rseq <= known.rseq) return; // a retransmission: the PRACK transaction covers it
    const cseq = getCSeq(current)?.seq ?? 1;
    const rack = { name: 'RAck', value: `${rseq} ${cseq} INVITE` };
    const { dialog, request } = createInDialogRequest(known?.dialog ?? fresh, 'PRACK', { via: o.via, headers: [rack] });
    early.set(id, { dialog, rseq });
    o.layer.sendRequest(request, o.flow);
  };

  const sendCancel = () => {
    const cseq = getCSeq(current)?.seq ?? 1;
    const headers = current.headers.filter((h) => ['Via', 'From', 'To', 'Call-ID', 'Route', 'Max-Forwards'].includes(h.name));
    const topVia = headers.findIndex((h) => h.name === 'Via');
    const onlyTop = headers.filter((h, i) => h.name !== 'Via' || i === topVia);
    // §9.1: CANCEL has the INVITE's Request-URI, Call-ID, To, From, CSeq number and top Via.
    const cancel: SipRequest = {
      ...current,
      method: 'CANCEL',
      headers: [...onlyTop, { name: 'CSeq', value: `${cseq} CANCEL` }],
      body: new Uint8Array(0),
    };
    o.layer.sendRequest(cancel, o.flow);
  };

  const onAnswer = (response: SipResponse) => {
    const created = createUacDialog(current, response);
    if (!created) return;
    const id = dialogId(created);
    // Requests sent in the early dialog (PRACK) advanced our CSeq; the confirmed dialog continues from there.
    const dialog = { ...created, localSeq: Math.max(created.localSeq, early.get(id)?.dialog.localSeq ?? 0) };
    const known = acks.get(id);
    if (known) {
      o.flow.send(known); // a retransmitted 2xx: the same ACK again
      return;
    }
    // §13.2.2.4: the ACK carries the INVITE's CSeq number whatever PRACKs came between.
    const ack = createInDialogRequest({ ...dialog, localSeq: created.localSeq }, 'ACK', { via: o.via }).request;
    acks.set(id, ack);
    o.flow.send(ack);
    if (acks.size > 1) {
      // §13.2.2.4: a second dialog from a forked INVITE is acknowledged and then ended.
      o.layer.sendRequest(createInDialogRequest(dialog, 'BYE', { via: o.via }).request, o.flow);
      return;
    }
    finished = true;
    o.onAnswered?.(dialog, response);
  };

  const onResponse = (response: SipResponse) => {
    if (response.status < 200) {
      provisional = true;
      prackIfReliable(response);
      if (cancelWanted) {
        cancelWanted = false;
        sendCancel();
      }
      o.onProvisional?.(response);
    } else if (response.status < 300) onAnswer(response);
    else if ((response.status === 401 || response.status === 407) && o.digest && !challenged) retry(response);
    else fail(response);
  };

  const fail = (failure: UacFailure) => {
    if (finished) return;
    finished = true;
    o.onFailed?.(failure);
  };

  const send = () =>
    o.layer.sendRequest(current, o.flow, {
      response: onResponse,
      timeout: () => fail('timeout'),
      transportError: () => fail('transport-error'),
    });

  function retry(challenge: SipResponse): void {
    challenged = true;
    const auth = o.digest?.authorize(current, challenge);
    if (!auth?.ok) {
      fail(challenge);
      return;
    }
    const cseq = (getCSeq(current)?.seq ?? 1) + 1;
    const headers: SipHeader[] = current.headers.map((h, i) => {
      if (h.name === 'CSeq') return { name: 'CSeq', value: `${cseq} INVITE` };
      if (h.name === 'Via' && i === current.headers.findIndex((x) => x.name === 'Via')) {
        return { name: 'Via', value: h.value.replace(/branch=[^;,\s]+/, `branch=${newBranch()}`) };
      }
      return h;
    });
    current = { ...current, headers: [...headers, auth.value] };
    send();
  }

  send();
  return {
    cancel() {
      if (finished) return;
      if (provisional) sendCancel();
      else cancelWanted = true;
    },
  };
}
