import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VxmlErrorCode } from '../errors.ts';
import { ScriptSandbox } from './script-sandbox.ts';

async function sandbox(limits = {}) {
  const sb = await ScriptSandbox.create(limits);
  for (const s of ['session', 'application', 'document', 'dialog'] as const) sb.pushScope(s);
  return sb;
}

test('no host objects: process, require, import and the Function-constructor escape reach nothing', async () => {
  const sb = await sandbox();
  try {
    for (const expr of [
      'typeof process',
      'typeof require',
      'typeof globalThis.process',
      'typeof (function(){ return this; })().process',
      "typeof this.constructor.constructor('return this')().process",
      "({}).constructor.constructor('return typeof process')()",
    ]) {
      assert.deepEqual(sb.eval(expr), { ok: true, value: 'undefined' }, expr);
    }
    const imp = sb.runScript("import('node:fs')");
    assert.ok(imp.ok || imp.error.code === VxmlErrorCode.ScriptError);
  } finally {
    sb.dispose();
  }
});

test('scope chain: innermost wins, explicit scope names reach outer ones, assign needs a declaration', async () => {
  const sb = await sandbox();
  try {
    assert.ok(sb.declareValue('document', 'x', 'doc').ok);
    assert.ok(sb.declareValue('dialog', 'x', 'dialog').ok);
    assert.deepEqual(sb.eval('x + "/" + document.x'), { ok: true, value: 'dialog/doc' });
    assert.ok(sb.assign('document.x', "'doc2'").ok);
    assert.deepEqual(sb.eval('document.x'), { ok: true, value: 'doc2' });
    const bad = sb.assign('nope', '1');
    assert.ok(!bad.ok);
    if (!bad.ok) assert.equal(bad.error.details?.event, 'error.semantic');
    sb.pushScope('anonymous');
    assert.ok(sb.runScript('var local = 5; function f() { return local + x; }').ok);
    assert.deepEqual(sb.eval('f()'), { ok: true, value: '5dialog' });
    sb.popScope();
    assert.deepEqual(sb.eval('typeof local + typeof f'), { ok: true, value: 'undefinedundefined' });
  } finally {
    sb.dispose();
  }
});

test('an infinite loop is interrupted by the CPU budget and the sandbox stays usable', async () => {
  const sb = await sandbox({ timeLimitMs: 100 });
  try {
    const t0 = performance.now();
    const r = sb.runScript('for (;;) {}');
    assert.ok(performance.now() - t0 < 2000);
    assert.ok(!r.ok);
    if (!r.ok) assert.equal(r.error.code, VxmlErrorCode.ScriptTimeout);
    assert.deepEqual(sb.eval('1 + 1'), { ok: true, value: 2 });
  } finally {
    sb.dispose();
  }
});

test('memory bombs (objects, growing arrays, strings) are stopped and their garbage released', async () => {
  for (const bomb of [
    'var h = []; for (;;) h.push({ a: h.length });',
    'var h = []; for (;;) { var a = []; for (var i = 0; i < 1000; i++) a.push(i); h.push(a); }',
    'var s = "x"; for (;;) s = s + s;',
  ]) {
    const sb = await sandbox({ memoryBytes: 4 * 1024 * 1024, timeLimitMs: 5000 });
    try {
      const r = sb.runScript(bomb);
      assert.ok(!r.ok, bomb);
      if (!r.ok)
        assert.ok([VxmlErrorCode.ScriptMemory, VxmlErrorCode.ScriptError].includes(r.error.code as never), r.error.message);
      assert.ok(sb.memoryUsed() < 4 * 1024 * 1024, `after ${bomb}: ${sb.memoryUsed()} bytes`);
      assert.deepEqual(sb.eval('typeof h'), { ok: true, value: 'undefined' });
    } finally {
      sb.dispose();
    }
  }
});

test('deep recursion fails as a script error, not a crash', async () => {
  const sb = await sandbox();
  try {
    const r = sb.runScript('function r(n) { return r(n + 1) + 1; } r(0);');
    assert.ok(!r.ok);
  } finally {
    sb.dispose();
  }
});

test('the session-wide script budget stops a document that runs many slow scripts', async () => {
  const sb = await sandbox({ timeLimitMs: 1000, sessionTimeMs: 200 });
  try {
    const codes: string[] = [];
    for (let i = 0; i < 12; i++) {
      const r = sb.runScript('var t = Date.now(); while (Date.now() - t < 40) {}');
      codes.push(r.ok ? 'ok' : r.error.code);
    }
    const firstBudget = codes.indexOf(VxmlErrorCode.ScriptBudget);
    // Each run spends at least 40 ms, so at most 200 / 40 + 1 runs fit; once spent, every run is refused.
    assert.ok(firstBudget >= 1 && firstBudget <= 6, codes.join(','));
    assert.ok(codes.slice(0, firstBudget).every((c) => c === 'ok'));
    assert.ok(codes.slice(firstBudget).every((c) => c === VxmlErrorCode.ScriptBudget));
  } finally {
    sb.dispose();
  }
});
