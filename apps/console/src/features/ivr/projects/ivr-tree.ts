import type { IvrNodeDto } from '@rexian/contracts';

/**
 * The designer model's types (the same shape as `IvrNode` in @rexian/vxml's designer-model.ts), taken from
 * @rexian/contracts: importing @rexian/vxml, even for types, makes the console's DOM type check compile
 * the interpreter's Node-only fetcher.
 */
export type IvrNode = IvrNodeDto;
export type IvrNodeKind = IvrNode['kind'];
export type MenuKey = Extract<IvrNode, { kind: 'menu' }>['keys'][number]['key'];
export type PlayItem = Extract<IvrNode, { kind: 'play' }>['items'][number];
export type PlayItemKind = PlayItem['kind'];

/**
 * Pure edits of the IVR designer's node tree (manual §4.6.7): find, add a child into a slot, replace,
 * remove and move a subtree. Every edit returns a new tree (React state); none mutates its input.
 * A node's children live in typed slots: 下一选项 (`next`), a menu key, a condition branch, its
 * "otherwise", an HTTP interaction's error path.
 */
export type Slot =
  | { kind: 'next' }
  | { kind: 'onError' }
  | { kind: 'otherwise' }
  | { kind: 'key'; key: MenuKey }
  | { kind: 'branch'; index: number };

export const nodeKinds = [
  'play',
  'menu',
  'queue',
  'voicemail',
  'hangup',
  'http',
  'condition',
  'backToParent',
  'backToTop',
] as const satisfies readonly IvrNodeKind[];

export const allMenuKeys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*'] as const satisfies readonly MenuKey[];

/** A fresh node of this kind with empty fields (the validator reports what is still missing). */
export function newNode(kind: IvrNodeKind, id: string, name: string): IvrNode {
  switch (kind) {
    case 'play':
      return { kind, id, name, items: [], interruptible: true };
    case 'menu':
      return { kind, id, name, items: [], interruptible: true, keys: [] };
    case 'queue':
      return { kind, id, name, queue: '' };
    case 'voicemail':
      return { kind, id, name, mailbox: '' };
    case 'hangup':
      return { kind, id, name };
    case 'http':
      return { kind, id, name, items: [], interruptible: true, url: '', method: 'get', send: [], receive: [] };
    case 'condition':
      return { kind, id, name, branches: [] };
    case 'backToParent':
    case 'backToTop':
      return { kind, id, name };
  }
}

/** The children a node holds, each with its slot, in display order. */
export function childrenOf(node: IvrNode): { slot: Slot; child: IvrNode }[] {
  switch (node.kind) {
    case 'play':
      return node.next ? [{ slot: { kind: 'next' }, child: node.next }] : [];
    case 'menu':
      return node.keys.map((k) => ({ slot: { kind: 'key', key: k.key }, child: k.next }));
    case 'http': {
      const out: { slot: Slot; child: IvrNode }[] = [];
      if (node.next) out.push({ slot: { kind: 'next' }, child: node.next });
      if (node.onError) out.push({ slot: { kind: 'onError' }, child: node.onError });
      return out;
    }
    case 'condition': {
      const out: { slot: Slot; child: IvrNode }[] = node.branches.map((b, index) => ({
        slot: { kind: 'branch', index },
        child: b.next,
      }));
      if (node.otherwise) out.push({ slot: { kind: 'otherwise' }, child: node.otherwise });
      return out;
    }
    default:
      return [];
  }
}

/** The empty slots a new child may go into (a condition can always take one more branch). */
export function freeSlots(node: IvrNode): Slot[] {
  switch (node.kind) {
    case 'play':
      return node.next ? [] : [{ kind: 'next' }];
    case 'menu': {
      const used = new Set(node.keys.map((k) => k.key));
      return allMenuKeys.filter((key) => !used.has(key)).map((key) => ({ kind: 'key', key }));
    }
    case 'http':
      return [...(node.next ? [] : [{ kind: 'next' } as const]), ...(node.onError ? [] : [{ kind: 'onError' } as const])];
    case 'condition':
      return [{ kind: 'branch', index: node.branches.length }, ...(node.otherwise ? [] : [{ kind: 'otherwise' } as const])];
    default:
      return [];
  }
}

export function findNode(root: IvrNode, id: string): IvrNode | undefined {
  if (root.id === id) return root;
  for (const { child } of childrenOf(root)) {
    const found = findNode(child, id);
    if (found) return found;
  }
  return undefined;
}

/** Every node id in the tree, depth first. */
export function nodeIds(root: IvrNode): string[] {
  return [root.id, ...childrenOf(root).flatMap(({ child }) => nodeIds(child))];
}

/** A short id not yet used in the tree ("n1", "n2", …). */
export function nextNodeId(root: IvrNode): string {
  const used = new Set(nodeIds(root));
  for (let i = 1; ; i++) if (!used.has(`n${i}`)) return `n${i}`;
}

