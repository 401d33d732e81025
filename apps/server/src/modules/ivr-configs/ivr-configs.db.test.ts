import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, json, type TestApp } from '../../testing/test-app.ts';

type Err = { error: { code: string; message: string; details?: Record<string, unknown> } };
type Config = {
  id: string;
  number: string;
  name: string;
  source: string;
  fileName: string;
  projectId: string | null;
  notes: string;
  vxmlBytes: number;
};
type Trace = { t: number; type: string } & Record<string, unknown>;
type TryResult = { reason: string; detail?: string; value?: unknown; durationMs: number; trace: Trace[] };

/** A hand-written document: a menu, a field collecting an account number, a transfer and an exit. */
const hotline = `<?xml version="1.0" encoding="UTF-8"?>
<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml" xml:lang="zh-CN">
  <menu id="main" dtmf="true">
    <prompt>按1查询账户，按2转人工</prompt>
    <choice next="#account"/>
    <choice next="#agent"/>
    <noinput>请按键<reprompt/></noinput>
  </menu>
  <form id="account">
    <field name="acct" type="digits?length=4">
      <prompt>请输入四位账号</prompt>
      <filled><prompt>您的账号是<say-as interpret-as="digits"><value expr="acct"/></say-as></prompt><exit expr="'acct-' + acct"/></filled>
    </field>
  </form>
  <form id="agent">
    <transfer name="t" dest="queue:service" type="blind"/>
  </form>
</vxml>
`;

