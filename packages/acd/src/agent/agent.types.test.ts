import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agent } from '../test-support.ts';
import { batchAgents, checkAgentPassword, isInManagedScope, validateAgentRecord } from './agent.types.ts';

describe('agent records', () => {
  it('password rule: letters and digits, ≥ 6, no 4 consecutive digits', () => {
    for (const good of ['abc135', 'Rexian2026x', 'a1b2c3', '1235ab', 'ab9870'])
      assert.equal(checkAgentPassword(good).ok, true, good);
    for (const bad of ['abc12', 'abcdef', '135790', 'ab1234', 'x9876y', 'pass0123'])
      assert.equal(checkAgentPassword(bad).ok, false, bad);
  });

  it('batch creation numbers agents consecutively and keeps the width', () => {
    let n = 0;
    const r = batchAgents({
      startNumber: '0098',
      count: 4,
      namePrefix: '座席',
      template: { type: 'agent', enabled: true, regions: ['021'], skills: { q: 3 }, managedGroupIds: [], managedQueueIds: [] },
      newId: () => `id${++n}`,
    });
    assert.ok(r.ok);
    assert.deepEqual(
      r.value.map((a) => [a.id, a.number, a.name]),
      [
        ['id1', '0098', '座席0098'],
        ['id2', '0099', '座席0099'],
        ['id3', '0100', '座席0100'],
        ['id4', '0101', '座席0101'],
      ],
    );
    assert.equal(batchAgents({ startNumber: '12a', count: 1, template: r.value[0] as never, newId: () => 'x' }).ok, false);
    assert.equal(batchAgents({ startNumber: '1', count: 0, template: r.value[0] as never, newId: () => 'x' }).ok, false);
  });

  it('validates skill levels and the supervisor scope', () => {
    assert.equal(validateAgentRecord(agent('a1', { q: 9 })).ok, true);
    assert.equal(validateAgentRecord(agent('a1', { q: 10 })).ok, false);
    assert.equal(validateAgentRecord(agent('a1', { q: 1.5 })).ok, false);
    assert.equal(validateAgentRecord(agent('a1', {}, { managedQueueIds: ['q'] })).ok, false);
    assert.equal(validateAgentRecord(agent('a1', {}, { type: 'supervisor', managedQueueIds: ['q'] })).ok, true);
  });

  it('managed scope: supervisors manage their groups and queues, agents only themselves', () => {
    const sup = agent('s1', {}, { type: 'supervisor', managedGroupIds: ['g1'], managedQueueIds: ['sales'] });
    const inGroup = agent('a1', {}, { groupId: 'g1' });
    const other = agent('a2', {}, { groupId: 'g2' });
    assert.equal(isInManagedScope(sup, { agent: inGroup }), true);
    assert.equal(isInManagedScope(sup, { agent: other }), false);
    assert.equal(isInManagedScope(sup, { queueId: 'sales' }), true);
    assert.equal(isInManagedScope(sup, { queueId: 'service' }), false);
    assert.equal(isInManagedScope(inGroup, { agent: inGroup }), true);
    assert.equal(isInManagedScope(inGroup, { agent: other }), false);
    assert.equal(isInManagedScope(inGroup, { queueId: 'sales' }), false);
  });
});
