/**
 * Stable error codes with their localized messages. The server answers in the caller's language
 * (Accept-Language or the console's choice); the console can also localize by code.
 * `{name}` placeholders are filled from the error's details.
 */
export const errorMessages = {
  VALIDATION_FAILED: { zh: '提交的数据不正确：{summary}', en: 'The submitted data is not valid: {summary}' },
  INVALID_JSON: { zh: '请求体不是合法的 JSON', en: 'The request body is not valid JSON' },
  UNSUPPORTED_MEDIA_TYPE: { zh: '不支持的内容类型', en: 'Unsupported content type' },
  PAYLOAD_TOO_LARGE: { zh: '请求体过大', en: 'The request body is too large' },
  ROUTE_NOT_FOUND: { zh: '接口不存在', en: 'No such endpoint' },
  INTERNAL_ERROR: { zh: '服务器内部错误，请稍后重试', en: 'Internal server error; please try again' },
  RATE_LIMITED: { zh: '请求过于频繁，请稍后再试', en: 'Too many requests; please wait and try again' },

  AUTH_REQUIRED: { zh: '请先登录', en: 'Please sign in' },
  AUTH_INVALID_CREDENTIALS: { zh: '用户名或密码错误', en: 'Wrong user name or password' },
  AUTH_TEMPORARILY_LOCKED: {
    zh: '登录失败次数过多，请 {minutes} 分钟后再试',
    en: 'Too many failed sign-ins; try again in {minutes} minutes',
  },
  AUTH_USER_LOCKED: { zh: '该账号已被锁定，请联系管理员', en: 'This account is locked; contact an administrator' },
  AUTH_PASSWORD_CHANGE_REQUIRED: {
    zh: '首次登录必须先修改密码',
    en: 'You must change your password before doing anything else',
  },
  AUTH_WRONG_CURRENT_PASSWORD: { zh: '当前密码不正确', en: 'The current password is wrong' },
  PASSWORD_TOO_SHORT: { zh: '密码至少需要 {min} 个字符', en: 'The password needs at least {min} characters' },
  PASSWORD_TOO_COMMON: { zh: '密码过于常见，请换一个', en: 'This password is too common; choose another' },
  PASSWORD_SAME_AS_OLD: { zh: '新密码不能与旧密码相同', en: 'The new password must differ from the old one' },
  PASSWORD_CONTAINS_USERNAME: { zh: '密码不能包含用户名', en: 'The password must not contain the user name' },

  FORBIDDEN_PERMISSION: { zh: '没有权限执行此操作（需要：{permission}）', en: 'Permission denied (requires {permission})' },
  FORBIDDEN_SCOPE: { zh: '该数据不在您的数据权限范围内', en: 'This record is outside your data scope' },

  DEPARTMENT_NOT_FOUND: { zh: '部门不存在', en: 'Department not found' },
  DEPARTMENT_PARENT_NOT_FOUND: { zh: '上级部门不存在', en: 'The parent department does not exist' },
  DEPARTMENT_NAME_TAKEN: { zh: '同级下已有同名部门', en: 'A sibling department already has this name' },
  DEPARTMENT_HAS_EMPLOYEES: {
    zh: '该部门下还有 {count} 名员工，不能删除',
    en: 'This department still has {count} employee(s) and cannot be deleted',
  },
  DEPARTMENT_HAS_CHILDREN: { zh: '该部门下还有子部门，不能删除', en: 'This department still has sub-departments' },
  DEPARTMENT_CYCLE: { zh: '不能把部门移动到它自己的下级', en: 'A department cannot be moved under itself' },
  DEPARTMENT_NOT_TEMPORARY: {
    zh: '临时部门只能选择临时组',
    en: 'Only temporary departments can be chosen as temporary departments',
  },
  DEPARTMENT_TEMPORARY_AS_FORMAL: {
    zh: '正式部门不能是临时组',
    en: 'A temporary department cannot be an employee’s formal department',
  },

  EMPLOYEE_NOT_FOUND: { zh: '员工不存在', en: 'Employee not found' },
  EMPLOYEE_CODE_TAKEN: { zh: '员工编码 {code} 已存在', en: 'Employee code {code} already exists' },
  EMPLOYEE_HAS_USER: { zh: '该员工绑定了登录用户，请先解除绑定', en: 'This employee is bound to a user; unbind it first' },

  QUICK_ADD_PERMISSION_MISSING: {
    zh: '快速添加还需要权限：{permission}',
    en: 'Quick add also requires the permission {permission}',
  },
  QUICK_IMPORT_FILE_INVALID: {
    zh: '无法读取导入文件（请使用下载的快速导入模板，.xlsx 格式）：{summary}',
    en: 'The import file cannot be read (use the downloaded quick import template, .xlsx): {summary}',
  },
  QUICK_IMPORT_EMPTY: { zh: '导入文件中没有数据行', en: 'The import file has no data rows' },
  QUICK_IMPORT_TOO_MANY_ROWS: {
    zh: '一次最多导入 {max} 行',
    en: 'At most {max} rows can be imported at once',
  },
  QUICK_IMPORT_DUPLICATE_IN_FILE: {
    zh: '{column}“{value}”与文件第 {firstRow} 行重复',
    en: '{column} "{value}" repeats row {firstRow} of the file',
  },
  QUICK_IMPORT_UNKNOWN_REFERENCE: {
    zh: '{column}“{value}”不存在或不唯一',
    en: '{column} "{value}" does not exist or is ambiguous',
  },

  USER_NOT_FOUND: { zh: '用户不存在', en: 'User not found' },
  USERNAME_TAKEN: { zh: '用户名 {username} 已存在', en: 'User name {username} already exists' },
  USER_EMPLOYEE_TAKEN: { zh: '该员工已绑定其他用户', en: 'This employee is already bound to another user' },
  USER_SELF_PROTECTED: {
    zh: '不能锁定、降级或删除当前登录的账号',
    en: 'You cannot lock, demote or delete the account you are signed in with',
  },
  USER_LAST_ADMIN: { zh: '必须至少保留一个可用的管理员', en: 'At least one active administrator must remain' },

  EXTENSION_NOT_FOUND: { zh: '分机不存在', en: 'Extension not found' },
  EXTENSION_NUMBER_TAKEN: { zh: '分机号 {number} 已存在', en: 'Extension {number} already exists' },
  SIP_BAN_NOT_FOUND: { zh: '地址 {source} 当前未被封禁', en: 'Address {source} is not banned' },
  AGENT_GROUP_NOT_FOUND: { zh: '座席组不存在', en: 'Agent group not found' },
  AGENT_GROUP_NAME_TAKEN: { zh: '座席组 {name} 已存在', en: 'Agent group {name} already exists' },
  AGENT_GROUP_HAS_AGENTS: { zh: '该座席组下还有 {count} 个座席，不能删除', en: 'This agent group still has {count} agent(s)' },
  AGENT_NOT_FOUND: { zh: '座席不存在', en: 'Agent not found' },
  AGENT_NUMBER_TAKEN: { zh: '座席工号 {number} 已存在', en: 'Agent number {number} already exists' },
  AGENT_EMPLOYEE_TAKEN: { zh: '该员工已绑定其他座席', en: 'This employee is already bound to another agent' },
  AGENT_NOT_SUPERVISOR: { zh: '只有班长座席可以设置管理范围', en: 'Only supervisors have a managed scope' },
  AGENT_BOUND_TO_EMPLOYEE: { zh: '该座席已绑定员工，请先解除绑定', en: 'This agent is bound to an employee; unbind it first' },
  QUEUE_NOT_FOUND: { zh: '队列不存在', en: 'Queue not found' },
  QUEUE_NAME_TAKEN: { zh: '队列名称 {name} 已存在', en: 'Queue name {name} already exists' },
  QUEUE_NUMBER_TAKEN: { zh: '队列号码 {number} 已存在', en: 'Queue number {number} already exists' },
  QUEUE_OVERFLOW_SELF: { zh: '溢出不能转到本队列', en: 'A queue cannot overflow to itself' },
  QUEUE_IN_USE: { zh: '该队列仍被其他队列的溢出设置引用', en: 'Another queue still overflows to this queue' },
  VIP_NUMBER_NOT_FOUND: { zh: 'VIP 号码不存在', en: 'VIP number not found' },
  VIP_NUMBER_TAKEN: { zh: 'VIP 号码 {number} 已存在', en: 'VIP number {number} already exists' },
  BUSY_REASON_NOT_FOUND: { zh: '忙碌原因不存在', en: 'Busy reason not found' },
  BUSY_REASON_TAKEN: { zh: '忙碌原因 {code} 已存在', en: 'Busy reason {code} already exists' },
  BUSY_REASON_BUILTIN: { zh: '内置忙碌原因不能删除', en: 'A built-in busy reason cannot be deleted' },
  ROLE_NOT_FOUND: { zh: '角色不存在', en: 'Role not found' },
  ROLE_NAME_TAKEN: { zh: '角色名 {name} 已存在', en: 'Role name {name} already exists' },
  ROLE_BUILTIN: { zh: '内置角色不能删除', en: 'A built-in role cannot be deleted' },
  ROLE_ESCALATION: {
    zh: '不能授予超出自己权限或数据范围的角色',
    en: 'You cannot grant permissions or a data scope beyond your own',
  },
  USER_ADMIN_ONLY: { zh: '只有管理员可以创建或修改管理员账号', en: 'Only administrators can create or change administrators' },
  ROLE_IN_USE: { zh: '仍有 {count} 个用户使用该角色，不能删除', en: '{count} user(s) still have this role' },
  IVR_PROJECT_NOT_FOUND: { zh: 'IVR 项目不存在', en: 'IVR project not found' },
  IVR_PROJECT_NAME_TAKEN: { zh: 'IVR 项目 {name} 已存在', en: 'IVR project {name} already exists' },
  IVR_PROJECT_INVALID: {
    zh: 'IVR 流程有 {count} 处问题，无法构建：{summary}',
    en: 'The IVR flow has {count} problem(s) and cannot be built: {summary}',
  },
  IVR_PROJECT_TOO_DEEP: { zh: 'IVR 流程层级过深', en: 'The IVR flow is nested too deeply' },
  IVR_PROJECT_NOT_BUILT: { zh: 'IVR 项目尚未构建 VXML', en: 'The IVR project has not been built yet' },
  IVR_PROJECT_IN_USE: {
    zh: 'IVR 号码 {numbers} 仍在使用该项目，请先删除对应的 IVR 配置',
    en: 'IVR number(s) {numbers} still use this project; delete those IVR configurations first',
  },
  IVR_VOICE_FILE_UNKNOWN: { zh: '语音文件不存在：{ids}', en: 'Unknown voice file(s): {ids}' },
  IVR_CONFIG_NOT_FOUND: { zh: 'IVR 配置不存在', en: 'IVR configuration not found' },
  IVR_CONFIG_NUMBER_TAKEN: { zh: 'IVR 号码 {number} 已存在', en: 'IVR number {number} already exists' },
  IVR_CONFIG_PROJECT_TAKEN: {
    zh: '该 IVR 项目已登记为 IVR 号码 {number}',
    en: 'This IVR project is already registered as IVR number {number}',
  },
  IVR_VXML_INVALID: {
    zh: 'VXML 文件有误（第 {line} 行第 {column} 列）：{summary}',
    en: 'The VXML file is not valid (line {line}, column {column}): {summary}',
  },
  VOICE_FILE_NOT_FOUND: { zh: '语音文件不存在', en: 'Voice file not found' },
  VOICE_FILE_NAME_TAKEN: { zh: '语音文件 {name} 已存在', en: 'Voice file {name} already exists' },
  VOICE_FILE_TOO_LARGE: {
    zh: '语音文件不能超过 {maxMb} MB',
    en: 'A voice file may not be larger than {maxMb} MB',
  },
  VOICE_FILE_UNSUPPORTED: { zh: '只支持 WAV 或 MP3 格式的语音文件', en: 'Only WAV or MP3 voice files are supported' },
  VOICE_FILE_BROKEN: {
    zh: '语音文件已损坏或无法转换：{summary}',
    en: 'The voice file is damaged or cannot be converted: {summary}',
  },
  CDR_NOT_FOUND: { zh: '通话记录不存在', en: 'Call record not found' },
  CDR_RECORDING_NOT_FOUND: { zh: '该通话没有录音，或录音文件已不存在', en: 'This call has no recording, or its file is gone' },
  CALL_NOT_LIVE: { zh: '该通话已结束或不存在', en: 'The call has ended or does not exist' },
  ACD_ILLEGAL_TRANSITION: { zh: '座席状态不能从 {from} 变为 {to}', en: 'The agent cannot go from {from} to {to}' },
  ACD_AGENT_NOT_FOUND: { zh: '座席不存在', en: 'Agent not found' },
  ACD_AGENT_DISABLED: { zh: '座席已停用', en: 'The agent is disabled' },
  ACD_AGENT_NOT_SIGNED_IN: { zh: '座席尚未签入', en: 'The agent is not signed in' },
  ACD_AGENT_ALREADY_SIGNED_IN: { zh: '座席已签入', en: 'The agent is already signed in' },
  ACD_MIN_BUSY_NOT_ELAPSED: {
    zh: '未到最小置忙时长，还需 {remainingMs} 毫秒',
    en: 'The minimum busy time has not passed: {remainingMs} ms to go',
  },
  ACD_AGENT_ON_CALL: {
    zh: '座席正在通话（{state}），状态由通话决定',
    en: 'The agent is on a call ({state}); the call decides the state',
  },
  ACD_UNKNOWN_BUSY_REASON: { zh: '未知的忙碌原因 {reasonId}', en: 'Unknown busy reason {reasonId}' },
  ACD_CALL_NOT_WAITING: {
    zh: '该通话已不在排队（{status}），不能移到其他队列',
    en: 'The call is no longer waiting in a queue ({status}) and cannot be moved',
  },
  SUPERVISOR_CALL_NOT_FOUND: {
    zh: '排队通话不存在，或不在您的管理范围内',
    en: 'No such waiting call in the queues you supervise',
  },
  SUPERVISOR_NO_EXTENSION: {
    zh: '您没有可用的分机：请以分机签入座席，或为您的座席绑定分机',
    en: 'You have no extension to monitor on: sign in with an extension or bind one to your agent',
  },
  SUPERVISOR_SELF_MONITOR: { zh: '不能监控自己的通话', en: 'You cannot monitor your own call' },
  CTI_ALREADY_MONITORED: { zh: '已有班长在监控该座席的通话', en: "A supervisor is already on this agent's call" },
  CTI_NOT_MONITORING: { zh: '当前没有人监控该座席', en: 'Nobody is monitoring this agent' },
  SWITCH_MONITOR_TARGET_INVALID: { zh: '密语对象不在该通话中', en: 'The whisper target is not a party of the call' },
  CTI_NO_CALL: { zh: '座席当前没有通话', en: 'The agent has no call' },
  CTI_CALL_NOT_ANSWERED: { zh: '通话尚未接通', en: 'The call has not been answered yet' },
  CTI_CALL_NOT_HOLDABLE: { zh: '当前无法保持该通话', en: 'The customer cannot be put on hold now' },
  CTI_CALL_NOT_HELD: { zh: '客户不在保持中', en: 'The customer is not on hold' },
  CTI_ALREADY_CONSULTING: { zh: '已有咨询或三方通话在进行', en: 'A consultation or conference is already in progress' },
  CTI_NOT_CONSULTING: { zh: '当前没有咨询或三方通话', en: 'No consultation or conference is in progress' },
  CTI_NO_EXTENSION: { zh: '座席未以分机签入，不能外呼', en: 'The agent is not signed in with an extension' },
  CTI_ALREADY_ON_CALL: { zh: '座席正在通话中', en: 'The agent is already on a call' },
  CTI_CALL_NOT_RINGING: { zh: '当前没有振铃中的来电', en: 'No call is ringing' },
  CTI_NO_SURVEY: { zh: '满意度评价未配置', en: 'The satisfaction survey is not configured' },
  CTI_ALREADY_QUEUED: { zh: '该通话已在队列中等待', en: 'The call is already waiting in a queue' },
  CTI_TRANSFER_TARGET_UNKNOWN: { zh: '转接目标无法到达：{target}', en: 'The transfer destination cannot be reached: {target}' },
  CTI_NOT_RUNNING: { zh: 'CTI 服务未运行（交换服务未启动）', en: 'CTI is not running (the switch has not started)' },
  AGENT_NOT_BOUND: {
    zh: '当前用户没有绑定座席（请在员工管理中绑定）',
    en: 'No agent is bound to this user (bind one in employee management)',
  },
  API_KEY_INVALID: {
    zh: 'API 密钥无效、已吊销、已过期或来源地址不允许',
    en: 'The API key is invalid, revoked, expired or not allowed from this address',
  },
  API_KEY_SCOPE: { zh: '该 API 密钥不能为此座席外呼', en: 'This API key may not call for that agent' },
  API_KEY_NOT_FOUND: { zh: 'API 密钥不存在', en: 'API key not found' },
  CLICK_TO_CALL_AGENT_REQUIRED: { zh: '请指定座席工号', en: 'Name the agent (agentNumber)' },
  WEBSOCKET_REQUIRED: {
    zh: '该接口是 WebSocket 推送流，请以升级请求连接',
    en: 'This endpoint is a WebSocket stream: connect with an upgrade request',
  },
  TELEPHONY_NOT_RUNNING: {
    zh: '交换服务未运行（SIP 未启用或启动失败）',
    en: 'The switch is not running (SIP is disabled or failed to start)',
  },
  MEDIA_FILE_OUTSIDE_DATA_DIR: {
    zh: '文件路径不在数据目录内，拒绝访问',
    en: 'The file path lies outside the data folder and is refused',
  },
  VOICEMAIL_NOT_FOUND: { zh: '语音留言不存在', en: 'Voicemail not found' },
  SERVICE_RECORD_NOT_FOUND: { zh: '服务记录不存在', en: 'Service record not found' },
  SERVICE_RECORD_CALL_UNKNOWN: {
    zh: '通话 {callId} 不存在或您没有参与该通话',
    en: 'Call {callId} does not exist or you did not take part in it',
  },
  VOICEMAIL_FILE_NOT_FOUND: { zh: '留言录音文件已不存在', en: 'The voicemail’s audio file is gone' },
  VOICE_FILE_IN_USE: {
    zh: '语音文件仍被 IVR 项目 {projects} 使用，不能删除',
    en: 'The voice file is still used by IVR project(s) {projects} and cannot be deleted',
  },
  SCHEDULE_NOT_FOUND: { zh: '时间段不存在', en: 'Schedule not found' },
  SCHEDULE_NAME_TAKEN: { zh: '时间段 {name} 已存在', en: 'Schedule {name} already exists' },
  SCHEDULE_INVALID: { zh: '时间段设置有误：{summary}', en: 'The schedule is not valid: {summary}' },
  SCHEDULE_IN_USE: {
    zh: '接入号 {numbers} 的分时段业务仍在使用该时间段，不能删除',
    en: 'Access number(s) {numbers} still route by this schedule; it cannot be deleted',
  },
  ACCESS_NUMBER_NOT_FOUND: { zh: '接入号不存在', en: 'Access number not found' },
  ACCESS_NUMBER_TAKEN: { zh: '接入号 {number} 已存在', en: 'Access number {number} already exists' },
  ACCESS_NUMBER_INVALID: { zh: '接入号设置有误：{summary}', en: 'The access number is not valid: {summary}' },
  ACCESS_NUMBER_IN_USE: {
    zh: '外呼路由 {routes} 仍以该接入号作为主叫号码',
    en: 'Outbound route(s) {routes} still present this access number as caller ID',
  },
  TRUNK_NOT_FOUND: { zh: '中继不存在', en: 'Trunk not found' },
  TRUNK_NAME_TAKEN: { zh: '中继 {name} 已存在', en: 'Trunk {name} already exists' },
  TRUNK_INVALID: { zh: '中继设置有误：{summary}', en: 'The trunk is not valid: {summary}' },
  TRUNK_IN_USE: {
    zh: '外呼路由 {routes} 仍在使用该中继，不能删除',
    en: 'Outbound route(s) {routes} still use this trunk; it cannot be deleted',
  },
  OUTBOUND_ROUTE_NOT_FOUND: { zh: '外呼路由不存在', en: 'Outbound route not found' },
  OUTBOUND_ROUTE_NAME_TAKEN: { zh: '外呼路由 {name} 已存在', en: 'Outbound route {name} already exists' },
  OUTBOUND_ROUTE_INVALID: { zh: '外呼路由设置有误：{summary}', en: 'The outbound route is not valid: {summary}' },
} as const;

export type ErrorCode = keyof typeof errorMessages;

export function localizeError(code: string, locale: 'zh-CN' | 'en-US', details?: Record<string, unknown>): string {
  const entry = (errorMessages as Record<string, { zh: string; en: string }>)[code];
  if (!entry) return code;
  const template = locale === 'en-US' ? entry.en : entry.zh;
  return template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = details?.[k];
    return v === undefined ? `{${k}}` : String(v);
  });
}
