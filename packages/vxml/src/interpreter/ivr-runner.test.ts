import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VirtualClock } from '@rexian/kernel';
import { FakeChannel } from '../channel/fake-channel.ts';
import type { TraceEntry } from '../channel/trace.ts';
import { nullTrace } from '../channel/trace.ts';
import type { IvrConfig, IvrConfigRepository } from '../designer/designer-model.ts';
import { createStaticFetcher } from '../fetch/static-fetcher.ts';
import { createIvrRunner } from './ivr-runner.ts';

test('an IVR number runs its configured document; unknown numbers are reported', async () => {
  const clock = new VirtualClock();
  const config: IvrConfig = {
    number: '8001',
    name: '客服',
    source: { kind: 'built', projectId: 'p1', builtAt: '2026-01-01T00:00:00Z' },
    notes: '',
  };
  const configs: IvrConfigRepository = {
    list: async () => [config],
    byNumber: async (n) => (n === config.number ? config : undefined),
    save: async () => {},
    delete: async () => {},
  };
  const fetcher = createStaticFetcher(
    {
      'http://server/ivr/8001.vxml': {
        body: '<vxml version="2.1"><form><block>您好<value expr="session.rexian.callId"/></block></form></vxml>',
      },
    },
    clock,
  );
  const steps: [string, string, TraceEntry][] = [];
  const runner = createIvrRunner({
    configs,
    fetcher,
    clock,
    documentUrl: (c) => `http://server/ivr/${c.number}.vxml`,
    onStep: (callId, ivr, e) => steps.push([callId, ivr, e]),
  });
  const channel = new FakeChannel({ call: { callId: 'c-9' } }, clock, nullTrace);
  const out = await runner.run(channel, '8001');
  assert.deepEqual(out, { kind: 'ran', result: { reason: 'end' } });
  assert.ok(steps.every(([c, n]) => c === 'c-9' && n === '8001'));
  // Prompts are traced by the interpreter, so they reach the step log whatever the channel is.
  assert.deepEqual(
    steps.map(([, , e]) => e.type),
    ['fetch', 'dialog', 'item', 'prompt', 'hangup', 'end'],
  );
  assert.deepEqual(steps.find(([, , e]) => e.type === 'prompt')?.[2].text, ['您好c-9']);
  assert.deepEqual(await runner.run(channel, '9999'), { kind: 'unknown-ivr', ivrNumber: '9999' });
});
