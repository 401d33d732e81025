import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AccessNumberDto, ScheduleDto } from '@rexian/contracts';
import { createTestApp, json, type TestApp } from '../../testing/test-app.ts';

type Err = { error: { code: string; message: string; details?: { issues?: { path: string }[]; numbers?: string } } };
const pathsOf = (r: { json(): unknown }) => ((r.json() as Err).error.details?.issues ?? []).map((i) => i.path).sort();

const office = {
  name: '总部工作时间',
  workingPeriods: [1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, start: '09:00', end: '12:00' },
    { weekday, start: '13:30', end: '18:00' },
  ]),
  holidays: [{ name: '国庆节', from: '2026-10-01', to: '2026-10-07' }],
  adjustedWorkingDays: [{ date: '2026-10-10', asWeekday: 5 }],
};

describe('schedules (时间定义)', () => {
  let t: TestApp;
  let admin: string;
  before(async () => {
    t = await createTestApp();
    admin = await t.adminCookie();
  });
  after(() => t.close());

  const post = (body: unknown) => t.request('POST', '/api/v1/schedules', { cookie: admin, body });

  it('creates a schedule in Asia/Shanghai by default and reads it back', async () => {
    const r = await post(office);
    assert.equal(r.statusCode, 201, r.body);
    const s = json<ScheduleDto>(r);
    assert.equal(s.timeZone, 'Asia/Shanghai');
    assert.equal(s.workingPeriods.length, 10);
    assert.deepEqual(s.holidays, office.holidays);
    assert.deepEqual(s.adjustedWorkingDays, office.adjustedWorkingDays);
    assert.equal(s.accessNumberCount, 0);
    const got = json<ScheduleDto>(await t.request('GET', `/api/v1/schedules/${s.id}`, { cookie: admin }));
    assert.deepEqual(got, s);
    const audit = json<{ items: { action: string; targetId: string }[] }>(
      await t.request('GET', '/api/v1/audit?action=schedule.create', { cookie: admin }),
    );
    assert.ok(audit.items.some((a) => a.targetId === s.id));
  });

  it('refuses an invalid schedule with every problem and its path', async () => {
    const r = await post({
      name: '坏的',
      timeZone: 'Mars/Olympus',
      workingPeriods: [
        { weekday: 8, start: '09:00', end: '18:00' },
        { weekday: 1, start: '25:00', end: '18:00' },
      ],
      holidays: [{ name: '倒过来', from: '2026-05-05', to: '2026-05-01' }],
      adjustedWorkingDays: [{ date: '2026-02-30', asWeekday: 1 }],
    });
    assert.equal(r.statusCode, 400);
    assert.equal(json<Err>(r).error.code, 'SCHEDULE_INVALID');
    assert.deepEqual(pathsOf(r), [
      'adjustedWorkingDays.0.date',
      'holidays.0.to',
      'timeZone',
      'workingPeriods.0.weekday',
      'workingPeriods.1.start',
    ]);
    assert.match(json<Err>(r).error.message, /^时间段设置有误：/);
    const en = await t.request('POST', '/api/v1/schedules', {
      cookie: admin,
      body: { name: 'x', timeZone: 'Nowhere/City' },
      headers: { 'accept-language': 'en-US' },
    });
    assert.match(json<Err>(en).error.message, /^The schedule is not valid: timeZone: unknown IANA zone/);
    // Shape errors are zod's: an unknown field is refused, never dropped.
    const extra = await post({ name: 'y', colour: 'red' });
    assert.equal(json<Err>(extra).error.code, 'VALIDATION_FAILED');
  });

  it('refuses a second schedule with the same name (any case)', async () => {
    assert.equal((await post({ name: 'Night Shift' })).statusCode, 201);
    const dup = await post({ name: 'night shift' });
    assert.equal(dup.statusCode, 409);
    assert.equal(json<Err>(dup).error.code, 'SCHEDULE_NAME_TAKEN');
  });

  it('lists with a search, changes fields and keeps the others', async () => {
    const list = json<ScheduleDto[]>(
      await t.request('GET', `/api/v1/schedules?q=${encodeURIComponent('总部')}`, { cookie: admin }),
    );
    assert.deepEqual(
      list.map((s) => s.name),
      ['总部工作时间'],
    );
    const id = list[0]?.id ?? '';
    const r = await t.request('PATCH', `/api/v1/schedules/${id}`, {
      cookie: admin,
      body: { timeZone: 'Asia/Urumqi', holidays: [{ name: '元旦', from: '2027-01-01' }] },
    });
    assert.equal(r.statusCode, 200, r.body);
    const s = json<ScheduleDto>(r);
    assert.equal(s.timeZone, 'Asia/Urumqi');
    assert.deepEqual(s.holidays, [{ name: '元旦', from: '2027-01-01' }]);
    assert.equal(s.workingPeriods.length, 10, 'unchanged');
    const bad = await t.request('PATCH', `/api/v1/schedules/${id}`, {
      cookie: admin,
      body: { workingPeriods: [{ weekday: 1, start: '9:00', end: '18:00' }] },
    });
    assert.deepEqual(pathsOf(bad), ['workingPeriods.0.start']);
    const missing = await t.request('GET', '/api/v1/schedules/00000000-0000-4000-8000-000000000000', { cookie: admin });
    assert.equal(missing.statusCode, 404);
    assert.equal(json<Err>(missing).error.code, 'SCHEDULE_NOT_FOUND');
  });

  it('cannot delete a schedule an access number routes by; can once it is free', async () => {
    const s = json<ScheduleDto>(await post({ name: '客服', workingPeriods: [{ weekday: 1, start: '08:00', end: '20:00' }] }));
    const a = await t.request('POST', '/api/v1/access-numbers', {
      cookie: admin,
      body: {
        number: '4008008800',
        callType: 'in',
        timeRouting: {
          enabled: true,
          scheduleId: s.id,
          workingHours: { kind: 'voicemail', mailboxId: '100' },
          afterHours: { kind: 'voicemail', mailboxId: '200' },
        },
      },
    });
    assert.equal(a.statusCode, 201, a.body);
    const used = json<ScheduleDto>(await t.request('GET', `/api/v1/schedules/${s.id}`, { cookie: admin }));
    assert.equal(used.accessNumberCount, 1);
    const refused = await t.request('DELETE', `/api/v1/schedules/${s.id}`, { cookie: admin });
    assert.equal(refused.statusCode, 409);
    assert.equal(json<Err>(refused).error.code, 'SCHEDULE_IN_USE');
    assert.equal(json<Err>(refused).error.details?.numbers, '4008008800');
    assert.match(json<Err>(refused).error.message, /4008008800/);

    const free = await t.request('PATCH', `/api/v1/access-numbers/${json<AccessNumberDto>(a).id}`, {
      cookie: admin,
      body: { timeRouting: null, target: { kind: 'voicemail', mailboxId: '100' } },
    });
    assert.equal(free.statusCode, 200, free.body);
    const ok = await t.request('DELETE', `/api/v1/schedules/${s.id}`, { cookie: admin });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal((await t.request('GET', `/api/v1/schedules/${s.id}`, { cookie: admin })).statusCode, 404);
  });
});