describe('IVR configurations (§4.6.8): uploaded or built VXML per IVR number', () => {
  let t: TestApp;
  let admin: string;
  let configId: string;
  const req = async <T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, status = 200) => {
    const r = await t.request(method, url, { cookie: admin, ...(body !== undefined ? { body } : {}) });
    assert.equal(r.statusCode, status, r.body);
    return json<T>(r);
  };
  const count = async () => (await t.db.query<{ n: number }>('SELECT count(*) AS n FROM ivr_configs')).rows[0]?.n;
  before(async () => {
    t = await createTestApp();
    admin = await t.adminCookie();
  });
  after(() => t.close());

  it('stores an uploaded hand-written document and tries it', async () => {
    const c = await req<Config>(
      'POST',
      '/api/v1/ivr-configs',
      { number: '8000', name: '热线', notes: '白天', source: { kind: 'uploaded', fileName: 'hotline.vxml', vxml: hotline } },
      201,
    );
    configId = c.id;
    assert.deepEqual(
      {
        number: c.number,
        source: c.source,
        fileName: c.fileName,
        projectId: c.projectId,
        notes: c.notes,
        vxmlBytes: c.vxmlBytes,
      },
      {
        number: '8000',
        source: 'uploaded',
        fileName: 'hotline.vxml',
        projectId: null,
        notes: '白天',
        vxmlBytes: Buffer.byteLength(hotline),
      },
    );
    const dl = await t.request('GET', `/api/v1/ivr-configs/${c.id}/vxml`, { cookie: admin });
    assert.equal(dl.body, hotline);
    assert.match(String(dl.headers['content-type']), /^application\/voicexml\+xml/);

    let r = await req<TryResult>('POST', `/api/v1/ivr-configs/${c.id}/try`, { dtmf: ['1', '4321'] });
    assert.equal(r.reason, 'exit');
    assert.equal(r.value, 'acct-4321');
    const heard = r.trace.filter((e) => e.type === 'prompt').flatMap((e) => e.text as string[]);
    assert.ok(
      heard.some((s) => s.includes('四三二一')),
      heard.join('|'),
    );

    r = await req<TryResult>('POST', `/api/v1/ivr-configs/${c.id}/try`, { dtmf: ['noinput', '2'], caller: '02112345678' });
    assert.equal(r.reason, 'transfer');
    assert.equal(r.trace.find((e) => e.type === 'transfer')?.dest, 'queue:service');
    assert.equal(r.durationMs > 0, true);
  });

  it('bounds a try run: a document that loops forever ends with an error at once', async () => {
    const loop =
      '<vxml version="2.1"><form id="a"><block><goto next="#b"/></block></form><form id="b"><block><goto next="#a"/></block></form></vxml>';
    const c = await req<Config>(
      'POST',
      '/api/v1/ivr-configs',
      { number: '8099', name: '死循环', source: { kind: 'uploaded', fileName: 'loop.vxml', vxml: loop } },
      201,
    );
    const started = Date.now();
    const r = await req<TryResult>('POST', `/api/v1/ivr-configs/${c.id}/try`, { dtmf: [] });
    assert.equal(r.reason, 'error');
    assert.match(r.detail ?? '', /step limit/);
    assert.ok(Date.now() - started < 5000, 'answered quickly');
    await req('DELETE', `/api/v1/ivr-configs/${c.id}`);
  });

  it('refuses malformed VXML with line and column, writing nothing', async () => {
    const before = await count();
    const broken = '<?xml version="1.0"?>\n<vxml version="2.1">\n  <form id="a">\n    <block>hi</blok>\n  </form>\n</vxml>';
    let r = await t.request('POST', '/api/v1/ivr-configs', {
      cookie: admin,
      body: { number: '8001', name: 'x', source: { kind: 'uploaded', fileName: 'x.vxml', vxml: broken } },
    });
    assert.equal(r.statusCode, 400);
    let e = json<Err>(r).error;
    assert.equal(e.code, 'IVR_VXML_INVALID');
    assert.equal(e.details?.line, 4);
    assert.equal(typeof e.details?.column, 'number');
    assert.match(e.message, /^VXML 文件有误（第 4 行第 \d+ 列）/);

    const badTarget = '<vxml version="2.1">\n<form id="a">\n  <block><goto next="#nowhere"/></block>\n</form>\n</vxml>';
    r = await t.request('POST', '/api/v1/ivr-configs', {
      cookie: admin,
      headers: { 'accept-language': 'en-US' },
      body: { number: '8001', name: 'x', source: { kind: 'uploaded', fileName: 'x.vxml', vxml: badTarget } },
    });
    e = json<Err>(r).error;
    assert.equal(e.code, 'IVR_VXML_INVALID');
    assert.match(e.message, /^The VXML file is not valid \(line 3, column/);
    const issues = e.details?.issues as { message: string; line: number }[];
    assert.ok(
      issues.some((i) => /nowhere/.test(i.message) && i.line === 3),
      JSON.stringify(issues),
    );

    r = await t.request('POST', '/api/v1/ivr-configs', {
      cookie: admin,
      body: {
        number: '8001',
        name: 'x',
        source: {
          kind: 'uploaded',
          fileName: 'x.vxml',
          vxml: '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><vxml version="2.1"><form><block>&e;</block></form></vxml>',
        },
      },
    });
    assert.equal(json<Err>(r).error.code, 'IVR_VXML_INVALID');
    assert.equal(await count(), before);
  });

  it('refuses a taken number, and a project that is missing, unbuilt or already registered', async () => {
    let r = await t.request('POST', '/api/v1/ivr-configs', {
      cookie: admin,
      body: { number: '8000', name: 'y', source: { kind: 'uploaded', fileName: 'y.vxml', vxml: hotline } },
    });
    assert.equal(r.statusCode, 409);
    assert.equal(json<Err>(r).error.code, 'IVR_CONFIG_NUMBER_TAKEN');

    r = await t.request('POST', '/api/v1/ivr-configs', {
      cookie: admin,
      body: { number: '8002', name: 'y', source: { kind: 'built', projectId: '6f1c1d4e-0000-4000-8000-000000000002' } },
    });
    assert.equal(r.statusCode, 400);
    assert.equal(json<Err>(r).error.code, 'IVR_PROJECT_NOT_FOUND');

    const p = await req<{ id: string }>(
      'POST',
      '/api/v1/ivr-projects',
      { name: '夜间', timeoutQueue: 'q', root: { kind: 'queue', id: 'q', name: '值班', queue: 'night' } },
      201,
    );
    const built = { number: '8002', name: '夜间', source: { kind: 'built', projectId: p.id } };
    r = await t.request('POST', '/api/v1/ivr-configs', { cookie: admin, body: built });
    assert.equal(json<Err>(r).error.code, 'IVR_PROJECT_NOT_BUILT');

    await req('POST', `/api/v1/ivr-projects/${p.id}/build`, {});
    const c = await req<Config>('POST', '/api/v1/ivr-configs', built, 201);
    assert.equal(c.source, 'built');
    assert.equal(c.fileName, '夜间.vxml');
    const tried = await req<TryResult>('POST', `/api/v1/ivr-configs/${c.id}/try`, { dtmf: [] });
    assert.equal(tried.trace.find((e) => e.type === 'transfer')?.dest, 'queue:night');

    r = await t.request('POST', '/api/v1/ivr-configs', { cookie: admin, body: { ...built, number: '8003' } });
    assert.equal(r.statusCode, 409);
    assert.equal(json<Err>(r).error.code, 'IVR_CONFIG_PROJECT_TAKEN');
    assert.match(json<Err>(r).error.message, /8002/);
  });

  it('edits, searches and deletes', async () => {
    const c = await req<Config>('PATCH', `/api/v1/ivr-configs/${configId}`, { number: '8010', notes: '全天' });
    assert.deepEqual([c.number, c.notes, c.fileName], ['8010', '全天', 'hotline.vxml']);
    const r = await t.request('PATCH', `/api/v1/ivr-configs/${configId}`, {
      cookie: admin,
      body: { source: { kind: 'uploaded', fileName: 'z.vxml', vxml: '<vxml version="2.1"></vxml>' } },
    });
    assert.equal(json<Err>(r).error.code, 'IVR_VXML_INVALID');
    assert.equal((await req<Config>('GET', `/api/v1/ivr-configs/${configId}`)).fileName, 'hotline.vxml');

    assert.deepEqual(
      (await req<Config[]>('GET', '/api/v1/ivr-configs?q=hotline')).map((x) => x.number),
      ['8010'],
    );
    assert.deepEqual(
      (await req<Config[]>('GET', '/api/v1/ivr-configs?q=夜间')).map((x) => x.number),
      ['8002'],
    );
    await req('DELETE', `/api/v1/ivr-configs/${configId}`);
    assert.equal(
      json<Err>(await t.request('GET', `/api/v1/ivr-configs/${configId}`, { cookie: admin })).error.code,
      'IVR_CONFIG_NOT_FOUND',
    );
    const audit = await t.db.query<{ action: string }>('SELECT action FROM audit_log WHERE target_id = $1 ORDER BY id', [
      configId,
    ]);
    assert.deepEqual(
      audit.rows.map((x) => x.action),
      ['ivr-config.create', 'ivr-config.update', 'ivr-config.delete'],
    );
  });
});
