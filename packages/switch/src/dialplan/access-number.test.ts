import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from '@rexian/kernel';
import type { AccessNumber } from './access-number.ts';
import { accessNumberIssues, assertValidAccessNumber, findInboundAccessNumber, routeInbound } from './access-number.ts';
import type { Schedule } from './schedule.ts';

const schedule: Schedule = {
  id: 'office',
  name: 'office',
  workingPeriods: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '18:00' })),
  holidays: [{ name: 'National Day', from: '2026-10-01', to: '2026-10-07' }],
  adjustedWorkingDays: [],
};

const hotline: AccessNumber = {
  id: 'a1',
  number: '4008001234',
  callType: 'both',
  vip: false,
  timeRouting: {
    enabled: true,
    scheduleId: 'office',
    workingHours: { kind: 'queue', queueId: 'sales' },
    afterHours: { kind: 'ivr', ivrId: 'closed-menu' },
    holiday: { kind: 'voicemail', mailboxId: 'mb1' },
  },
};
const vip: AccessNumber = {
  id: 'a2',
  number: '+862188880000',
  callType: 'in',
  vip: true,
  target: { kind: 'extension', extension: '8001' },
};
const outOnly: AccessNumber = { id: 'a3', number: '01088886666', callType: 'out', vip: false };
const all = [hotline, vip, outOnly];

const sh = (date: string, hhmm: string) => Date.parse(`${date}T${hhmm}:00+08:00`);
const route = (dialled: string, at: number) => routeInbound({ accessNumbers: all, schedules: [schedule], dialled, epochMs: at });

describe('inbound routing by access number', () => {
  it('picks the target of the schedule period', () => {
    assert.deepEqual(route('4008001234', sh('2026-09-30', '10:00')).target, { kind: 'queue', queueId: 'sales' });
    assert.equal(route('4008001234', sh('2026-09-30', '10:00')).period, 'working-hours');
    assert.deepEqual(route('4008001234', sh('2026-09-30', '19:00')).target, { kind: 'ivr', ivrId: 'closed-menu' });
    assert.deepEqual(route('4008001234', sh('2026-10-05', '10:00')).target, { kind: 'voicemail', mailboxId: 'mb1' }); // a Monday in the holiday
  });

  it('a holiday without its own target falls back to the after-hours target', () => {
    const tr = hotline.timeRouting;
    assert.ok(tr);
    const { holiday: _h, ...noHoliday } = tr;
    const a = { ...hotline, timeRouting: noHoliday };
    const d = routeInbound({
      accessNumbers: [a],
      schedules: [schedule],
      dialled: '4008001234',
      epochMs: sh('2026-10-05', '10:00'),
    });
    assert.deepEqual([d.period, d.target], ['holiday', { kind: 'ivr', ivrId: 'closed-menu' }]);
  });

  it('time routing switched off uses the plain target; VIP is reported; a leading + is ignored', () => {
    const d = route('862188880000', sh('2026-09-30', '23:00'));
    assert.deepEqual(d.target, { kind: 'extension', extension: '8001' });
    assert.equal(d.vip, true);
    assert.equal(d.period, undefined);
  });

  it('outbound-only and unknown numbers are not inbound entry points', () => {
    assert.equal(findInboundAccessNumber(all, '01088886666'), undefined);
    assert.throws(
      () => route('01088886666', 0),
      (e) => isAppError(e) && e.code === 'SWITCH_ACCESS_NUMBER_NOT_FOUND',
    );
    assert.throws(
      () => route('999', 0),
      (e) => isAppError(e) && e.code === 'SWITCH_ACCESS_NUMBER_NOT_FOUND',
    );
  });
});

describe('access number validation', () => {
  it('accepts valid numbers of each type', () => {
    for (const a of all) assert.deepEqual(accessNumberIssues(a, [schedule]), [], a.id);
  });

  it('reports each problem with its path', () => {
    const bad = {
      id: 'x',
      number: '400-800',
      callType: 'sideways',
      vip: false,
      timeRouting: {
        enabled: true,
        scheduleId: 'missing',
        workingHours: { kind: 'queue', queueId: '' },
        afterHours: { kind: 'fax', faxId: '1' },
      },
    } as unknown as AccessNumber;
    assert.deepEqual(
      accessNumberIssues(bad, [schedule]).map((i) => i.path),
      ['number', 'callType', 'timeRouting.scheduleId', 'timeRouting.workingHours', 'timeRouting.afterHours.kind'],
    );
  });

  it('an inbound number needs a target unless time routing is on', () => {
    const a: AccessNumber = { id: 'y', number: '100', callType: 'in', vip: false };
    assert.deepEqual(
      accessNumberIssues(a).map((i) => i.path),
      ['target'],
    );
    assert.throws(
      () => assertValidAccessNumber(a),
      (e) => isAppError(e) && e.code === 'SWITCH_INVALID_CONFIG',
    );
    assert.deepEqual(accessNumberIssues({ ...a, callType: 'out' }), []);
  });
});
