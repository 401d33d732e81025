import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryLogger, VirtualClock } from '@rexian/kernel';
import { queue } from '../test-support.ts';
import { resolveVip, VipList, type VipLookupPort } from './vip.ts';

const crmQueue = queue('q', { vipEnabled: true, vipMethod: 'crm', vipLookupUrl: 'http://crm.local/vip', httpTimeoutMs: 1_500 });

describe('VIP', () => {
  it('CTI list: global entries match every queue, others only their queues', () => {
    const list = new VipList([
      { number: '1', global: true, queueIds: [] },
      { number: '2', global: false, queueIds: ['q'] },
    ]);
    assert.equal(list.isVip('1', 'x'), true);
    assert.equal(list.isVip('2', 'q'), true);
    assert.equal(list.isVip('2', 'x'), false);
    assert.equal(list.isVip('3', 'q'), false);
  });

  it('disabled queues never look anything up', async () => {
    let asked = 0;
    const lookup: VipLookupPort = {
      isVip: async () => {
        asked++;
        return true;
      },
    };
    const d = await resolveVip(queue('q'), '1', {
      list: new VipList(),
      lookup,
      clock: new VirtualClock(),
      logger: createMemoryLogger(),
    });
    assert.deepEqual(d, { vip: false, source: 'disabled' });
    assert.equal(asked, 0);
  });

  it('CRM lookup answers VIP with the configured address', async () => {
    const seen: string[] = [];
    const lookup: VipLookupPort = {
      isVip: async (r) => {
        seen.push(`${r.url}|${r.number}|${r.queueId}`);
        return r.number === '9';
      },
    };
    const deps = { list: new VipList(), lookup, clock: new VirtualClock(), logger: createMemoryLogger() };
    assert.deepEqual(await resolveVip(crmQueue, '9', deps), { vip: true, source: 'crm' });
    assert.deepEqual(await resolveVip(crmQueue, '8', deps), { vip: false, source: 'crm' });
    assert.deepEqual(seen, ['http://crm.local/vip|9|q', 'http://crm.local/vip|8|q']);
  });

  it('CRM time-out gives normal priority, aborts the request and is logged', async () => {
    const clock = new VirtualClock();
    const logger = createMemoryLogger();
    let aborted = false;
    const lookup: VipLookupPort = {
      isVip: (r) =>
        new Promise<boolean>(() => {
          r.signal.addEventListener('abort', () => {
            aborted = true;
          });
        }),
    };
    const pending = resolveVip(crmQueue, '9', { list: new VipList(), lookup, clock, logger });
    await Promise.resolve();
    clock.advance(1_499);
    await Promise.resolve();
    clock.advance(1);
    const d = await pending;
    assert.equal(d.vip, false);
    assert.equal(d.source, 'crm-failed');
    assert.match(d.error ?? '', /timed out after 1500 ms/);
    assert.equal(aborted, true);
    assert.equal(logger.entries.filter((e) => e.level === 'warn').length, 1);
  });

  it('CRM failure gives normal priority and is logged', async () => {
    const logger = createMemoryLogger();
    const lookup: VipLookupPort = { isVip: async () => Promise.reject(new Error('HTTP 502')) };
    const d = await resolveVip(crmQueue, '9', { list: new VipList(), lookup, clock: new VirtualClock(), logger });
    assert.deepEqual(d, { vip: false, source: 'crm-failed', error: 'HTTP 502' });
    assert.equal(logger.entries[0]?.error, 'HTTP 502');
  });
});

describe('admission with a CRM VIP lookup', () => {
  it('a VIP answer puts the caller ahead; a hang-up during the lookup cancels the admission', async () => {
    const { AcdEngine } = await import('../engine/acd-engine.ts');
    const { createRng } = await import('../sim/rng.ts');
    const clock = new VirtualClock(0);
    const release: (() => void)[] = [];
    const lookup: VipLookupPort = {
      isVip: (r) =>
        new Promise<boolean>((resolve) => {
          release.push(() => resolve(r.number === 'vip'));
        }),
    };
    const engine = new AcdEngine({ clock, rng: createRng(1), vipLookup: lookup });
    engine.upsertQueue(crmQueue);
    const normal = engine.admit({ id: 'n1', caller: 'someone', queueId: 'q' });
    const vip = engine.admit({ id: 'v1', caller: 'vip', queueId: 'q' });
    const gone = engine.admit({ id: 'g1', caller: 'vip', queueId: 'q' });
    assert.equal(engine.hungUp('g1'), true);
    for (const r of release) r();
    assert.equal((await normal)?.vip, false);
    assert.equal((await vip)?.vip, true);
    assert.equal(await gone, undefined);
    assert.equal(engine.call('g1'), undefined);
    assert.equal(engine.queueStatus('q').waiting, 2);
  });
});
