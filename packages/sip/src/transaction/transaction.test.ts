import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VirtualClock } from '@rexian/kernel';
import { createResponse } from '../message/builders.ts';
import { getHeader } from '../message/headers.ts';
import type { SipResponse } from '../message/types.ts';
import { type InviteClientTransaction, inviteClientTransitions } from './invite-client-transaction.ts';
import type { InviteServerTransaction } from './invite-server-transaction.ts';
import { createLossyNetwork, sendTimes, testRequest } from './test-network.ts';
import { type ServerTransaction, TransactionLayer } from './transaction-layer.ts';

const T0 = 1_000_000;
const dropAll = () => true;

describe('client transactions under total loss (RFC 3261 §17.1)', () => {
  it('INVITE: Timer A doubles from T1, Timer B ends it at 64*T1', () => {
    const clock = new VirtualClock(T0);
    const net = createLossyNetwork({ clock, drop: dropAll });
    const tx = net.a.sendRequest(testRequest('INVITE'), net.ioA);
    let timedOutAt = -1;
    tx.on('timeout', () => {
      timedOutAt = clock.now() - T0;
    });
    clock.advance(40_000);
    assert.deepEqual(sendTimes(net.wire, 'a', 'INVITE', T0), [0, 500, 1500, 3500, 7500, 15500, 31500]);
    assert.equal(timedOutAt, 32_000);
    assert.equal(tx.state, 'Terminated');
    assert.deepEqual(net.a.counts(), { clients: 0, servers: 0 });
  });

  it('non-INVITE: Timer E doubles up to T2, Timer F ends it at 64*T1', () => {
    const clock = new VirtualClock(T0);
    const net = createLossyNetwork({ clock, drop: dropAll });
    const tx = net.a.sendRequest(testRequest('OPTIONS'), net.ioA);
    let timedOutAt = -1;
    tx.on('timeout', () => {
      timedOutAt = clock.now() - T0;
    });
    clock.advance(40_000);
    assert.deepEqual(
      sendTimes(net.wire, 'a', 'OPTIONS', T0),
      [0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500],
    );
    assert.equal(timedOutAt, 32_000);
  });

  it('honours configured T1/T2', () => {
    const clock = new VirtualClock(T0);
    const net = createLossyNetwork({ clock, drop: dropAll });
    const layer = new TransactionLayer({ clock, timers: { T1: 100, T2: 400 } });
    let timedOut = -1;
    layer.sendRequest(testRequest('OPTIONS'), net.ioA).on('timeout', () => {
      timedOut = clock.now() - T0;
    });
    clock.advance(10_000);
    assert.deepEqual(
      sendTimes(net.wire, 'a', 'OPTIONS', T0),
      [0, 100, 300, 700, 1100, 1500, 1900, 2300, 2700, 3100, 3500, 3900, 4300, 4700, 5100, 5500, 5900, 6300],
    );
    assert.equal(timedOut, 6400);
  });

  it('no retransmissions on a reliable transport; Timer B still applies', () => {
    const clock = new VirtualClock(T0);
    const net = createLossyNetwork({ clock, reliable: true, drop: dropAll });
    const tx = net.a.sendRequest(testRequest('INVITE'), net.ioA);
    clock.advance(40_000);
    assert.equal(sendTimes(net.wire, 'a', 'INVITE', T0).length, 1);
    assert.equal(tx.state, 'Terminated');
  });
});

