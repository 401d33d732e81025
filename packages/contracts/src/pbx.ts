import { z } from 'zod';
import { name, pageQuery, uuid } from './common.ts';
import { codecNames } from './extensions.ts';

/**
 * The PBX dial plan: schedules (时间定义 §4.10.12), access numbers (接入号 §4.6.9), SIP trunks (中继) and
 * outbound routes (外呼路由). The shapes mirror `@rexian/switch`'s dial-plan types (contracts may not import
 * it; the server maps one onto the other with the compiler checking). Zod checks shape and sizes only; the
 * switch's own validators (`scheduleIssues`, `accessNumberIssues`, `trunkIssues`, `outboundRouteIssues`)
 * decide what is valid and answer with every problem and its path (SCHEDULE_INVALID and friends).
 */

const notes = z.string().trim().max(500);
const timestamps = { createdAt: z.string(), updatedAt: z.string() };

// ── Schedules ────────────────────────────────────────────────────────────────────────────────────────

/** ISO weekday 1 (Monday) … 7 (Sunday); `HH:MM` local time, end exclusive; end ≤ start runs past midnight. */
export const workingPeriod = z.strictObject({ weekday: z.number().int(), start: z.string().max(5), end: z.string().max(5) });
export const holiday = z.strictObject({
  name: z.string().trim().max(64),
  from: z.string().max(10),
  to: z.string().max(10).optional(),
});
/** 调休: a day off that is worked, with the periods of weekday `asWeekday`. */
export const adjustedWorkingDay = z.strictObject({ date: z.string().max(10), asWeekday: z.number().int() });
export type WorkingPeriodDto = z.infer<typeof workingPeriod>;
export type HolidayDto = z.infer<typeof holiday>;
export type AdjustedWorkingDayDto = z.infer<typeof adjustedWorkingDay>;

export const defaultScheduleTimeZone = 'Asia/Shanghai';

export const schedule = z.object({
  id: z.string(),
  name: z.string(),
  timeZone: z.string(),
  workingPeriods: z.array(workingPeriod),
  holidays: z.array(holiday),
  adjustedWorkingDays: z.array(adjustedWorkingDay),
  notes: z.string(),
  /** Access numbers whose time-based routing uses this schedule (it cannot be deleted while > 0). */
  accessNumberCount: z.number().int(),
  ...timestamps,
});
export type ScheduleDto = z.infer<typeof schedule>;

const scheduleFields = {
  name: name(64),
  timeZone: z.string().trim().min(1).max(64),
  workingPeriods: z.array(workingPeriod).max(200),
  holidays: z.array(holiday).max(500),
  adjustedWorkingDays: z.array(adjustedWorkingDay).max(200),
  notes,
};
export const scheduleCreate = z.strictObject({
  name: scheduleFields.name,
  timeZone: scheduleFields.timeZone.default(defaultScheduleTimeZone),
  workingPeriods: scheduleFields.workingPeriods.default([]),
  holidays: scheduleFields.holidays.default([]),
  adjustedWorkingDays: scheduleFields.adjustedWorkingDays.default([]),
  notes: scheduleFields.notes.default(''),
});
export const scheduleUpdate = z.strictObject({
  name: scheduleFields.name.optional(),
  timeZone: scheduleFields.timeZone.optional(),
  workingPeriods: scheduleFields.workingPeriods.optional(),
  holidays: scheduleFields.holidays.optional(),
  adjustedWorkingDays: scheduleFields.adjustedWorkingDays.optional(),
  notes: scheduleFields.notes.optional(),
});
export const scheduleQuery = pageQuery.pick({ q: true });

// ── Access numbers ───────────────────────────────────────────────────────────────────────────────────

export const accessNumberCallTypes = ['in', 'out', 'both'] as const;
export const callTargetKinds = ['extension', 'ivr', 'queue', 'voicemail'] as const;

/** Where an inbound call goes: an extension (by number), an IVR configuration, a queue (by id) or a mailbox. */
export const callTarget = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('extension'), extension: z.string().trim().max(32) }),
  z.strictObject({ kind: z.literal('ivr'), ivrId: z.string().trim().max(64) }),
  z.strictObject({ kind: z.literal('queue'), queueId: z.string().trim().max(64) }),
  z.strictObject({ kind: z.literal('voicemail'), mailboxId: z.string().trim().max(32) }),
]);
export type CallTargetDto = z.infer<typeof callTarget>;

/** 启用分时段业务: one target for working hours, one after hours, and optionally one for holidays. */
export const timeRouting = z.strictObject({
  enabled: z.boolean(),
  scheduleId: uuid,
  workingHours: callTarget,
  afterHours: callTarget,
  /** Null: holidays take the after-hours target. */
  holiday: callTarget.nullable().default(null),
});
export type TimeRoutingDto = z.infer<typeof timeRouting>;

