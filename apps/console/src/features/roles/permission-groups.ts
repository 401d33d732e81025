import type { PermissionInfo } from '../../api/resources.ts';

/**
 * Groups the catalogue by its area (`org.employee.read` → `org.employee`) so the role editor shows one row
 * per area with read / write / export side by side, in catalogue order.
 */
export function groupPermissions(catalogue: readonly PermissionInfo[]): { area: string; items: PermissionInfo[] }[] {
  const groups = new Map<string, PermissionInfo[]>();
  for (const p of catalogue) {
    const cut = p.code.lastIndexOf('.');
    const area = cut > 0 ? p.code.slice(0, cut) : p.code;
    const list = groups.get(area) ?? [];
    list.push(p);
    groups.set(area, list);
  }
  return [...groups].map(([area, items]) => ({ area, items }));
}
