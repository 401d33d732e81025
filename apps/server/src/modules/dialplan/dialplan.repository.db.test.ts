import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Database, openTestDatabase, type Queryable } from '@rexian/db';
import { chooseCallerId, matchInboundTrunk, routeInbound, selectOutboundRoute, trunkCandidates } from '@rexian/switch';
import type { Actor } from '../../http/actor.ts';
import type { TelephonyRuntime, TrunkRuntimeStatus } from '../../telephony/telephony-runtime.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { createDialplanServices } from './dialplan.module.ts';
import { createDialplanReader } from './dialplan.repository.ts';

const actor = { userId: 'test', username: 'test', isAdmin: true, employeeId: null, dataScope: 'all' } as unknown as Actor;
const audit = { record: async () => undefined, change: async () => undefined } as unknown as AuditService;
const sh = (date: string, hhmm: string) => Date.parse(`${date}T${hhmm}:00+08:00`);

/** Counts the statements a reader sends, per table, inside and outside transactions. */
function counting(db: Database) {
  const statements: string[] = [];
  const wrap = (q: Queryable): Queryable => ({
    query: (sql, params) => {
      statements.push(sql);
      return q.query(sql, params);
    },
    exec: (sql) => q.exec(sql),
  });
  const counted: Database = {
    ...wrap(db),
    dialect: db.dialect,
    close: () => db.close(),
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
  };
  return { db: counted, statements };
}

