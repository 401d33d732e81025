import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Department } from '@rexian/contracts';
import { buildDepartmentTree, expandableKeys, subtreeIds, toTreeOptions } from '../src/features/departments/department-tree.ts';

const dept = (id: string, parentId: string | null, sortOrder = 0, isTemporary = false): Department => ({
  id,
  parentId,
  name: `D-${id}`,
  isTemporary,
  sortOrder,
  employeeCount: 0,
});

test('nests children under parents and orders siblings by sortOrder then name', () => {
  const tree = buildDepartmentTree([dept('c', 'a', 2), dept('a', null), dept('b', 'a', 1), dept('z', null, 0)]);
  assert.deepEqual(
    tree.map((n) => n.id),
    ['a', 'z'],
  );
  assert.deepEqual(
    tree[0]?.children?.map((n) => n.id),
    ['b', 'c'],
  );
  assert.equal(tree[1]?.children, undefined);
});

test('a department whose parent is missing is shown at the top level', () => {
  const tree = buildDepartmentTree([dept('x', 'gone')]);
  assert.deepEqual(
    tree.map((n) => n.id),
    ['x'],
  );
});

test('a parent cycle neither loops nor hides departments', () => {
  const tree = buildDepartmentTree([dept('a', 'b'), dept('b', 'a'), dept('r', null)]);
  const all: string[] = [];
  const walk = (nodes: typeof tree) => {
    for (const n of nodes) {
      all.push(n.id);
      walk(n.children ?? []);
    }
  };
  walk(tree);
  assert.deepEqual(all.sort(), ['a', 'b', 'r']);
});

test('subtreeIds collects a department and all its descendants', () => {
  const list = [dept('a', null), dept('b', 'a'), dept('c', 'b'), dept('d', null)];
  assert.deepEqual([...subtreeIds(list, 'a')].sort(), ['a', 'b', 'c']);
  assert.deepEqual([...subtreeIds(list, 'd')], ['d']);
});

test('expandableKeys lists only nodes with children; tree options disable unselectable nodes', () => {
  const tree = buildDepartmentTree([dept('a', null), dept('b', 'a', 0, true), dept('c', 'b')]);
  assert.deepEqual(expandableKeys(tree), ['a', 'b']);
  const options = toTreeOptions(tree, (d) => d.isTemporary);
  assert.equal(options[0]?.disabled, true);
  assert.equal(options[0]?.children?.[0]?.disabled, undefined);
  assert.equal(options[0]?.children?.[0]?.children?.[0]?.disabled, true);
});
