import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { TraceEntry } from '../channel/trace.ts';
import { ivrCli } from './ivr-cli.ts';

const examples = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'examples', 'ivr');

async function cli(argv: string[]) {
  let out = '';
  let err = '';
  const code = await ivrCli(argv, {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
  });
  return { code, out, err };
}

test('ivr run: the example hotline, PIN subdialog from a file next to it, then transfer to the queue', async () => {
  const r = await cli(['run', join(examples, 'hotline.vxml'), '--dtmf', '1,1234#,1,2', '--caller', '13912345678']);
  assert.equal(r.code, 0, r.err);
  const res = JSON.parse(r.out) as { result: { reason: string }; trace: TraceEntry[] };
  assert.equal(res.result.reason, 'transfer');
  const prompts = res.trace.filter((e) => e.type === 'prompt').map((e) => (e.text as string[]).join('|'));
  assert.ok(prompts.some((p) => p.includes('您的余额为一千零三元零五分')));
  assert.ok(res.trace.some((e) => e.type === 'fetch' && String(e.url).endsWith('/pin.vxml') && e.result === 'ok'));
  assert.deepEqual(
    res.trace.filter((e) => e.type === 'transfer' && e.outcome).map((e) => e.dest),
    ['queue:service'],
  );
});

test('ivr build + run: a designer project with a canned HTTP answer', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rexian-ivr-cli-'));
  try {
    const built = await cli(['build', join(examples, 'project.json')]);
    assert.equal(built.code, 0, built.out);
    writeFileSync(join(dir, 'demo.vxml'), built.out);
    const r = await cli(['run', join(dir, 'demo.vxml'), '--dtmf', '1,12345#,0', '--fetch', join(examples, 'canned.json')]);
    assert.equal(r.code, 0, r.err);
    const res = JSON.parse(r.out) as { trace: TraceEntry[] };
    assert.ok(res.trace.some((e) => e.type === 'prompt' && (e.text as string[]).join('').includes('您的余额为两百五十六元八角')));
    assert.ok(res.trace.some((e) => e.type === 'transfer' && e.dest === 'queue:service'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ivr check reports line and column; usage errors exit 2; fetches outside the allowlist or the folder are refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rexian-ivr-cli-'));
  try {
    writeFileSync(join(dir, 'bad.vxml'), '<vxml version="2.1">\n<form>\n  <field name="x"/>\n</form>\n</vxml>');
    const c = await cli(['check', join(dir, 'bad.vxml')]);
    assert.equal(c.code, 1);
    assert.deepEqual((JSON.parse(c.out) as { issues: { line: number }[] }).issues[0]?.line, 3);
    assert.equal((await cli(['frobnicate'])).code, 2);
    assert.equal((await cli(['run'])).code, 2);
    writeFileSync(
      join(dir, 'reach.vxml'),
      `<vxml version="2.1"><form>
      <block><data name="a" src="http://10.0.0.1/secret"/></block>
      <block><data name="b" src="../../../etc/passwd"/></block>
      <catch event="error.badfetch"><log><value expr="_message"/></log></catch></form></vxml>`,
    );
    const r = await cli(['run', join(dir, 'reach.vxml')]);
    const logs = (JSON.parse(r.out) as { trace: TraceEntry[] }).trace.filter((e) => e.type === 'log').map((e) => String(e.text));
    assert.equal(logs.length, 2);
    assert.match(logs[0] ?? '', /not in the allowlist/);
    assert.match(logs[1] ?? '', /outside|cannot read/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
