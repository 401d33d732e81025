import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VirtualClock } from '@rexian/kernel';
import { createDigestClient } from '../auth/digest-client.ts';
import { createDigestServer } from '../auth/digest-server.ts';
import type { Dialog } from '../dialog/dialog.ts';
import { createResponse } from '../message/builders.ts';
import { getHeader } from '../message/headers.ts';
import type { SipRequest, SipResponse } from '../message/types.ts';
import type { InviteServerTransaction } from '../transaction/invite-server-transaction.ts';
import { createLossyNetwork, testRequest } from '../transaction/test-network.ts';
import { startUacInvite, type UacFailure } from './uac-invite.ts';

const T0 = 5_000_000;
const withContact = (req: SipRequest): SipRequest => ({
  ...req,
  headers: [...req.headers, { name: 'Contact', value: '<sip:alice@a.example.com>' }],
});
const answer = (req: SipRequest, status: number) =>
  createResponse(req, status, { toTag: 'bob', headers: [{ name: 'Contact', value: '<sip:bob@192.0.2.20>' }] });

function run(
  setup: (net: ReturnType<typeof createLossyNetwork>, clock: VirtualClock) => void,
  extra: Partial<Parameters<typeof startUacInvite>[0]> = {},
) {
  const clock = new VirtualClock(T0);
  const net = createLossyNetwork({ clock });
  const seen = { provisional: 0, dialogs: [] as Dialog[], failures: [] as UacFailure[], acks: [] as SipRequest[] };
  net.b.on('ack', (ack) => seen.acks.push(ack));
  setup(net, clock);
  const call = startUacInvite({
    layer: net.a,
    flow: net.ioA,
    request: withContact(testRequest('INVITE')),
    via: 'SIP/2.0/UDP a.example.com:5060',
    onProvisional: () => {
      seen.provisional++;
    },
    onAnswered: (d) => {
      seen.dialogs.push(d);
    },
    onFailed: (f) => {
      seen.failures.push(f);
    },
    ...extra,
  });
  return { clock, net, seen, call };
}

describe('UAC INVITE core (RFC 3261 §13.2)', () => {
  it('ACKs the 2xx end to end and again for each retransmitted 2xx', () => {
    const { clock, seen } = run((net, clock) =>
      net.b.on('request', (req, tx) => {
        tx.respond(answer(req, 180));
        const ok = answer(req, 200);
        clock.setTimeout(() => tx.respond(ok), 100);
        clock.setTimeout(() => tx.respond(ok), 600); // the UAS core's 2xx retransmission
      }),
    );
    clock.advance(1_000);
    assert.equal(seen.provisional, 1);
    assert.equal(seen.dialogs.length, 1);
    assert.equal(seen.dialogs[0]?.remoteTag, 'bob');
    assert.equal(seen.acks.length, 2, 'one ACK per 2xx received');
    assert.equal(getHeader(seen.acks[0] as SipRequest, 'CSeq'), '1 ACK');
    assert.equal(
      seen.acks[0]?.uri.scheme === 'sip' && (seen.acks[0].uri as { host: string }).host,
      '192.0.2.20',
      'ACK goes to the Contact',
    );
  });

  it('answers one digest challenge with a new branch and CSeq + 1', async () => {
    const clock = new VirtualClock(T0);
    const server = createDigestServer({
      realm: 'carrier',
      secret: 's',
      clock,
      credentials: { lookup: async () => ({ password: 'pw' }) },
      mode: 'proxy',
    });
    const cseqs: string[] = [];
    const { seen, clock: c } = run(
      (net) =>
        net.b.on('request', async (req, tx) => {
          cseqs.push(getHeader(req, 'CSeq') ?? '');
          const v = await server.verify(req);
          tx.respond(v.ok ? answer(req, 200) : createResponse(req, v.status, { toTag: 'c', headers: v.challenge }));
        }),
      { digest: createDigestClient([{ realm: 'carrier', username: 'trunk', password: 'pw' }]) },
    );
    for (let i = 0; i < 10; i++) {
      c.advance(50);
      await new Promise((r) => setImmediate(r));
    }
    assert.deepEqual(cseqs, ['1 INVITE', '2 INVITE']);
    assert.equal(seen.dialogs.length, 1);
    assert.deepEqual(seen.failures, []);
  });

  it('holds CANCEL until a provisional arrives, then gets 487', () => {
    let inviteTx: InviteServerTransaction | undefined;
    const { clock, seen, call, net } = run((net) =>
      net.b.on('request', (_req, tx) => {
        inviteTx = tx as InviteServerTransaction; // the TU stays silent: no provisional yet
      }),
    );
    call.cancel();
    clock.advance(100);
    assert.equal(net.wire.filter((p) => p.firstLine.startsWith('CANCEL')).length, 0, 'no CANCEL before a 1xx (§9.1)');
    inviteTx?.respond(answer(inviteTx.request, 180));
    clock.advance(100);
    assert.equal(net.wire.filter((p) => p.firstLine.startsWith('CANCEL')).length, 1);
    assert.deepEqual(
      seen.failures.map((f) => (typeof f === 'string' ? f : (f as SipResponse).status)),
      [487],
    );
  });

  it('reports a time-out when nobody answers', () => {
    const clock = new VirtualClock(T0);
    const net = createLossyNetwork({ clock, drop: () => true });
    const failures: UacFailure[] = [];
    startUacInvite({
      layer: net.a,
      flow: net.ioA,
      request: withContact(testRequest('INVITE')),
      via: 'SIP/2.0/UDP a',
      onFailed: (f) => void failures.push(f),
    });
    clock.advance(40_000);
    assert.deepEqual(failures, ['timeout']);
  });
});
