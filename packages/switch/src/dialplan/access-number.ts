import type { ConfigIssue } from '../errors.ts';
import { switchErrors } from '../errors.ts';
import type { Schedule, SchedulePeriod } from './schedule.ts';
import { classifyInstant } from './schedule.ts';

/** Where an inbound call to an access number goes. IVR and queue targets become live when those land. */
export type CallTarget =
  | { kind: 'extension'; extension: string }
  | { kind: 'ivr'; ivrId: string }
  | { kind: 'queue'; queueId: string }
  | { kind: 'voicemail'; mailboxId: string };

/** 呼入 / 呼出 / 呼入呼出. */
export type AccessNumberCallType = 'in' | 'out' | 'both';

/** 接入号 (§4.6.9): plain data with string ids so a database can store it. */
export interface AccessNumber {
  id: string;
  number: string;
  callType: AccessNumberCallType;
  vip: boolean;
  /** The target when time-based routing is off (and the fallback for a missing period target). */
  target?: CallTarget;
  /** 启用分时段业务: a different target for working hours, after hours and holidays. */
  timeRouting?: {
    enabled: boolean;
    scheduleId: string;
    workingHours: CallTarget;
    afterHours: CallTarget;
    /** Holidays fall back to the after-hours target when not set. */
    holiday?: CallTarget;
  };
}

const NUMBER = /^\+?[0-9*#]{1,32}$/;

function targetIssues(t: CallTarget, path: string): ConfigIssue[] {
  const value = t.kind === 'extension' ? t.extension : t.kind === 'ivr' ? t.ivrId : t.kind === 'queue' ? t.queueId : t.mailboxId;
  if (!['extension', 'ivr', 'queue', 'voicemail'].includes(t.kind))
    return [{ path: `${path}.kind`, message: 'unknown target kind' }];
  if (typeof value !== 'string' || value.trim() === '') return [{ path, message: `${t.kind} target needs an id` }];
  return [];
}

/** Every problem at once (empty when valid); never throws. */
export function accessNumberIssues(a: AccessNumber, schedules: readonly Pick<Schedule, 'id'>[] = []): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (a.id.trim() === '') issues.push({ path: 'id', message: 'required' });
  if (!NUMBER.test(a.number)) issues.push({ path: 'number', message: 'digits, * or #, optional leading +' });
  if (!['in', 'out', 'both'].includes(a.callType)) issues.push({ path: 'callType', message: 'in, out or both' });
  const inbound = a.callType !== 'out';
  const tr = a.timeRouting;
  if (a.target) issues.push(...targetIssues(a.target, 'target'));
  else if (inbound && !tr?.enabled) issues.push({ path: 'target', message: 'required for an inbound access number' });
  if (tr) {
    if (!schedules.some((s) => s.id === tr.scheduleId))
      issues.push({ path: 'timeRouting.scheduleId', message: 'unknown schedule' });
    issues.push(
      ...targetIssues(tr.workingHours, 'timeRouting.workingHours'),
      ...targetIssues(tr.afterHours, 'timeRouting.afterHours'),
    );
    if (tr.holiday) issues.push(...targetIssues(tr.holiday, 'timeRouting.holiday'));
  }
  return issues;
}

export function assertValidAccessNumber(a: AccessNumber, schedules: readonly Pick<Schedule, 'id'>[] = []): void {
  const issues = accessNumberIssues(a, schedules);
  if (issues.length > 0) throw switchErrors.invalidConfig('access number', issues);
}

/** Numbers compare without a leading '+', so `+8610…` and `8610…` are one access number. */
export function normalizeNumber(n: string): string {
  return n.startsWith('+') ? n.slice(1) : n;
}

/** The inbound access number a dialled number reaches (type in or both), or undefined. */
export function findInboundAccessNumber(list: readonly AccessNumber[], dialled: string): AccessNumber | undefined {
  const n = normalizeNumber(dialled);
  return list.find((a) => a.callType !== 'out' && normalizeNumber(a.number) === n);
}

export interface InboundDecision {
  accessNumber: AccessNumber;
  target: CallTarget;
  /** The schedule period used, when time-based routing decided. */
  period?: SchedulePeriod;
  vip: boolean;
}

/**
 * Where a call to `dialled` goes at `epochMs`: the access number's target, or with time-based routing on,
 * the target of the schedule's current period.
 */
export function routeInbound(options: {
  accessNumbers: readonly AccessNumber[];
  schedules: readonly Schedule[];
  dialled: string;
  epochMs: number;
  defaultTimeZone?: string;
}): InboundDecision {
  const a = findInboundAccessNumber(options.accessNumbers, options.dialled);
  if (!a) throw switchErrors.accessNumberNotFound(options.dialled);
  const tr = a.timeRouting;
  if (tr?.enabled) {
    const schedule = options.schedules.find((s) => s.id === tr.scheduleId);
    if (!schedule)
      throw switchErrors.invalidConfig('access number', [{ path: 'timeRouting.scheduleId', message: 'unknown schedule' }]);
    const period = classifyInstant(schedule, options.epochMs, options.defaultTimeZone);
    const target =
      period === 'working-hours' ? tr.workingHours : period === 'holiday' ? (tr.holiday ?? tr.afterHours) : tr.afterHours;
    return { accessNumber: a, target, period, vip: a.vip };
  }
  if (!a.target) throw switchErrors.invalidConfig('access number', [{ path: 'target', message: 'required' }]);
  return { accessNumber: a, target: a.target, vip: a.vip };
}
