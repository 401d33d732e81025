import type { Locale } from '@rexian/contracts';

/**
 * Names for the audit actions the server records today. An action not listed here (a newer server) is
 * shown by its code, so nothing is hidden.
 */
export const auditActions: Record<string, { zh: string; en: string }> = {
  'auth.login': { zh: '登录', en: 'Sign in' },
  'auth.logout': { zh: '退出登录', en: 'Sign out' },
  'auth.password_change': { zh: '修改密码', en: 'Password change' },
  'access.denied': { zh: '越权访问', en: 'Access denied' },
  'department.create': { zh: '新增部门', en: 'Department created' },
  'department.update': { zh: '修改部门', en: 'Department changed' },
  'department.delete': { zh: '删除部门', en: 'Department deleted' },
  'employee.create': { zh: '新增员工', en: 'Employee created' },
  'employee.update': { zh: '修改员工', en: 'Employee changed' },
  'employee.delete': { zh: '删除员工', en: 'Employee deleted' },
  'user.create': { zh: '新增用户', en: 'User created' },
  'user.update': { zh: '修改用户', en: 'User changed' },
  'user.delete': { zh: '删除用户', en: 'User deleted' },
  'role.create': { zh: '新增角色', en: 'Role created' },
  'role.update': { zh: '修改角色', en: 'Role changed' },
  'role.delete': { zh: '删除角色', en: 'Role deleted' },
  'settings.branding': { zh: '修改系统名称/LOGO', en: 'Branding changed' },
  'schedule.create': { zh: '新增时间段', en: 'Schedule created' },
  'schedule.update': { zh: '修改时间段', en: 'Schedule changed' },
  'schedule.delete': { zh: '删除时间段', en: 'Schedule deleted' },
  'access-number.create': { zh: '新增接入号', en: 'Access number created' },
  'access-number.update': { zh: '修改接入号', en: 'Access number changed' },
  'access-number.delete': { zh: '删除接入号', en: 'Access number deleted' },
  'trunk.create': { zh: '新增中继', en: 'Trunk created' },
  'trunk.update': { zh: '修改中继', en: 'Trunk changed' },
  'trunk.delete': { zh: '删除中继', en: 'Trunk deleted' },
  'outbound-route.create': { zh: '新增外呼路由', en: 'Outbound route created' },
  'outbound-route.update': { zh: '修改外呼路由', en: 'Outbound route changed' },
  'outbound-route.delete': { zh: '删除外呼路由', en: 'Outbound route deleted' },
  'voicemail.update': { zh: '处理语音留言', en: 'Voicemail handled or noted' },
  'voicemail.delete': { zh: '删除语音留言', en: 'Voicemail deleted' },
};

export function auditActionLabel(action: string, locale: Locale): string {
  const entry = auditActions[action];
  if (!entry) return action;
  return locale === 'en-US' ? entry.en : entry.zh;
}
