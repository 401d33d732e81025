import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VirtualClock } from '@rexian/kernel';
import { createInDialogRequest, type Dialog } from '../dialog/dialog.ts';
import { createResponse } from '../message/builders.ts';
import { getHeader } from '../message/headers.ts';
import type { SipMessage, SipRequest } from '../message/types.ts';
import type { InviteServerTransaction } from '../transaction/invite-server-transaction.ts';
import { createLossyNetwork, sendTimes, testRequest } from '../transaction/test-network.ts';
import { startUacInvite } from './uac-invite.ts';
import { createUasInvite } from './uas-invite.ts';

const T0 = 7_000_000;

/** A caller supporting 100rel, a callee sending a reliable 183 then 200 once the PRACK came. */
function scenario(drop?: (p: { from: 'a' | 'b'; message: SipMessage; n: number }) => boolean) {
  const clock = new VirtualClock(T0);
  const net = createLossyNetwork({ clock, drop });
  const seen = { pracked: 0, badPracks: 0, uac: null as Dialog | null, acks: [] as SipRequest[] };
  let session: ReturnType<typeof createUasInvite> | undefined;
  net.b.on('request', (req, tx) => {
    if (req.method === 'INVITE') {
      session = createUasInvite({ tx: tx as InviteServerTransaction, clock, contact: '<sip:bob@192.0.2.20>' });
      assert.equal(session.progress(183, {}, true), true);
      assert.equal(session.progress(183, {}, true), false, 'no second reliable 1xx before the PRACK (RFC 3262 §3)');
    } else if (req.method === 'PRACK') {
      const ok = session?.prack(req) === true;
      if (ok) seen.pracked++;
      else seen.badPracks++;
      tx.respond(createResponse(req, ok ? 200 : 481));
      if (ok) session?.answer();
    }
  });
  net.b.on('ack', (ack) => {
    seen.acks.push(ack);
    session?.acked();
  });
  const base = testRequest('INVITE');
  const invite: SipRequest = {
    ...base,
    headers: [...base.headers, { name: 'Contact', value: '<sip:alice@a.example.com>' }, { name: 'Supported', value: '100rel' }],
  };
  startUacInvite({
    layer: net.a,
    flow: net.ioA,
    request: invite,
    via: 'SIP/2.0/UDP a.example.com',
    onAnswered: (d) => {
      seen.uac = d;
    },
  });
  return { clock, net, seen };
}

describe('PRACK (RFC 3262)', () => {
  it('the reliable 183 is PRACKed, then answered; CSeq stays consistent', () => {
    const { clock, net, seen } = scenario();
    clock.advance(5_000);
    assert.equal(seen.pracked, 1);
    assert.equal(seen.badPracks, 0);
    assert.equal(sendTimes(net.wire, 'b', 'SIP/2.0 183', T0).length, 1, 'PRACK arrived before T1');
    assert.ok(seen.uac);
    assert.equal(getHeader(seen.acks[0] as SipRequest, 'CSeq'), '1 ACK', 'ACK keeps the INVITE CSeq');
    const bye = createInDialogRequest(seen.uac, 'BYE', { via: 'SIP/2.0/UDP a.example.com' }).request;
    assert.equal(getHeader(bye, 'CSeq'), '3 BYE', 'after INVITE 1 and PRACK 2');
  });

  it('a lost reliable 183 is retransmitted at T1 and PRACKed once', () => {
    let first = true;
    const { clock, net, seen } = scenario(({ from, message }) => {
      if (from === 'b' && message.kind === 'response' && message.status === 183 && first) {
        first = false;
        return true;
      }
      return false;
    });
    clock.advance(5_000);
    // At T1 both the reliable-provisional timer and the caller's INVITE retransmission (answered by the
    // transaction with its last response) resend the 183.
    assert.deepEqual(sendTimes(net.wire, 'b', 'SIP/2.0 183', T0), [10, 510, 510]);
    assert.equal(sendTimes(net.wire, 'a', 'PRACK', T0).length, 1);
    assert.equal(seen.pracked, 1);
  });
});
