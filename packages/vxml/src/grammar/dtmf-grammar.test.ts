import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseVxml } from '../parser/parse-vxml.ts';
import { readXml } from '../parser/xml-reader.ts';
import { anyOf, compileBuiltin, compileKeys } from './dtmf-grammar.ts';
import { compileSrgs } from './srgs-grammar.ts';

function builtin(t: string) {
  const r = compileBuiltin(t);
  assert.ok(r.ok);
  return r.value;
}

test('builtin digits honours length, minlength and maxlength', () => {
  const g = builtin('digits?minlength=2;maxlength=3');
  assert.equal(g.match('1').state, 'prefix');
  assert.deepEqual(g.match('12'), { state: 'complete-more', interpretation: '12' });
  assert.equal(g.match('123').state, 'complete');
  assert.equal(g.match('1234').state, 'nomatch');
  assert.equal(g.match('1*').state, 'nomatch');
  assert.equal(builtin('digits?length=4').match('1234').state, 'complete');
  assert.ok(!compileBuiltin('digits?minlength=5;maxlength=2').ok);
  assert.ok(!compileBuiltin('currency').ok);
});

test('builtin boolean and number', () => {
  const b = builtin('boolean');
  assert.deepEqual(b.match('1'), { state: 'complete', interpretation: true });
  assert.deepEqual(b.match('2'), { state: 'complete', interpretation: false });
  assert.equal(b.match('3').state, 'nomatch');
  assert.deepEqual(builtin('boolean?y=7;n=9').match('9'), { state: 'complete', interpretation: false });
  const n = builtin('number');
  assert.deepEqual(n.match('3*25'), { state: 'complete-more', interpretation: 3.25 });
  assert.equal(n.match('3*').state, 'prefix');
  assert.equal(n.match('3**').state, 'nomatch');
});

test('keys grammar and alternatives', () => {
  const k = compileKeys(
    new Map([
      ['1', 'a'],
      ['12', 'b'],
    ]),
  );
  assert.deepEqual(k.match('1'), { state: 'complete-more', interpretation: 'a' });
  assert.deepEqual(k.match('12'), { state: 'complete', interpretation: 'b' });
  const g = anyOf([compileKeys(new Map([['9', 'op']])), builtin('digits?length=2')]);
  assert.deepEqual(g.match('9'), { state: 'complete-more', interpretation: 'op' });
  assert.equal(g.match('95').state, 'complete');
});

function srgs(xml: string) {
  const x = readXml(xml);
  assert.ok(x.ok);
  const r = compileSrgs(x.value);
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value;
}

test('SRGS: one-of, repeat ranges, rulerefs and literal tags', () => {
  const g = srgs(`<grammar mode="dtmf" root="r"><rule id="r"><one-of>
    <item>1 <tag>out="sales"</tag></item>
    <item><item repeat="2-3"><ruleref uri="#d"/></item> # <tag>code</tag></item>
  </one-of></rule><rule id="d"><one-of><item>4</item><item>5</item></one-of></rule></grammar>`);
  assert.deepEqual(g.match('1'), { state: 'complete', interpretation: 'sales' });
  assert.equal(g.match('4').state, 'prefix');
  assert.equal(g.match('45').state, 'prefix');
  assert.deepEqual(g.match('45#'), { state: 'complete', interpretation: 'code' });
  assert.deepEqual(g.match('454#'), { state: 'complete', interpretation: 'code' });
  assert.equal(g.match('4545#').state, 'nomatch');
  assert.equal(g.match('6').state, 'nomatch');
});

test('SRGS: unbounded repeat and errors', () => {
  const g = srgs('<grammar root="r"><rule id="r"><item repeat="1-">7</item></rule></grammar>');
  assert.equal(g.match('777').state, 'complete-more');
  assert.equal(g.maxDigits, Number.POSITIVE_INFINITY);
  const bad = readXml('<grammar root="r"><rule id="r"><ruleref uri="#missing"/> hello</rule></grammar>');
  assert.ok(bad.ok);
  const r = compileSrgs(bad.value);
  assert.ok(!r.ok);
  if (!r.ok) {
    assert.match(r.error.message, /unknown rule "missing"/);
    assert.match(r.error.message, /"hello" is not a DTMF token/);
  }
});

test('a voice grammar is refused at parse time (DTMF only)', () => {
  const r = parseVxml('<vxml version="2.1"><form><field name="f"><grammar mode="voice" src="x.grxml"/></field></form></vxml>');
  assert.ok(!r.ok);
});

test('SRGS: ambiguous repeats keep every distinct path; pathological grammars end (bounded work)', { timeout: 20_000 }, () => {
  const ambiguous = srgs(
    '<grammar root="r"><rule id="r"><item repeat="0-"><one-of><item>1</item><item>1 1</item><item>1 1 1</item></one-of></item> 2</rule></grammar>',
  );
  assert.equal(ambiguous.match('1'.repeat(32)).state, 'prefix');
  assert.equal(ambiguous.match(`${'1'.repeat(32)}2`).state, 'complete');
  const nested = srgs(
    '<grammar root="r"><rule id="r"><item repeat="0-"><item repeat="0-"><item repeat="0-">1</item></item></item> 2</rule></grammar>',
  );
  assert.equal(nested.match('1112').state, 'complete');
  const leftRecursive = srgs('<grammar root="r"><rule id="r"><item repeat="0-"><ruleref uri="#r"/></item>1</rule></grammar>');
  for (const n of [8, 64, 128])
    assert.ok(['nomatch', 'prefix', 'complete', 'complete-more'].includes(leftRecursive.match('1'.repeat(n)).state));
});
