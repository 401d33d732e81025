import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type AccessNumberDto,
  accessNumberCreate,
  outboundRouteCreate,
  type ScheduleDto,
  scheduleCreate,
  type TrunkDto,
  trunkCreate,
  trunkUpdate,
} from '@rexian/contracts';
import {
  accessNumberFromForm,
  accessNumberToForm,
  newAccessNumberValues,
  targetFromForm,
  targetToForm,
} from '../src/features/dialplan/access-number-values.ts';
import { blankToNull, defaultTimeZone, timeZoneOptions } from '../src/features/dialplan/dialplan-values.ts';
import { newRouteValues, rewritePreview, routeFromForm, ruleText } from '../src/features/dialplan/route-values.ts';
import {
  HHMM,
  newScheduleValues,
  scheduleFromForm,
  scheduleToForm,
  summarizeWeek,
  workdayPeriods,
} from '../src/features/dialplan/schedule-values.ts';
import {
  channelsText,
  newTrunkValues,
  statusById,
  trunkCreateFromForm,
  trunkToForm,
  trunkUpdateFromForm,
} from '../src/features/dialplan/trunk-values.ts';

const zh = (d: number) => ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'][d] ?? '?';

test('a new schedule starts in Asia/Shanghai with Monday to Friday 09:00–18:00', () => {
  const v = newScheduleValues();
  assert.equal(v.timeZone, 'Asia/Shanghai');
  assert.deepEqual(
    v.workingPeriods.map((p) => p.weekday),
    [1, 2, 3, 4, 5],
  );
  assert.equal(timeZoneOptions()[0], defaultTimeZone);
  assert.ok(timeZoneOptions().includes('Europe/Berlin'), 'the platform’s zones follow');
  assert.equal(new Set(timeZoneOptions()).size, timeZoneOptions().length, 'the default is not listed twice');
  assert.ok(HHMM.test('23:59') && !HHMM.test('24:00') && !HHMM.test('9:00'));
});

test('the schedule form sorts periods, sends one-day holidays without `to` and passes the contract', () => {
  const body = scheduleFromForm({
    name: '  总部 ',
    timeZone: '',
    workingPeriods: [
      { weekday: 2, start: '13:30', end: '18:00' },
      { weekday: 1, start: ' 09:00', end: '12:00 ' },
      { weekday: 2, start: '09:00', end: '12:00' },
    ],
    holidays: [
      { name: ' 元旦 ', from: '2027-01-01', to: null },
      { name: '春节', from: '2027-02-06', to: '2027-02-12' },
      { name: '单日', from: '2027-05-01', to: '2027-05-01' },
    ],
    adjustedWorkingDays: [{ date: '2027-02-14', asWeekday: 5 }],
    notes: null,
  });
  assert.deepEqual(body, {
    name: '总部',
    timeZone: 'Asia/Shanghai',
    workingPeriods: [
      { weekday: 1, start: '09:00', end: '12:00' },
      { weekday: 2, start: '09:00', end: '12:00' },
      { weekday: 2, start: '13:30', end: '18:00' },
    ],
    holidays: [
      { name: '元旦', from: '2027-01-01' },
      { name: '春节', from: '2027-02-06', to: '2027-02-12' },
      { name: '单日', from: '2027-05-01' },
    ],
    adjustedWorkingDays: [{ date: '2027-02-14', asWeekday: 5 }],
    notes: '',
  });
  assert.ok(scheduleCreate.safeParse(body).success);
  const dto: ScheduleDto = { ...body, id: 'x', notes: 'n', accessNumberCount: 0, createdAt: '', updatedAt: '' };
  assert.deepEqual(scheduleFromForm(scheduleToForm(dto)), { ...body, notes: 'n' }, 'round trip');
});

