import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { peakFrequency, waitFor } from '../switch/phones.ts';
import { ACCESS, agentStream, type CallCenter, startCallCenter } from './call-center.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function near(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) < 30, `${what}: heard ${actual} Hz, expected ${expected} Hz`);
}

/**
 * Issue 8 §2 end to end on real phones: access number → IVR menu → (key 1) → queue → agent. The customer
 * hears the IVR's welcome (500 Hz), presses 1, waits in the queue, the agent's phone rings and answers,
 * and the two hear each other; the CDR, the queue log and the agent-state log name the same call.
 */
describe('access number → IVR → queue → agent, with real phones', () => {
  let cc: CallCenter;
  before(async () => {
    cc = await startCallCenter({ rtpBase: 37000, agentTones: [1000], customerTone: 600, via: { ivr: { welcomeHz: 500 } } });
    const r = await cc.server.apiAs(cc.agents[0]?.cookie as string, 'POST', '/api/v1/agent/session', {});
    assert.equal(r.status, 200, JSON.stringify(r.body));
  });
  after(() => cc?.close());

  it('the caller chooses 1 in the IVR and talks to the agent', async () => {
    const agent = cc.agents[0];
    assert.ok(agent);
    const stream = await agentStream(cc.server, agent.cookie);
    const start = Date.now();
    const dialled = await cc.customer.peer.command('dial', `sip:${ACCESS}@127.0.0.1:${cc.server.udpPort}`);
    assert.equal(dialled.ok, true, JSON.stringify(dialled));
    await sleep(2500);
    assert.equal(stream.events.filter((e) => e.type === 'call.ringing').length, 0, 'nobody rings before the choice');
    const pressedAt = Date.now();
    await cc.customer.peer.command('sndcode', '1');
    await waitFor('the agent talking', () => (stream.session()?.call?.state === 'talking' ? true : undefined), 20_000);
    const talkingAt = Date.now();
    await sleep(2500);
    await cc.customer.peer.command('hangup');
    await cc.idle();

    const heard = await waitFor('the customer’s recording', () => cc.customer.heard());
    near(await peakFrequency(heard, 1, 1), 500, 'the customer, in the IVR');
    near(await peakFrequency(heard, (talkingAt - start) / 1000 + 0.5, 1), 1000, 'the customer, with the agent');
    near(await peakFrequency((await waitFor('agent', () => agent.phone.heard())) as string, 0.5, 1.5), 600, 'the agent');
    assert.ok(talkingAt - pressedAt < 15_000);

    const cdr = await waitFor('the CDR closed', async () => {
      const r = await cc.server.rexian.db.query<{ call_id: string; open: boolean; call_type: string; access_number: string }>(
        'SELECT call_id, open, call_type, access_number FROM cdrs',
      );
      return r.rows.length === 1 && !r.rows[0]?.open ? r.rows[0] : undefined;
    });
    assert.deepEqual([cdr.call_type, cdr.access_number], ['inbound', ACCESS]);
    const queued = await cc.server.rexian.db.query<{ event: string }>(
      'SELECT event FROM queue_log WHERE call_id = $1 ORDER BY id',
      [cdr.call_id],
    );
    const events = queued.rows.map((r) => r.event);
    for (const e of ['queued', 'offered', 'answered', 'ended']) assert.ok(events.includes(e), `${e} in ${events}`);
    const steps = await cc.server.rexian.db.query<{ step: { type: string } }>(
      "SELECT payload->'step' AS step FROM cti_events WHERE type = 'ivr.step' AND call_id = $1 ORDER BY id",
      [cdr.call_id],
    );
    const kinds = steps.rows.map((r) => r.step.type);
    assert.ok(kinds.includes('transfer'), `the IVR's steps are in the event log: ${kinds.join(', ')}`);
    const states = await cc.server.rexian.db.query<{ to_state: string }>(
      'SELECT to_state FROM agent_state_log WHERE call_id = $1 AND agent_id = $2 ORDER BY id',
      [cdr.call_id, agent.id],
    );
    assert.deepEqual(
      states.rows.map((r) => r.to_state).slice(0, 3),
      ['reserved', 'ringing', 'talking'],
      'the agent-state log follows the call',
    );
    stream.ws.close();
  });
});
