import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TrunkDto, TrunkStatusDto } from '@rexian/contracts';
import { createTestApp, json, type TestApp } from '../../testing/test-app.ts';
import { createDialplanReader } from './dialplan.repository.ts';

type Err = { error: { code: string; details?: { issues?: { path: string }[]; routes?: string } } };
const pathsOf = (r: { json(): unknown }) => ((r.json() as Err).error.details?.issues ?? []).map((i) => i.path).sort();
const SECRET = 'Carrier-Secret-4711';

describe('trunks (中继)', () => {
  let t: TestApp;
  let admin: string;
  let telecom: TrunkDto;
  before(async () => {
    t = await createTestApp();
    admin = await t.adminCookie();
  });
  after(() => t.close());

  const post = (body: unknown) => t.request('POST', '/api/v1/trunks', { cookie: admin, body });
  const rawRow = async (id: string) =>
    (await t.db.query<{ password_enc: string | null }>('SELECT password_enc FROM trunks WHERE id = $1', [id])).rows[0];

  it('adds a registering trunk; the password is never returned and is encrypted at rest', async () => {
    const r = await post({
      name: '中国电信',
      host: 'sip.carrier.example',
      transport: 'tcp',
      authMode: 'register',
      username: '02160001234',
      password: SECRET,
      maxChannels: 30,
      callerId: '02160001234',
      codecs: ['PCMA', 'G722', 'telephone-event'],
    });
    assert.equal(r.statusCode, 201, r.body);
    assert.ok(!r.body.includes(SECRET), 'not in the answer');
    telecom = json<TrunkDto>(r);
    assert.equal(telecom.hasPassword, true);
    assert.equal('password' in telecom, false);
    assert.deepEqual(
      { port: telecom.port, transport: telecom.transport, expiry: telecom.registerExpirySeconds, codecs: telecom.codecs },
      { port: 5060, transport: 'tcp', expiry: 3600, codecs: ['PCMA', 'G722', 'telephone-event'] },
    );
    for (const url of ['/api/v1/trunks', `/api/v1/trunks/${telecom.id}`, '/api/v1/trunks/status', '/api/v1/audit?pageSize=200']) {
      const got = await t.request('GET', url, { cookie: admin });
      assert.equal(got.statusCode, 200, url);
      assert.ok(!got.body.includes(SECRET), `no password in ${url}`);
    }
    const row = await rawRow(telecom.id);
    assert.ok(row?.password_enc);
    assert.ok(!row.password_enc.includes(SECRET), 'not stored in clear');
    assert.ok(!Buffer.from(row.password_enc, 'utf8').toString('base64').includes(Buffer.from(SECRET).toString('base64')));
    assert.match(row.password_enc, /^v1:/);
    const everything = JSON.stringify((await t.db.query('SELECT * FROM trunks')).rows);
    assert.ok(!everything.includes(SECRET));
    // The switch gets it back, decrypted.
    const { trunks } = await createDialplanReader(t.db).load();
    assert.equal(trunks.find((x) => x.id === telecom.id)?.password, SECRET);
  });

  it('refuses what cannot reach a carrier, with every problem and its path', async () => {
    const r = await post({
      name: '坏中继',
      host: 'bad host!',
      authMode: 'register',
      inboundAddresses: ['192.0.2.1', '10.0.0.0/33', 'example.com'],
      codecs: ['PCMA', 'PCMA'],
    });
    assert.equal(r.statusCode, 400);
    assert.equal(json<Err>(r).error.code, 'TRUNK_INVALID');
    assert.deepEqual(pathsOf(r), ['codecs.1', 'host', 'inboundAddresses.1', 'inboundAddresses.2', 'password', 'username']);
    const zod = await post({ name: 'x', host: 'h', authMode: 'ip', transport: 'sctp' });
    assert.equal(json<Err>(zod).error.code, 'VALIDATION_FAILED');
    const dup = await post({ name: '中国电信', host: '192.0.2.1', authMode: 'ip' });
    assert.equal(dup.statusCode, 409);
    assert.equal(json<Err>(dup).error.code, 'TRUNK_NAME_TAKEN');
  });

  it('keeps the stored password unless a new one is sent; removes it only where registration does not need it', async () => {
    const before = (await rawRow(telecom.id))?.password_enc;
    const r = await t.request('PATCH', `/api/v1/trunks/${telecom.id}`, {
      cookie: admin,
      body: { maxChannels: 60, notes: '主线' },
    });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(json<TrunkDto>(r).maxChannels, 60);
    assert.equal((await rawRow(telecom.id))?.password_enc, before, 'untouched');

    const again = await t.request('PATCH', `/api/v1/trunks/${telecom.id}`, {
      cookie: admin,
      body: { password: 'Other-Secret-99' },
    });
    assert.equal(again.statusCode, 200);
    const changed = (await rawRow(telecom.id))?.password_enc;
    assert.notEqual(changed, before);
    const { trunks } = await createDialplanReader(t.db).load();
    assert.equal(trunks[0]?.password, 'Other-Secret-99');

    const cleared = await t.request('PATCH', `/api/v1/trunks/${telecom.id}`, { cookie: admin, body: { password: null } });
    assert.equal(cleared.statusCode, 400);
    assert.deepEqual(pathsOf(cleared), ['password']);
    const ip = await t.request('PATCH', `/api/v1/trunks/${telecom.id}`, {
      cookie: admin,
      body: { authMode: 'ip', password: null, inboundAddresses: ['203.0.113.0/24'] },
    });
    assert.equal(ip.statusCode, 200, ip.body);
    assert.equal(json<TrunkDto>(ip).hasPassword, false);
    assert.equal((await rawRow(telecom.id))?.password_enc, null);
  });

  it('lists with filters and reports status from the table alone when no switch runs', async () => {
    assert.equal(
      (await post({ name: '联通', host: '198.51.100.7', port: 5080, authMode: 'ip', enabled: false })).statusCode,
      201,
    );
    const list = async (q: string) =>
      json<TrunkDto[]>(await t.request('GET', `/api/v1/trunks?${q}`, { cookie: admin })).map((x) => x.name);
    assert.deepEqual(await list('enabled=false'), ['联通']);
    assert.deepEqual(await list('q=198.51'), ['联通']);
    assert.deepEqual((await list('authMode=ip')).sort(), ['中国电信', '联通'].sort());
    const status = json<TrunkStatusDto[]>(await t.request('GET', '/api/v1/trunks/status', { cookie: admin }));
    assert.equal(status.length, 2);
    for (const s of status) {
      assert.equal(s.registration, 'unknown');
      assert.equal(s.activeChannels, 0);
      assert.equal(s.updatedAt, null);
    }
    assert.equal(status.find((s) => s.name === '中国电信')?.maxChannels, 60);
  });

  it('cannot delete a trunk an outbound route uses', async () => {
    const route = await t.request('POST', '/api/v1/outbound-routes', {
      cookie: admin,
      body: { name: '长途', rules: [{ kind: 'pattern', value: '_0ZX.' }], trunkIds: [telecom.id] },
    });
    assert.equal(route.statusCode, 201, route.body);
    assert.equal(json<TrunkDto>(await t.request('GET', `/api/v1/trunks/${telecom.id}`, { cookie: admin })).routeCount, 1);
    const refused = await t.request('DELETE', `/api/v1/trunks/${telecom.id}`, { cookie: admin });
    assert.equal(refused.statusCode, 409);
    assert.equal(json<Err>(refused).error.code, 'TRUNK_IN_USE');
    assert.equal(json<Err>(refused).error.details?.routes, '长途');
    await t.request('DELETE', `/api/v1/outbound-routes/${json<{ id: string }>(route).id}`, { cookie: admin });
    assert.equal((await t.request('DELETE', `/api/v1/trunks/${telecom.id}`, { cookie: admin })).statusCode, 200);
    assert.equal((await t.request('GET', `/api/v1/trunks/${telecom.id}`, { cookie: admin })).statusCode, 404);
  });

  it("keeps a carrier's digest realm; none means the host; a realm that cannot be quoted is refused", async () => {
    const patch = (id: string, body: unknown) => t.request('PATCH', `/api/v1/trunks/${id}`, { cookie: admin, body });
    const realmOf = async (id: string) => {
      const row = (await t.db.query<{ realm: string | null }>('SELECT realm FROM trunks WHERE id = $1', [id])).rows[0];
      const record = (await createDialplanReader(t.db).load()).trunks.find((x) => x.id === id);
      return {
        row: row?.realm,
        switch: record?.realm,
        dto: json<TrunkDto>(await t.request('GET', `/api/v1/trunks/${id}`, { cookie: admin })).realm,
      };
    };
    const register = { host: '192.0.2.50', authMode: 'register', username: 'acct', password: SECRET };
    const r = await post({ ...register, name: '移动', realm: 'carrier-realm' });
    assert.equal(r.statusCode, 201, r.body);
    const mobile = json<TrunkDto>(r);
    assert.equal(mobile.realm, 'carrier-realm');
    assert.deepEqual(await realmOf(mobile.id), { row: 'carrier-realm', switch: 'carrier-realm', dto: 'carrier-realm' });

    const plain = json<TrunkDto>(await post({ ...register, name: '铁通' }));
    assert.equal(plain.realm, null, 'absent: the host');
    assert.deepEqual(await realmOf(plain.id), { row: null, switch: undefined, dto: null });

    assert.equal((await patch(mobile.id, { notes: '不改认证域' })).statusCode, 200);
    assert.equal((await realmOf(mobile.id)).switch, 'carrier-realm', 'an omitted realm is kept');
    const moved = await patch(mobile.id, { realm: ' sip.carrier.com ' });
    assert.equal(json<TrunkDto>(moved).realm, 'sip.carrier.com', 'trimmed');
    const cleared = await patch(mobile.id, { realm: null });
    assert.equal(cleared.statusCode, 200, cleared.body);
    assert.deepEqual(await realmOf(mobile.id), { row: null, switch: undefined, dto: null });

    for (const realm of ['', 'two words', 'say "hi"', 'back\\slash', 'x'.repeat(129), 42]) {
      for (const bad of [await post({ ...register, name: '坏认证域', realm }), await patch(plain.id, { realm })]) {
        assert.equal(bad.statusCode, 400, `${JSON.stringify(realm)}: ${bad.body}`);
        assert.equal(json<Err>(bad).error.code, 'VALIDATION_FAILED');
        assert.deepEqual(pathsOf(bad), ['body.realm'], JSON.stringify(realm));
      }
    }
    assert.equal((await realmOf(plain.id)).row, null, 'nothing stored by a refused change');
    assert.equal((await t.request('GET', `/api/v1/trunks?q=${encodeURIComponent('坏认证域')}`, { cookie: admin })).body, '[]');
  });
});