export const accessNumber = z.object({
  id: z.string(),
  number: z.string(),
  callType: z.enum(accessNumberCallTypes),
  vip: z.boolean(),
  target: callTarget.nullable(),
  timeRouting: z
    .object({
      enabled: z.boolean(),
      scheduleId: z.string(),
      scheduleName: z.string(),
      workingHours: callTarget,
      afterHours: callTarget,
      holiday: callTarget.nullable(),
    })
    .nullable(),
  notes: z.string(),
  ...timestamps,
});
export type AccessNumberDto = z.infer<typeof accessNumber>;

export const accessNumberCreate = z.strictObject({
  number: z.string().trim().max(33),
  callType: z.enum(accessNumberCallTypes).default('both'),
  vip: z.boolean().default(false),
  target: callTarget.nullable().default(null),
  timeRouting: timeRouting.nullable().default(null),
  notes: notes.default(''),
});
/** The number is fixed once saved (CDRs and campaigns name it); delete and add to change it. */
export const accessNumberUpdate = z.strictObject({
  callType: z.enum(accessNumberCallTypes).optional(),
  vip: z.boolean().optional(),
  target: callTarget.nullable().optional(),
  timeRouting: timeRouting.nullable().optional(),
  notes: notes.optional(),
});
export const accessNumberQuery = pageQuery.extend({
  callType: z.enum(accessNumberCallTypes).optional(),
  vip: z.enum(['true', 'false']).optional(),
  scheduleId: uuid.optional(),
});

/** What the access-number form may point at, readable with the dial-plan permission alone. */
export const callTargetOptions = z.object({
  extensions: z.array(z.object({ value: z.string(), label: z.string() })),
  ivrConfigs: z.array(z.object({ value: z.string(), label: z.string() })),
  queues: z.array(z.object({ value: z.string(), label: z.string() })),
});
export type CallTargetOptions = z.infer<typeof callTargetOptions>;

// ── Trunks ───────────────────────────────────────────────────────────────────────────────────────────

export const trunkTransports = ['udp', 'tcp', 'tls'] as const;
export const trunkAuthModes = ['register', 'ip'] as const;
export const trunkRegistrationStates = ['registered', 'registering', 'failed', 'not-required', 'unknown'] as const;

const callerIdNumber = z.string().regex(/^\+?[0-9]{1,32}$/, { message: 'digits with an optional leading +' });

/** The password is write-only: `hasPassword` says whether one is stored; no answer ever contains it. */
export const trunk = z.object({
  id: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  host: z.string(),
  port: z.number().int(),
  transport: z.enum(trunkTransports),
  authMode: z.enum(trunkAuthModes),
  username: z.string().nullable(),
  hasPassword: z.boolean(),
  /** The digest realm the trunk answers challenges for; null: the host. */
  realm: z.string().nullable(),
  registerExpirySeconds: z.number().int(),
  inboundAddresses: z.array(z.string()),
  maxChannels: z.number().int(),
  callerId: z.string().nullable(),
  codecs: z.array(z.string()),
  notes: z.string(),
  /** Outbound routes that use this trunk (it cannot be deleted while > 0). */
  routeCount: z.number().int(),
  ...timestamps,
});
export type TrunkDto = z.infer<typeof trunk>;

