import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from '@rexian/kernel';
import { callFixture } from '../testing/call-fixture.ts';
import type { CallModel } from './call-model.ts';
import { CHANNEL_STATES, type ChannelState, channelTransitions } from './channel-state.ts';

/** Drives a fresh channel of the given direction into `state` through legal moves only. */
function channelIn(model: CallModel, state: ChannelState, direction: 'inbound' | 'outbound'): string {
  const c = model.createChannel({ callId: 'call', direction, role: 'caller', caller: '1001', callee: '1002' });
  const paths: Record<ChannelState, ((id: string) => void)[]> = {
    created: [],
    'ringing-in': [(id) => model.ringing(id)],
    'ringing-out': [(id) => model.ringing(id)],
    'early-media': [(id) => model.earlyMedia(id)],
    answered: [(id) => model.answered(id)],
    'on-hold': [(id) => model.answered(id), (id) => model.held(id)],
    'hung-up': [(id) => model.hungUp(id, 'normal-clearing', 'remote')],
  };
  for (const step of paths[state]) step(c.id);
  assert.equal(model.channel(c.id).state, state);
  return c.id;
}

/** Attempts the move `to` with the model method that leads there. */
function attempt(model: CallModel, id: string, to: ChannelState): void {
  if (to === 'ringing-in' || to === 'ringing-out') model.ringing(id);
  else if (to === 'early-media') model.earlyMedia(id);
  else if (to === 'answered') {
    if (model.channel(id).state === 'on-hold') model.unheld(id);
    else model.answered(id);
  } else if (to === 'on-hold') model.held(id);
  else if (to === 'hung-up') model.hungUp(id, 'normal-clearing', 'local');
  else throw new Error(`no method reaches ${to}`);
}

describe('channel state machine', () => {
  it('the table lists only known states and hung-up is terminal', () => {
    for (const from of CHANNEL_STATES) for (const to of channelTransitions[from]) assert.ok(CHANNEL_STATES.includes(to));
    assert.deepEqual(channelTransitions['hung-up'], []);
  });

  for (const from of CHANNEL_STATES) {
    for (const to of CHANNEL_STATES) {
      if (to === 'created') continue; // no method moves back to created
      const legal = (channelTransitions[from] as readonly ChannelState[]).includes(to);
      it(`${from} -> ${to} is ${legal ? 'legal' : 'refused'}`, () => {
        const { model, events } = callFixture();
        const direction = from === 'ringing-out' || (from !== 'ringing-in' && to === 'ringing-out') ? 'outbound' : 'inbound';
        const id = channelIn(model, from, direction);
        const before = events.length;
        if (legal) {
          attempt(model, id, to);
          assert.equal(model.channel(id).state, to);
          assert.equal(events.length, before + 1);
        } else {
          assert.throws(
            () => attempt(model, id, to),
            (e) => isAppError(e) && e.code === 'SWITCH_ILLEGAL_TRANSITION' && e.details?.from === from,
          );
          assert.equal(model.channel(id).state, from, 'a refused move changes nothing');
          assert.equal(events.length, before, 'a refused move publishes nothing');
        }
      });
    }
  }

  it('ringing picks the state from the direction', () => {
    const { model } = callFixture();
    const a = model.createChannel({ callId: 'c', direction: 'inbound', role: 'caller', caller: '1', callee: '2' });
    const b = model.createChannel({ callId: 'c', direction: 'outbound', role: 'callee', caller: '1', callee: '2' });
    model.ringing(a.id);
    model.ringing(b.id);
    assert.equal(model.channel(a.id).state, 'ringing-in');
    assert.equal(model.channel(b.id).state, 'ringing-out');
  });

  it('unheld on an answered channel is refused', () => {
    const { model } = callFixture();
    const id = channelIn(model, 'answered', 'inbound');
    assert.throws(() => model.unheld(id), /illegal transition answered -> answered/);
  });

  it('dtmf is refused before any progress and after hang-up', () => {
    const { model } = callFixture();
    const id = channelIn(model, 'created', 'inbound');
    assert.throws(
      () => model.dtmf(id, '1', 'rfc4733'),
      (e) => isAppError(e) && e.code === 'SWITCH_CHANNEL_NOT_ACTIVE',
    );
    const gone = channelIn(model, 'hung-up', 'inbound');
    assert.throws(
      () => model.dtmf(gone, '1', 'inband'),
      (e) => isAppError(e) && e.code === 'SWITCH_CHANNEL_NOT_ACTIVE',
    );
  });

  it('unknown channels and duplicate ids are typed errors', () => {
    const { model } = callFixture();
    assert.throws(
      () => model.answered('nope'),
      (e) => isAppError(e) && e.code === 'SWITCH_CHANNEL_NOT_FOUND',
    );
    model.createChannel({ id: 'x', callId: 'c', direction: 'inbound', role: 'caller', caller: '1', callee: '2' });
    assert.throws(
      () => model.createChannel({ id: 'x', callId: 'c', direction: 'inbound', role: 'caller', caller: '1', callee: '2' }),
      (e) => isAppError(e) && e.code === 'SWITCH_CHANNEL_EXISTS',
    );
  });
});
