import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAgentClient } from '@rexian/agent-sdk';
import { freePort } from '../sip/harness.ts';
import { bandRms, peakFrequency, toneUlaw, waitFor } from '../switch/phones.ts';
import { createCarrierTrunk, createPrefixRoute, startCarrier } from '../switch/sipp-carrier.ts';
import { ACCESS, agentStream, type CallCenter, startCallCenter, type TestAgent } from './call-center.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function near(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) < 30, `${what}: heard ${actual} Hz, expected ${expected} Hz`);
}

/**
 * Issue 8 §3's agent commands on real phones: consult then complete (the customer hears music while the
 * agent consults, then the consulted agent), rating (the customer presses 1 in the satisfaction survey and
 * it is stored per call and agent) and click to dial (the agent's phone rings first, then the number).
 */
describe('agent commands with real phones: consult, rating, click to dial', () => {
  let cc: CallCenter;
  let one: TestAgent;
  let two: TestAgent;

  before(async () => {
    cc = await startCallCenter({ rtpBase: 36000, agentTones: [1000, 1400], customerTone: 600 });
    [one, two] = cc.agents as [TestAgent, TestAgent];
    for (const a of [one, two]) {
      const r = await cc.server.apiAs(a.cookie, 'POST', '/api/v1/agent/session', {});
      assert.equal(r.status, 200, JSON.stringify(r.body));
      await sleep(50); // agent 1 has been idle longest
    }
  });
  after(() => cc?.close());

  /**
   * A SIPp carrier running `file` behind its own trunk, reached by numbers starting with `prefix`. A carrier
   * that streams early media gets an RTP port (`early.ulaw` in the test folder is what it plays).
   */
  async function carrierOnPrefix(name: string, file: string, prefix: string, media = false) {
    const carrier = await startCarrier(cc.dir, { file }, name, media ? ['-mp', String(await freePort('udp'))] : []);
    const trunkId = await createCarrierTrunk(cc.server, name, carrier.port);
    await createPrefixRoute(cc.server, `${name}-route`, prefix, [trunkId]);
    return { carrier, trunkId };
  }

  /** The customer calls the access number; agent 1 (longest idle) answers. Returns when they talk. */
  async function customerReachesAgentOne() {
    const stream = await agentStream(cc.server, one.cookie);
    const dialled = await cc.customer.peer.command('dial', `sip:${ACCESS}@127.0.0.1:${cc.server.udpPort}`);
    assert.equal(dialled.ok, true, JSON.stringify(dialled));
    await waitFor('agent 1 talking', () => (stream.session()?.call?.state === 'talking' ? true : undefined), 20_000);
    return stream;
  }

  it('consult, then complete: music while the agent consults, then the consulted agent', async () => {
    const stream = await customerReachesAgentOne();
    const start = Date.now();
    await sleep(2000);
    const consult = await cc.server.apiAs<{ call: { consulting: boolean; state: string } }>(
      one.cookie,
      'POST',
      '/api/v1/agent/call/consult',
      {
        to: { kind: 'agent', agentNumber: two.number },
      },
    );
    assert.equal(consult.status, 200, JSON.stringify(consult.body));
    assert.equal(consult.body.call.consulting, true);
    const consultAt = Date.now();
    await waitFor('the consulted agent answered', () =>
      cc.sw.model.listChannels().some((c) => c.callee === two.extension && c.state === 'answered') ? true : undefined,
    );
    await sleep(2500);
    const done = await cc.server.apiAs<{ state: string }>(one.cookie, 'POST', '/api/v1/agent/call/consult/complete');
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.state, 'wrap-up');
    const completeAt = Date.now();
    await sleep(2500);
    await cc.customer.peer.command('hangup');
    await cc.idle();
    const heard = await waitFor('the customer’s recording', () => cc.customer.heard());
    const at = (t: number) => (t - start) / 1000;
    near(await peakFrequency(heard, 0.5, 1), 1000, 'the customer, talking to agent 1');
    near(await peakFrequency(heard, at(consultAt) + 0.8, 1), 800, 'the customer, on hold during the consult');
    near(await peakFrequency(heard, at(completeAt) + 0.8, 1), 1400, 'the customer, after the transfer');
    // During the consult agent 2 heard agent 1, not the customer.
    const twoHeard = await waitFor('agent 2’s recording', () => two.phone.heard());
    near(await peakFrequency(twoHeard, 0.5, 1), 1000, 'agent 2 during the consult');
    stream.ws.close();
    // Agent 1 is back to idle after wrap-up (the default wrap-up is 15 s: end it).
    const idle = await cc.server.apiAs<{ state: string }>(one.cookie, 'PUT', '/api/v1/agent/session/state', { state: 'idle' });
    assert.equal(idle.status, 200, JSON.stringify(idle.body));
    assert.equal(idle.body.state, 'idle');
  });

  it('rating: the customer hears the survey, presses 1, and the rating is stored for the call and agent', async () => {
    const two2 = await cc.server.apiAs<{ state: string }>(two.cookie, 'PUT', '/api/v1/agent/session/state', { state: 'busy' });
    assert.equal(two2.status, 200, JSON.stringify(two2.body)); // only agent 1 may take the call
    const stream = await customerReachesAgentOne();
    const callId = stream.session()?.call?.callId as string;
    await sleep(1500);
    const rate = await cc.server.apiAs<{ state: string }>(one.cookie, 'POST', '/api/v1/agent/call/rate');
    assert.equal(rate.status, 200, JSON.stringify(rate.body));
    assert.equal(rate.body.state, 'wrap-up', 'the agent leaves at once');
    await sleep(1500);
    const key = await cc.customer.peer.command('sndcode', '1');
    assert.equal(key.ok, true);
    const rating = await waitFor(
      'the stored rating',
      async () => {
        const r = await cc.server.rexian.db.query<{ digit: string; agent_id: string; queue_id: string }>(
          'SELECT digit, agent_id, queue_id FROM call_ratings WHERE call_id = $1',
          [callId],
        );
        return r.rows[0];
      },
      20_000,
    );
    assert.deepEqual(rating, { digit: '1', agent_id: one.id, queue_id: cc.queueId });
    await cc.idle(); // the switch thanks the customer and hangs up
    const heard = await waitFor('the customer’s recording', () => cc.customer.heard());
    // The survey is speech (espeak-ng) or, without TTS, a 660 Hz tone: either way not silence.
    assert.ok((await bandRms(heard, 200, 3400, 4, 1)) > 0.005, 'the customer heard the survey');
    assert.ok(
      stream.events.some((e) => e.type === 'call.ended'),
      'the agent’s call ended',
    );
    stream.ws.close();
    await cc.server.apiAs(one.cookie, 'PUT', '/api/v1/agent/session/state', { state: 'idle' });
  });

  it('click to dial: the agent’s phone rings first, then the customer; both hear each other', async () => {
    const r = await cc.server.apiAs<{ callId: string }>(one.cookie, 'POST', '/api/v1/agent/dial', {
      to: { kind: 'extension', number: '8800' },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    await waitFor(
      'agent and customer talking',
      () =>
        cc.sw.model.listChannels().filter((c) => c.callId === r.body.callId && c.state === 'answered').length === 2
          ? true
          : undefined,
      20_000,
    );
    const session = await cc.server.apiAs<{ state: string; call: { direction: string } }>(
      one.cookie,
      'GET',
      '/api/v1/agent/session',
    );
    assert.equal(session.body.state, 'talking');
    assert.equal(session.body.call.direction, 'outbound');
    await sleep(2500);
    const hung = await cc.server.apiAs(one.cookie, 'POST', '/api/v1/agent/call/hangup');
    assert.equal(hung.status, 200, JSON.stringify(hung.body));
    await cc.idle();
    near(await peakFrequency((await waitFor('customer', () => cc.customer.heard())) as string, 0.5, 1.5), 1000, 'the customer');
    near(await peakFrequency((await waitFor('agent', () => one.phone.heard())) as string, 0.5, 1.5), 600, 'agent 1');
    const cdr = await waitFor('the CDR', async () => {
      const x = await cc.server.rexian.db.query<{ call_type: string; caller: string; callee: string; open: boolean }>(
        'SELECT call_type, caller, callee, open FROM cdrs WHERE call_id = $1',
        [r.body.callId],
      );
      return x.rows[0] && !x.rows[0].open ? x.rows[0] : undefined;
    });
    assert.deepEqual([cdr.call_type, cdr.caller, cdr.callee], ['internal', one.extension, '8800']);
  });

  it('click to call from a CRM server with an API key (through the agent SDK): the agent’s phone first, then the number', async () => {
    const created = await cc.server.api<{ key: string }>('POST', '/api/v1/api-keys', {
      name: 'CRM',
      scope: 'agent',
      agentId: one.id,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const { port } = cc.server.rexian.app.server.address() as AddressInfo;
    const crm = createAgentClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: created.body.key });
    // An agent key calls only for its own agent.
    await assert.rejects(crm.clickToCall({ agentNumber: two.number, number: '8800' }), { code: 'API_KEY_SCOPE' });
    const { callId } = await crm.clickToCall({ number: '8800' });
    const legs = () => cc.sw.model.listChannels().filter((c) => c.callId === callId);
    await waitFor(
      'both phones answered',
      () => (legs().filter((c) => c.state === 'answered').length === 2 ? true : undefined),
      20_000,
    );
    const first = legs()[0];
    assert.equal(first?.callee, one.extension, 'the agent’s phone was rung first');
    const open = await crm.clickToCallState(callId);
    assert.equal(open.status, 'open');
    assert.ok(open.answeredAt);
    await sleep(1500);
    await cc.server.apiAs(one.cookie, 'POST', '/api/v1/agent/call/hangup');
    await cc.idle();
    const ended = await waitFor('the CDR closed', async () => {
      const s = await crm.clickToCallState(callId);
      return s.status === 'ended' ? s : undefined;
    });
    assert.equal(ended.cause, 'normal-clearing');
  });

  it('click to dial an outside number: through the outbound route to a carrier (SIPp), the chosen access number as caller ID', async () => {
    const out = await cc.server.api('POST', '/api/v1/access-numbers', { number: '4008009999', callType: 'out' });
    assert.equal(out.status, 201, JSON.stringify(out.body));
    const carrierPort = await freePort('udp');
    const messages = path.join(cc.dir, 'carrier.log');
    // The carrier gives 2.5 s of early media (a 1,400 Hz tone after its 183) before it answers.
    toneUlaw(path.join(cc.dir, 'early.ulaw'), 1400, 2.5);
    const carrier = spawn(
      'timeout',
      [
        '60',
        'sipp',
        '-sf',
        path.resolve(import.meta.dirname, '..', 'switch', 'trunk-early-media.sipp.xml'),
        '-mp',
        String(await freePort('udp')),
        '-i',
        '127.0.0.1',
        '-p',
        String(carrierPort),
        '-m',
        '1',
        '-trace_msg',
        '-message_file',
        messages,
        '-nostdin',
      ],
      { cwd: cc.dir, stdio: 'ignore' },
    );
    const carrierDone = new Promise<number | null>((resolve) => carrier.on('close', (code) => resolve(code)));
    const trunkId = await createCarrierTrunk(cc.server, 'carrier', carrierPort);
    await createPrefixRoute(cc.server, 'mobile', '1', [trunkId]);

    const r = await cc.server.apiAs<{ callId: string }>(one.cookie, 'POST', '/api/v1/agent/dial', {
      to: { kind: 'number', number: '13800138000' },
      accessNumber: '4008009999',
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    await waitFor(
      'the agent and the carrier talking',
      () =>
        cc.sw.model.listChannels().filter((c) => c.callId === r.body.callId && c.state === 'answered').length === 2
          ? true
          : undefined,
      20_000,
    );
    const toCarrier = cc.sw.model.listChannels().find((c) => c.callId === r.body.callId && c.trunkId === trunkId);
    assert.ok(toCarrier, 'the second leg went through the trunk');
    await sleep(1000);
    // What the agent heard before the carrier answered: its early media, not silence.
    const agentHeard = await waitFor('the agent phone wrote what it heard', () => one.phone.heard());
    near(await peakFrequency(agentHeard, 0.8, 1.2), 1400, 'agent hears the carrier early media');
    await cc.server.apiAs(one.cookie, 'POST', '/api/v1/agent/call/hangup');
    await cc.idle();
    assert.equal(await carrierDone, 0, 'the carrier saw a whole call');
    const invite = readFileSync(messages, 'utf8')
      .split(/\n(?=-{3,})/)
      .find((m) => /^INVITE sip:13800138000@/m.test(m));
    assert.ok(invite, 'the carrier got the INVITE for the number');
    assert.match(invite, /^From: <sip:4008009999@/m, 'the access number is the caller ID');
    const cdr = await waitFor('the CDR', async () => {
      const x = await cc.server.rexian.db.query<{
        call_type: string;
        caller: string;
        callee: string;
        access_number: string;
        open: boolean;
      }>('SELECT call_type, caller, callee, access_number, open FROM cdrs WHERE call_id = $1', [r.body.callId]);
      return x.rows[0] && !x.rows[0].open ? x.rows[0] : undefined;
    });
    assert.deepEqual(
      [cdr.call_type, cdr.caller, cdr.callee, cdr.access_number],
      ['manual-outbound', one.extension, '13800138000', '4008009999'],
    );
    await cc.server.apiAs(one.cookie, 'PUT', '/api/v1/agent/session/state', { state: 'idle' });
  });

  it('blind transfer to an outside number: the customer hears the carrier’s early media instead of music, then the carrier', async () => {
    const stream = await customerReachesAgentOne();
    const start = Date.now();
    toneUlaw(path.join(cc.dir, 'early.ulaw'), 1400, 2.5);
    const { carrier, trunkId } = await carrierOnPrefix('transfer-carrier', 'trunk-early-media.sipp.xml', '139', true);
    await sleep(1500);
    const moved = await cc.server.apiAs<{ state: string }>(one.cookie, 'POST', '/api/v1/agent/call/transfer', {
      to: { kind: 'number', number: '13900002222' },
    });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    const movedAt = Date.now();
    await waitFor('the customer bridged to the carrier in early media', () => {
      const far = cc.sw.model.listChannels().find((c) => c.trunkId === trunkId);
      const customer = cc.sw.model.listChannels().find((c) => c.caller === '8800' && c.state !== 'hung-up');
      return far?.state === 'early-media' && far.bridgeId !== undefined && far.bridgeId === customer?.bridgeId ? true : undefined;
    });
    await waitFor('the carrier answered', () =>
      cc.sw.model.listChannels().some((c) => c.trunkId === trunkId && c.state === 'answered') ? true : undefined,
    );
    await sleep(1000);
    await cc.customer.peer.command('hangup');
    await cc.idle();
    assert.equal(await carrier.exited, 0, 'the carrier saw a whole call');
    const heard = await waitFor('the customer’s recording', () => cc.customer.heard());
    near(
      await peakFrequency(heard, (movedAt - start) / 1000 + 1, 0.8),
      1400,
      'the customer hears the carrier, not music on hold',
    );
    stream.ws.close();
    await cc.server.apiAs(one.cookie, 'PUT', '/api/v1/agent/session/state', { state: 'idle' });
  });

  it('consult an outside number (询问转外线): the agent hears the carrier’s early media, then completes; the customer talks to the carrier', async () => {
    const stream = await customerReachesAgentOne();
    const start = Date.now();
    // 8 s of 1,400 Hz from the 183 on; the carrier answers 3 s after it, and the tone goes on after that.
    toneUlaw(path.join(cc.dir, 'early.ulaw'), 1400, 8);
    const { carrier, trunkId } = await carrierOnPrefix('consult-carrier', 'trunk-early-media.sipp.xml', '137', true);
    await sleep(1500);
    const consult = await cc.server.apiAs<{ call: { consulting: boolean } }>(one.cookie, 'POST', '/api/v1/agent/call/consult', {
      to: { kind: 'number', number: '13700003333' },
    });
    assert.equal(consult.status, 200, JSON.stringify(consult.body));
    assert.equal(consult.body.call.consulting, true);
    const consultAt = Date.now();
    const agentLeg = () => cc.sw.model.listChannels().find((c) => c.callee === one.extension && c.state !== 'hung-up');
    const far = await waitFor('the agent bridged to the carrier in early media', () => {
      const f = cc.sw.model.listChannels().find((c) => c.trunkId === trunkId);
      return f?.state === 'early-media' && f.bridgeId !== undefined && f.bridgeId === agentLeg()?.bridgeId ? f : undefined;
    });
    assert.equal(far.role, 'consult');
    await waitFor('the carrier answered', () => (cc.sw.model.channel(far.id).state === 'answered' ? true : undefined));
    await sleep(500);
    const done = await cc.server.apiAs<{ state: string }>(one.cookie, 'POST', '/api/v1/agent/call/consult/complete');
    assert.equal(done.status, 200, JSON.stringify(done.body));
    const completeAt = Date.now();
    const customer = cc.sw.model.listChannels().find((c) => c.caller === '8800' && c.state !== 'hung-up');
    assert.ok(customer?.bridgeId !== undefined && customer.bridgeId === cc.sw.model.channel(far.id).bridgeId);
    await sleep(2000);
    await cc.customer.peer.command('hangup');
    await cc.idle();
    assert.equal(await carrier.exited, 0, 'the carrier saw a whole call, ended by the customer’s BYE');
    const agentHeard = await waitFor('agent 1’s recording', () => one.phone.heard());
    near(
      await peakFrequency(agentHeard, (consultAt - start) / 1000 + 1, 0.8),
      1400,
      'the agent hears the carrier ring before it answers',
    );
    const heard = await waitFor('the customer’s recording', () => cc.customer.heard());
    near(await peakFrequency(heard, (consultAt - start) / 1000 + 1, 0.8), 800, 'the customer is on hold during the consult');
    near(
      await peakFrequency(heard, (completeAt - start) / 1000 + 0.8, 1),
      1400,
      'the customer talks to the carrier after the transfer',
    );
    stream.ws.close();
    await cc.server.apiAs(one.cookie, 'PUT', '/api/v1/agent/session/state', { state: 'idle' });
  });

  it('consult a number that cannot be reached (503): the agent is back with the customer, who is off hold', async () => {
    const stream = await customerReachesAgentOne();
    const start = Date.now();
    const { trunkId } = await carrierOnPrefix('consult-503', 'trunk-503.sipp.xml', '136');
    await sleep(1000);
    const consult = await cc.server.apiAs<{ call: { consulting: boolean } }>(one.cookie, 'POST', '/api/v1/agent/call/consult', {
      to: { kind: 'number', number: '13600004444' },
    });
    // A 503 that overtakes the consult's own set-up fails the request instead; either way the call is back.
    assert.ok(
      consult.status === 200 || (consult.status >= 400 && typeof (consult.body as { code?: unknown }).code === 'string'),
      JSON.stringify(consult.body),
    );
    const far = await waitFor('the carrier refused the consult leg', () => {
      const f = cc.sw.model.listChannels().find((c) => c.trunkId === trunkId);
      return f?.state === 'hung-up' ? f : undefined;
    });
    assert.equal(far.cause, 'congestion');
    await waitFor('the consultation ended by itself', () =>
      stream.session()?.call?.consulting === false && stream.session()?.call?.state === 'talking' ? true : undefined,
    );
    const backAt = Date.now();
    const agent = cc.sw.model.listChannels().find((c) => c.callee === one.extension && c.state !== 'hung-up');
    const customer = cc.sw.model.listChannels().find((c) => c.caller === '8800' && c.state !== 'hung-up');
    assert.equal(customer?.state, 'answered', 'the customer is off hold');
    assert.ok(agent?.bridgeId !== undefined && agent.bridgeId === customer.bridgeId, 'agent and customer share a bridge again');
    await sleep(2000);
    await cc.customer.peer.command('hangup');
    await cc.idle();
    const heard = await waitFor('the customer’s recording', () => cc.customer.heard());
    near(await peakFrequency(heard, (backAt - start) / 1000 + 0.5, 1), 1000, 'the customer hears the agent again');
    stream.ws.close();
    await cc.server.apiAs(one.cookie, 'PUT', '/api/v1/agent/session/state', { state: 'idle' });
  });

  it('mixed office mode off: a signed-out agent’s extension refuses ordinary calls; on: it rings', async () => {
    const off = await cc.server.api('PATCH', '/api/v1/settings/cti', { mixedOfficeMode: false });
    assert.equal(off.status, 200, JSON.stringify(off.body));
    const out = await cc.server.apiAs(two.cookie, 'DELETE', '/api/v1/agent/session');
    assert.equal(out.status, 200, JSON.stringify(out.body));
    const created = cc.sw.model.listChannels().length;
    const before = cc.customer.peer.events.length;
    await cc.customer.peer.command('dial', `sip:${two.extension}@127.0.0.1:${cc.server.udpPort}`);
    const closed = await waitFor('the call refused', () =>
      cc.customer.peer.events.slice(before).find((e) => JSON.stringify(e).includes('CALL_CLOSED')),
    );
    assert.match(JSON.stringify(closed), /480/, 'Temporarily Unavailable');
    assert.equal(cc.sw.model.listChannels().length, created, 'no call was set up');

    const on = await cc.server.api('PATCH', '/api/v1/settings/cti', { mixedOfficeMode: true });
    assert.equal(on.status, 200, JSON.stringify(on.body));
    await cc.customer.peer.command('dial', `sip:${two.extension}@127.0.0.1:${cc.server.udpPort}`);
    await waitFor('the ordinary call answered', () =>
      cc.sw.model.listChannels().filter((c) => c.state === 'answered').length === 2 ? true : undefined,
    );
    await cc.customer.peer.command('hangup');
    await cc.idle();
  });
});
