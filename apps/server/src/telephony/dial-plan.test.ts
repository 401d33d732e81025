import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Queryable } from '@rexian/db';
import { nullLogger } from '@rexian/kernel';
import type { ChannelSnapshot, IncomingRoute, SipSwitch } from '@rexian/switch';
import { createDialPlan } from './dial-plan.ts';

/** A switch that records what the dial plan's application asks of it; `played` is what `play` reports. */
function fakeSwitch(played: boolean) {
  const calls: string[] = [];
  let state = 'created';
  const sw = {
    controller: {
      answer: async (id: string) => {
        calls.push(`answer ${id}`);
        state = 'answered';
      },
      play: async (id: string, media: readonly string[]) => {
        calls.push(`play ${id} ${media.join(',')}`);
        if (!played) state = 'hung-up';
        return played;
      },
      hangup: async (id: string, cause: string) => {
        calls.push(`hangup ${id} ${cause}`);
        state = 'hung-up';
      },
    },
    model: { findChannel: () => ({ state }) },
  };
  return { sw: sw as unknown as SipSwitch, calls };
}

function plan(sw: SipSwitch) {
  return createDialPlan({
    db: { query: async () => ({ rows: [] }) } as unknown as Queryable,
    log: nullLogger,
    echoNumber: '*43',
    ringSeconds: 30,
    sw: () => sw,
    dialplan: async () => ({ accessNumbers: [], schedules: [], trunks: [], routes: [] }),
    now: () => Date.UTC(2026, 0, 5),
    timeZone: 'Asia/Shanghai',
    promptTest: { number: '*44', file: '/prompts/test.wav' },
  });
}

const call = (dialled: string) => ({
  user: '9001',
  caller: '9001',
  dialled,
  source: { protocol: 'UDP' as const, address: '127.0.0.1', port: 5062 },
});
const channel = { id: 'ch1' } as ChannelSnapshot;

describe('dial plan: the prompt-test number', () => {
  it('answers, plays the file once and hangs up', async () => {
    const f = fakeSwitch(true);
    const route = (await plan(f.sw)(call('*44'))) as Extract<IncomingRoute, { run: unknown }>;
    assert.equal(route.callType, 'loopback-test');
    await route.run(channel);
    assert.deepEqual(f.calls, ['answer ch1', 'play ch1 /prompts/test.wav', 'hangup ch1 normal-clearing']);
  });

  it('does not hang up a caller who already left during the prompt', async () => {
    const f = fakeSwitch(false);
    const route = (await plan(f.sw)(call('*44'))) as Extract<IncomingRoute, { run: unknown }>;
    await route.run(channel);
    assert.deepEqual(f.calls, ['answer ch1', 'play ch1 /prompts/test.wav']);
  });

  it('is no number without the option', async () => {
    const f = fakeSwitch(true);
    const route = await createDialPlan({
      db: { query: async () => ({ rows: [] }) } as unknown as Queryable,
      log: nullLogger,
      echoNumber: '*43',
      ringSeconds: 30,
      sw: () => f.sw,
      dialplan: async () => ({ accessNumbers: [], schedules: [], trunks: [], routes: [] }),
      now: () => 0,
      timeZone: 'Asia/Shanghai',
    })(call('*44'));
    assert.deepEqual(route, { reject: 404 });
  });
});