test('the week at a glance runs equal days together', () => {
  assert.deepEqual(summarizeWeek(workdayPeriods(), zh), ['周一–周五 09:00–18:00']);
  const split = [
    ...workdayPeriods('09:00', '12:00'),
    ...workdayPeriods('13:30', '18:00').filter((p) => p.weekday !== 5),
    { weekday: 6, start: '10:00', end: '16:00' },
    { weekday: 7, start: '10:00', end: '16:00' },
  ];
  assert.deepEqual(summarizeWeek(split, zh), ['周一–周四 09:00–12:00, 13:30–18:00', '周五 09:00–12:00', '周六–周日 10:00–16:00']);
  assert.deepEqual(
    summarizeWeek(
      [
        { weekday: 1, start: '22:00', end: '06:00' },
        { weekday: 3, start: '22:00', end: '06:00' },
      ],
      zh,
    ),
    ['周一 22:00–06:00', '周三 22:00–06:00'],
    'a gap breaks the run',
  );
  assert.deepEqual(summarizeWeek([], zh), []);
});

test('call targets: one value per kind, none as null, empty values sent for the server to name', () => {
  const cases = [
    [
      { kind: 'extension', extension: '8001' },
      { kind: 'extension', value: '8001' },
    ],
    [
      { kind: 'ivr', ivrId: 'i1' },
      { kind: 'ivr', value: 'i1' },
    ],
    [
      { kind: 'queue', queueId: 'q1' },
      { kind: 'queue', value: 'q1' },
    ],
    [
      { kind: 'voicemail', mailboxId: '100' },
      { kind: 'voicemail', value: '100' },
    ],
  ] as const;
  for (const [dto, form] of cases) {
    assert.deepEqual(targetToForm(dto), form);
    assert.deepEqual(targetFromForm(form), dto);
  }
  assert.deepEqual(targetToForm(null), { kind: 'none' });
  assert.equal(targetFromForm({ kind: 'none', value: 'x' }), null);
  assert.deepEqual(targetFromForm({ kind: 'queue', value: null }), { kind: 'queue', queueId: '' });
});

test('an access number with time-based routing sends the three targets and no plain target', () => {
  const v = {
    ...newAccessNumberValues(),
    number: ' 4008001234 ',
    target: { kind: 'extension' as const, value: '8001' },
    timeRoutingEnabled: true,
    scheduleId: 's1',
    workingHours: { kind: 'queue' as const, value: 'q1' },
    afterHours: { kind: 'ivr' as const, value: 'i1' },
  };
  const body = accessNumberFromForm(v);
  assert.deepEqual(body, {
    number: '4008001234',
    callType: 'both',
    vip: false,
    target: null,
    timeRouting: {
      enabled: true,
      scheduleId: 's1',
      workingHours: { kind: 'queue', queueId: 'q1' },
      afterHours: { kind: 'ivr', ivrId: 'i1' },
      holiday: null,
    },
    notes: '',
  });
  assert.ok(
    accessNumberCreate.safeParse({ ...body, timeRouting: { ...body.timeRouting, scheduleId: crypto.randomUUID() } }).success,
  );
  const off = accessNumberFromForm({ ...v, timeRoutingEnabled: false });
  assert.deepEqual([off.target, off.timeRouting], [{ kind: 'extension', extension: '8001' }, null], 'off: time routing removed');

  const dto: AccessNumberDto = {
    id: 'a',
    number: '4008001234',
    callType: 'in',
    vip: true,
    target: null,
    timeRouting: {
      enabled: true,
      scheduleId: 's1',
      scheduleName: '办公',
      workingHours: { kind: 'queue', queueId: 'q1' },
      afterHours: { kind: 'ivr', ivrId: 'i1' },
      holiday: { kind: 'voicemail', mailboxId: '9' },
    },
    notes: '热线',
    createdAt: '',
    updatedAt: '',
  };
  const back = accessNumberFromForm(accessNumberToForm(dto));
  assert.deepEqual(back.timeRouting?.holiday, { kind: 'voicemail', mailboxId: '9' });
  assert.equal(back.notes, '热线');
});

