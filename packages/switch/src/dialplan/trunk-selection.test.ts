import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from '@rexian/kernel';
import type { OutboundRoute } from './outbound-route.ts';
import type { Trunk } from './trunk-selection.ts';
import { failoverAction, matchInboundTrunk, nextTrunk, trunkCandidates, trunkIssues } from './trunk-selection.ts';

const trunks: Trunk[] = [
  { id: 'ct', name: 'China Telecom', enabled: true, maxChannels: 2 },
  { id: 'cu', name: 'China Unicom', enabled: true, maxChannels: 0 },
  { id: 'cm', name: 'China Mobile', enabled: false, maxChannels: 30 },
];
const route: OutboundRoute = {
  id: 'r',
  name: 'r',
  enabled: true,
  rules: [{ kind: 'prefix', value: '0' }],
  trunkIds: ['cm', 'ct', 'gone', 'cu'],
};

describe('trunk selection', () => {
  it('keeps the route order and skips disabled, unknown, full and tried trunks', () => {
    const ids = (active: Record<string, number>, tried: string[] = []) =>
      trunkCandidates({ route, trunks, activeChannels: active, tried }).map((t) => t.id);
    assert.deepEqual(ids({}), ['ct', 'cu']);
    assert.deepEqual(ids({ ct: 1 }), ['ct', 'cu']);
    assert.deepEqual(ids({ ct: 2 }), ['cu'], 'at its limit');
    assert.deepEqual(ids({ cu: 10_000 }), ['ct', 'cu'], '0 means no limit');
    assert.deepEqual(ids({}, ['ct']), ['cu']);
  });

  it('fails over on 5xx, 408, time-out and transport errors, stops on the callee’s own answer', async () => {
    const tried: string[] = [];
    const outcomes = [{ kind: 'final', status: 503 } as const, { kind: 'timeout' } as const];
    for (const outcome of outcomes) {
      const t = nextTrunk({ route, trunks, activeChannels: {}, tried });
      tried.push(t.id);
      assert.equal(failoverAction(outcome), 'next-trunk');
    }
    assert.deepEqual(tried, ['ct', 'cu']);
    assert.throws(
      () => nextTrunk({ route, trunks, activeChannels: {}, tried }),
      (e) => isAppError(e) && e.code === 'SWITCH_ALL_TRUNKS_BUSY' && e.kind === 'operational',
    );
    assert.equal(failoverAction({ kind: 'final', status: 200 }), 'connected');
    assert.equal(failoverAction({ kind: 'final', status: 500 }), 'next-trunk');
    assert.equal(failoverAction({ kind: 'final', status: 408 }), 'next-trunk');
    assert.equal(failoverAction({ kind: 'transport-error' }), 'next-trunk');
    for (const s of [404, 486, 487, 603]) assert.equal(failoverAction({ kind: 'final', status: s }), 'stop', String(s));
  });

  it('validates the channel limit', () => {
    assert.deepEqual(trunkIssues(trunks[0] as Trunk), []);
    assert.deepEqual(
      trunkIssues({ id: '', name: 'x', enabled: true, maxChannels: 1.5 }).map((i) => i.path),
      ['id', 'maxChannels'],
    );
  });
});

describe('inbound trunk matching by source address', () => {
  const peers: Trunk[] = [
    { id: 'off', name: 'disabled', enabled: false, maxChannels: 0, inboundAddresses: ['10.0.0.1'] },
    { id: 'ct', name: 'telecom', enabled: true, maxChannels: 0, inboundAddresses: ['10.0.0.1', '192.168.8.0/22'] },
    { id: 'reg', name: 'registration trunk', enabled: true, maxChannels: 0 },
  ];

  it('matches exact addresses and CIDR ranges of enabled trunks', () => {
    assert.equal(matchInboundTrunk(peers, '10.0.0.1')?.id, 'ct');
    assert.equal(matchInboundTrunk(peers, '::ffff:10.0.0.1')?.id, 'ct');
    assert.equal(matchInboundTrunk(peers, '192.168.8.0')?.id, 'ct');
    assert.equal(matchInboundTrunk(peers, '192.168.11.255')?.id, 'ct');
    assert.equal(matchInboundTrunk(peers, '192.168.12.0'), undefined);
    assert.equal(matchInboundTrunk(peers, '10.0.0.2'), undefined);
    assert.equal(matchInboundTrunk(peers, 'not-an-ip'), undefined);
    assert.equal(matchInboundTrunk(peers, '999.1.1.1'), undefined);
  });

  it('validation refuses malformed addresses', () => {
    assert.deepEqual(
      trunkIssues({
        id: 't',
        name: 't',
        enabled: true,
        maxChannels: 0,
        inboundAddresses: ['1.2.3.4/33', '1.2.3', '1.2.3.4/24'],
      }).map((i) => i.path),
      ['inboundAddresses.0', 'inboundAddresses.1'],
    );
  });
});
