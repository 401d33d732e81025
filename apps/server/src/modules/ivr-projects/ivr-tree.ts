import type { IvrNodeDto, IvrPlayItemDto } from '@rexian/contracts';

/** Direct children of a designer node (the tree is nested data; the order is the editor's). */
export function childrenOf(n: IvrNodeDto): IvrNodeDto[] {
  switch (n.kind) {
    case 'play':
      return n.next ? [n.next] : [];
    case 'menu':
      return n.keys.map((k) => k.next);
    case 'http':
      return [n.next, n.onError].filter((x): x is IvrNodeDto => x !== undefined);
    case 'condition':
      return [...n.branches.map((b) => b.next), ...(n.otherwise ? [n.otherwise] : [])];
    default:
      return [];
  }
}

function itemsOf(n: IvrNodeDto): IvrPlayItemDto[] {
  switch (n.kind) {
    case 'menu':
      return [...n.items, ...(n.invalidItems ?? [])];
    case 'play':
    case 'http':
      return n.items;
    case 'queue':
    case 'voicemail':
    case 'hangup':
      return n.items ?? [];
    default:
      return [];
  }
}

/** Every voice file the tree plays, once each. */
export function voiceFileIdsOf(root: IvrNodeDto): string[] {
  const ids = new Set<string>();
  const stack = [root];
  for (let n = stack.pop(); n; n = stack.pop()) {
    for (const it of itemsOf(n)) if (it.kind === 'voice') ids.add(it.voiceFileId);
    stack.push(...childrenOf(n));
  }
  return [...ids];
}

/**
 * Nesting depth of a parsed JSON value, counted without recursion. The node schema is recursive, so a
 * hostile body nested a hundred thousand levels deep must be refused before the schema walks it.
 */
export function jsonDepth(value: unknown, limit: number): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [v, depth] = top;
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) max = depth;
    if (max > limit) return max;
    for (const c of Object.values(v)) if (c !== null && typeof c === 'object') stack.push([c, depth + 1]);
  }
  return max;
}
