import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from '@rexian/kernel';
import type { Schedule } from './schedule.ts';
import { assertValidSchedule, classifyInstant, scheduleIssues } from './schedule.ts';
import { zonedTime } from './zoned-time.ts';

/** Shanghai is UTC+8 all year: local HH:MM on a date is that minus 8 hours in UTC. */
const sh = (date: string, hhmm: string) => Date.parse(`${date}T${hhmm}:00+08:00`);

const weekdays = [1, 2, 3, 4, 5];
const office: Schedule = {
  id: 's1',
  name: 'office',
  workingPeriods: weekdays.flatMap((weekday) => [
    { weekday, start: '09:00', end: '12:00' },
    { weekday, start: '13:30', end: '18:00' },
  ]),
  holidays: [
    { name: 'New Year', from: '2026-01-01' },
    { name: 'Spring Festival', from: '2026-02-16', to: '2026-02-22' },
  ],
  adjustedWorkingDays: [{ date: '2026-02-14', asWeekday: 1 }],
};

describe('schedule evaluation (Asia/Shanghai by default)', () => {
  it('working periods are start-inclusive and end-exclusive, with a lunch break', () => {
    // 2026-01-05 is a Monday.
    const cases: [string, string][] = [
      ['08:59', 'after-hours'],
      ['09:00', 'working-hours'],
      ['11:59', 'working-hours'],
      ['12:00', 'after-hours'],
      ['13:30', 'working-hours'],
      ['17:59', 'working-hours'],
      ['18:00', 'after-hours'],
    ];
    for (const [hhmm, want] of cases) assert.equal(classifyInstant(office, sh('2026-01-05', hhmm)), want, hhmm);
  });

  it('weekends are after hours', () => {
    assert.equal(classifyInstant(office, sh('2026-01-10', '10:00')), 'after-hours');
    assert.equal(classifyInstant(office, sh('2026-01-11', '10:00')), 'after-hours');
  });

  it('holidays (single dates and ranges) override weekday periods all day', () => {
    assert.equal(classifyInstant(office, sh('2026-01-01', '10:00')), 'holiday'); // a Thursday
    assert.equal(classifyInstant(office, sh('2026-01-01', '00:00')), 'holiday');
    assert.equal(classifyInstant(office, sh('2026-02-16', '10:00')), 'holiday'); // first day of the range
    assert.equal(classifyInstant(office, sh('2026-02-22', '23:59')), 'holiday'); // last day, inclusive
    assert.equal(classifyInstant(office, sh('2026-02-23', '10:00')), 'working-hours'); // the Monday after
    assert.equal(classifyInstant(office, sh('2026-01-02', '10:00')), 'working-hours');
  });

  it('an adjusted working day works a weekend day with the named weekday periods', () => {
    // 2026-02-14 is a Saturday worked as a Monday.
    assert.equal(classifyInstant(office, sh('2026-02-14', '10:00')), 'working-hours');
    assert.equal(classifyInstant(office, sh('2026-02-14', '12:30')), 'after-hours');
    assert.equal(classifyInstant(office, sh('2026-02-07', '10:00')), 'after-hours'); // an ordinary Saturday
  });

  it('an adjusted working day beats a holiday range covering it', () => {
    const s: Schedule = { ...office, adjustedWorkingDays: [{ date: '2026-02-18', asWeekday: 3 }] };
    assert.equal(classifyInstant(s, sh('2026-02-18', '10:00')), 'working-hours');
    assert.equal(classifyInstant(s, sh('2026-02-18', '20:00')), 'after-hours');
    assert.equal(classifyInstant(s, sh('2026-02-19', '10:00')), 'holiday');
  });

  it('a night shift runs across midnight and belongs to the day it started', () => {
    const night: Schedule = {
      id: 'n',
      name: 'night',
      workingPeriods: [{ weekday: 1, start: '22:00', end: '06:00' }],
      holidays: [],
      adjustedWorkingDays: [],
    };
    assert.equal(classifyInstant(night, sh('2026-01-05', '21:59')), 'after-hours');
    assert.equal(classifyInstant(night, sh('2026-01-05', '22:00')), 'working-hours');
    assert.equal(classifyInstant(night, sh('2026-01-05', '23:59')), 'working-hours');
    assert.equal(classifyInstant(night, sh('2026-01-06', '00:00')), 'working-hours');
    assert.equal(classifyInstant(night, sh('2026-01-06', '05:59')), 'working-hours');
    assert.equal(classifyInstant(night, sh('2026-01-06', '06:00')), 'after-hours');
    assert.equal(classifyInstant(night, sh('2026-01-06', '22:30')), 'after-hours'); // Tuesday has no shift
    assert.equal(classifyInstant(night, sh('2026-01-05', '03:00')), 'after-hours'); // Sunday had no shift
    // Tuesday a holiday: Monday's shift still ends at 06:00, then the day is a holiday.
    const tueOff = { ...night, holidays: [{ name: 'x', from: '2026-01-06' }] };
    assert.equal(classifyInstant(tueOff, sh('2026-01-06', '03:00')), 'working-hours');
    assert.equal(classifyInstant(tueOff, sh('2026-01-06', '07:00')), 'holiday');
    // Monday a holiday: no shift starts, and its spill-over into Tuesday is gone too.
    const monOff = { ...night, holidays: [{ name: 'x', from: '2026-01-05' }] };
    assert.equal(classifyInstant(monOff, sh('2026-01-05', '23:00')), 'holiday');
    assert.equal(classifyInstant(monOff, sh('2026-01-06', '03:00')), 'after-hours');
  });
});

