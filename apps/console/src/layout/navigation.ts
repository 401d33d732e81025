import type { Me, Permission } from '@rexian/contracts';
import type { MessageKey } from '../i18n/translate.ts';

/**
 * The manual's navigation (日常办公 / 系统管理), limited to modules that exist. Each page names the
 * permission that opens it; `null` means every signed-in user (password change).
 */
export type NavGroup = { key: 'office' | 'system'; labelKey: MessageKey };
export type NavPage = { key: string; path: string; group: NavGroup['key']; labelKey: MessageKey; permission: Permission | null };

export const navGroups: readonly NavGroup[] = [
  { key: 'office', labelKey: 'nav.office' },
  { key: 'system', labelKey: 'nav.system' },
];

export const navPages = [
  { key: 'directory', path: '/office/directory', group: 'office', labelKey: 'nav.directory', permission: 'org.directory.read' },
  { key: 'employees', path: '/office/employees', group: 'office', labelKey: 'nav.employees', permission: 'org.employee.read' },
  {
    key: 'departments',
    path: '/system/departments',
    group: 'system',
    labelKey: 'nav.departments',
    permission: 'org.department.read',
  },
  { key: 'users', path: '/system/users', group: 'system', labelKey: 'nav.users', permission: 'system.user.read' },
  { key: 'roles', path: '/system/roles', group: 'system', labelKey: 'nav.roles', permission: 'system.role.read' },
  { key: 'audit', path: '/system/audit', group: 'system', labelKey: 'nav.audit', permission: 'system.audit.read' },
  { key: 'settings', path: '/system/settings', group: 'system', labelKey: 'nav.settings', permission: 'system.settings.write' },
  { key: 'password', path: '/system/password', group: 'system', labelKey: 'nav.password', permission: null },
] as const satisfies readonly NavPage[];

export type NavPageKey = (typeof navPages)[number]['key'];

type Grants = Pick<Me, 'isAdmin' | 'permissions'>;

/** Admins hold every permission; everyone else exactly what their role lists. */
export function can(grants: Grants, permission: Permission | null): boolean {
  if (permission === null || grants.isAdmin) return true;
  return grants.permissions.includes(permission);
}

export function visiblePages(grants: Grants): NavPage[] {
  return navPages.filter((page) => can(grants, page.permission));
}

/** Groups that have at least one visible page, each with its pages in manual order. */
export function visibleMenu(grants: Grants): { group: NavGroup; pages: NavPage[] }[] {
  const pages = visiblePages(grants);
  return navGroups
    .map((group) => ({ group, pages: pages.filter((page) => page.group === group.key) }))
    .filter((entry) => entry.pages.length > 0);
}

export function pageByPath(pathname: string): NavPage | undefined {
  return navPages.find((page) => pathname === page.path || pathname.startsWith(`${page.path}/`));
}

export function pageByKey(key: NavPageKey): NavPage {
  const page = navPages.find((p) => p.key === key);
  if (!page) throw new Error(`unknown page ${key}`);
  return page;
}

/** Where to land after signing in: the first page the user may open (password change at worst). */
export function homePath(grants: Grants): string {
  return visiblePages(grants)[0]?.path ?? '/system/password';
}