test('the trunk password is write-only: never prefilled, sent only when typed, removed only for IP peers', () => {
  const dto: TrunkDto = {
    id: 't',
    name: '电信',
    enabled: true,
    host: 'sip.example',
    port: 5060,
    transport: 'udp',
    authMode: 'register',
    username: 'u',
    hasPassword: true,
    realm: 'carrier-realm',
    registerExpirySeconds: 3600,
    inboundAddresses: [],
    maxChannels: 30,
    callerId: null,
    codecs: ['PCMA', 'bogus'],
    notes: '',
    routeCount: 0,
    createdAt: '',
    updatedAt: '',
  };
  const form = trunkToForm(dto);
  assert.equal(form.password, '');
  assert.deepEqual(form.codecs, ['PCMA'], 'unknown codecs are dropped from the picker');
  const keep = trunkUpdateFromForm(form);
  assert.equal('password' in keep, false);
  assert.equal(keep.callerId, null);
  assert.equal(keep.realm, 'carrier-realm', 'the realm round-trips');
  assert.ok(trunkUpdate.safeParse(keep).success);
  assert.equal(trunkUpdateFromForm({ ...form, realm: '  ' }).realm, null, 'an empty realm means the host');
  assert.equal(trunkUpdateFromForm({ ...form, password: ' new secret ' }).password, ' new secret ', 'not trimmed');
  assert.equal('password' in trunkUpdateFromForm({ ...form, clearPassword: true }), false, 'a registering trunk keeps it');
  assert.equal(trunkUpdateFromForm({ ...form, authMode: 'ip', clearPassword: true }).password, null);

  const created = trunkCreateFromForm({
    ...newTrunkValues(),
    name: ' 联通 ',
    host: ' 203.0.113.1 ',
    authMode: 'ip',
    inboundAddresses: [' 203.0.113.0/24 ', ''],
  });
  assert.deepEqual(
    [created.name, created.host, created.password, created.username, created.realm],
    ['联通', '203.0.113.1', null, null, null],
  );
  assert.deepEqual(created.inboundAddresses, ['203.0.113.0/24']);
  assert.ok(trunkCreate.safeParse(created).success);
  assert.equal(channelsText(3, 30), '3 / 30');
  assert.equal(channelsText(0, 0), '0 / ∞');
  const s = statusById([
    {
      trunkId: 't',
      name: 'x',
      enabled: true,
      authMode: 'ip',
      registration: 'not-required',
      activeChannels: 2,
      maxChannels: 0,
      lastError: null,
      updatedAt: null,
    },
  ]);
  assert.equal(s.get('t')?.activeChannels, 2);
  assert.equal(statusById(undefined).size, 0);
  assert.equal(blankToNull('  '), null);
});

test('outbound routes: trimmed rules in order, rewriting preview, rule labels', () => {
  const body = routeFromForm({
    ...newRouteValues(),
    name: ' 手机 ',
    rules: [
      { kind: 'pattern', value: ' _1[3-9]XXXXXXXXX ' },
      { kind: 'exact', value: '110' },
    ],
    trunkIds: ['b', 'a'],
    prepend: null,
  });
  assert.deepEqual(body.rules, [
    { kind: 'pattern', value: '_1[3-9]XXXXXXXXX' },
    { kind: 'exact', value: '110' },
  ]);
  assert.deepEqual(body.trunkIds, ['b', 'a'], 'failover order kept');
  assert.equal(body.prepend, '');
  assert.equal(body.callerIdAccessNumberId, null);
  assert.equal(outboundRouteCreate.safeParse({ ...body, trunkIds: [crypto.randomUUID()] }).success, true);
  assert.equal(rewritePreview('9013800138000', 1, ''), '013800138000');
  assert.equal(rewritePreview('13800138000', 0, '0'), '013800138000');
  assert.equal(ruleText({ kind: 'exact', value: '110' }), '= 110');
  assert.equal(ruleText({ kind: 'prefix', value: '0' }), '0…');
  assert.equal(ruleText({ kind: 'pattern', value: '_NXX' }), '_NXX');
});
