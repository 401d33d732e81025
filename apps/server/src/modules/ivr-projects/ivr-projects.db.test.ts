import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseVxml } from '@rexian/vxml';
import { createTestApp, json, type TestApp } from '../../testing/test-app.ts';
import { makeWav } from '../voice-files/voice-test-audio.ts';
import { everyNodeTree, everyNodeVariables } from './ivr-test-project.ts';

type Err = { error: { code: string; message: string; details?: Record<string, unknown> } };
type Issue = { nodeId: string; field: string; message: string };
type Project = {
  id: string;
  name: string;
  issues: Issue[];
  builtVxml: string | null;
  builtAt: string | null;
  configId: string | null;
};
type Config = { id: string; number: string; name: string; source: string; projectId: string | null; fileName: string };
type Trace = { t: number; type: string } & Record<string, unknown>;
type TryResult = { reason: string; detail?: string; durationMs: number; trace: Trace[] };

const lastDialog = (r: TryResult) => r.trace.filter((e) => e.type === 'dialog').at(-1)?.dialog;
const transferDest = (r: TryResult) => r.trace.find((e) => e.type === 'transfer')?.dest;

describe('IVR designer projects (§4.6.7): save, build VXML, try', () => {
  let t: TestApp;
  let admin: string;
  let voiceId: string;
  let projectId: string;
  const req = async <T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, status = 200) => {
    const r = await t.request(method, url, { cookie: admin, ...(body !== undefined ? { body } : {}) });
    assert.equal(r.statusCode, status, r.body);
    return json<T>(r);
  };
  const count = async (table: string) => (await t.db.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n;
  before(async () => {
    t = await createTestApp();
    admin = await t.adminCookie();
    voiceId = (
      await req<{ id: string }>(
        'POST',
        '/api/v1/voice-files',
        { name: '欢迎', fileName: 'w.wav', contentBase64: makeWav({ sampleRate: 8000, ms: 200 }).toString('base64') },
        201,
      )
    ).id;
  });
  after(() => t.close());

  it('saves a tree with every node type; it has no issues and builds to VoiceXML the parser accepts', async () => {
    const p = await req<Project>(
      'POST',
      '/api/v1/ivr-projects',
      { name: '客服热线', timeoutQueue: 'q_timeout', variables: everyNodeVariables, root: everyNodeTree(voiceId) },
      201,
    );
    projectId = p.id;
    assert.deepEqual(p.issues, []);
    assert.equal(p.builtVxml, null);
    const b = await req<{ project: Project; config: Config | null }>('POST', `/api/v1/ivr-projects/${p.id}/build`, {
      number: '9001',
    });
    assert.ok(b.project.builtAt);
    assert.ok(parseVxml(b.project.builtVxml ?? '').ok, 'the built document parses');
    for (const id of ['main', 'play1', 'sales', 'http1', 'cond1', 'vm1', 'bye1', 'err1', 'sub', 'up', 'top', 'service', 'bye0'])
      assert.match(b.project.builtVxml ?? '', new RegExp(`<form id="n_${id}">`), id);
    assert.match(b.project.builtVxml ?? '', new RegExp(`<audio src="/api/v1/voice-files/${voiceId}/audio"/>`));
    assert.equal(b.config?.number, '9001');
    assert.equal(b.config?.source, 'built');
    assert.equal(b.config?.projectId, p.id);
    assert.equal(b.config?.name, '客服热线');
    assert.equal(b.project.configId, b.config?.id);
    const stored = await t.db.query<{ vxml: string }>('SELECT vxml FROM ivr_configs WHERE number = $1', ['9001']);
    assert.equal(stored.rows[0]?.vxml, b.project.builtVxml);
    const audit = await t.db.query<{ action: string }>('SELECT action FROM audit_log WHERE target_id = $1 ORDER BY id', [p.id]);
    assert.deepEqual(
      audit.rows.map((x) => x.action),
      ['ivr-project.create', 'ivr-project.build'],
    );
  });

  it('tries every branch: each trace ends where the tree says', async () => {
    const run = (body: unknown) => req<TryResult>('POST', `/api/v1/ivr-projects/${projectId}/try`, body);
    const fetch = { 'http://crm.local/balance': { body: '{"balance": 250}', contentType: 'application/json' } };

    let r = await run({ dtmf: ['1'], caller: '13912345678' });
    assert.equal(r.reason, 'transfer');
    assert.equal(lastDialog(r), 'n_sales');
    assert.equal(transferDest(r), 'queue:sales');
    const spoken = r.trace.filter((e) => e.type === 'prompt').flatMap((e) => e.text as string[]);
    assert.ok(
      spoken.some((s) => s.includes('一三九一二三四五六七八')),
      `caller read as digits: ${spoken.join('|')}`,
    );
    assert.ok(spoken.includes(`audio:http://ivr.local/api/v1/voice-files/${voiceId}/audio`));

    r = await run({ dtmf: ['2', '1234#'], fetch });
    assert.equal(lastDialog(r), 'n_vm1');
    assert.equal(transferDest(r), 'voicemail:vip');
    const sent = r.trace.find((e) => e.type === 'fetch');
    assert.deepEqual((sent?.fields as Record<string, string>).acct, '1234');

    r = await run({
      dtmf: ['2', '1234#'],
      fetch: { 'http://crm.local/balance': { body: '{"balance": 50}', contentType: 'application/json' } },
    });
    assert.equal(lastDialog(r), 'n_bye1');
    assert.equal(r.reason, 'hangup');

    r = await run({ dtmf: ['2', '1234#'] }); // no canned answer: the fetch fails → onError
    assert.equal(lastDialog(r), 'n_err1');

    r = await run({ dtmf: ['3', '1', '0'] });
    assert.deepEqual(
      r.trace.filter((e) => e.type === 'dialog').map((e) => e.dialog),
      ['n_main', 'n_sub', 'n_up', 'n_main', 'n_bye0'],
    );
    assert.equal(r.reason, 'hangup');

    r = await run({ dtmf: ['3', '2', '3', '*'] });
    assert.deepEqual(
      r.trace.filter((e) => e.type === 'dialog').map((e) => e.dialog),
      ['n_main', 'n_sub', 'n_top', 'n_main', 'n_sub', 'n_service'],
    );
    assert.equal(transferDest(r), 'queue:service');

    // Silence three times: the project's time-out queue; 15 virtual seconds, answered at once.
    const started = Date.now();
    r = await run({ dtmf: ['noinput', 'noinput', 'noinput'] });
    assert.equal(transferDest(r), 'queue:q_timeout');
    assert.equal(r.durationMs, 15000);
    assert.ok(Date.now() - started < 5000);

    r = await run({ dtmf: ['9', '9', '9'] }); // wrong keys count as attempts too
    assert.equal(transferDest(r), 'queue:q_timeout');
  });

  it('rebuilding refreshes the registered configuration instead of adding one', async () => {
    await req('PATCH', `/api/v1/ivr-projects/${projectId}`, { timeoutQueue: 'q_night' });
    const b = await req<{ project: Project; config: Config }>('POST', `/api/v1/ivr-projects/${projectId}/build`, {});
    assert.equal(b.config.number, '9001');
    assert.match(b.project.builtVxml ?? '', /queue:q_night/);
    assert.equal(await count('ivr_configs'), 1);
    const stored = await t.db.query<{ vxml: string }>('SELECT vxml FROM ivr_configs WHERE number = $1', ['9001']);
    assert.match(stored.rows[0]?.vxml ?? '', /queue:q_night/);
  });

  it('saves an unfinished tree with its issues, and refuses to build it with every issue and node id', async () => {
    const p = await req<Project>(
      'POST',
      '/api/v1/ivr-projects',
      {
        name: '草稿',
        timeoutQueue: 'q1',
        root: {
          kind: 'menu',
          id: 'm',
          name: '菜单',
          interruptible: true,
          items: [],
          keys: [{ key: '1', next: { kind: 'condition', id: 'c', name: '判断', branches: [] } }],
        },
      },
      201,
    );
    assert.deepEqual(
      p.issues.map((i) => `${i.nodeId}.${i.field}`),
      ['m.items', 'c.branches'],
    );
    const r = await t.request('POST', `/api/v1/ivr-projects/${p.id}/build`, { cookie: admin, body: { number: '9100' } });
    assert.equal(r.statusCode, 400);
    const e = json<Err>(r).error;
    assert.equal(e.code, 'IVR_PROJECT_INVALID');
    assert.match(e.message, /^IVR 流程有 2 处问题/);
    assert.deepEqual(
      (e.details?.issues as Issue[]).map((i) => i.nodeId),
      ['m', 'c'],
    );
    const row = await t.db.query<{ built_vxml: string | null }>('SELECT built_vxml FROM ivr_projects WHERE id = $1', [p.id]);
    assert.equal(row.rows[0]?.built_vxml, null);
    assert.equal(await count("ivr_configs WHERE number = '9100'"), 0);

    const tried = await t.request('POST', `/api/v1/ivr-projects/${p.id}/try`, { cookie: admin, body: { dtmf: ['1'] } });
    assert.equal(json<Err>(tried).error.code, 'IVR_PROJECT_INVALID');

    // "Back to parent" with no menu above it is a missing target.
    const up = await req<Project>('PATCH', `/api/v1/ivr-projects/${p.id}`, {
      root: { kind: 'backToParent', id: 'u', name: '返回' },
    });
    assert.deepEqual(
      up.issues.map((i) => `${i.nodeId}.${i.field}`),
      ['u.kind'],
    );
  });

  it('refuses unknown voice files, duplicate names, deep bodies and bad shapes; nothing written', async () => {
    const projects = await count('ivr_projects');
    const ghost = '6f1c1d4e-0000-4000-8000-000000000001';
    let r = await t.request('POST', '/api/v1/ivr-projects', {
      cookie: admin,
      body: {
        name: '幽灵',
        timeoutQueue: 'q',
        root: { kind: 'play', id: 'p', name: 'p', interruptible: false, items: [{ kind: 'voice', voiceFileId: ghost }] },
      },
    });
    assert.equal(r.statusCode, 400);
    assert.equal(json<Err>(r).error.code, 'IVR_VOICE_FILE_UNKNOWN');
    assert.match(json<Err>(r).error.message, new RegExp(ghost));

    r = await t.request('POST', '/api/v1/ivr-projects', {
      cookie: admin,
      body: { name: '客服热线', timeoutQueue: 'q', root: { kind: 'hangup', id: 'h', name: 'h' } },
    });
    assert.equal(r.statusCode, 409);
    assert.equal(json<Err>(r).error.code, 'IVR_PROJECT_NAME_TAKEN');

    // 5000 nested nodes (written as text: JSON.stringify itself would overflow the stack).
    const play = '{"kind":"play","id":"p","name":"p","interruptible":false,"items":[],"next":';
    const deep = `{"name":"深","timeoutQueue":"q","root":${play.repeat(5000)}{"kind":"hangup","id":"h","name":"h"}${'}'.repeat(5001)}`;
    r = await t.request('POST', '/api/v1/ivr-projects', { cookie: admin, raw: deep });
    assert.equal(r.statusCode, 400);
    assert.equal(json<Err>(r).error.code, 'IVR_PROJECT_TOO_DEEP');

    for (const root of [
      { kind: 'teleport', id: 'x', name: 'x' },
      // A menu key without a target.
      { kind: 'menu', id: 'm', name: 'm', interruptible: true, items: [], keys: [{ key: '1' }] },
      { kind: 'hangup', id: 'x', name: 'x', extra: 1 },
      {
        kind: 'menu',
        id: 'm',
        name: 'm',
        interruptible: true,
        items: [],
        keys: [{ key: '#', next: { kind: 'hangup', id: 'h', name: 'h' } }],
      },
    ]) {
      r = await t.request('POST', '/api/v1/ivr-projects', { cookie: admin, body: { name: '坏', timeoutQueue: 'q', root } });
      assert.equal(json<Err>(r).error.code, 'VALIDATION_FAILED', JSON.stringify(root));
    }
    assert.equal(await count('ivr_projects'), projects);
  });

  it('a build whose IVR number is taken writes nothing', async () => {
    const p = await req<Project>(
      'POST',
      '/api/v1/ivr-projects',
      { name: '第二个', timeoutQueue: 'q', root: { kind: 'hangup', id: 'h', name: '挂断' } },
      201,
    );
    const r = await t.request('POST', `/api/v1/ivr-projects/${p.id}/build`, { cookie: admin, body: { number: '9001' } });
    assert.equal(r.statusCode, 409);
    assert.equal(json<Err>(r).error.code, 'IVR_CONFIG_NUMBER_TAKEN');
    const row = await req<Project>('GET', `/api/v1/ivr-projects/${p.id}`);
    assert.equal(row.builtVxml, null, 'the stored build was rolled back with the registration');
    // Without a number the build is stored and left unregistered.
    const b = await req<{ project: Project; config: Config | null }>('POST', `/api/v1/ivr-projects/${p.id}/build`, {});
    assert.equal(b.config, null);
    assert.ok(b.project.builtVxml);
  });

  it('lists with search, and refuses deleting a project an IVR number runs', async () => {
    const list = await req<Project[]>('GET', '/api/v1/ivr-projects?q=热线');
    assert.deepEqual(
      list.map((x) => x.name),
      ['客服热线'],
    );
    assert.equal('root' in (list[0] as object), false, 'the list carries no trees');
    const r = await t.request('DELETE', `/api/v1/ivr-projects/${projectId}`, { cookie: admin });
    assert.equal(r.statusCode, 409);
    assert.equal(json<Err>(r).error.code, 'IVR_PROJECT_IN_USE');
    assert.match(json<Err>(r).error.message, /9001/);
    const draft = (await req<Project[]>('GET', '/api/v1/ivr-projects?q=草稿'))[0];
    await req('DELETE', `/api/v1/ivr-projects/${draft?.id}`);
    assert.equal(
      json<Err>(await t.request('GET', `/api/v1/ivr-projects/${draft?.id}`, { cookie: admin })).error.code,
      'IVR_PROJECT_NOT_FOUND',
    );
  });
});
