import { test } from 'node:test';
import { readXml } from '../parser/xml-reader.ts';
import { compileSrgs } from './srgs-grammar.ts';
test('perf', () => {
  for (const g of [
    '<grammar root="r"><rule id="r"><item repeat="0-"><item repeat="0-"><item repeat="0-">1</item></item></item> 2</rule></grammar>',
    '<grammar root="r"><rule id="r"><item repeat="0-"><one-of><item>1</item><item>1 1</item><item>1 1 1</item></one-of></item> 2</rule></grammar>',
    '<grammar root="r"><rule id="r"><item repeat="0-"><ruleref uri="#r"/></item>1</rule></grammar>',
  ]) {
    const x = readXml(g);
    if (!x.ok) throw new Error('xml');
    const c = compileSrgs(x.value);
    if (!c.ok) throw new Error(c.error.message);
    for (const n of [8, 32, 128]) {
      const t0 = performance.now();
      const m = c.value.match('1'.repeat(n));
      console.log(n, m.state, Math.round(performance.now() - t0), 'ms');
    }
  }
});
