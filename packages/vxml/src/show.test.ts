import { test } from 'node:test';
import { join } from 'node:path';
import { runConformanceCase } from './testing/conformance-runner.ts';
const root = '/work/main/packages/vxml/conformance';
for (const name of (process.env.CASES ?? '').split(',')) {
  test(name, async () => {
    const r = await runConformanceCase(join(root, name), name);
    console.log('=== ' + name + ' ' + JSON.stringify(r.result));
    for (const e of r.trace) { const { t, type, ...rest } = e; console.log(String(t).padStart(6), type.padEnd(8), JSON.stringify(rest)); }
  });
}