describe('the dial plan as the switch reads it', () => {
  let db: Database;
  let changes = 0;
  let live: TrunkRuntimeStatus[] = [];
  const runtime: TelephonyRuntime = {
    trunkStatuses: () => live,
    liveCalls: () => [],
    flushCdrs: async () => {},
    dialplanChanged: () => {
      changes++;
    },
    cti: null,
    onCallsChanged: () => () => {},
    hangupCall: async () => false,
    recording: () => null,
    setRecording: async () => null,
  };
  const holder = { current: runtime };
  let s: ReturnType<typeof createDialplanServices>;
  const ids = { schedule: '', queue: '', ct: '', cu: '', hotline: '', out: '', mobile: '', local: '' };

  before(async () => {
    db = await openTestDatabase();
    s = createDialplanServices({ db, audit, telephony: holder });
    await db.query(
      `INSERT INTO extensions (id, number, realm, ha1_md5, ha1_sha256) VALUES (gen_random_uuid(), '8001', 'r', 'x', 'y')`,
    );
    ids.queue = (
      await db.query<{ id: string }>(
        `INSERT INTO queues (id, name, number) VALUES (gen_random_uuid(), '销售', '6001') RETURNING id::text AS id`,
      )
    ).rows[0]?.id as string;
  });
  after(() => db.close());

  it('tells the running switch after every write', async () => {
    const sched = await s.schedules.create(actor, '::1', {
      name: '办公时间',
      timeZone: 'Asia/Shanghai',
      workingPeriods: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '18:00' })),
      holidays: [{ name: '国庆节', from: '2026-10-01', to: '2026-10-07' }],
      adjustedWorkingDays: [],
      notes: '',
    });
    ids.schedule = sched.id;
    const hotline = await s.accessNumbers.create(actor, '::1', {
      number: '4008001234',
      callType: 'in',
      vip: true,
      target: null,
      timeRouting: {
        enabled: true,
        scheduleId: sched.id,
        workingHours: { kind: 'queue', queueId: ids.queue },
        afterHours: { kind: 'extension', extension: '8001' },
        holiday: { kind: 'voicemail', mailboxId: '8001' },
      },
      notes: '',
    });
    ids.hotline = hotline.id;
    ids.out = (
      await s.accessNumbers.create(actor, '::1', {
        number: '02160001234',
        callType: 'out',
        vip: false,
        target: null,
        timeRouting: null,
        notes: '',
      })
    ).id;
    const trunk = {
      enabled: true,
      port: 5060,
      transport: 'udp' as const,
      registerExpirySeconds: 600,
      realm: null,
      maxChannels: 0,
      callerId: null,
      codecs: ['PCMA', 'PCMU'],
      notes: '',
    };
    ids.ct = (
      await s.trunks.create(actor, '::1', {
        ...trunk,
        name: '电信',
        host: 'sip.ct.example',
        authMode: 'register',
        username: 'u1',
        password: 'pw-ct-1',
        inboundAddresses: [],
        maxChannels: 2,
        callerId: '02160001234',
      })
    ).id;
    ids.cu = (
      await s.trunks.create(actor, '::1', {
        ...trunk,
        name: '联通',
        host: '203.0.113.1',
        authMode: 'ip',
        username: null,
        password: null,
        inboundAddresses: ['203.0.113.0/24'],
      })
    ).id;
    const route = { enabled: true, stripDigits: 1, prepend: '', notes: '' };
    ids.mobile = (
      await s.routes.create(actor, '::1', {
        ...route,
        name: '手机',
        rules: [{ kind: 'pattern', value: '_91[3-9]XXXXXXXXX' }],
        trunkIds: [ids.ct, ids.cu],
        callerIdAccessNumberId: ids.out,
        sortOrder: 2,
      })
    ).id;
    ids.local = (
      await s.routes.create(actor, '::1', {
        ...route,
        name: '兜底',
        rules: [{ kind: 'prefix', value: '9' }],
        trunkIds: [ids.cu],
        callerIdAccessNumberId: null,
        sortOrder: 1,
      })
    ).id;
    assert.equal(changes, 7);
    await s.trunks.update(actor, '::1', ids.cu, { maxChannels: 10 });
    await s.schedules.update(actor, '::1', ids.schedule, { notes: 'x' });
    assert.equal(changes, 9);
    // A refused write changes nothing and tells nobody.
    await assert.rejects(s.routes.update(actor, '::1', ids.local, { rules: [] }));
    assert.equal(changes, 9);
  });

  it('loads all four tables in one query each, as the switch’s own types', async () => {
    const c = counting(db);
    const reader = createDialplanReader(c.db);
    await reader.load(); // the first load also creates or reads the trunk-password key
    c.statements.length = 0;
    const plan = await reader.load();
    const selects = c.statements.filter((q) => /^\s*SELECT/i.test(q));
    assert.equal(selects.length, 4, c.statements.join('\n'));
    for (const table of ['schedules', 'access_numbers', 'trunks', 'outbound_routes'])
      assert.equal(selects.filter((q) => new RegExp(`FROM ${table} `).test(q)).length, 1, table);

    assert.deepEqual(plan.schedules, [
      {
        id: ids.schedule,
        name: '办公时间',
        timeZone: 'Asia/Shanghai',
        workingPeriods: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '18:00' })),
        holidays: [{ name: '国庆节', from: '2026-10-01', to: '2026-10-07' }],
        adjustedWorkingDays: [],
      },
    ]);
    assert.deepEqual(plan.accessNumbers, [
      { id: ids.out, number: '02160001234', callType: 'out', vip: false },
      {
        id: ids.hotline,
        number: '4008001234',
        callType: 'in',
        vip: true,
        timeRouting: {
          enabled: true,
          scheduleId: ids.schedule,
          workingHours: { kind: 'queue', queueId: ids.queue },
          afterHours: { kind: 'extension', extension: '8001' },
          holiday: { kind: 'voicemail', mailboxId: '8001' },
        },
      },
    ]);
    const ct = plan.trunks.find((t) => t.id === ids.ct);
    assert.deepEqual(ct, {
      id: ids.ct,
      name: '电信',
      enabled: true,
      maxChannels: 2,
      inboundAddresses: [],
      host: 'sip.ct.example',
      port: 5060,
      transport: 'udp',
      authMode: 'register',
      username: 'u1',
      password: 'pw-ct-1',
      registerExpirySeconds: 600,
      callerId: '02160001234',
      codecs: ['PCMA', 'PCMU'],
    });
    assert.equal(plan.trunks.find((t) => t.id === ids.cu)?.password, undefined);
    assert.deepEqual(
      plan.routes.map((r) => [r.name, r.trunkIds]),
      [
        ['兜底', [ids.cu]],
        ['手机', [ids.ct, ids.cu]],
      ],
    );
  });

  it('routes calls with the switch’s own functions', async () => {
    const plan = await createDialplanReader(db).load();
    const inbound = (at: number) =>
      routeInbound({ accessNumbers: plan.accessNumbers, schedules: plan.schedules, dialled: '+4008001234', epochMs: at });
    assert.deepEqual(inbound(sh('2026-09-30', '10:00')).target, { kind: 'queue', queueId: ids.queue });
    assert.deepEqual(inbound(sh('2026-09-30', '19:00')).target, { kind: 'extension', extension: '8001' });
    assert.deepEqual(inbound(sh('2026-10-02', '10:00')).target, { kind: 'voicemail', mailboxId: '8001' });
    assert.equal(matchInboundTrunk(plan.trunks, '::ffff:203.0.113.77')?.id, ids.cu);
    assert.equal(matchInboundTrunk(plan.trunks, '198.51.100.1'), undefined);

    const mobile = selectOutboundRoute(plan.routes, '913800138000');
    assert.equal(mobile.route.id, ids.mobile, 'more specific than the 9 prefix');
    assert.equal(mobile.dialString, '13800138000');
    assert.equal(chooseCallerId({ route: mobile.route, accessNumbers: plan.accessNumbers }).number, '02160001234');
    assert.deepEqual(
      trunkCandidates({ route: mobile.route, trunks: plan.trunks, activeChannels: { [ids.ct]: 2 } }).map((t) => t.id),
      [ids.cu],
      'the telecom trunk is full at 2 channels',
    );
    assert.equal(selectOutboundRoute(plan.routes, '95555').route.id, ids.local);
  });

  it('merges the running switch’s trunk states into the status list', async () => {
    live = [{ trunkId: ids.ct, registration: 'registered', activeChannels: 1, updatedAt: Date.parse('2026-01-02T03:04:05Z') }];
    const status = await s.trunks.statuses();
    assert.deepEqual(
      status.map((x) => [x.name, x.registration, x.activeChannels, x.maxChannels, x.updatedAt]),
      [
        ['电信', 'registered', 1, 2, '2026-01-02T03:04:05.000Z'],
        ['联通', 'unknown', 0, 10, null],
      ],
    );
    live = [{ trunkId: ids.cu, registration: 'failed', activeChannels: 0, lastError: '403 Forbidden', updatedAt: 0 }];
    const failed = (await s.trunks.statuses()).find((x) => x.trunkId === ids.cu);
    assert.equal(failed?.registration, 'failed');
    assert.equal(failed?.lastError, '403 Forbidden');
  });
});
