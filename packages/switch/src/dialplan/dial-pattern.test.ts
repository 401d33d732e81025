import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DialPattern, DialRule } from './dial-pattern.ts';
import { compareSpecificity, compileDialRule, matchesDialPattern } from './dial-pattern.ts';

function compiled(rule: DialRule): DialPattern {
  const c = compileDialRule(rule);
  assert.ok(c.ok, `${rule.value}: ${c.ok ? '' : c.error}`);
  return c.value;
}
const pattern = (value: string) => compiled({ kind: 'pattern', value });

describe('dial patterns', () => {
  it('matches Asterisk pattern characters', () => {
    const mobile = pattern('_1[3-9]XXXXXXXXX');
    assert.equal(matchesDialPattern(mobile, '13800138000'), true);
    assert.equal(matchesDialPattern(mobile, '19912345678'), true);
    assert.equal(matchesDialPattern(mobile, '12800138000'), false);
    assert.equal(matchesDialPattern(mobile, '1380013800'), false, 'too short');
    assert.equal(matchesDialPattern(mobile, '138001380001'), false, 'too long');
    const nxx = pattern('_NXX-XXXX');
    assert.equal(matchesDialPattern(nxx, '2125555'), true);
    assert.equal(matchesDialPattern(nxx, '1125555'), false);
    const z = pattern('_0Z.');
    assert.equal(matchesDialPattern(z, '0101'), true);
    assert.equal(matchesDialPattern(z, '010'), true);
    assert.equal(matchesDialPattern(z, '01'), false, '. needs at least one more');
    assert.equal(matchesDialPattern(z, '001'), false);
    const bang = pattern('_9!');
    assert.equal(matchesDialPattern(bang, '9'), true);
    assert.equal(matchesDialPattern(bang, '9123'), true);
    const set = pattern('_[15-7#]');
    assert.deepEqual(
      ['1', '5', '6', '7', '#', '2', '8'].map((d) => matchesDialPattern(set, d)),
      [true, true, true, true, true, false, false],
    );
  });

  it('exact and prefix rules', () => {
    const exact = compiled({ kind: 'exact', value: '110' });
    assert.equal(matchesDialPattern(exact, '110'), true);
    assert.equal(matchesDialPattern(exact, '1100'), false);
    const prefix = compiled({ kind: 'prefix', value: '00' });
    assert.equal(matchesDialPattern(prefix, '00'), true);
    assert.equal(matchesDialPattern(prefix, '0044123'), true);
    assert.equal(matchesDialPattern(prefix, '0144'), false);
  });

  it('rejects malformed rules as error values', () => {
    const bad: DialRule[] = [
      { kind: 'pattern', value: '1XX' },
      { kind: 'pattern', value: '_' },
      { kind: 'pattern', value: '_1[3-' },
      { kind: 'pattern', value: '_[9-3]' },
      { kind: 'pattern', value: '_[]' },
      { kind: 'pattern', value: '_1.X' },
      { kind: 'pattern', value: '_1Q' },
      { kind: 'prefix', value: '' },
      { kind: 'exact', value: '12a' },
    ];
    for (const rule of bad) assert.equal(compileDialRule(rule).ok, false, rule.value);
  });

  it('orders by specificity: fewer choices at the first difference win', () => {
    const order = ['_1[3-9]XXXXXXXXX', '_1XXXXXXXXXX', '_1.', '_X.'].map(pattern);
    for (let i = 0; i + 1 < order.length; i++) {
      const [a, b] = [order[i], order[i + 1]] as [DialPattern, DialPattern];
      assert.ok(compareSpecificity(a, b) < 0, `${a.source} before ${b.source}`);
      assert.ok(compareSpecificity(b, a) > 0);
    }
    assert.equal(compareSpecificity(pattern('_1X'), pattern('_1X')), 0);
    assert.ok(compareSpecificity(compiled({ kind: 'prefix', value: '138' }), pattern('_1[3-9]XXXXXXXXX')) < 0);
    assert.ok(
      compareSpecificity(compiled({ kind: 'exact', value: '13800138000' }), compiled({ kind: 'prefix', value: '138' })) < 0,
    );
    assert.ok(compareSpecificity(compiled({ kind: 'exact', value: '110' }), compiled({ kind: 'prefix', value: '110' })) < 0);
    assert.ok(compareSpecificity(pattern('_9!'), compiled({ kind: 'exact', value: '9' })) > 0);
  });
});
