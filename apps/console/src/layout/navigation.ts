import type { Me, Permission } from '@rexian/contracts';
import type { MessageKey } from '../i18n/translate.ts';

/**
 * The manual's navigation (日常办公 / 系统管理), limited to modules that exist. Each page names the
 * permission that opens it; `null` means every signed-in user (password change).
 */
export type NavGroup = { key: 'office' | 'cti' | 'pbx' | 'reports' | 'system'; labelKey: MessageKey };
export type NavPage = { key: string; path: string; group: NavGroup['key']; labelKey: MessageKey; permission: Permission | null };

export const navGroups: readonly NavGroup[] = [
  { key: 'office', labelKey: 'nav.office' },
  { key: 'cti', labelKey: 'nav.cti' },
  { key: 'pbx', labelKey: 'nav.pbx' },
  { key: 'reports', labelKey: 'nav.reports' },
  { key: 'system', labelKey: 'nav.system' },
];

export const navPages = [
  { key: 'directory', path: '/office/directory', group: 'office', labelKey: 'nav.directory', permission: 'org.directory.read' },
  { key: 'employees', path: '/office/employees', group: 'office', labelKey: 'nav.employees', permission: 'org.employee.read' },
  // 座席工作台 (§六 web agent): the agent bar, the screen pop and service records.
  { key: 'workspace', path: '/workspace', group: 'office', labelKey: 'nav.workspace', permission: 'cti.workspace' },
  { key: 'agentGroups', path: '/cti/agent-groups', group: 'cti', labelKey: 'nav.agentGroups', permission: 'cti.agent.read' },
  { key: 'agents', path: '/cti/agents', group: 'cti', labelKey: 'nav.agents', permission: 'cti.agent.read' },
  { key: 'queues', path: '/cti/queues', group: 'cti', labelKey: 'nav.queues', permission: 'cti.queue.read' },
  { key: 'voiceFiles', path: '/cti/voice-files', group: 'cti', labelKey: 'nav.voiceFiles', permission: 'ivr.read' },
  { key: 'vipNumbers', path: '/cti/vip-numbers', group: 'cti', labelKey: 'nav.vipNumbers', permission: 'cti.vip.read' },
  { key: 'ivrProjects', path: '/cti/ivr-projects', group: 'cti', labelKey: 'nav.ivrProjects', permission: 'ivr.read' },
  { key: 'ivrConfigs', path: '/cti/ivr-configs', group: 'cti', labelKey: 'nav.ivrConfigs', permission: 'ivr.read' },
  // The list is open to every signed-in user (agents choose from it); the page is for CTI administrators.
  { key: 'busyReasons', path: '/cti/busy-reasons', group: 'cti', labelKey: 'nav.busyReasons', permission: 'cti.agent.read' },
  // Readable by every signed-in user through the API; the page is for CTI administrators (saving: cti.settings.write).
  { key: 'ctiSettings', path: '/cti/settings', group: 'cti', labelKey: 'nav.ctiSettings', permission: 'cti.agent.read' },
  // 班长监控 (§3 班长席): wallboards and actions over the supervisor's managed scope (the server limits it).
  { key: 'supervisor', path: '/cti/supervisor', group: 'cti', labelKey: 'nav.supervisor', permission: 'cti.supervise' },
  { key: 'extensions', path: '/pbx/extensions', group: 'pbx', labelKey: 'nav.extensions', permission: 'pbx.extension.read' },
  { key: 'sipBans', path: '/pbx/sip-bans', group: 'pbx', labelKey: 'nav.sipBans', permission: 'pbx.extension.read' },
  // The dial plan: 接入号 (§4.6.9), 时间段 (§4.10.12), 中继, 外呼路由.
  {
    key: 'accessNumbers',
    path: '/pbx/access-numbers',
    group: 'pbx',
    labelKey: 'nav.accessNumbers',
    permission: 'pbx.dialplan.read',
  },
  { key: 'schedules', path: '/pbx/schedules', group: 'pbx', labelKey: 'nav.schedules', permission: 'pbx.dialplan.read' },
  { key: 'trunks', path: '/pbx/trunks', group: 'pbx', labelKey: 'nav.trunks', permission: 'pbx.dialplan.read' },
  {
    key: 'outboundRoutes',
    path: '/pbx/outbound-routes',
    group: 'pbx',
    labelKey: 'nav.outboundRoutes',
    permission: 'pbx.dialplan.read',
  },
  // 统计报表 (§4.7): call records, current calls, voicemail.
  { key: 'cdrs', path: '/reports/cdrs', group: 'reports', labelKey: 'nav.cdrs', permission: 'pbx.cdr.read' },
  { key: 'liveCalls', path: '/reports/live-calls', group: 'reports', labelKey: 'nav.liveCalls', permission: 'pbx.cdr.read' },
  {
    key: 'voicemails',
    path: '/reports/voicemails',
    group: 'reports',
    labelKey: 'nav.voicemails',
    permission: 'pbx.voicemail.read',
  },
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
  // API 密钥: keys for third-party CRM servers' click to call (docs/agent-sdk.md).
  { key: 'apiKeys', path: '/system/api-keys', group: 'system', labelKey: 'nav.apiKeys', permission: 'system.api-keys' },
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
