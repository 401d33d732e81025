import type { ConfigIssue } from '../errors.ts';
import { switchErrors } from '../errors.ts';
import { DEFAULT_TIME_ZONE, isValidTimeZone, previousDate, weekdayOf, zonedTime } from './zoned-time.ts';

/**
 * A working-hour period on one weekday (ISO 1 = Monday … 7 = Sunday), `HH:MM` to `HH:MM` local time,
 * end exclusive. When `end` is not after `start` the period runs past midnight into the next day
 * (a night shift 22:00–06:00); that spill-over belongs to the day the period started on.
 */
export interface WorkingPeriod {
  weekday: number;
  start: string;
  end: string;
}

/** A holiday: one date, or an inclusive range of dates (`to`), local to the schedule's zone. */
export interface Holiday {
  name: string;
  from: string;
  to?: string;
}

/** A weekend day worked in exchange for a holiday (调休); it uses the periods of weekday `asWeekday`. */
export interface AdjustedWorkingDay {
  date: string;
  asWeekday: number;
}

/** 时间定义 (§4.10.12): plain data with string ids so it can be stored as a row. */
export interface Schedule {
  id: string;
  name: string;
  /** IANA zone; defaults to Asia/Shanghai. */
  timeZone?: string;
  workingPeriods: WorkingPeriod[];
  holidays: Holiday[];
  adjustedWorkingDays: AdjustedWorkingDay[];
}

export type SchedulePeriod = 'working-hours' | 'after-hours' | 'holiday';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function minutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

function isDate(s: string): boolean {
  return DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
}

/** Every problem of a schedule at once (empty when valid); never throws. */
export function scheduleIssues(s: Schedule): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (s.id.trim() === '') issues.push({ path: 'id', message: 'required' });
  if (s.timeZone !== undefined && !isValidTimeZone(s.timeZone)) issues.push({ path: 'timeZone', message: 'unknown IANA zone' });
  s.workingPeriods.forEach((p, i) => {
    if (!Number.isInteger(p.weekday) || p.weekday < 1 || p.weekday > 7)
      issues.push({ path: `workingPeriods.${i}.weekday`, message: '1 (Monday) to 7 (Sunday)' });
    if (!HHMM.test(p.start)) issues.push({ path: `workingPeriods.${i}.start`, message: 'HH:MM' });
    if (!HHMM.test(p.end)) issues.push({ path: `workingPeriods.${i}.end`, message: 'HH:MM' });
  });
  s.holidays.forEach((h, i) => {
    if (!isDate(h.from)) issues.push({ path: `holidays.${i}.from`, message: 'YYYY-MM-DD' });
    if (h.to !== undefined && (!isDate(h.to) || h.to < h.from))
      issues.push({ path: `holidays.${i}.to`, message: 'a date on or after from' });
  });
  s.adjustedWorkingDays.forEach((d, i) => {
    if (!isDate(d.date)) issues.push({ path: `adjustedWorkingDays.${i}.date`, message: 'YYYY-MM-DD' });
    if (!Number.isInteger(d.asWeekday) || d.asWeekday < 1 || d.asWeekday > 7)
      issues.push({ path: `adjustedWorkingDays.${i}.asWeekday`, message: '1 (Monday) to 7 (Sunday)' });
  });
  return issues;
}

export function assertValidSchedule(s: Schedule): void {
  const issues = scheduleIssues(s);
  if (issues.length > 0) throw switchErrors.invalidConfig('schedule', issues);
}

function isHoliday(s: Schedule, date: string): boolean {
  return s.holidays.some((h) => date >= h.from && date <= (h.to ?? h.from));
}

/**
 * Which weekday's periods a date works by, or undefined for a day off. An adjusted working day beats a
 * holiday (it is the more specific entry: a single date named as worked), and a holiday beats the week.
 */
function workingWeekday(s: Schedule, date: string): number | undefined {
  const adjusted = s.adjustedWorkingDays.find((d) => d.date === date);
  if (adjusted) return adjusted.asWeekday;
  if (isHoliday(s, date)) return undefined;
  return weekdayOf(date);
}

/**
 * Classifies an instant: working hours, after hours, or holiday. A holiday date is `holiday` all day,
 * except that a night shift begun the evening before still counts as working hours (the shift belongs to
 * the day it started on). Evaluated in the schedule's zone, else `defaultTimeZone`, else Asia/Shanghai.
 */
export function classifyInstant(s: Schedule, epochMs: number, defaultTimeZone = DEFAULT_TIME_ZONE): SchedulePeriod {
  const local = zonedTime(epochMs, s.timeZone ?? defaultTimeZone);
  const today = workingWeekday(s, local.date);
  if (today !== undefined) {
    for (const p of s.workingPeriods) {
      if (p.weekday !== today) continue;
      const start = minutes(p.start);
      const end = minutes(p.end);
      const inside = end > start ? local.minuteOfDay >= start && local.minuteOfDay < end : local.minuteOfDay >= start;
      if (inside) return 'working-hours';
    }
  }
  const yesterday = workingWeekday(s, previousDate(local.date));
  if (yesterday !== undefined) {
    for (const p of s.workingPeriods) {
      if (p.weekday === yesterday && minutes(p.end) <= minutes(p.start) && local.minuteOfDay < minutes(p.end))
        return 'working-hours';
    }
  }
  return today === undefined && isHoliday(s, local.date) ? 'holiday' : 'after-hours';
}
