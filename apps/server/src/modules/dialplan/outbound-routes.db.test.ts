import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { OutboundRouteDto } from '@rexian/contracts';
import { createTestApp, json, type TestApp } from '../../testing/test-app.ts';

type Err = { error: { code: string; details?: { issues?: { path: string; message: string }[] } } };
const pathsOf = (r: { json(): unknown }) => ((r.json() as Err).error.details?.issues ?? []).map((i) => i.path).sort();

describe('outbound routes (外呼路由)', () => {
  let t: TestApp;
  let admin: string;
  let ct: string;
  let cu: string;
  let outNumber: string;
  let inNumber: string;
  before(async () => {
    t = await createTestApp();
    admin = await t.adminCookie();
    const made = async (url: string, body: unknown) => {
      const r = await t.request('POST', url, { cookie: admin, body });
      assert.equal(r.statusCode, 201, r.body);
      return json<{ id: string }>(r).id;
    };
    ct = await made('/api/v1/trunks', { name: '电信', host: '192.0.2.10', authMode: 'ip' });
    cu = await made('/api/v1/trunks', { name: '联通', host: '192.0.2.20', authMode: 'ip' });
    await made('/api/v1/extensions', { number: '8001' });
    outNumber = await made('/api/v1/access-numbers', { number: '02160001234', callType: 'out' });
    inNumber = await made('/api/v1/access-numbers', {
      number: '4008001234',
      callType: 'in',
      target: { kind: 'extension', extension: '8001' },
    });
  });
  after(() => t.close());

  const post = (body: unknown) => t.request('POST', '/api/v1/outbound-routes', { cookie: admin, body });

  it('adds a route with rules, rewriting, a caller ID and trunks in failover order', async () => {
    const r = await post({
      name: '手机',
      rules: [
        { kind: 'pattern', value: '_91[3-9]XXXXXXXXX' },
        { kind: 'exact', value: '9110' },
      ],
      trunkIds: [cu, ct],
      callerIdAccessNumberId: outNumber,
      stripDigits: 1,
      prepend: '0',
      sortOrder: 10,
    });
    assert.equal(r.statusCode, 201, r.body);
    const route = json<OutboundRouteDto>(r);
    assert.deepEqual(route.trunkIds, [cu, ct]);
    assert.deepEqual(route.trunkNames, ['联通', '电信']);
    assert.equal(route.callerIdNumber, '02160001234');
    assert.deepEqual([route.stripDigits, route.prepend, route.enabled], [1, '0', true]);
  });

  it('refuses broken routes with every problem and its path', async () => {
    const r = await post({
      name: '坏的',
      rules: [
        { kind: 'prefix', value: '0' },
        { kind: 'pattern', value: '_X[9-1]' },
        { kind: 'exact', value: '12a' },
      ],
      trunkIds: [ct, '00000000-0000-4000-8000-000000000000', ct],
      callerIdAccessNumberId: inNumber,
      prepend: 'ab',
    });
    assert.equal(r.statusCode, 400);
    assert.equal(json<Err>(r).error.code, 'OUTBOUND_ROUTE_INVALID');
    assert.deepEqual(pathsOf(r), ['callerIdAccessNumberId', 'prepend', 'rules.1', 'rules.2', 'trunkIds.1', 'trunkIds.2']);
    const empty = await post({ name: '空的', rules: [], trunkIds: [] });
    assert.deepEqual(pathsOf(empty), ['rules', 'trunkIds']);
    const dup = await post({ name: '手机', rules: [{ kind: 'prefix', value: '1' }], trunkIds: [ct] });
    assert.equal(dup.statusCode, 409);
    assert.equal(json<Err>(dup).error.code, 'OUTBOUND_ROUTE_NAME_TAKEN');
  });

  it('reorders trunks, filters the list and keeps the console’s order', async () => {
    const local = json<OutboundRouteDto>(
      await post({ name: '市话', rules: [{ kind: 'pattern', value: '_9NXXXXXXX' }], trunkIds: [ct], sortOrder: 1 }),
    );
    const list = async (q = '') =>
      json<OutboundRouteDto[]>(await t.request('GET', `/api/v1/outbound-routes${q}`, { cookie: admin })).map((x) => x.name);
    assert.deepEqual(await list(), ['市话', '手机']);
    assert.deepEqual(await list(`?trunkId=${cu}`), ['手机']);
    const r = await t.request('PATCH', `/api/v1/outbound-routes/${local.id}`, {
      cookie: admin,
      body: { trunkIds: [cu, ct], enabled: false, sortOrder: 20 },
    });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(json<OutboundRouteDto>(r).trunkNames, ['联通', '电信']);
    assert.deepEqual(await list(), ['手机', '市话']);
    assert.deepEqual(await list('?enabled=false'), ['市话']);
    const keep = await t.request('PATCH', `/api/v1/outbound-routes/${local.id}`, { cookie: admin, body: { notes: '本地' } });
    assert.deepEqual(json<OutboundRouteDto>(keep).trunkIds, [cu, ct], 'trunks kept when not sent');
    const bad = await t.request('PATCH', `/api/v1/outbound-routes/${local.id}`, {
      cookie: admin,
      body: { rules: [{ kind: 'pattern', value: '9' }] },
    });
    assert.deepEqual(pathsOf(bad), ['rules.0']);
    assert.equal((await t.request('DELETE', `/api/v1/outbound-routes/${local.id}`, { cookie: admin })).statusCode, 200);
    const gone = await t.request('GET', `/api/v1/outbound-routes/${local.id}`, { cookie: admin });
    assert.equal(json<Err>(gone).error.code, 'OUTBOUND_ROUTE_NOT_FOUND');
    const rows = await t.db.query('SELECT 1 FROM outbound_route_trunks WHERE route_id = $1', [local.id]);
    assert.equal(rows.rows.length, 0, 'its trunk list went with it');
  });
});
