import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runConformanceCase } from './testing/conformance-runner.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'conformance');
const cases = readdirSync(root)
  .filter((d) => existsSync(join(root, d, 'doc.vxml')))
  .sort();

test('the conformance folder has cases', () => {
  assert.ok(cases.length >= 20, `only ${cases.length} cases`);
});

for (const name of cases) {
  test(`conformance: ${name}`, async () => {
    const dir = join(root, name);
    const got = await runConformanceCase(dir, name);
    const actual = { result: got.result, trace: got.trace };
    const expectedPath = join(dir, 'expected.json');
    // A new case's golden trace is written once, on request, and then reviewed by hand; existing
    // golden files are never rewritten by the test.
    if (!existsSync(expectedPath) && process.env.VXML_CONFORMANCE_WRITE === '1') {
      writeFileSync(expectedPath, `${JSON.stringify(actual, null, 2)}\n`);
    }
    assert.ok(existsSync(expectedPath), `${name}: expected.json missing`);
    const expected = JSON.parse(readFileSync(expectedPath, 'utf8')) as unknown;
    assert.deepEqual(JSON.parse(JSON.stringify(actual)), expected);
  });
}