const trunkFields = {
  name: name(64),
  enabled: z.boolean(),
  host: z.string().trim().min(1).max(253),
  port: z.number().int().min(1).max(65535),
  transport: z.enum(trunkTransports),
  authMode: z.enum(trunkAuthModes),
  username: z.string().trim().min(1).max(128).nullable(),
  /** Set a new password; null removes it (IP peers only). */
  password: z.string().min(1).max(128).nullable(),
  /**
   * The digest realm the carrier challenges with, when it is not the host (Asterisk's and FreeSWITCH's
   * `realm`); null: the host. Printed inside quotes in Authorization, so no spaces, quotes or backslashes.
   */
  realm: z
    .string()
    .trim()
    .regex(/^[\x21\x23-\x5b\x5d-\x7e]{1,128}$/, { message: '1-128 printable characters without spaces, quotes or backslashes' })
    .nullable(),
  registerExpirySeconds: z.number().int().min(60).max(86400),
  inboundAddresses: z.array(z.string().trim().max(43)).max(50),
  maxChannels: z.number().int().min(0).max(100000),
  callerId: callerIdNumber.nullable(),
  codecs: z.array(z.enum(codecNames)).min(1).max(5),
  notes,
};
export const trunkCreate = z.strictObject({
  name: trunkFields.name,
  enabled: trunkFields.enabled.default(true),
  host: trunkFields.host,
  port: trunkFields.port.default(5060),
  transport: trunkFields.transport.default('udp'),
  authMode: trunkFields.authMode,
  username: trunkFields.username.default(null),
  password: trunkFields.password.default(null),
  realm: trunkFields.realm.default(null),
  registerExpirySeconds: trunkFields.registerExpirySeconds.default(3600),
  inboundAddresses: trunkFields.inboundAddresses.default([]),
  maxChannels: trunkFields.maxChannels.default(0),
  callerId: trunkFields.callerId.default(null),
  codecs: trunkFields.codecs.default(['PCMA', 'PCMU', 'telephone-event']),
  notes: trunkFields.notes.default(''),
});
/** Omitted fields stay as they are; an omitted password keeps the stored one. */
export const trunkUpdate = z.strictObject({
  name: trunkFields.name.optional(),
  enabled: trunkFields.enabled.optional(),
  host: trunkFields.host.optional(),
  port: trunkFields.port.optional(),
  transport: trunkFields.transport.optional(),
  authMode: trunkFields.authMode.optional(),
  username: trunkFields.username.optional(),
  password: trunkFields.password.optional(),
  realm: trunkFields.realm.optional(),
  registerExpirySeconds: trunkFields.registerExpirySeconds.optional(),
  inboundAddresses: trunkFields.inboundAddresses.optional(),
  maxChannels: trunkFields.maxChannels.optional(),
  callerId: trunkFields.callerId.optional(),
  codecs: trunkFields.codecs.optional(),
  notes: trunkFields.notes.optional(),
});
export const trunkQuery = pageQuery.pick({ q: true }).extend({
  enabled: z.enum(['true', 'false']).optional(),
  authMode: z.enum(trunkAuthModes).optional(),
});

/** A trunk's live state: the table's row merged with what the running switch reports. */
export const trunkStatus = z.object({
  trunkId: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  authMode: z.enum(trunkAuthModes),
  registration: z.enum(trunkRegistrationStates),
  activeChannels: z.number().int(),
  maxChannels: z.number().int(),
  lastError: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type TrunkStatusDto = z.infer<typeof trunkStatus>;

// ── Outbound routes ──────────────────────────────────────────────────────────────────────────────────

export const dialRuleKinds = ['exact', 'prefix', 'pattern'] as const;
/** `exact` and `prefix` take digits; `pattern` is Asterisk's `_NXX.` syntax. */
export const dialRule = z.strictObject({ kind: z.enum(dialRuleKinds), value: z.string().trim().max(64) });
export type DialRuleDto = z.infer<typeof dialRule>;

export const outboundRoute = z.object({
  id: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  rules: z.array(dialRule),
  /** Trunks in failover order. */
  trunkIds: z.array(z.string()),
  trunkNames: z.array(z.string()),
  callerIdAccessNumberId: z.string().nullable(),
  callerIdNumber: z.string().nullable(),
  stripDigits: z.number().int(),
  prepend: z.string(),
  sortOrder: z.number().int(),
  notes: z.string(),
  ...timestamps,
});
export type OutboundRouteDto = z.infer<typeof outboundRoute>;

const routeFields = {
  name: name(64),
  enabled: z.boolean(),
  rules: z.array(dialRule).max(100),
  trunkIds: z.array(uuid).max(20),
  callerIdAccessNumberId: uuid.nullable(),
  stripDigits: z.number().int().min(0).max(32),
  prepend: z.string().trim().max(32),
  sortOrder: z.number().int().min(-100000).max(100000),
  notes,
};
export const outboundRouteCreate = z.strictObject({
  name: routeFields.name,
  enabled: routeFields.enabled.default(true),
  rules: routeFields.rules,
  trunkIds: routeFields.trunkIds,
  callerIdAccessNumberId: routeFields.callerIdAccessNumberId.default(null),
  stripDigits: routeFields.stripDigits.default(0),
  prepend: routeFields.prepend.default(''),
  sortOrder: routeFields.sortOrder.default(0),
  notes: routeFields.notes.default(''),
});
export const outboundRouteUpdate = z.strictObject({
  name: routeFields.name.optional(),
  enabled: routeFields.enabled.optional(),
  rules: routeFields.rules.optional(),
  trunkIds: routeFields.trunkIds.optional(),
  callerIdAccessNumberId: routeFields.callerIdAccessNumberId.optional(),
  stripDigits: routeFields.stripDigits.optional(),
  prepend: routeFields.prepend.optional(),
  sortOrder: routeFields.sortOrder.optional(),
  notes: routeFields.notes.optional(),
});
export const outboundRouteQuery = pageQuery.pick({ q: true }).extend({
  enabled: z.enum(['true', 'false']).optional(),
  trunkId: uuid.optional(),
});

/** One problem found by the switch's validators, with its path in the request body (`rules.0`). */
export const dialplanIssue = z.object({ path: z.string(), message: z.string() });
export type DialplanIssue = z.infer<typeof dialplanIssue>;
