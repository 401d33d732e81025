import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AccessNumberDto, CallTargetOptions, Page } from '@rexian/contracts';
import { createTestApp, json, type TestApp } from '../../testing/test-app.ts';

type Err = { error: { code: string; message: string; details?: { issues?: { path: string }[]; routes?: string } } };
const pathsOf = (r: { json(): unknown }) => ((r.json() as Err).error.details?.issues ?? []).map((i) => i.path).sort();
const vxml = '<vxml version="2.1"><form><block><exit/></block></form></vxml>';

describe('access numbers (接入号)', () => {
  let t: TestApp;
  let admin: string;
  let scheduleId: string;
  let queueId: string;
  let ivrId: string;
  before(async () => {
    t = await createTestApp();
    admin = await t.adminCookie();
    const made = async (url: string, body: unknown) => {
      const r = await t.request('POST', url, { cookie: admin, body });
      assert.equal(r.statusCode, 201, r.body);
      return json<{ id: string }>(r).id;
    };
    await made('/api/v1/extensions', { number: '8001', displayName: '前台' });
    queueId = await made('/api/v1/queues', { name: '销售', number: '6001' });
    ivrId = await made('/api/v1/ivr-configs', {
      number: '9100',
      name: '下班导航',
      source: { kind: 'uploaded', fileName: 'closed.vxml', vxml },
    });
    scheduleId = await made('/api/v1/schedules', {
      name: '办公时间',
      workingPeriods: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '18:00' })),
    });
  });
  after(() => t.close());

  const post = (body: unknown) => t.request('POST', '/api/v1/access-numbers', { cookie: admin, body });

  it('adds an inbound number with an extension target, and refuses the same number twice (with or without +)', async () => {
    const r = await post({
      number: '+862188880000',
      callType: 'in',
      vip: true,
      target: { kind: 'extension', extension: '8001' },
    });
    assert.equal(r.statusCode, 201, r.body);
    const a = json<AccessNumberDto>(r);
    assert.deepEqual(
      { number: a.number, callType: a.callType, vip: a.vip, target: a.target, timeRouting: a.timeRouting },
      { number: '+862188880000', callType: 'in', vip: true, target: { kind: 'extension', extension: '8001' }, timeRouting: null },
    );
    for (const number of ['+862188880000', '862188880000']) {
      const dup = await post({ number, callType: 'out' });
      assert.equal(dup.statusCode, 409, number);
      assert.equal(json<Err>(dup).error.code, 'ACCESS_NUMBER_TAKEN');
      assert.match(json<Err>(dup).error.message, new RegExp(number.replace('+', '\\+')));
    }
  });

  it('adds a number with time-based routing over a schedule, queue and IVR targets', async () => {
    const r = await post({
      number: '4008001234',
      timeRouting: {
        enabled: true,
        scheduleId,
        workingHours: { kind: 'queue', queueId },
        afterHours: { kind: 'ivr', ivrId },
      },
      notes: '客服热线',
    });
    assert.equal(r.statusCode, 201, r.body);
    const a = json<AccessNumberDto>(r);
    assert.equal(a.callType, 'both');
    assert.equal(a.target, null);
    assert.deepEqual(a.timeRouting, {
      enabled: true,
      scheduleId,
      scheduleName: '办公时间',
      workingHours: { kind: 'queue', queueId },
      afterHours: { kind: 'ivr', ivrId },
      holiday: null,
    });
  });

  it('refuses invalid numbers with the switch validator’s paths and unknown targets by name', async () => {
    const noTarget = await post({ number: '4001', callType: 'in' });
    assert.equal(noTarget.statusCode, 400);
    assert.equal(json<Err>(noTarget).error.code, 'ACCESS_NUMBER_INVALID');
    assert.deepEqual(pathsOf(noTarget), ['target']);

    const many = await post({
      number: '40-01',
      target: { kind: 'extension', extension: '9999' },
      timeRouting: {
        enabled: true,
        scheduleId: '00000000-0000-4000-8000-000000000000',
        workingHours: { kind: 'queue', queueId: 'not-a-queue' },
        afterHours: { kind: 'ivr', ivrId: '' },
        holiday: { kind: 'voicemail', mailboxId: 'abc' },
      },
    });
    assert.equal(many.statusCode, 400);
    assert.deepEqual(pathsOf(many), [
      'number',
      'target.extension',
      'timeRouting.afterHours',
      'timeRouting.holiday.mailboxId',
      'timeRouting.scheduleId',
      'timeRouting.workingHours.queueId',
    ]);
    // An outbound-only number needs no target.
    assert.equal((await post({ number: '01088886666', callType: 'out' })).statusCode, 201);
  });

  it('lists with filters and pages', async () => {
    const list = async (query: string) =>
      json<Page<AccessNumberDto>>(await t.request('GET', `/api/v1/access-numbers?${query}`, { cookie: admin }));
    assert.deepEqual(
      (await list('')).items.map((a) => a.number),
      ['01088886666', '4008001234', '+862188880000'],
    );
    assert.deepEqual(
      (await list('callType=out')).items.map((a) => a.number),
      ['01088886666'],
    );
    assert.deepEqual(
      (await list('vip=true')).items.map((a) => a.number),
      ['+862188880000'],
    );
    assert.deepEqual(
      (await list(`scheduleId=${scheduleId}`)).items.map((a) => a.number),
      ['4008001234'],
    );
    assert.deepEqual(
      (await list(`q=${encodeURIComponent('热线')}`)).items.map((a) => a.number),
      ['4008001234'],
    );
    const paged = await list('pageSize=2&page=2');
    assert.equal(paged.total, 3);
    assert.deepEqual(
      paged.items.map((a) => a.number),
      ['+862188880000'],
    );
  });

  it('offers extensions, IVR configurations and queues as targets', async () => {
    const o = json<CallTargetOptions>(await t.request('GET', '/api/v1/access-numbers/targets', { cookie: admin }));
    assert.deepEqual(o.extensions, [{ value: '8001', label: '8001 前台' }]);
    assert.deepEqual(o.ivrConfigs, [{ value: ivrId, label: '9100 下班导航' }]);
    assert.deepEqual(o.queues, [{ value: queueId, label: '6001 销售' }]);
  });

  it('edits everything but the number; a caller ID of a route can be neither deleted nor made inbound-only', async () => {
    const { items } = json<Page<AccessNumberDto>>(await t.request('GET', '/api/v1/access-numbers?q=0108888', { cookie: admin }));
    const a = items[0];
    assert.ok(a);
    const fixed = await t.request('PATCH', `/api/v1/access-numbers/${a.id}`, { cookie: admin, body: { number: '01099' } });
    assert.equal(json<Err>(fixed).error.code, 'VALIDATION_FAILED');
    const vip = await t.request('PATCH', `/api/v1/access-numbers/${a.id}`, { cookie: admin, body: { vip: true, notes: '外显' } });
    assert.equal(vip.statusCode, 200, vip.body);
    assert.equal(json<AccessNumberDto>(vip).vip, true);

    const trunk = await t.request('POST', '/api/v1/trunks', {
      cookie: admin,
      body: { name: '电信', host: '192.0.2.10', authMode: 'ip', inboundAddresses: ['192.0.2.10'] },
    });
    assert.equal(trunk.statusCode, 201, trunk.body);
    const route = await t.request('POST', '/api/v1/outbound-routes', {
      cookie: admin,
      body: {
        name: '市话',
        rules: [{ kind: 'prefix', value: '0' }],
        trunkIds: [json<{ id: string }>(trunk).id],
        callerIdAccessNumberId: a.id,
      },
    });
    assert.equal(route.statusCode, 201, route.body);
    const inbound = await t.request('PATCH', `/api/v1/access-numbers/${a.id}`, {
      cookie: admin,
      body: { callType: 'in', target: { kind: 'extension', extension: '8001' } },
    });
    assert.equal(inbound.statusCode, 409);
    assert.equal(json<Err>(inbound).error.code, 'ACCESS_NUMBER_IN_USE');
    const del = await t.request('DELETE', `/api/v1/access-numbers/${a.id}`, { cookie: admin });
    assert.equal(del.statusCode, 409);
    assert.equal(json<Err>(del).error.details?.routes, '市话');

    await t.request('DELETE', `/api/v1/outbound-routes/${json<{ id: string }>(route).id}`, { cookie: admin });
    assert.equal((await t.request('DELETE', `/api/v1/access-numbers/${a.id}`, { cookie: admin })).statusCode, 200);
    const gone = await t.request('GET', `/api/v1/access-numbers/${a.id}`, { cookie: admin });
    assert.equal(json<Err>(gone).error.code, 'ACCESS_NUMBER_NOT_FOUND');
    const audit = json<{ items: { action: string }[] }>(
      await t.request('GET', '/api/v1/audit?action=access-number.delete', { cookie: admin }),
    );
    assert.equal(audit.items.length, 1);
  });
});