/** Puts `child` into `slot` of `parent` (undefined empties it: a key or branch entry is removed). */
function withChild(parent: IvrNode, slot: Slot, child: IvrNode | undefined): IvrNode {
  if (slot.kind === 'next' && (parent.kind === 'play' || parent.kind === 'http')) {
    const { next: _drop, ...rest } = parent;
    return child ? { ...rest, next: child } : rest;
  }
  if (slot.kind === 'onError' && parent.kind === 'http') {
    const { onError: _drop, ...rest } = parent;
    return child ? { ...rest, onError: child } : rest;
  }
  if (slot.kind === 'otherwise' && parent.kind === 'condition') {
    const { otherwise: _drop, ...rest } = parent;
    return child ? { ...rest, otherwise: child } : rest;
  }
  if (slot.kind === 'key' && parent.kind === 'menu') {
    const others = parent.keys.filter((k) => k.key !== slot.key);
    if (!child) return { ...parent, keys: others };
    const at = parent.keys.findIndex((k) => k.key === slot.key);
    const keys = [...parent.keys];
    if (at >= 0) keys[at] = { key: slot.key, next: child };
    else keys.push({ key: slot.key, next: child });
    return { ...parent, keys };
  }
  if (slot.kind === 'branch' && parent.kind === 'condition') {
    const branches = [...parent.branches];
    if (!child) branches.splice(slot.index, 1);
    else if (slot.index < branches.length) {
      const branch = branches[slot.index];
      if (branch) branches[slot.index] = { ...branch, next: child };
    } else branches.push({ variable: '', op: 'eq', value: '', next: child });
    return { ...parent, branches };
  }
  throw new Error(`a ${parent.kind} node has no ${slot.kind} slot`);
}

/** Replaces the node with `node.id` by `node` (its children come with it). */
export function replaceNode(root: IvrNode, node: IvrNode): IvrNode {
  if (root.id === node.id) return node;
  let out = root;
  for (const { slot, child } of childrenOf(root)) {
    const updated = replaceNode(child, node);
    if (updated !== child) out = withChild(out, slot, updated);
  }
  return out;
}

/** Adds `child` under the node `parentId` in `slot`; the slot must be free. */
export function addChild(root: IvrNode, parentId: string, slot: Slot, child: IvrNode): IvrNode {
  const parent = findNode(root, parentId);
  if (!parent) throw new Error(`no node ${parentId}`);
  if (!freeSlots(parent).some((s) => sameSlot(s, slot))) throw new Error(`slot ${slotKey(slot)} of ${parentId} is taken`);
  return replaceNode(root, withChild(parent, slot, child));
}

/** The parent of `id` and the slot it sits in; undefined for the root. */
export function parentOf(root: IvrNode, id: string): { parent: IvrNode; slot: Slot } | undefined {
  for (const { slot, child } of childrenOf(root)) {
    if (child.id === id) return { parent: root, slot };
    const found = parentOf(child, id);
    if (found) return found;
  }
  return undefined;
}

/** Removes the node and its subtree; the root (Initial Step) cannot be removed. */
export function removeNode(root: IvrNode, id: string): IvrNode {
  const at = parentOf(root, id);
  if (!at) throw new Error(id === root.id ? 'the initial step cannot be removed' : `no node ${id}`);
  return replaceNode(root, withChild(at.parent, at.slot, undefined));
}

/** Whether `id`'s subtree may move into `slot` of `targetId`: not into itself, and the slot must be free. */
export function canMove(root: IvrNode, id: string, targetId: string, slot: Slot): boolean {
  const node = findNode(root, id);
  const target = findNode(root, targetId);
  if (!node || !target || id === root.id) return false;
  if (findNode(node, targetId)) return false;
  return freeSlots(target).some((s) => sameSlot(s, slot));
}

/** Moves a subtree into a free slot elsewhere (剪切 → 粘贴到). */
export function moveNode(root: IvrNode, id: string, targetId: string, slot: Slot): IvrNode {
  if (!canMove(root, id, targetId, slot)) throw new Error(`cannot move ${id} to ${targetId}/${slotKey(slot)}`);
  const node = findNode(root, id) as IvrNode;
  const without = removeNode(root, id);
  const target = findNode(without, targetId) as IvrNode;
  // Removing a branch before it shifts the indexes: append to the target's current branches instead.
  const into =
    slot.kind === 'branch' && target.kind === 'condition' ? { kind: 'branch' as const, index: target.branches.length } : slot;
  return replaceNode(without, withChild(target, into, node));
}

/** Changes a node's kind, keeping its id, name and play items where the new kind has them; children go. */
export function changeKind(node: IvrNode, kind: IvrNodeKind): IvrNode {
  const fresh = newNode(kind, node.id, node.name);
  const items = 'items' in node ? node.items : undefined;
  if (items && 'items' in fresh) return { ...fresh, items } as IvrNode;
  return fresh;
}

export function sameSlot(a: Slot, b: Slot): boolean {
  return slotKey(a) === slotKey(b);
}

/** A stable string for a slot ("next", "key:1", "branch:0"), for React keys and selects. */
export function slotKey(slot: Slot): string {
  if (slot.kind === 'key') return `key:${slot.key}`;
  if (slot.kind === 'branch') return `branch:${slot.index}`;
  return slot.kind;
}

export function parseSlotKey(key: string): Slot | undefined {
  if (key === 'next' || key === 'onError' || key === 'otherwise') return { kind: key };
  const key1 = /^key:([0-9*])$/.exec(key)?.[1];
  if (key1) return { kind: 'key', key: key1 as MenuKey };
  const branch = /^branch:(\d+)$/.exec(key)?.[1];
  if (branch !== undefined) return { kind: 'branch', index: Number(branch) };
  return undefined;
}