describe('transactions with partial loss', () => {
  it('non-INVITE in Proceeding retransmits every T2 and the server re-answers with its 100', () => {
    const clock = new VirtualClock(T0);
    const net = createLossyNetwork({ clock });
    net.b.on('request', (req, tx) => tx.respond(createResponse(req, 100)));
    const tx = net.a.sendRequest(testRequest('REGISTER'), net.ioA);
    clock.advance(40_000);
    assert.deepEqual(sendTimes(net.wire, 'a', 'REGISTER', T0), [0, 500, 4500, 8500, 12500, 16500, 20500, 24500, 28500]);
    assert.equal(sendTimes(net.wire, 'b', 'SIP/2.0 100', T0).length, 9, 'each retransmission answered with the 100');
    assert.equal(tx.state, 'Terminated');
  });

  it('INVITE survives two lost transmissions; non-2xx is ACKed inside the transaction', () => {
    const clock = new VirtualClock(T0);
    const net = createLossyNetwork({ clock, drop: ({ from, n }) => from === 'a' && n < 2 });
    const serverTx: ServerTransaction[] = [];
    net.b.on('request', (req, tx) => {
      serverTx.push(tx);
      tx.respond(createResponse(req, 486, { toTag: 'busy' }));
    });
    const responses: SipResponse[] = [];
    const tx = net.a.sendRequest(testRequest('INVITE'), net.ioA);
    tx.on('response', (r) => responses.push(r));
    clock.advance(1600);
    assert.deepEqual(sendTimes(net.wire, 'a', 'INVITE', T0), [0, 500, 1500]);
    assert.deepEqual(
      responses.map((r) => r.status),
      [486],
    );
    assert.equal(tx.state, 'Completed');
    const ack = net.wire.find((p) => p.firstLine.startsWith('ACK'));
    assert.ok(ack, 'ACK sent by the transaction');
    const server = serverTx[0] as InviteServerTransaction;
    assert.equal(server.state, 'Confirmed');
    clock.advance(5_000); // Timer I = T4
    assert.equal(server.state, 'Terminated');
    assert.equal(tx.state, 'Completed');
    clock.advance(32_000); // Timer D
    assert.equal(tx.state, 'Terminated');
  });

  it('a lost ACK makes the server retransmit the final; the client re-sends its ACK without telling the TU', () => {
    const clock = new VirtualClock(T0);
    let acks = 0;
    const net = createLossyNetwork({
      clock,
      drop: ({ from, message }) => from === 'a' && message.kind === 'request' && message.method === 'ACK' && acks++ === 0,
    });
    net.b.on('request', (req, tx) => tx.respond(createResponse(req, 603, { toTag: 'x' })));
    let finals = 0;
    net.a.sendRequest(testRequest('INVITE'), net.ioA).on('response', () => finals++);
    clock.advance(2_000);
    assert.equal(finals, 1);
    assert.deepEqual(sendTimes(net.wire, 'b', 'SIP/2.0 603', T0), [10, 510], 'G fired once at T1');
    assert.equal(sendTimes(net.wire, 'a', 'ACK', T0).length, 2);
  });

  it('INVITE server without ACK: Timer G doubles to T2, Timer H gives up at 64*T1', () => {
    const clock = new VirtualClock(T0);
    // Everything from b is lost, and so is every INVITE retransmission from a: only Timer G resends.
    const net = createLossyNetwork({ clock, drop: ({ from, n }) => from === 'b' || n > 0 });
    let server: InviteServerTransaction | undefined;
    let timeoutAt = -1;
    net.b.on('request', (req, tx) => {
      server = tx as InviteServerTransaction;
      tx.on('timeout', () => {
        timeoutAt = clock.now();
      });
      clock.setTimeout(() => tx.respond(createResponse(req, 480, { toTag: 't' })), 0);
    });
    net.a.sendRequest(testRequest('INVITE'), net.ioA);
    clock.advance(10);
    const start = clock.now();
    clock.advance(40_000);
    assert.deepEqual(
      sendTimes(net.wire, 'b', 'SIP/2.0 480', start),
      [0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500],
    );
    assert.equal(timeoutAt - start, 32_000);
    assert.equal(server?.state, 'Terminated');
  });

  it('sends 100 Trying after 200 ms when the TU is silent, and absorbs retransmitted INVITEs', () => {
    const clock = new VirtualClock(T0);
    const net = createLossyNetwork({ clock, drop: ({ from }) => from === 'b' });
    let newRequests = 0;
    net.b.on('request', () => newRequests++);
    net.a.sendRequest(testRequest('INVITE'), net.ioA);
    clock.advance(2_000);
    assert.equal(newRequests, 1);
    assert.deepEqual(sendTimes(net.wire, 'b', 'SIP/2.0 100', T0), [210, 510, 1510]);
  });
});

