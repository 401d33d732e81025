import assert from 'node:assert/strict';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Permission, Voicemail } from '@rexian/contracts';
import { createTestApp, json, type TestApp } from '../../testing/test-app.ts';
import { makeWav } from '../voice-files/voice-test-audio.ts';
import { createVoicemailStore } from './voicemail.store.ts';

type Err = { error: { code: string } };
type Scope = 'self' | 'managed' | 'all';
const T0 = Date.UTC(2026, 0, 5, 2, 0, 0);
const H = 3_600_000;
const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe('voicemail (§4.7.4): store, list, play, mark handled, delete', () => {
  let t: TestApp;
  let admin: string;
  let base: string;
  let dataDir: string;
  const users = {} as Record<Scope, { cookie: string; id: string }>;
  const vm: Record<string, string> = {};

  const create = async (url: string, body: unknown) => {
    const r = await t.request('POST', url, { cookie: admin, body });
    assert.equal(r.statusCode, 201, r.body);
    return json<{ id: string }>(r).id;
  };
  const as = (who: Scope | 'admin') => (who === 'admin' ? admin : users[who].cookie);
  const list = async (query: string, who: Scope | 'admin' = 'admin') => {
    const r = await t.request('GET', `/api/v1/voicemails${query}`, { cookie: as(who) });
    assert.equal(r.statusCode, 200, r.body);
    return json<{ items: Voicemail[]; total: number }>(r).items;
  };
  const mailboxes = async (query: string, who: Scope | 'admin' = 'admin') =>
    (await list(query, who)).map((v) => v.mailbox).sort();

  before(async () => {
    base = await mkdtemp(join(tmpdir(), 'rexian-vm-'));
    dataDir = join(base, 'data');
    await mkdir(join(dataDir, 'voicemail'), { recursive: true });
    t = await createTestApp({ env: { REXIAN_DATA_DIR: dataDir } });
    admin = await t.adminCookie();
    const depA = await create('/api/v1/departments', { name: 'A' });
    const depA1 = await create('/api/v1/departments', { name: 'A1', parentId: depA });
    const depB = await create('/api/v1/departments', { name: 'B' });
    const sup = await create('/api/v1/employees', { code: 'sup', name: '班长', departmentId: depA });
    const ag = await create('/api/v1/employees', { code: 'ag', name: '座席', departmentId: depA1 });
    const other = await create('/api/v1/employees', { code: 'other', name: '其他', departmentId: depB });
    await create('/api/v1/extensions', { number: '8001', employeeId: ag });
    await create('/api/v1/extensions', { number: '8002', employeeId: other });
    // The supervisor manages queue 6001: messages left in that queue are in its scope.
    const queue = await create('/api/v1/queues', { name: '售后', number: '6001' });
    await create('/api/v1/agents', {
      number: '1003',
      name: 'sup',
      password: 'agent5x9y2',
      type: 'supervisor',
      employeeId: sup,
      managedQueueIds: [queue],
    });
    const roles: Record<Scope, [Permission[], string]> = {
      self: [['pbx.voicemail.read'], ag],
      managed: [['pbx.voicemail.read', 'pbx.voicemail.write'], sup],
      all: [['pbx.voicemail.read', 'pbx.voicemail.write', 'pbx.cdr.unmasked'], other],
    };
    for (const [scope, [permissions, employeeId]] of Object.entries(roles) as [Scope, [Permission[], string]][]) {
      const roleId = await create('/api/v1/roles', { name: `vm-${scope}`, permissions, dataScope: scope });
      users[scope] = await t.userCookie(admin, { username: `vm-${scope}`, roleId, employeeId });
    }
    const store = createVoicemailStore(t.db);
    const seed = [
      ['m8001', '8001', '13800138000', T0],
      ['m8002', '8002', '13900139000', T0 + H],
      ['m6001', '6001', '02161234567', T0 + 2 * H],
      ['mvip', 'vip', '8002', T0 + 3 * H],
    ] as const;
    for (const [key, mailbox, caller, at] of seed) {
      const file = `voicemail/${key}.wav`;
      await writeFile(join(dataDir, file), makeWav({ sampleRate: 8000, ms: 500 }));
      vm[key] = (
        await store.create({
          callId: `call-${key}`,
          mailbox,
          caller,
          callee: '4008001234',
          accessNumber: '4008001234',
          file,
          durationMs: 500,
          createdAt: at,
        })
      ).id;
    }
  });
  after(async () => {
    await t.close();
    await rm(base, { recursive: true, force: true });
  });

  it('the store accepts only paths relative to the data folder', async () => {
    const store = createVoicemailStore(t.db);
    for (const file of ['/etc/passwd', '../x.wav', 'voicemail/../../x.wav', '']) {
      await assert.rejects(
        store.create({ callId: 'x', mailbox: '8001', caller: '1', callee: '2', file, durationMs: 1 }),
        RangeError,
        file,
      );
    }
  });

  it('lists newest first with filters', async () => {
    const all = await list('');
    assert.deepEqual(
      all.map((v) => v.mailbox),
      ['vip', '6001', '8002', '8001'],
    );
    assert.deepEqual(
      [all[3]?.durationMs, all[3]?.handled, all[3]?.callId, all[3]?.createdAt],
      [500, false, 'call-m8001', new Date(T0).toISOString()],
    );
    assert.deepEqual(await mailboxes('?mailbox=8001'), ['8001']);
    assert.deepEqual(await mailboxes('?caller=139'), ['8002']);
    const window = `?from=${new Date(T0 + H / 2).toISOString()}&to=${new Date(T0 + 2.5 * H).toISOString()}`;
    assert.deepEqual(await mailboxes(window), ['6001', '8002']);
    assert.deepEqual(await mailboxes('?handled=true'), []);
    assert.deepEqual(await mailboxes('?q=600'), ['6001']);
  });

  it('limits messages to the data scope: own extensions, managed employees’ extensions and queues', async () => {
    assert.deepEqual(await mailboxes('', 'self'), ['8001']);
    assert.deepEqual(await mailboxes('', 'managed'), ['6001', '8001']);
    assert.deepEqual(await mailboxes('', 'all'), ['6001', '8001', '8002', 'vip']);
    const outside = await t.request('PATCH', `/api/v1/voicemails/${vm.m8002}`, {
      cookie: as('managed'),
      body: { handled: true },
    });
    assert.equal(outside.statusCode, 404);
    assert.equal(json<Err>(outside).error.code, 'VOICEMAIL_NOT_FOUND');
    assert.equal((await t.request('GET', `/api/v1/voicemails/${vm.m8002}/audio`, { cookie: as('self') })).statusCode, 404);
  });

  it('masks callers’ numbers unless the role may see them', async () => {
    const managed = await list('', 'managed');
    assert.deepEqual(
      managed.map((v) => [v.mailbox, v.caller, v.accessNumber, v.masked]),
      [
        ['6001', '021****4567', '4008001234', true],
        ['8001', '138****8000', '4008001234', true],
      ],
    );
    const full = await list('?mailbox=8001', 'all');
    assert.deepEqual([full[0]?.caller, full[0]?.masked], ['13800138000', false]);
    const vip = await list('?mailbox=vip');
    assert.equal(vip[0]?.caller, '8002', 'extensions are never masked');
  });

  it('plays the message with byte ranges', async () => {
    const wav = makeWav({ sampleRate: 8000, ms: 500 });
    const r = await t.request('GET', `/api/v1/voicemails/${vm.m8001}/audio`, { cookie: as('self') });
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['content-type'], 'audio/wav');
    assert.deepEqual(r.rawPayload, wav);
    const part = await t.request('GET', `/api/v1/voicemails/${vm.m8001}/audio`, {
      cookie: as('self'),
      headers: { range: 'bytes=44-143' },
    });
    assert.equal(part.statusCode, 206);
    assert.equal(part.headers['content-range'], `bytes 44-143/${wav.length}`);
    assert.deepEqual(part.rawPayload, wav.subarray(44, 144));
  });

  it('refuses a stored path outside the data folder, and deleting such a message leaves that file alone', async () => {
    const outside = join(base, 'outside.wav');
    await writeFile(outside, 'secret');
    const id = '00000000-0000-4000-8000-000000000001';
    await t.db.query(
      `INSERT INTO voicemails (id, call_id, mailbox, caller, callee, file, duration_ms) VALUES ($1, 'x', '8001', '1', '2', $2, 1)`,
      [id, '../outside.wav'],
    );
    const r = await t.request('GET', `/api/v1/voicemails/${id}/audio`, { cookie: admin });
    assert.equal(r.statusCode, 403);
    assert.equal(json<Err>(r).error.code, 'MEDIA_FILE_OUTSIDE_DATA_DIR');
    assert.equal((await t.request('DELETE', `/api/v1/voicemails/${id}`, { cookie: admin })).statusCode, 200);
    assert.ok(await exists(outside));
  });

  it('marks a message handled with a note (who and when), and unhandled again; audited', async () => {
    const r = await t.request('PATCH', `/api/v1/voicemails/${vm.m8001}`, {
      cookie: as('managed'),
      body: { handled: true, note: '客户要求回电' },
    });
    assert.equal(r.statusCode, 200, r.body);
    const v = json<Voicemail>(r);
    assert.deepEqual([v.handled, v.handledBy, v.handledByName, v.note], [true, users.managed.id, 'vm-managed', '客户要求回电']);
    assert.ok(v.handledAt && Math.abs(Date.parse(v.handledAt) - Date.now()) < 60_000);
    assert.equal(v.caller, '138****8000', 'the answer is masked like the list');
    // Marking it again keeps the first handler.
    const again = json<Voicemail>(
      await t.request('PATCH', `/api/v1/voicemails/${vm.m8001}`, { cookie: admin, body: { handled: true } }),
    );
    assert.deepEqual([again.handledBy, again.handledAt], [v.handledBy, v.handledAt]);
    assert.deepEqual(await mailboxes('?handled=true'), ['8001']);
    assert.deepEqual(await mailboxes('?handled=false'), ['6001', '8002', 'vip']);
    const undo = json<Voicemail>(
      await t.request('PATCH', `/api/v1/voicemails/${vm.m8001}`, { cookie: as('managed'), body: { handled: false } }),
    );
    assert.deepEqual([undo.handled, undo.handledBy, undo.handledAt, undo.note], [false, null, null, '客户要求回电']);
    const bad = await t.request('PATCH', `/api/v1/voicemails/${vm.m8001}`, { cookie: admin, body: {} });
    assert.equal(json<Err>(bad).error.code, 'VALIDATION_FAILED');
    const denied = await t.request('PATCH', `/api/v1/voicemails/${vm.m8001}`, { cookie: as('self'), body: { handled: true } });
    assert.equal(json<Err>(denied).error.code, 'FORBIDDEN_PERMISSION');
    const audit = await t.db.query<{ action: string; details: { handled?: boolean } }>(
      `SELECT action, details FROM audit_log WHERE action = 'voicemail.update' AND target_id = $1 ORDER BY id`,
      [vm.m8001],
    );
    assert.deepEqual(
      audit.rows.map((a) => a.details.handled),
      [true, true, false],
    );
  });

  it('deletes a message: its file and its row; audited', async () => {
    const file = join(dataDir, 'voicemail', 'm6001.wav');
    assert.ok(await exists(file));
    const r = await t.request('DELETE', `/api/v1/voicemails/${vm.m6001}`, { cookie: as('managed') });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(await exists(file), false);
    assert.deepEqual(await mailboxes('', 'managed'), ['8001']);
    assert.equal((await t.request('DELETE', `/api/v1/voicemails/${vm.m6001}`, { cookie: admin })).statusCode, 404);
    const audit = await t.db.query<{ details: { mailbox: string } }>(
      `SELECT details FROM audit_log WHERE action = 'voicemail.delete' AND target_id = $1`,
      [vm.m6001],
    );
    assert.equal(audit.rows[0]?.details.mailbox, '6001');
    // A message whose file is already gone still goes.
    await rm(join(dataDir, 'voicemail', 'mvip.wav'));
    assert.equal(
      json<Err>(await t.request('GET', `/api/v1/voicemails/${vm.mvip}/audio`, { cookie: admin })).error.code,
      'VOICEMAIL_FILE_NOT_FOUND',
    );
    assert.equal((await t.request('DELETE', `/api/v1/voicemails/${vm.mvip}`, { cookie: admin })).statusCode, 200);
  });
});
