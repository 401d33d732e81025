import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from '@rexian/kernel';
import type { AccessNumber } from './access-number.ts';
import type { OutboundRoute } from './outbound-route.ts';
import { assertValidOutboundRoute, chooseCallerId, outboundRouteIssues, selectOutboundRoute } from './outbound-route.ts';

const base = { enabled: true, trunkIds: ['t1'] };
const routes: OutboundRoute[] = [
  { ...base, id: 'any', name: 'anything', rules: [{ kind: 'pattern', value: '_X.' }] },
  { ...base, id: 'mobile-loose', name: 'mobile loose', rules: [{ kind: 'pattern', value: '_1XXXXXXXXXX' }] },
  { ...base, id: 'mobile', name: 'mobile', rules: [{ kind: 'pattern', value: '_1[3-9]XXXXXXXXX' }] },
  { ...base, id: 'intl', name: 'international', rules: [{ kind: 'prefix', value: '00' }], trunkIds: ['t2'] },
  { ...base, id: 'outside', name: 'outside line 9', rules: [{ kind: 'pattern', value: '_9.' }], stripDigits: 1, prepend: '+86' },
  {
    ...base,
    id: 'emergency',
    name: 'emergency',
    rules: [
      { kind: 'exact', value: '110' },
      { kind: 'exact', value: '120' },
    ],
  },
  { ...base, id: 'off', name: 'disabled', enabled: false, rules: [{ kind: 'exact', value: '13800138000' }] },
];

describe('outbound route selection', () => {
  it('the most specific rule wins regardless of list order', () => {
    assert.equal(selectOutboundRoute(routes, '13800138000').route.id, 'mobile');
    assert.equal(selectOutboundRoute(routes, '12800138000').route.id, 'mobile-loose');
    assert.equal(selectOutboundRoute(routes, '0044207946').route.id, 'intl');
    assert.equal(selectOutboundRoute(routes, '110').route.id, 'emergency');
    assert.equal(selectOutboundRoute(routes, '120').route.id, 'emergency');
    assert.equal(selectOutboundRoute(routes, '5551234').route.id, 'any');
  });

  it('on equal specificity the route listed first wins', () => {
    const twins: OutboundRoute[] = [
      { ...base, id: 'first', name: 'a', rules: [{ kind: 'pattern', value: '_8XXX' }] },
      { ...base, id: 'second', name: 'b', rules: [{ kind: 'pattern', value: '_8XXX' }] },
    ];
    assert.equal(selectOutboundRoute(twins, '8123').route.id, 'first');
    assert.equal(selectOutboundRoute([...twins].reverse(), '8123').route.id, 'second');
  });

  it('strips and prepends digits for the trunk', () => {
    const m = selectOutboundRoute(routes, '913800138000');
    assert.equal(m.route.id, 'outside');
    assert.equal(m.dialString, '+8613800138000');
    assert.equal(selectOutboundRoute(routes, '13800138000').dialString, '13800138000');
  });

  it('no match, disabled routes and broken rules are not routes', () => {
    const only = routes.filter((r) => r.id === 'off' || r.id === 'emergency');
    assert.throws(
      () => selectOutboundRoute(only, '13800138000'),
      (e) => isAppError(e) && e.code === 'SWITCH_NO_ROUTE',
    );
    const broken: OutboundRoute[] = [{ ...base, id: 'b', name: 'b', rules: [{ kind: 'pattern', value: '_1[' }] }];
    assert.throws(
      () => selectOutboundRoute(broken, '1'),
      (e) => isAppError(e) && e.code === 'SWITCH_NO_ROUTE',
    );
  });
});

describe('caller ID from access numbers', () => {
  const numbers: AccessNumber[] = [
    { id: 'in', number: '4008001234', callType: 'in', vip: false, target: { kind: 'queue', queueId: 'q' } },
    { id: 'both', number: '02188880000', callType: 'both', vip: false, target: { kind: 'queue', queueId: 'q' } },
    { id: 'out', number: '01066668888', callType: 'out', vip: false },
  ];
  const route: OutboundRoute = {
    ...base,
    id: 'r',
    name: 'r',
    rules: [{ kind: 'prefix', value: '0' }],
    callerIdAccessNumberId: 'out',
  };

  it("the agent's choice, else the route's, else the first usable; never an inbound-only number", () => {
    assert.equal(chooseCallerId({ route, accessNumbers: numbers, requestedAccessNumberId: 'both' }).number, '02188880000');
    assert.equal(chooseCallerId({ route, accessNumbers: numbers, requestedAccessNumberId: 'in' }).number, '01066668888');
    assert.equal(chooseCallerId({ route, accessNumbers: numbers }).number, '01066668888');
    const { callerIdAccessNumberId: _c, ...plain } = route;
    assert.equal(chooseCallerId({ route: plain, accessNumbers: numbers }).number, '02188880000');
    assert.throws(
      () => chooseCallerId({ route: plain, accessNumbers: numbers.slice(0, 1) }),
      (e) => isAppError(e) && e.code === 'SWITCH_NO_CALLER_ID',
    );
  });

  it('validation refuses an inbound-only caller ID and bad fields', () => {
    assert.deepEqual(outboundRouteIssues(route, numbers), []);
    const bad: OutboundRoute = {
      id: 'x',
      name: 'x',
      enabled: true,
      rules: [{ kind: 'pattern', value: 'nope' }],
      stripDigits: -1,
      prepend: 'abc',
      trunkIds: [],
      callerIdAccessNumberId: 'in',
    };
    assert.deepEqual(
      outboundRouteIssues(bad, numbers).map((i) => i.path),
      ['rules.0', 'stripDigits', 'prepend', 'trunkIds', 'callerIdAccessNumberId'],
    );
    assert.throws(
      () => assertValidOutboundRoute(bad, numbers),
      (e) => isAppError(e) && e.code === 'SWITCH_INVALID_CONFIG',
    );
  });
});