describe('2xx handling (RFC 6026)', () => {
  it('client Accepted passes 2xx retransmissions to the TU until Timer M; server Accepted absorbs INVITE retransmissions', () => {
    const clock = new VirtualClock(T0);
    const net = createLossyNetwork({ clock });
    let server: InviteServerTransaction | undefined;
    let tuRequests = 0;
    net.b.on('request', (req, tx) => {
      tuRequests++;
      server = tx as InviteServerTransaction;
      const ok = createResponse(req, 200, { toTag: 'ok' });
      tx.respond(ok);
      // The TU (dialog) retransmits the 2xx itself (§13.3.1.4); the transaction passes it down.
      clock.setTimeout(() => tx.respond(ok), 500);
    });
    const statuses: number[] = [];
    const tx = net.a.sendRequest(testRequest('INVITE'), net.ioA) as InviteClientTransaction;
    tx.on('response', (r) => statuses.push(r.status));
    clock.advance(1_000);
    assert.equal(tx.state, 'Accepted');
    assert.deepEqual(statuses, [200, 200]);
    assert.equal(server?.state, 'Accepted');
    assert.equal(net.wire.filter((p) => p.firstLine.startsWith('ACK')).length, 0, 'no ACK for 2xx from the transaction');
    net.b.receive(tx.request, net.ioA);
    assert.equal(tuRequests, 1, 'retransmitted INVITE absorbed');
    clock.advance(31_100);
    assert.equal(tx.state, 'Terminated');
    assert.equal(server?.state, 'Terminated');
  });

  it('an ACK for a 2xx matches no transaction and goes to the TU', () => {
    const clock = new VirtualClock(T0);
    const net = createLossyNetwork({ clock });
    const acks: string[] = [];
    net.b.on('ack', (ack) => acks.push(getHeader(ack, 'CSeq') ?? ''));
    net.b.receive(testRequest('ACK', { branch: 'z9hG4bKnew' }), net.ioA);
    assert.deepEqual(acks, ['1 ACK']);
  });
});

describe('CANCEL, merged requests and loops', () => {
  it('CANCEL gets 200 and the ringing INVITE a 487 with the same To tag (§9.2)', () => {
    const clock = new VirtualClock(T0);
    const net = createLossyNetwork({ clock });
    let cancelled = 0;
    net.b.on('request', (req, tx) => tx.respond(createResponse(req, 180, { toTag: 'ring' })));
    net.b.on('cancel', () => cancelled++);
    const invite = testRequest('INVITE');
    const statuses: Array<[number, string | undefined]> = [];
    const inv = net.a.sendRequest(invite, net.ioA);
    inv.on('response', (r) => statuses.push([r.status, getHeader(r, 'To')]));
    clock.advance(100);
    const cancel = {
      ...invite,
      method: 'CANCEL',
      headers: invite.headers.map((h) => (h.name === 'CSeq' ? { name: 'CSeq', value: '1 CANCEL' } : h)),
    };
    const c = net.a.sendRequest(cancel, net.ioA);
    let cancelStatus = 0;
    c.on('response', (r) => {
      cancelStatus = r.status;
    });
    clock.advance(100);
    assert.equal(cancelled, 1);
    assert.equal(cancelStatus, 200);
    assert.deepEqual(
      statuses.map((s) => s[0]),
      [180, 487],
    );
    assert.match(statuses[1]?.[1] ?? '', /tag=ring/);
    assert.equal(inv.state, 'Completed');
  });

  it('a CANCEL matching nothing gets 481', () => {
    const clock = new VirtualClock(T0);
    const net = createLossyNetwork({ clock });
    let status = 0;
    net.a.sendRequest(testRequest('CANCEL'), net.ioA).on('response', (r) => {
      status = r.status;
    });
    clock.advance(100);
    assert.equal(status, 481);
  });

  it('a merged request (same From tag, Call-ID, CSeq; new branch) gets 482 (§8.2.2.2)', () => {
    const clock = new VirtualClock(T0);
    const net = createLossyNetwork({ clock });
    let tu = 0;
    net.b.on('request', () => tu++);
    const statuses: number[] = [];
    const same = { fromTag: 'm1', callId: 'merged@x', cseq: 7 };
    net.a.sendRequest(testRequest('INVITE', same), net.ioA).on('response', (r) => statuses.push(r.status));
    net.a.sendRequest(testRequest('INVITE', same), net.ioA).on('response', (r) => statuses.push(r.status));
    clock.advance(300);
    assert.equal(tu, 1);
    assert.ok(statuses.includes(482));
  });

  it('a request carrying our own Via has looped: 482', () => {
    const clock = new VirtualClock(T0);
    const layer = new TransactionLayer({ clock, isOwnVia: (v) => v.host === 'me.example.com' });
    const sent: number[] = [];
    const io = {
      reliable: false,
      send: (m: import('../message/types.ts').SipMessage) => void (m.kind === 'response' && sent.push(m.status)),
    };
    let tu = 0;
    layer.on('request', () => tu++);
    layer.receive(testRequest('OPTIONS', { vias: ['SIP/2.0/UDP me.example.com;branch=z9hG4bKmine'] }), io);
    assert.deepEqual(sent, [482]);
    assert.equal(tu, 0);
  });
});

