import { agentPasswordProblem } from '@rexian/kernel';
import { z } from 'zod';
import { name, optionalText, pageQuery, uuid } from './common.ts';

/** Kept equal to @rexian/acd's lists (a server test checks it). */
export const distributionStrategies = [
  'longest-idle',
  'fewest-answered',
  'random',
  'login-order',
  'round-robin',
  'least-talk-time',
] as const;
export const preferenceRules = ['dedicated-agent', 'caller-area', 'last-agent', 'highest-skill'] as const;

const digits = (max: number) => z.string().regex(new RegExp(`^[0-9]{1,${max}}$`), { message: `1 to ${max} digits` });
const agentPassword = z
  .string()
  .max(64)
  .refine((p) => agentPasswordProblem(p) === null, {
    message: 'at least 6 letters and digits mixed, no run of 4 consecutive digits such as 1234',
  });

export const agentGroup = z.object({ id: z.string(), name: z.string(), agentCount: z.number().int() });
export type AgentGroup = z.infer<typeof agentGroup>;
export const agentGroupCreate = z.strictObject({ name: name(64) });

const skill = z.strictObject({ queueId: uuid, level: z.number().int().min(0).max(9) });

export const agent = z.object({
  id: z.string(),
  number: z.string(),
  name: z.string(),
  type: z.enum(['agent', 'supervisor']),
  roleId: z.string().nullable(),
  groupId: z.string().nullable(),
  groupName: z.string().nullable(),
  enabled: z.boolean(),
  regions: z.array(z.string()),
  employeeId: z.string().nullable(),
  employeeName: z.string().nullable(),
  extensionId: z.string().nullable(),
  extensionNumber: z.string().nullable(),
  skills: z.array(z.object({ queueId: z.string(), queueName: z.string(), level: z.number().int() })),
  managedGroupIds: z.array(z.string()),
  managedQueueIds: z.array(z.string()),
});
export type Agent = z.infer<typeof agent>;

const agentFields = {
  name: name(64),
  type: z.enum(['agent', 'supervisor']),
  roleId: uuid.nullable(),
  groupId: uuid.nullable(),
  enabled: z.boolean(),
  regions: z.array(z.string().trim().min(1).max(32)).max(50),
  employeeId: uuid.nullable(),
  extensionId: uuid.nullable(),
  skills: z.array(skill).max(500),
  managedGroupIds: z.array(uuid).max(500),
  managedQueueIds: z.array(uuid).max(500),
};

export const agentCreate = z.strictObject({
  number: digits(16),
  password: agentPassword,
  name: agentFields.name,
  type: agentFields.type.default('agent'),
  roleId: agentFields.roleId.default(null),
  groupId: agentFields.groupId.default(null),
  enabled: agentFields.enabled.default(true),
  regions: agentFields.regions.default([]),
  employeeId: agentFields.employeeId.default(null),
  extensionId: agentFields.extensionId.default(null),
  skills: agentFields.skills.default([]),
  managedGroupIds: agentFields.managedGroupIds.default([]),
  managedQueueIds: agentFields.managedQueueIds.default([]),
});
export const agentUpdate = z.strictObject({
  password: agentPassword.optional(),
  name: agentFields.name.optional(),
  type: agentFields.type.optional(),
  roleId: agentFields.roleId.optional(),
  groupId: agentFields.groupId.optional(),
  enabled: agentFields.enabled.optional(),
  regions: agentFields.regions.optional(),
  employeeId: agentFields.employeeId.optional(),
  extensionId: agentFields.extensionId.optional(),
  skills: agentFields.skills.optional(),
  managedGroupIds: agentFields.managedGroupIds.optional(),
  managedQueueIds: agentFields.managedQueueIds.optional(),
});
/** §4.6.3.2: `count` agents numbered from `startNumber`, named after their numbers. */
export const agentBatchCreate = z.strictObject({
  startNumber: digits(16),
  count: z.number().int().min(1).max(500),
  password: agentPassword,
  type: agentFields.type.default('agent'),
  roleId: agentFields.roleId.default(null),
  groupId: agentFields.groupId.default(null),
  enabled: agentFields.enabled.default(true),
  regions: agentFields.regions.default([]),
});
export const agentQuery = pageQuery.extend({ groupId: uuid.optional(), type: z.enum(['agent', 'supervisor']).optional() });

export const overflowAction = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('voicemail'), mailbox: z.string().max(32).optional() }),
  z.strictObject({ kind: z.literal('ivr'), ivrId: z.string().min(1).max(64) }),
  z.strictObject({ kind: z.literal('queue'), queueId: uuid }),
  z.strictObject({ kind: z.literal('hangup') }),
]);
export type OverflowActionDto = z.infer<typeof overflowAction>;

