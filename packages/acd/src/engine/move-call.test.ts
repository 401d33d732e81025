import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from '@rexian/kernel';
import { AcdErrorCode } from '../errors.ts';
import { agent, makeEngine, queue } from '../test-support.ts';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return isAppError(error) ? error.code : 'not an AppError';
  }
  return undefined;
};

describe('moveCall: a supervisor moves a waiting call to another queue', () => {
  it('leaves the old queue, waits in the new one with its VIP status, and is offered to the new queue’s agent', () => {
    const { engine, clock, of } = makeEngine();
    engine.upsertQueue(queue('sales', { vipEnabled: true, maxWaitMs: 30_000, onMaxWait: { kind: 'hangup' } }));
    engine.upsertQueue(queue('service'));
    engine.setVipList([{ number: '139', global: false, queueIds: ['sales'] }]);
    engine.upsertAgent(agent('a1', { service: 5 }));
    engine.enqueue({ id: 'c1', caller: '139', queueId: 'sales' });
    engine.enqueue({ id: 'c2', caller: '555', queueId: 'service' });
    assert.equal(engine.call('c1')?.vip, true);
    clock.advance(10_000);

    const moved = engine.moveCall('c1', 'service');
    assert.deepEqual([moved.queueId, moved.status, moved.vip], ['service', 'waiting', true]);
    assert.equal(engine.queueStatus('sales').waiting, 0);
    assert.equal(engine.queueStatus('service').waiting, 2);
    const queued = of('call.queued').at(-1);
    assert.deepEqual(
      [queued?.callId, queued?.queueId, queued?.movedFrom, queued?.position, queued?.vip],
      ['c1', 'service', 'sales', 1, true],
    );
    assert.equal(of('call.overflowed').length, 0, 'a move is not an overflow');

    // The old queue's max-wait timer no longer applies.
    clock.advance(30_000);
    assert.equal(engine.call('c1')?.status, 'waiting');

    // VIP kept: the moved call goes ahead of the earlier normal caller.
    engine.signIn('a1', { extension: '801' });
    assert.equal(engine.call('c1')?.status, 'offered');
    assert.equal(engine.call('c2')?.status, 'waiting');
  });

  it('refuses a call being offered (an agent’s phone rings): the ring decides, then it may move', () => {
    // After the decline the agent gets no call for a minute, so the call waits again.
    const { engine } = makeEngine({ rules: { rejectIntervalMs: 60_000 } });
    engine.upsertQueue(queue('sales'));
    engine.upsertQueue(queue('service'));
    engine.upsertAgent(agent('a1', { sales: 5 }));
    engine.signIn('a1', { extension: '801' });
    engine.enqueue({ id: 'c1', caller: '555', queueId: 'sales' });
    engine.ringing('a1', 'c1');
    assert.equal(
      codeOf(() => engine.moveCall('c1', 'service')),
      AcdErrorCode.callNotWaiting,
    );
    assert.deepEqual([engine.agent('a1').state, engine.call('c1')?.queueId], ['ringing', 'sales']);
    engine.rejected('a1', 'c1');
    assert.equal(engine.call('c1')?.status, 'waiting');
    assert.equal(engine.moveCall('c1', 'service').queueId, 'service');
  });

  it('refuses a call that is not waiting, an unknown call and an unknown queue; its own queue changes nothing', () => {
    const { engine, of } = makeEngine();
    engine.upsertQueue(queue('sales'));
    engine.upsertQueue(queue('service'));
    engine.upsertAgent(agent('a1', { sales: 5 }));
    engine.signIn('a1', { extension: '801' });
    engine.enqueue({ id: 'c1', caller: '555', queueId: 'sales' });
    engine.answered('a1', 'c1');
    assert.equal(
      codeOf(() => engine.moveCall('c1', 'service')),
      AcdErrorCode.callNotWaiting,
    );
    assert.equal(
      codeOf(() => engine.moveCall('nope', 'service')),
      AcdErrorCode.callNotFound,
    );
    engine.enqueue({ id: 'c2', caller: '556', queueId: 'sales' });
    assert.equal(
      codeOf(() => engine.moveCall('c2', 'nope')),
      AcdErrorCode.queueNotFound,
    );
    const before = of('call.queued').length;
    assert.equal(engine.moveCall('c2', 'sales').queueId, 'sales');
    assert.equal(of('call.queued').length, before);
  });

  it('exposes the agent record (type, group, supervisor scope) for scope checks', () => {
    const { engine } = makeEngine();
    engine.upsertAgent(agent('s1', {}, { type: 'supervisor', managedGroupIds: ['g1'], managedQueueIds: ['q1'] }));
    assert.deepEqual(engine.agentRecord('s1').managedGroupIds, ['g1']);
    assert.equal(
      codeOf(() => engine.agentRecord('nope')),
      AcdErrorCode.agentNotFound,
    );
  });
});
