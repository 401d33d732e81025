import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VirtualClock } from '@rexian/kernel';
import type { Dialog } from '../dialog/dialog.ts';
import { dialogId } from '../dialog/dialog.ts';
import type { SipMessage, SipRequest } from '../message/types.ts';
import type { InviteServerTransaction } from '../transaction/invite-server-transaction.ts';
import { createLossyNetwork, sendTimes, testRequest } from '../transaction/test-network.ts';
import { startUacInvite } from './uac-invite.ts';
import { createUasInvite, dialogKeyOfAck } from './uas-invite.ts';

const T0 = 9_000_000;

function call(drop?: (p: { from: 'a' | 'b'; message: SipMessage; n: number }) => boolean) {
  const clock = new VirtualClock(T0);
  const net = createLossyNetwork({ clock, drop });
  const sessions = new Map<string, ReturnType<typeof createUasInvite>>();
  const uas: { dialog: Dialog | null; ackTimeouts: number } = { dialog: null, ackTimeouts: 0 };
  net.b.on('request', (_req, tx) => {
    const s = createUasInvite({
      tx: tx as InviteServerTransaction,
      clock,
      contact: '<sip:bob@192.0.2.20>',
      onAckTimeout: () => {
        uas.ackTimeouts++;
      },
    });
    sessions.set(s.key(), s);
    s.progress(180);
    clock.setTimeout(() => {
      uas.dialog = s.answer();
    }, 100);
  });
  net.b.on('ack', (ack) => sessions.get(dialogKeyOfAck(ack))?.acked());
  const uac: { dialog: Dialog | null } = { dialog: null };
  const base = testRequest('INVITE');
  const invite: SipRequest = { ...base, headers: [...base.headers, { name: 'Contact', value: '<sip:alice@a.example.com>' }] };
  startUacInvite({
    layer: net.a,
    flow: net.ioA,
    request: invite,
    via: 'SIP/2.0/UDP a.example.com',
    onAnswered: (d) => {
      uac.dialog = d;
    },
  });
  return { clock, net, uas, uac };
}

describe('UAS INVITE core (RFC 3261 §13.3)', () => {
  it('answers with one To tag; both sides hold mirror dialogs; the ACK stops 2xx retransmission', () => {
    const { clock, net, uas, uac } = call();
    clock.advance(5_000);
    assert.ok(uas.dialog && uac.dialog);
    assert.equal(uas.dialog.state, 'Confirmed');
    assert.equal(dialogId(uas.dialog), `${uac.dialog.callId}|${uac.dialog.remoteTag}|${uac.dialog.localTag}`);
    assert.equal(sendTimes(net.wire, 'b', 'SIP/2.0 200', T0).length, 1, 'ACK arrived before T1: no retransmission');
    assert.equal(uas.ackTimeouts, 0);
  });

  it('a lost ACK: the 2xx is retransmitted at T1 and the UAC ACKs it again', () => {
    let acks = 0;
    const { clock, net, uas } = call(({ message }) => message.kind === 'request' && message.method === 'ACK' && acks++ === 0);
    clock.advance(5_000);
    assert.equal(sendTimes(net.wire, 'b', 'SIP/2.0 200', T0).length, 2);
    assert.equal(sendTimes(net.wire, 'a', 'ACK', T0).length, 2);
    assert.equal(uas.ackTimeouts, 0);
  });

  it('no ACK at all: gives up after 64*T1 and reports it for a BYE', () => {
    const { clock, net, uas } = call(({ message }) => message.kind === 'request' && message.method === 'ACK');
    clock.advance(40_000);
    assert.equal(uas.ackTimeouts, 1);
    assert.equal(sendTimes(net.wire, 'b', 'SIP/2.0 200', T0).length, 11, 'first 2xx + 10 retransmissions');
  });
});
