import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { everyNodeTree } from './ivr-test-project.ts';
import { childrenOf, jsonDepth, voiceFileIdsOf } from './ivr-tree.ts';

describe('designer tree helpers', () => {
  it('collects each voice file once, from prompts, invalid-key prompts and every branch', () => {
    const tree = everyNodeTree('a');
    assert.deepEqual(voiceFileIdsOf(tree), ['a']);
    if (tree.kind !== 'menu') throw new Error('menu expected');
    tree.invalidItems = [{ kind: 'voice', voiceFileId: 'b' }];
    const sub = tree.keys[2]?.next;
    if (sub?.kind !== 'menu') throw new Error('sub-menu expected');
    sub.items.push({ kind: 'voice', voiceFileId: 'c' }, { kind: 'voice', voiceFileId: 'a' });
    assert.deepEqual(voiceFileIdsOf(tree).sort(), ['a', 'b', 'c']);
  });

  it('lists the children of branching nodes in editor order', () => {
    const tree = everyNodeTree('a');
    assert.deepEqual(
      childrenOf(tree).map((n) => n.id),
      ['play1', 'http1', 'sub', 'bye0'],
    );
    const http = childrenOf(tree)[1];
    assert.deepEqual(http && childrenOf(http).map((n) => n.id), ['cond1', 'err1']);
  });

  it('measures JSON depth without recursion and stops early past the limit', () => {
    assert.equal(jsonDepth('x', 10), 0);
    assert.equal(jsonDepth({ a: [1, { b: {} }] }, 10), 4);
    let deep: unknown = {};
    for (let i = 0; i < 200_000; i++) deep = { n: deep };
    assert.equal(jsonDepth(deep, 50), 51);
  });
});
