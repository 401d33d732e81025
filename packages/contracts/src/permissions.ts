/**
 * The permission catalogue (manual §4.11.1). Every API route names exactly one permission (or is public
 * or "any signed-in user"); roles hold lists of these codes. Labels are for the console's role editor.
 */
export const permissions = {
  'org.department.read': { zh: '查看部门', en: 'View departments' },
  'org.department.write': { zh: '管理部门', en: 'Manage departments' },
  'org.employee.read': { zh: '查看员工', en: 'View employees' },
  'org.employee.write': { zh: '管理员工', en: 'Manage employees' },
  'org.employee.export': { zh: '导出员工', en: 'Export employees' },
  'org.directory.read': { zh: '查看内部通讯录', en: 'View the internal directory' },
  'org.directory.export': { zh: '导出内部通讯录', en: 'Export the internal directory' },
  'system.user.read': { zh: '查看用户', en: 'View users' },
  'system.user.write': { zh: '管理用户', en: 'Manage users' },
  'system.role.read': { zh: '查看角色', en: 'View roles' },
  'system.role.write': { zh: '管理角色与权限', en: 'Manage roles and permissions' },
  'system.audit.read': { zh: '查看审计日志', en: 'View the audit log' },
  'pbx.extension.read': { zh: '查看分机', en: 'View extensions' },
  'pbx.extension.write': { zh: '管理分机', en: 'Manage extensions' },
  'pbx.dialplan.read': {
    zh: '查看接入号、时间段、中继与外呼路由',
    en: 'View access numbers, schedules, trunks and outbound routes',
  },
  'pbx.dialplan.write': {
    zh: '管理接入号、时间段、中继与外呼路由',
    en: 'Manage access numbers, schedules, trunks and outbound routes',
  },
  'pbx.cdr.read': { zh: '查看通话记录、通话录音与当前通话', en: 'View call records, recordings and current calls' },
  'pbx.cdr.unmasked': {
    zh: '查看完整的外部号码（否则中间位以 * 隐藏）',
    en: 'See external phone numbers in full (otherwise the middle digits are masked)',
  },
  'pbx.call.control': {
    zh: '控制当前通话（强拆、单通录音开关）',
    en: 'Control calls in progress (force hang-up, per-call recording)',
  },
  'pbx.voicemail.read': { zh: '查看与收听语音留言', en: 'View and listen to voicemail' },
  'pbx.voicemail.write': { zh: '处理与删除语音留言', en: 'Mark voicemail handled and delete it' },
  'cti.agent.read': { zh: '查看座席与座席组', en: 'View agents and agent groups' },
  'cti.agent.write': { zh: '管理座席、座席组与忙碌原因', en: 'Manage agents, agent groups and busy reasons' },
  'cti.queue.read': { zh: '查看队列', en: 'View queues' },
  'cti.queue.write': { zh: '管理队列', en: 'Manage queues' },
  'cti.vip.read': { zh: '查看 VIP 号码', en: 'View VIP numbers' },
  'cti.vip.write': { zh: '管理 VIP 号码', en: 'Manage VIP numbers' },
  'ivr.read': { zh: '查看 IVR 设计、IVR 配置与语音文件', en: 'View IVR projects, IVR configurations and voice files' },
  'ivr.write': { zh: '管理 IVR 设计、IVR 配置与语音文件', en: 'Manage IVR projects, IVR configurations and voice files' },
  'cti.settings.write': { zh: 'CTI 基本配置', en: 'CTI basic configuration' },
  'cti.supervise': {
    zh: '班长席：监控座席与队列、监听、密语、强插、强拆、强制置忙/示闲/签出（限管理范围）',
    en: 'Supervise: wallboards, listen, whisper, barge, take over, force agent states (managed scope only)',
  },
  'cti.workspace': {
    zh: '使用座席工作台（签入、接听、转接）',
    en: 'Use the agent workspace (sign in, take and transfer calls)',
  },
  'crm.service-record.read': { zh: '查看服务记录（含来电历史）', en: 'View service records (and callers’ history)' },
  'crm.service-record.write': { zh: '添加与编辑服务记录', en: 'Add and edit service records' },
  'system.api-keys': {
    zh: '管理 API 密钥（第三方 CRM 的点击外呼接口）',
    en: 'Manage API keys (click to call for third-party CRMs)',
  },
  'system.settings.write': { zh: '系统基本配置', en: 'System settings' },
} as const;

export type Permission = keyof typeof permissions;
export const allPermissions = Object.keys(permissions) as Permission[];

/**
 * Data scopes: which rows a permission reaches. `self`: rows of the user's own employee; `managed`: rows of
 * the employees the user manages (own department subtree now; agent groups and queues once the ACD lands);
 * `all`: every row. Admins always have `all`.
 */
export const dataScopes = ['self', 'managed', 'all'] as const;
export type DataScope = (typeof dataScopes)[number];