describe('schedule evaluation in a DST zone (Europe/Berlin)', () => {
  const berlin: Schedule = {
    id: 'b',
    name: 'berlin',
    timeZone: 'Europe/Berlin',
    workingPeriods: [
      { weekday: 1, start: '09:00', end: '17:00' },
      { weekday: 7, start: '01:00', end: '04:00' },
    ],
    holidays: [],
    adjustedWorkingDays: [],
  };

  it('09:00 local is 08:00 UTC in winter and 07:00 UTC in summer', () => {
    // DST began Sunday 2026-03-29 at 01:00 UTC.
    assert.equal(classifyInstant(berlin, Date.parse('2026-03-23T07:30:00Z')), 'after-hours'); // 08:30 CET
    assert.equal(classifyInstant(berlin, Date.parse('2026-03-23T08:00:00Z')), 'working-hours'); // 09:00 CET
    assert.equal(classifyInstant(berlin, Date.parse('2026-03-30T07:00:00Z')), 'working-hours'); // 09:00 CEST
    assert.equal(classifyInstant(berlin, Date.parse('2026-03-30T06:59:00Z')), 'after-hours'); // 08:59 CEST
    assert.equal(classifyInstant(berlin, Date.parse('2026-03-30T15:00:00Z')), 'after-hours'); // 17:00 CEST
    // DST ended Sunday 2026-10-25: back to UTC+1.
    assert.equal(classifyInstant(berlin, Date.parse('2026-10-26T07:30:00Z')), 'after-hours'); // 08:30 CET
    assert.equal(classifyInstant(berlin, Date.parse('2026-10-26T15:59:00Z')), 'working-hours'); // 16:59 CET
  });

  it('on the transition night the skipped hour does not exist and local time jumps', () => {
    assert.deepEqual(zonedTime(Date.parse('2026-03-29T00:59:00Z'), 'Europe/Berlin'), {
      date: '2026-03-29',
      weekday: 7,
      minuteOfDay: 119,
    });
    assert.deepEqual(zonedTime(Date.parse('2026-03-29T01:00:00Z'), 'Europe/Berlin'), {
      date: '2026-03-29',
      weekday: 7,
      minuteOfDay: 180,
    });
    assert.equal(classifyInstant(berlin, Date.parse('2026-03-29T00:30:00Z')), 'working-hours'); // 01:30 CET
    assert.equal(classifyInstant(berlin, Date.parse('2026-03-29T01:30:00Z')), 'working-hours'); // 03:30 CEST
    assert.equal(classifyInstant(berlin, Date.parse('2026-03-29T02:00:00Z')), 'after-hours'); // 04:00 CEST
  });

  it('the default zone is configurable; the schedule zone wins over it', () => {
    const noZone: Schedule = { ...berlin, timeZone: undefined };
    const t = Date.parse('2026-01-05T08:30:00Z'); // Monday: 09:30 Berlin, 16:30 Shanghai
    assert.equal(classifyInstant(noZone, t), 'working-hours');
    assert.equal(classifyInstant(noZone, Date.parse('2026-01-05T10:00:00Z')), 'after-hours'); // 18:00 Shanghai
    assert.equal(classifyInstant(noZone, Date.parse('2026-01-05T10:00:00Z'), 'Europe/Berlin'), 'working-hours');
    assert.equal(classifyInstant(berlin, Date.parse('2026-01-05T10:00:00Z'), 'Asia/Shanghai'), 'working-hours');
  });
});

describe('schedule validation', () => {
  it('accepts the office schedule', () => {
    assert.deepEqual(scheduleIssues(office), []);
    assertValidSchedule(office);
  });

  it('lists every problem with its path', () => {
    const bad: Schedule = {
      id: '',
      name: 'x',
      timeZone: 'Mars/Olympus',
      workingPeriods: [{ weekday: 0, start: '9:00', end: '24:00' }],
      holidays: [
        { name: 'a', from: '2026-02-30' },
        { name: 'b', from: '2026-03-05', to: '2026-03-01' },
      ],
      adjustedWorkingDays: [{ date: '2026-13-01', asWeekday: 8 }],
    };
    assert.deepEqual(
      scheduleIssues(bad).map((i) => i.path),
      [
        'id',
        'timeZone',
        'workingPeriods.0.weekday',
        'workingPeriods.0.start',
        'workingPeriods.0.end',
        'holidays.0.from',
        'holidays.1.to',
        'adjustedWorkingDays.0.date',
        'adjustedWorkingDays.0.asWeekday',
      ],
    );
    assert.throws(
      () => assertValidSchedule(bad),
      (e) => isAppError(e) && e.code === 'SWITCH_INVALID_CONFIG' && e.category === 'invalid',
    );
  });

  it('an unknown zone at evaluation is a typed error', () => {
    assert.throws(
      () => classifyInstant(office, 0, 'Nowhere/Land'),
      (e) => isAppError(e) && e.code === 'SWITCH_INVALID_TIME_ZONE',
    );
  });
});