describe('transport failures and reliable transports', () => {
  it('a send that throws terminates the client transaction with transportError (§17.1.4)', () => {
    const clock = new VirtualClock(T0);
    const layer = new TransactionLayer({ clock });
    const io = {
      reliable: false,
      send: () => {
        throw new Error('unreachable');
      },
    };
    let failed = 0;
    const onFail = {
      transportError: () => {
        failed++;
      },
    };
    const tx = layer.sendRequest(testRequest('OPTIONS'), io, onFail);
    assert.equal(tx.state, 'Terminated');
    const tx2 = layer.sendRequest(testRequest('INVITE'), io, onFail);
    assert.equal(tx2.state, 'Terminated');
    assert.equal(failed, 2, 'listeners given to sendRequest see the synchronous failure');
    assert.deepEqual(layer.counts(), { clients: 0, servers: 0 });
  });

  it('reliable: non-INVITE completes and terminates at once (Timer K = 0), 1xx then final', () => {
    const clock = new VirtualClock(T0);
    const net = createLossyNetwork({ clock, reliable: true });
    net.b.on('request', (req, tx) => {
      tx.respond(createResponse(req, 100));
      clock.setTimeout(() => tx.respond(createResponse(req, 202, { toTag: 'x' })), 50);
    });
    const statuses: number[] = [];
    const tx = net.a.sendRequest(testRequest('MESSAGE'), net.ioA);
    tx.on('response', (r) => statuses.push(r.status));
    clock.advance(100);
    assert.deepEqual(statuses, [100, 202]);
    assert.equal(tx.state, 'Terminated');
    assert.deepEqual(net.b.counts(), { clients: 0, servers: 0 }, 'Timer J = 0 on reliable transports');
    assert.equal(sendTimes(net.wire, 'a', 'MESSAGE', T0).length, 1);
  });

  it('INVITE: 180 then 200 moves Calling → Proceeding → Accepted', () => {
    const clock = new VirtualClock(T0);
    const net = createLossyNetwork({ clock });
    net.b.on('request', (req, tx) => {
      tx.respond(createResponse(req, 180, { toTag: 'r' }));
      clock.setTimeout(() => tx.respond(createResponse(req, 200, { toTag: 'r' })), 100);
    });
    const states: string[] = [];
    const tx = net.a.sendRequest(testRequest('INVITE'), net.ioA);
    tx.on('response', () => states.push(tx.state));
    clock.advance(300);
    assert.deepEqual(states, ['Proceeding', 'Accepted']);
    assert.deepEqual(sendTimes(net.wire, 'a', 'INVITE', T0), [0], 'no retransmission once a 1xx arrived');
  });
});

describe('transition tables', () => {
  it('refuse illegal moves', () => {
    assert.deepEqual([...inviteClientTransitions.Accepted], ['Terminated']);
    assert.ok(!(inviteClientTransitions.Completed as readonly string[]).includes('Accepted'));
  });
});