const ms = (max: number) => z.number().int().min(0).max(max);
const queueFields = {
  name: name(64),
  number: digits(16),
  announcePosition: z.boolean(),
  positionIntervalMs: ms(3_600_000),
  announceAgentNumber: z.boolean(),
  reservedIdleAgents: z.number().int().min(0).max(10_000),
  maxWaitMs: ms(86_400_000),
  onMaxWait: overflowAction,
  maxLength: z.number().int().min(0).max(100_000),
  onMaxLength: overflowAction,
  noAgentMaxWaitMs: ms(86_400_000),
  onNoAgent: overflowAction,
  vipEnabled: z.boolean(),
  vipMethod: z.enum(['cti', 'crm']),
  vipLookupUrl: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .nullable(),
  httpTimeoutMs: z.number().int().min(100).max(60_000),
  ringTimeMs: z.number().int().min(1000).max(600_000),
  musicOnHold: z.string().max(200).nullable(),
  strategy: z.enum(distributionStrategies),
  preferenceRules: z
    .array(z.enum(preferenceRules))
    .max(4)
    .refine((r) => new Set(r).size === r.length, { message: 'each rule at most once' }),
  priority: z.number().int().min(-1000).max(1000),
  members: z.array(z.strictObject({ agentId: uuid, level: z.number().int().min(0).max(9) })).max(10_000),
};

export const queue = z.object({
  id: z.string(),
  name: z.string(),
  number: z.string(),
  announcePosition: z.boolean(),
  positionIntervalMs: z.number(),
  announceAgentNumber: z.boolean(),
  reservedIdleAgents: z.number(),
  maxWaitMs: z.number(),
  onMaxWait: overflowAction,
  maxLength: z.number(),
  onMaxLength: overflowAction,
  noAgentMaxWaitMs: z.number(),
  onNoAgent: overflowAction,
  vipEnabled: z.boolean(),
  vipMethod: z.enum(['cti', 'crm']),
  vipLookupUrl: z.string().nullable(),
  httpTimeoutMs: z.number(),
  ringTimeMs: z.number(),
  musicOnHold: z.string().nullable(),
  strategy: z.enum(distributionStrategies),
  preferenceRules: z.array(z.enum(preferenceRules)),
  priority: z.number(),
  members: z.array(z.object({ agentId: z.string(), agentNumber: z.string(), agentName: z.string(), level: z.number() })),
});
export type Queue = z.infer<typeof queue>;

export const queueCreate = z
  .strictObject({
    name: queueFields.name,
    number: queueFields.number,
    announcePosition: queueFields.announcePosition.default(false),
    positionIntervalMs: queueFields.positionIntervalMs.default(30_000),
    announceAgentNumber: queueFields.announceAgentNumber.default(false),
    reservedIdleAgents: queueFields.reservedIdleAgents.default(0),
    maxWaitMs: queueFields.maxWaitMs.default(0),
    onMaxWait: queueFields.onMaxWait.default({ kind: 'hangup' }),
    maxLength: queueFields.maxLength.default(0),
    onMaxLength: queueFields.onMaxLength.default({ kind: 'hangup' }),
    noAgentMaxWaitMs: queueFields.noAgentMaxWaitMs.default(0),
    onNoAgent: queueFields.onNoAgent.default({ kind: 'hangup' }),
    vipEnabled: queueFields.vipEnabled.default(false),
    vipMethod: queueFields.vipMethod.default('cti'),
    vipLookupUrl: queueFields.vipLookupUrl.default(null),
    httpTimeoutMs: queueFields.httpTimeoutMs.default(2000),
    ringTimeMs: queueFields.ringTimeMs.default(20_000),
    musicOnHold: queueFields.musicOnHold.default(null),
    strategy: queueFields.strategy.default('longest-idle'),
    preferenceRules: queueFields.preferenceRules.default([]),
    priority: queueFields.priority.default(0),
    members: queueFields.members.default([]),
  })
  .refine((q) => !(q.vipEnabled && q.vipMethod === 'crm' && !q.vipLookupUrl), {
    message: 'a CRM VIP lookup needs its HTTP address',
    path: ['vipLookupUrl'],
  });

export const queueUpdate = z.strictObject(
  Object.fromEntries(Object.entries(queueFields).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof typeof queueFields]: z.ZodOptional<(typeof queueFields)[K]>;
  },
);

export const vipNumber = z.object({
  id: z.string(),
  number: z.string(),
  isGlobal: z.boolean(),
  queueIds: z.array(z.string()),
  notes: z.string().nullable(),
});
export type VipNumber = z.infer<typeof vipNumber>;
export const vipNumberCreate = z
  .strictObject({
    number: z.string().regex(/^[0-9+*#]{1,32}$/, { message: 'a phone number' }),
    isGlobal: z.boolean().default(true),
    queueIds: z.array(uuid).max(500).default([]),
    notes: optionalText(200),
  })
  .refine((v) => v.isGlobal || v.queueIds.length > 0, { message: 'choose the queues of a non-global VIP', path: ['queueIds'] });
export const vipNumberUpdate = z.strictObject({
  isGlobal: z.boolean().optional(),
  queueIds: z.array(uuid).max(500).optional(),
  notes: optionalText(200),
});

export const busyReason = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  builtin: z.boolean(),
  sortOrder: z.number(),
});
export type BusyReasonDto = z.infer<typeof busyReason>;
export const busyReasonCreate = z.strictObject({
  code: z.string().regex(/^[a-z0-9-]{1,32}$/, { message: 'lower-case letters, digits and -' }),
  name: name(32),
  sortOrder: z.number().int().min(0).max(1000).default(10),
});
export const busyReasonUpdate = z.strictObject({
  name: name(32).optional(),
  sortOrder: z.number().int().min(0).max(1000).optional(),
});
