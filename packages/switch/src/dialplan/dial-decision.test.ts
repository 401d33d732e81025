import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from '@rexian/kernel';
import { decideDialled } from './dial-decision.ts';
import type { OutboundRoute } from './outbound-route.ts';

const routes: OutboundRoute[] = [
  { id: 'mobile', name: 'mobile', enabled: true, rules: [{ kind: 'pattern', value: '_1[3-9]XXXXXXXXX' }], trunkIds: ['t1'] },
];
const extensions = new Set(['8001', '8002', '9196']);

describe('what a dialled number means', () => {
  it('extensions are internal calls', () => {
    assert.deepEqual(decideDialled({ dialled: '8002', extensions, routes }), {
      kind: 'internal',
      extension: '8002',
      callType: 'internal',
    });
  });

  it('the echo-test number wins even over an extension of the same number', () => {
    assert.deepEqual(decideDialled({ dialled: '9196', extensions, routes, loopbackTestNumber: '9196' }), {
      kind: 'loopback-test',
      callType: 'loopback-test',
    });
  });

  it('anything else goes through the outbound routes, manual or automatic', () => {
    const manual = decideDialled({ dialled: '13800138000', extensions, routes });
    assert.equal(manual.kind === 'outbound' && manual.match.route.id, 'mobile');
    assert.equal(manual.callType, 'manual-outbound');
    assert.equal(decideDialled({ dialled: '13800138000', extensions, routes, auto: true }).callType, 'auto-outbound');
    assert.throws(
      () => decideDialled({ dialled: '777', extensions, routes }),
      (e) => isAppError(e) && e.code === 'SWITCH_NO_ROUTE',
    );
  });
});
