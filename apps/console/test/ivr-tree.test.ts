import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addChild,
  canMove,
  changeKind,
  childrenOf,
  findNode,
  freeSlots,
  type IvrNode,
  moveNode,
  newNode,
  nextNodeId,
  nodeIds,
  parentOf,
  parseSlotKey,
  removeNode,
  replaceNode,
  slotKey,
} from '../src/features/ivr/projects/ivr-tree.ts';

/** root menu: 1 → play p (next → hangup h), 2 → condition c (branch 0 → queue q) */
function sample(): IvrNode {
  return {
    kind: 'menu',
    id: 'root',
    name: 'Start',
    items: [{ kind: 'tts', text: 'hi' }],
    interruptible: true,
    keys: [
      {
        key: '1',
        next: { kind: 'play', id: 'p', name: 'P', items: [], interruptible: false, next: { kind: 'hangup', id: 'h', name: 'H' } },
      },
      {
        key: '2',
        next: {
          kind: 'condition',
          id: 'c',
          name: 'C',
          branches: [{ variable: 'x', op: 'eq', value: '1', next: { kind: 'queue', id: 'q', name: 'Q', queue: 'q1' } }],
        },
      },
    ],
  };
}

test('finds nodes and parents, lists ids depth first', () => {
  const root = sample();
  assert.equal(findNode(root, 'h')?.kind, 'hangup');
  assert.equal(findNode(root, 'nope'), undefined);
  assert.deepEqual(nodeIds(root), ['root', 'p', 'h', 'c', 'q']);
  assert.deepEqual(parentOf(root, 'q'), { parent: findNode(root, 'c'), slot: { kind: 'branch', index: 0 } });
  assert.equal(parentOf(root, 'root'), undefined);
  assert.equal(nextNodeId(root), 'n1');
  assert.equal(nextNodeId(addChild(root, 'root', { kind: 'key', key: '3' }, newNode('hangup', 'n1', 'x'))), 'n2');
});

test('free slots: unused menu keys, empty next, one more branch', () => {
  const root = sample();
  const menuFree = freeSlots(root).map(slotKey);
  assert.equal(menuFree.includes('key:1'), false);
  assert.equal(menuFree.includes('key:3'), true);
  assert.equal(menuFree.length, 9);
  assert.deepEqual(freeSlots(findNode(root, 'p') as IvrNode), []);
  assert.deepEqual(freeSlots(findNode(root, 'c') as IvrNode).map(slotKey), ['branch:1', 'otherwise']);
  assert.deepEqual(freeSlots(findNode(root, 'h') as IvrNode), []);
});

test('adds a child without touching the input tree, and refuses a taken slot', () => {
  const root = sample();
  const before = JSON.stringify(root);
  const next = addChild(root, 'c', { kind: 'otherwise' }, newNode('backToTop', 'n1', 'Top'));
  assert.equal(JSON.stringify(root), before);
  assert.deepEqual(
    childrenOf(findNode(next, 'c') as IvrNode).map((c) => [slotKey(c.slot), c.child.id]),
    [
      ['branch:0', 'q'],
      ['otherwise', 'n1'],
    ],
  );
  const branched = addChild(root, 'c', { kind: 'branch', index: 1 }, newNode('hangup', 'n2', 'B'));
  const cond = findNode(branched, 'c');
  assert.equal(cond?.kind === 'condition' && cond.branches[1]?.op, 'eq');
  assert.throws(() => addChild(root, 'root', { kind: 'key', key: '1' }, newNode('hangup', 'n1', 'x')), /taken/);
  assert.throws(() => addChild(root, 'h', { kind: 'next' }, newNode('hangup', 'n1', 'x')), /taken/);
});

test('replaces a node in place, keeping its place among the siblings', () => {
  const root = sample();
  const p = findNode(root, 'p') as IvrNode;
  const renamed = replaceNode(root, { ...p, name: 'Renamed' });
  assert.equal(findNode(renamed, 'p')?.name, 'Renamed');
  assert.equal(findNode(renamed, 'h')?.kind, 'hangup');
  assert.equal(findNode(root, 'p')?.name, 'P');
  assert.deepEqual(nodeIds(renamed), nodeIds(root));
});

test('removes a subtree: a menu key entry, a branch, a next; never the root', () => {
  const root = sample();
  assert.deepEqual(nodeIds(removeNode(root, 'p')), ['root', 'c', 'q']);
  assert.deepEqual(nodeIds(removeNode(root, 'h')), ['root', 'p', 'c', 'q']);
  const noBranch = removeNode(root, 'q');
  const c = findNode(noBranch, 'c');
  assert.equal(c?.kind === 'condition' && c.branches.length, 0);
  assert.throws(() => removeNode(root, 'root'), /initial step/);
  assert.throws(() => removeNode(root, 'zzz'), /no node/);
});

test('moves a subtree into a free slot, never into itself', () => {
  const root = sample();
  const moved = moveNode(root, 'p', 'c', { kind: 'otherwise' });
  assert.deepEqual(nodeIds(moved), ['root', 'c', 'q', 'p', 'h']);
  assert.equal(parentOf(moved, 'p')?.parent.id, 'c');
  assert.equal(canMove(root, 'p', 'h', { kind: 'next' }), false);
  assert.equal(canMove(root, 'root', 'c', { kind: 'otherwise' }), false);
  assert.equal(canMove(root, 'q', 'root', { kind: 'key', key: '1' }), false);
  assert.equal(canMove(root, 'q', 'root', { kind: 'key', key: '5' }), true);
  assert.throws(() => moveNode(root, 'p', 'h', { kind: 'next' }), /cannot move/);
  const toKey = moveNode(root, 'q', 'root', { kind: 'key', key: '5' });
  assert.deepEqual(
    (toKey.kind === 'menu' ? toKey.keys : []).map((k) => k.key),
    ['1', '2', '5'],
  );
});

test('changing the kind keeps id, name and prompts, drops children', () => {
  const p = findNode(sample(), 'p') as IvrNode;
  assert.equal(p.kind, 'play');
  const asMenu = changeKind(p.kind === 'play' ? { ...p, items: [{ kind: 'tts', text: 'x' }] } : p, 'menu');
  assert.equal(asMenu.kind, 'menu');
  assert.equal(asMenu.id, 'p');
  assert.deepEqual(asMenu.kind === 'menu' && asMenu.items, [{ kind: 'tts', text: 'x' }]);
  assert.deepEqual(childrenOf(asMenu), []);
  assert.deepEqual(changeKind(p, 'backToTop'), { kind: 'backToTop', id: 'p', name: 'P' });
});

test('slot keys round-trip', () => {
  for (const key of ['next', 'onError', 'otherwise', 'key:*', 'key:0', 'branch:3']) {
    const slot = parseSlotKey(key);
    assert.ok(slot);
    assert.equal(slotKey(slot), key);
  }
  assert.equal(parseSlotKey('key:#'), undefined);
  assert.equal(parseSlotKey('sideways'), undefined);
});
