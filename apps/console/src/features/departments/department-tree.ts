import type { Department } from '@rexian/contracts';

/** A department with its children, for the tree table and tree selects. */
export type DepartmentNode = Department & { children?: DepartmentNode[] };

const byOrder = (a: Department, b: Department) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name);

/**
 * Builds the tree from the API's flat list (parentId links). A node whose parent is missing is shown at the
 * top level, and a parent cycle (which the server refuses, but data can be old) cannot loop forever:
 * each department is placed exactly once.
 */
export function buildDepartmentTree(departments: readonly Department[]): DepartmentNode[] {
  const ids = new Set(departments.map((d) => d.id));
  const childrenOf = new Map<string | null, Department[]>();
  for (const d of departments) {
    const parent = d.parentId !== null && ids.has(d.parentId) && d.parentId !== d.id ? d.parentId : null;
    const list = childrenOf.get(parent) ?? [];
    list.push(d);
    childrenOf.set(parent, list);
  }
  const placed = new Set<string>();
  const build = (parent: string | null): DepartmentNode[] =>
    (childrenOf.get(parent) ?? [])
      .filter((d) => !placed.has(d.id))
      .sort(byOrder)
      .map((d) => {
        placed.add(d.id);
        const children = build(d.id);
        return children.length > 0 ? { ...d, children } : { ...d };
      });
  const roots = build(null);
  // Members of a cycle have no path to the top; show them at the top level rather than hide them.
  const stranded = departments.filter((d) => !placed.has(d.id));
  for (const d of stranded.sort(byOrder)) {
    if (placed.has(d.id)) continue;
    placed.add(d.id);
    roots.push({ ...d });
  }
  return roots;
}

/** Ids of a department and everything below it (a department cannot move under any of these). */
export function subtreeIds(departments: readonly Department[], rootId: string): Set<string> {
  const result = new Set<string>([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const d of departments) {
      if (d.parentId !== null && result.has(d.parentId) && !result.has(d.id)) {
        result.add(d.id);
        grew = true;
      }
    }
  }
  return result;
}

/** Keys of every node that has children, to show the whole tree expanded. */
export function expandableKeys(nodes: readonly DepartmentNode[]): string[] {
  return nodes.flatMap((n) => (n.children ? [n.id, ...expandableKeys(n.children)] : []));
}

export type TreeOption = { value: string; title: string; disabled?: boolean; children?: TreeOption[] };

/** Options for antd TreeSelect; `selectable` decides which nodes may be chosen (others stay for context). */
export function toTreeOptions(nodes: readonly DepartmentNode[], selectable: (d: Department) => boolean): TreeOption[] {
  return nodes.map((n) => ({
    value: n.id,
    title: n.name,
    ...(selectable(n) ? {} : { disabled: true }),
    ...(n.children ? { children: toTreeOptions(n.children, selectable) } : {}),
  }));
}
