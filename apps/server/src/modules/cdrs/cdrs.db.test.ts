import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type CdrDetail, type CdrSummary, hangupCauses, type LiveCalls, type Permission } from '@rexian/contracts';
import { VirtualClock } from '@rexian/kernel';
import { type Cdr, HANGUP_CAUSES } from '@rexian/switch';
import type { Actor } from '../../http/actor.ts';
import { acdScopeProvider, departmentSubtreeProvider, resolveScope } from '../../security/data-scope.ts';
import { createTestApp, json, type TestApp } from '../../testing/test-app.ts';
import { makeWav } from '../voice-files/voice-test-audio.ts';
import { closeCrashedCdrsInStore, createCdrStore } from './cdr.store.ts';
import { recordTestCalls, type TestCall } from './cdr-test-calls.ts';
import { createCdrsRepository } from './cdrs.repository.ts';
import { createCdrsService } from './cdrs.service.ts';

type Err = { error: { code: string } };
type Scope = 'self' | 'managed' | 'all';
const T0 = Date.UTC(2026, 0, 5, 2, 0, 0);
const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Six calls around the organisation below; c6 is still in progress. */
const calls: TestCall[] = [
  {
    callId: 'c1',
    callType: 'inbound',
    caller: '13800138000',
    callee: '8001',
    accessNumber: '4008001234',
    at: T0,
    ringMs: 5000,
    talkMs: 60_000,
    hangup: 'callee',
    recording: 'recordings/c1.wav',
  },
  {
    callId: 'c2',
    callType: 'internal',
    caller: '8002',
    callee: '8003',
    at: T0 + H,
    ringMs: 3000,
    talkMs: 20_000,
    hangup: 'caller',
  },
  {
    callId: 'c3',
    callType: 'manual-outbound',
    caller: '8002',
    callee: '13900139000',
    at: T0 + 2 * H,
    ringMs: 30_000,
    hangup: 'system',
    cause: 'busy',
  },
  {
    callId: 'c4',
    callType: 'internal',
    caller: '8004',
    callee: '8002',
    at: T0 + 24 * H,
    ringMs: 2000,
    talkMs: 5000,
    hangup: 'caller',
  },
  {
    callId: 'c5',
    callType: 'inbound',
    caller: '02161234567',
    callee: '8003',
    accessNumber: '4008001234',
    at: T0 + 3 * H,
    ringMs: 10_000,
    hangup: 'caller',
    cause: 'cancelled',
  },
  {
    callId: 'c6',
    callType: 'inbound',
    caller: '13700137000',
    callee: '8001',
    accessNumber: '4008001234',
    at: T0 + 4 * H,
    ringMs: 1000,
    talkMs: 1000,
    hangup: 'caller',
    open: true,
  },
];

