import type { ScheduleDto, scheduleCreate } from '@rexian/contracts';
import type { z } from 'zod';
import { defaultTimeZone, type Weekday, weekdays } from './dialplan-values.ts';

export type ScheduleInput = z.input<typeof scheduleCreate>;
export type PeriodFormValue = { weekday: number; start: string; end: string };
export type HolidayFormValue = { name: string; from: string; to?: string | null };
export type AdjustedDayFormValue = { date: string; asWeekday: number };

/** The schedule form (时间定义 §4.10.12); dates are `YYYY-MM-DD` and times `HH:MM` strings, as the API has them. */
export type ScheduleFormValues = {
  name: string;
  timeZone: string;
  workingPeriods: PeriodFormValue[];
  holidays: HolidayFormValue[];
  adjustedWorkingDays: AdjustedDayFormValue[];
  notes?: string | null;
};

export const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Monday to Friday, one period each: the usual starting point. */
export function workdayPeriods(start = '09:00', end = '18:00'): PeriodFormValue[] {
  return [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start, end }));
}

export const newScheduleValues = (): ScheduleFormValues => ({
  name: '',
  timeZone: defaultTimeZone,
  workingPeriods: workdayPeriods(),
  holidays: [],
  adjustedWorkingDays: [],
  notes: '',
});

export function scheduleToForm(s: ScheduleDto): ScheduleFormValues {
  return {
    name: s.name,
    timeZone: s.timeZone,
    workingPeriods: s.workingPeriods.map((p) => ({ ...p })),
    holidays: s.holidays.map((h) => ({ name: h.name, from: h.from, to: h.to ?? null })),
    adjustedWorkingDays: s.adjustedWorkingDays.map((d) => ({ ...d })),
    notes: s.notes,
  };
}

/** The body for POST and PATCH: a one-day holiday is sent without `to`; periods sorted by weekday and start. */
export function scheduleFromForm(v: ScheduleFormValues): ScheduleInput & { notes: string } {
  const periods = (v.workingPeriods ?? []).map((p) => ({ weekday: p.weekday, start: p.start.trim(), end: p.end.trim() }));
  periods.sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start));
  return {
    name: v.name.trim(),
    timeZone: v.timeZone || defaultTimeZone,
    workingPeriods: periods,
    holidays: (v.holidays ?? []).map((h) => {
      const to = h.to?.trim();
      return to && to !== h.from ? { name: h.name.trim(), from: h.from, to } : { name: h.name.trim(), from: h.from };
    }),
    adjustedWorkingDays: (v.adjustedWorkingDays ?? []).map((d) => ({ date: d.date, asWeekday: d.asWeekday })),
    notes: v.notes?.trim() ?? '',
  };
}

/**
 * The week at a glance for the list: weekdays with the same periods run together
 * (`周一–周五 09:00–12:00, 13:30–18:00`); days without periods are left out.
 */
export function summarizeWeek(periods: readonly PeriodFormValue[], dayLabel: (weekday: Weekday) => string): string[] {
  const byDay = new Map<number, string>();
  for (const d of weekdays) {
    const own = periods
      .filter((p) => p.weekday === d)
      .sort((a, b) => a.start.localeCompare(b.start))
      .map((p) => `${p.start}–${p.end}`);
    if (own.length > 0) byDay.set(d, own.join(', '));
  }
  const lines: string[] = [];
  let runStart: Weekday | null = null;
  for (let i = 0; i < weekdays.length; i++) {
    const day = weekdays[i] as Weekday;
    const text = byDay.get(day);
    if (text === undefined) continue;
    runStart ??= day;
    const next = weekdays[i + 1];
    if (next !== undefined && byDay.get(next) === text) continue;
    lines.push(`${runStart === day ? dayLabel(day) : `${dayLabel(runStart)}–${dayLabel(day)}`} ${text}`);
    runStart = null;
  }
  return lines;
}
