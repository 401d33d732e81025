import { switchErrors } from '../errors.ts';

/** The default zone for schedules (the reference product is used in China; no DST since 1991). */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** Wall-clock fields of an instant in a zone. `weekday` is ISO: 1 = Monday … 7 = Sunday. */
export interface ZonedTime {
  date: string;
  weekday: number;
  minuteOfDay: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f) return f;
  try {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    });
  } catch {
    throw switchErrors.invalidTimeZone(timeZone);
  }
  formatters.set(timeZone, f);
  return f;
}

/** True when Intl knows the zone (used by validation, which must not throw). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * Converts an instant to wall-clock fields in `timeZone` with Intl, so DST rules come from the platform's
 * tz database rather than from offsets we would have to maintain.
 */
export function zonedTime(epochMs: number, timeZone: string): ZonedTime {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(epochMs))) parts[p.type] = p.value;
  const hour = Number(parts.hour) % 24;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? 0,
    minuteOfDay: hour * 60 + Number(parts.minute),
  };
}

/** The calendar date before `date` (YYYY-MM-DD), computed in UTC so no zone interferes. */
export function previousDate(date: string): string {
  const t = Date.parse(`${date}T00:00:00Z`) - 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** ISO weekday of a calendar date. */
export function weekdayOf(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}