describe('call records (§4.7.2): storage, filters, data scope, masking, recordings', () => {
  let t: TestApp;
  let admin: string;
  let base: string;
  let dataDir: string;
  let lastSeq = 0;
  const users = {} as Record<Scope, { cookie: string; id: string }>;
  const emp: Record<string, string> = {};
  const store = () => createCdrStore(t.db);

  const create = async (url: string, body: unknown) => {
    const r = await t.request('POST', url, { cookie: admin, body });
    assert.equal(r.statusCode, 201, r.body);
    return json<{ id: string }>(r).id;
  };
  const get = (url: string, who: Scope | 'admin' = 'admin', headers: Record<string, string> = {}) =>
    t.request('GET', url, { cookie: who === 'admin' ? admin : users[who].cookie, headers });
  const ids = async (query: string, who: Scope | 'admin' = 'admin') => {
    const r = await get(`/api/v1/cdrs${query}`, who);
    assert.equal(r.statusCode, 200, r.body);
    return json<{ items: CdrSummary[] }>(r)
      .items.map((c) => c.callId)
      .sort();
  };

  before(async () => {
    base = await mkdtemp(join(tmpdir(), 'rexian-cdr-'));
    dataDir = join(base, 'data');
    await mkdir(join(dataDir, 'recordings'), { recursive: true });
    t = await createTestApp({ env: { REXIAN_DATA_DIR: dataDir } });
    admin = await t.adminCookie();
    const depA = await create('/api/v1/departments', { name: 'A' });
    const depA1 = await create('/api/v1/departments', { name: 'A1', parentId: depA });
    const depB = await create('/api/v1/departments', { name: 'B' });
    emp.sup = await create('/api/v1/employees', { code: 'sup', name: '班长', departmentId: depA });
    emp.ag = await create('/api/v1/employees', { code: 'ag', name: '座席', departmentId: depA1 });
    emp.other = await create('/api/v1/employees', { code: 'other', name: '其他', departmentId: depB });
    await create('/api/v1/extensions', { number: '8001', employeeId: emp.ag });
    await create('/api/v1/extensions', { number: '8002', employeeId: emp.other });
    await create('/api/v1/extensions', { number: '8003', employeeId: emp.sup });
    // 8004 belongs to no employee, but to the agent bound to `ag`: the agent's extension counts too.
    const x8004 = await create('/api/v1/extensions', { number: '8004' });
    await create('/api/v1/agents', {
      number: '1001',
      name: 'ag',
      password: 'agent5x9y2',
      employeeId: emp.ag,
      extensionId: x8004,
    });
    const roles: Record<Scope, [Permission[], string]> = {
      self: [['pbx.cdr.read'], emp.ag],
      managed: [['pbx.cdr.read'], emp.sup],
      all: [['pbx.cdr.read', 'pbx.cdr.unmasked'], emp.other],
    };
    for (const [scope, [permissions, employeeId]] of Object.entries(roles) as [Scope, [Permission[], string]][]) {
      const roleId = await create('/api/v1/roles', { name: `cdr-${scope}`, permissions, dataScope: scope });
      users[scope] = await t.userCookie(admin, { username: `cdr-${scope}`, roleId, employeeId });
    }
    lastSeq = await recordTestCalls(store(), calls);
    await writeFile(join(dataDir, 'recordings', 'c1.wav'), makeWav({ sampleRate: 8000, ms: 1000 }));
  });
  after(async () => {
    await t.close();
    await rm(base, { recursive: true, force: true });
  });

  it('keeps the contract lists equal to the switch’s', () => {
    assert.deepEqual([...hangupCauses], [...HANGUP_CAUSES]);
  });

  it('stores each call as the recorder writes it: parties, durations, cause, side, extensions', async () => {
    const c1 = await store().get('c1');
    assert.deepEqual(
      [c1?.open, c1?.ringMs, c1?.talkMs, c1?.hungUpBy, c1?.cause, c1?.recordingFile, c1?.legs.length],
      [false, 5000, 60_000, 'callee', 'normal-clearing', 'recordings/c1.wav', 2],
    );
    assert.equal(c1?.startedAt, T0);
    const rows = await t.db.query<{ call_id: string; extensions: string[] }>(
      'SELECT call_id, extensions FROM cdrs ORDER BY call_id',
    );
    assert.deepEqual(
      rows.rows.map((r) => [r.call_id, r.extensions]),
      [
        ['c1', ['8001']],
        ['c2', ['8002', '8003']],
        ['c3', ['8002']],
        ['c4', ['8002', '8004']],
        ['c5', ['8003']],
        ['c6', ['8001']],
      ],
    );
    assert.equal(await store().lastSeq(), lastSeq);
  });

  it('never lets an older state overwrite a newer one', async () => {
    const s = store();
    const closed = (await s.get('c2')) as Cdr;
    const { endedAt: _e, talkMs: _t, ringMs: _r, ...rest } = closed;
    await s.save({ ...rest, open: true, lastSeq: closed.lastSeq - 1 });
    assert.deepEqual(await s.get('c2'), closed, 'the late, older write is ignored');
    await s.save({ ...closed, open: true }); // same sequence number: never re-opens a closed call
    assert.equal((await s.get('c2'))?.open, false);
    await s.save({ ...closed, recordingFile: 'recordings/c2.wav', lastSeq: closed.lastSeq + 1 });
    assert.equal((await s.get('c2'))?.recordingFile, 'recordings/c2.wav', 'a newer state is written');
    await t.db.query('UPDATE cdrs SET recording_file = NULL, last_seq = $2 WHERE call_id = $1', ['c2', closed.lastSeq]);
  });

  it('stores a batch of calls in one statement exactly as one-by-one saves, with the same ordering rule', async () => {
    const s = store();
    const [c3, c4, c5] = (await Promise.all(['c3', 'c4', 'c5'].map((id) => s.get(id)))) as [Cdr, Cdr, Cdr];
    const newer = (c: Cdr): Cdr => ({ ...c, recordingFile: `recordings/${c.callId}.wav`, lastSeq: c.lastSeq + 1 });
    await s.saveMany([newer(c3), { ...c4, lastSeq: c4.lastSeq - 1, open: true }, newer(c5), c3]);
    assert.deepEqual(await s.get('c3'), newer(c3), 'the newest state of a callId given twice wins');
    assert.deepEqual(await s.get('c4'), c4, 'an older state is ignored');
    assert.deepEqual(await s.get('c5'), newer(c5));
    const ext = await t.db.query<{ extensions: string[] }>('SELECT extensions FROM cdrs WHERE call_id = $1', ['c5']);
    assert.deepEqual(ext.rows[0]?.extensions, ['8003'], 'extensions looked up per row');
    for (const c of [c3, c5])
      await t.db.query('UPDATE cdrs SET recording_file = NULL, last_seq = $2 WHERE call_id = $1', [c.callId, c.lastSeq]);
  });

  it('filters by the manual’s criteria', async () => {
    const cases: [string, string[]][] = [
      ['', ['c1', 'c2', 'c3', 'c4', 'c5', 'c6']],
      ['?callType=internal', ['c2', 'c4']],
      ['?answered=false', ['c3', 'c5']],
      ['?answered=true', ['c1', 'c2', 'c4', 'c6']],
      ['?minTalkSeconds=30', ['c1']],
      ['?minTalkSeconds=10&maxTalkSeconds=30', ['c2']],
      ['?hungUpBy=caller', ['c2', 'c4', 'c5']],
      ['?hungUpBy=callee', ['c1']],
      ['?hungUpBy=system', ['c3']],
      ['?cause=busy', ['c3']],
      ['?caller=138', ['c1']],
      ['?callee=139001', ['c3']],
      ['?accessNumber=4008001234', ['c1', 'c5', 'c6']],
      ['?extension=8002', ['c2', 'c3', 'c4']],
      ['?agent=1001', ['c4']],
      ['?agent=9999', []],
      [`?from=${iso(T0 + H / 2)}&to=${iso(T0 + 3.5 * H)}`, ['c2', 'c3', 'c5']],
      ['?q=0216', ['c5']],
      ['?callType=inbound&answered=true', ['c1', 'c6']],
    ];
    for (const [query, expected] of cases) assert.deepEqual(await ids(query), expected, query);
    const bad = await get('/api/v1/cdrs?caller=abc');
    assert.equal(json<Err>(bad).error.code, 'VALIDATION_FAILED');
  });

  it('pages newest first with the total', async () => {
    const r = json<{ items: CdrSummary[]; total: number; page: number }>(await get('/api/v1/cdrs?pageSize=2&page=2'));
    assert.equal(r.total, 6);
    assert.equal(r.page, 2);
    assert.deepEqual(
      r.items.map((c) => c.callId),
      ['c5', 'c3'],
    );
  });

  it('limits the list and the detail to the data scope', async () => {
    assert.deepEqual(await ids('', 'self'), ['c1', 'c4', 'c6'], 'own extensions 8001 and the agent’s 8004');
    assert.deepEqual(await ids('', 'managed'), ['c1', 'c2', 'c4', 'c5', 'c6'], 'plus 8003 and the A1 subtree');
    assert.deepEqual(await ids('', 'all'), ['c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
    assert.deepEqual(await ids('?extension=8002', 'self'), ['c4']);
    const outside = await get('/api/v1/cdrs/c2', 'self');
    assert.equal(outside.statusCode, 404);
    assert.equal(json<Err>(outside).error.code, 'CDR_NOT_FOUND');
    assert.equal((await get('/api/v1/cdrs/c2', 'managed')).statusCode, 200);
    assert.equal((await get('/api/v1/cdrs/c3', 'managed')).statusCode, 404);
    assert.equal((await get('/api/v1/cdrs/nope', 'all')).statusCode, 404);
  });

  it('masks external numbers unless the role may see them; extensions and access numbers stay whole', async () => {
    const masked = json<CdrDetail>(await get('/api/v1/cdrs/c1', 'managed'));
    assert.deepEqual(
      [masked.caller, masked.callee, masked.accessNumber, masked.masked],
      ['138****8000', '8001', '4008001234', true],
    );
    assert.ok(masked.legs.every((l) => l.caller === '138****8000'));
    assert.ok(!JSON.stringify(masked).includes('13800138000'));
    const list = json<{ items: CdrSummary[] }>(await get('/api/v1/cdrs', 'managed'));
    assert.ok(!JSON.stringify(list).includes('13800138000') && !JSON.stringify(list).includes('02161234567'));
    const c5 = json<CdrDetail>(await get('/api/v1/cdrs/c5', 'managed'));
    assert.equal(c5.caller, '021****4567');
    const full = json<CdrDetail>(await get('/api/v1/cdrs/c1', 'all'));
    assert.deepEqual([full.caller, full.masked], ['13800138000', false]);
    assert.equal(json<CdrDetail>(await get('/api/v1/cdrs/c1')).caller, '13800138000', 'admins see everything');
  });

  it('shows one call with its legs, durations, cause and who hung up', async () => {
    const c = json<CdrDetail>(await get('/api/v1/cdrs/c1'));
    assert.deepEqual(
      [c.callType, c.ringMs, c.talkMs, c.cause, c.hungUpBy, c.hasRecording, c.open, c.startedAt, c.endedAt],
      ['inbound', 5000, 60_000, 'normal-clearing', 'callee', true, false, iso(T0), iso(T0 + 65_000)],
    );
    assert.deepEqual(
      c.legs.map((l) => [l.role, l.direction, l.answeredAt, l.hungUpBy]),
      [
        ['caller', 'inbound', iso(T0 + 5000), 'local'],
        ['callee', 'outbound', iso(T0 + 5000), 'remote'],
      ],
    );
    assert.ok(!JSON.stringify(c).includes('recordings/'), 'the file path stays on the server');
  });

  it('streams the recording with byte ranges, in scope only', async () => {
    const wav = makeWav({ sampleRate: 8000, ms: 1000 });
    const full = await get('/api/v1/cdrs/c1/recording', 'self');
    assert.equal(full.statusCode, 200);
    assert.equal(full.headers['content-type'], 'audio/wav');
    assert.equal(full.headers['accept-ranges'], 'bytes');
    assert.deepEqual(full.rawPayload, wav);
    const part = await get('/api/v1/cdrs/c1/recording', 'self', { range: 'bytes=0-99' });
    assert.equal(part.statusCode, 206);
    assert.equal(part.headers['content-range'], `bytes 0-99/${wav.length}`);
    assert.deepEqual(part.rawPayload, wav.subarray(0, 100));
    const tail = await get('/api/v1/cdrs/c1/recording', 'admin', { range: 'bytes=-10' });
    assert.deepEqual(tail.rawPayload, wav.subarray(wav.length - 10));
    const beyond = await get('/api/v1/cdrs/c1/recording', 'admin', { range: `bytes=${wav.length}-` });
    assert.equal(beyond.statusCode, 416);
    assert.equal(beyond.headers['content-range'], `bytes */${wav.length}`);
    assert.equal(json<Err>(await get('/api/v1/cdrs/c2/recording')).error.code, 'CDR_RECORDING_NOT_FOUND');
    assert.equal((await get('/api/v1/cdrs/c5/recording', 'self')).statusCode, 404);
  });

  it('refuses recording paths that leave the data folder', async () => {
    const outside = join(base, 'outside.wav');
    await writeFile(outside, makeWav({ sampleRate: 8000, ms: 100 }));
    await symlink(outside, join(dataDir, 'recordings', 'link.wav'));
    const files: [string, string, number][] = [
      ['p1', '../outside.wav', 403],
      ['p2', outside, 403],
      ['p3', '/etc/passwd', 403],
      ['p4', 'recordings/link.wav', 403],
      ['p5', 'recordings/../../outside.wav', 403],
      ['p6', join(dataDir, 'recordings', 'c1.wav'), 200],
      ['p7', 'recordings/none.wav', 404],
    ];
    await recordTestCalls(
      store(),
      files.map(([callId, recording]) => ({
        callId,
        callType: 'internal' as const,
        caller: '8001',
        callee: '8002',
        at: T0 - H,
        ringMs: 1000,
        talkMs: 1000,
        hangup: 'caller' as const,
        recording,
      })),
      lastSeq,
    );
    for (const [callId, , status] of files) {
      const r = await get(`/api/v1/cdrs/${callId}/recording`);
      assert.equal(r.statusCode, status, `${callId}: ${r.body.slice(0, 200)}`);
      if (status === 403) assert.equal(json<Err>(r).error.code, 'MEDIA_FILE_OUTSIDE_DATA_DIR');
    }
    await t.db.query(`DELETE FROM cdrs WHERE call_id LIKE 'p%'`);
  });

  it('lists current calls: empty without a running switch; scoped and masked from the runtime', async () => {
    const none = json<LiveCalls>(await get('/api/v1/calls/live', 'self'));
    assert.deepEqual(none.items, []);
    assert.ok(Date.parse(none.now) > 0);

    const c6 = (await store().get('c6')) as Cdr;
    const other: Cdr = { ...c6, callId: 'x1', caller: '8002', callee: '13900139000', startedAt: T0 + 5 * H, legs: [] };
    const actor = (scope: Scope, employeeId: string, permissions: Permission[]): Actor => ({
      userId: users[scope].id,
      username: scope,
      employeeId,
      isAdmin: false,
      dataScope: scope,
      roleId: null,
      permissions: new Set(permissions),
      mustChangePassword: false,
      sessionHash: '',
    });
    const service = createCdrsService({
      db: t.db,
      repo: createCdrsRepository(t.db),
      clock: new VirtualClock(T0 + 6 * H),
      scopeOf: (a) => resolveScope(a, t.db, [departmentSubtreeProvider, acdScopeProvider]),
      mediaRoot: dataDir,
      liveCalls: () => [other, c6],
    });
    const mine = await service.live(actor('managed', emp.sup ?? '', ['pbx.cdr.read']));
    assert.equal(mine.now, iso(T0 + 6 * H));
    assert.deepEqual(
      mine.items.map((c) => [c.callId, c.caller, c.callee, c.extensions]),
      [['c6', '137****7000', '8001', ['8001']]],
    );
    const everyone = await service.live(actor('all', emp.other ?? '', ['pbx.cdr.read', 'pbx.cdr.unmasked']));
    assert.deepEqual(
      everyone.items.map((c) => [c.callId, c.caller, c.open]),
      [
        ['c6', '13700137000', true],
        ['x1', '8002', true],
      ],
    );
  });

  it('closes calls a crash left open with cause system-restart (start-up recovery)', async () => {
    const s = store();
    assert.deepEqual(
      (await s.listOpen()).map((c) => c.callId),
      ['c6'],
    );
    const before = (await s.get('c6')) as Cdr;
    const now = T0 + 5 * H;
    assert.equal(await closeCrashedCdrsInStore(s, now), 1);
    assert.deepEqual(await s.listOpen(), []);
    const after = (await s.get('c6')) as Cdr;
    assert.deepEqual(
      [after.open, after.cause, after.hungUpBy, after.endedAt, after.talkMs, after.lastSeq],
      [false, 'system-restart', 'system', now, now - (before.answeredAt ?? 0), before.lastSeq],
    );
    assert.ok(after.legs.every((l) => l.endedAt === now && l.cause === 'system-restart'));
    // A late write of the state before the crash cannot re-open it.
    await s.save(before);
    assert.equal((await s.get('c6'))?.open, false);
    assert.equal(await closeCrashedCdrsInStore(s, now + 1000), 0, 'nothing left to close');
    const listed = json<CdrDetail>(await get('/api/v1/cdrs/c6'));
    assert.deepEqual([listed.cause, listed.hungUpBy, listed.open], ['system-restart', 'system', false]);
  });
});
