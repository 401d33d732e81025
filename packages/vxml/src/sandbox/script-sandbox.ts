import type { AppError, Result } from '@rexian/kernel';
import { err, ok } from '@rexian/kernel';
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten';
import { getQuickJS, newQuickJSWASMModule } from 'quickjs-emscripten';
import { scriptError, VxmlErrorCode } from '../errors.ts';
import { sandboxPrelude } from './sandbox-prelude.ts';

export type ScopeName = 'session' | 'application' | 'document' | 'dialog' | 'anonymous';

export interface SandboxLimits {
  /** Heap limit of the session's QuickJS runtime. */
  memoryBytes: number;
  /** CPU budget of one evaluation (expression or script). */
  timeLimitMs: number;
  /** CPU budget of all evaluations of one session together (many slow scripts add up). */
  sessionTimeMs: number;
  /** QuickJS stack limit; must stay well below the WebAssembly host stack (512 KiB overflowed V8 first). */
  maxStackBytes: number;
}

export const defaultSandboxLimits: SandboxLimits = {
  memoryBytes: 16 * 1024 * 1024,
  timeLimitMs: 500,
  sessionTimeMs: 10_000,
  maxStackBytes: 256 * 1024,
};

/** A JSON-shaped value crossing the sandbox boundary. */
export type JsValue = null | undefined | boolean | number | string | JsValue[] | { [k: string]: JsValue };

const memoryCheckIntervalMs = 5;

let modulePromise: Promise<QuickJSWASMModule> | undefined;
let moduleGeneration = 0;
/**
 * The WebAssembly module is loaded once per process and shared; each session gets its own runtime.
 * If a runtime ever aborts the module (a QuickJS assertion), later sessions get a fresh module.
 */
export function loadQuickJs(): Promise<QuickJSWASMModule> {
  modulePromise ??= moduleGeneration === 0 ? getQuickJS() : newQuickJSWASMModule();
  return modulePromise;
}

function discardModule(): void {
  modulePromise = undefined;
  moduleGeneration++;
}

/**
 * One ECMAScript sandbox per call session, in QuickJS compiled to WebAssembly: no `process`, no
 * `require`, no host objects at all (node:vm is not a sandbox). Every evaluation is bounded by the
 * CPU budget (checked from QuickJS's interrupt handler) and by the runtime's heap limit.
 *
 * The budget is measured with a real monotonic timer (`cpuNow`), not the session Clock: a virtual
 * clock never moves during a synchronous script, so it could not stop an infinite loop.
 */
export class ScriptSandbox {
  private readonly rt: QuickJSRuntime;
  private readonly ctx: QuickJSContext;
  private readonly rx: QuickJSHandle;
  private readonly limits: SandboxLimits;
  private readonly cpuNow: () => number;
  private deadline = Number.POSITIVE_INFINITY;
  private readonly names: ScopeName[] = [];
  private disposed = false;

  static async create(
    limits: Partial<SandboxLimits> = {},
    cpuNow: () => number = () => performance.now(),
  ): Promise<ScriptSandbox> {
    return new ScriptSandbox(await loadQuickJs(), { ...defaultSandboxLimits, ...limits }, cpuNow);
  }

  private constructor(mod: QuickJSWASMModule, limits: SandboxLimits, cpuNow: () => number) {
    this.limits = limits;
    this.cpuNow = cpuNow;
    this.rt = mod.newRuntime();
    this.rt.setMemoryLimit(limits.memoryBytes);
    this.rt.setMaxStackSize(limits.maxStackBytes);
    this.rt.setInterruptHandler(() => this.shouldInterrupt());
    this.ctx = this.rt.newContext();
    const r = this.ctx.evalCode(sandboxPrelude);
    if (r.error) {
      const msg = JSON.stringify(this.ctx.dump(r.error));
      r.error.dispose();
      throw new Error(`sandbox prelude failed: ${msg}`);
    }
    r.value.dispose();
    this.rx = this.ctx.getProp(this.ctx.global, '__rx');
  }

  /**
   * QuickJS's own heap limit misses array growth in this WebAssembly build (no malloc_usable_size),
   * so the heap is also measured from the interrupt handler every few milliseconds of CPU.
   */
  private shouldInterrupt(): boolean {
    const now = this.cpuNow();
    if (now > this.deadline) return true;
    if (now - this.lastMemoryCheck < memoryCheckIntervalMs) return false;
    this.lastMemoryCheck = now;
    if (this.memoryUsed() > this.limits.memoryBytes) {
      this.memoryKilled = true;
      return true;
    }
    return false;
  }

  /** Bytes in use by this runtime ("memory used" of QuickJS's usage report). */
  memoryUsed(): number {
    const m = /memory used\s+\d+\s+(\d+)/.exec(this.rt.dumpMemoryUsage());
    return m ? Number(m[1]) : 0;
  }

  private lastMemoryCheck = 0;
  /** Script time used by this session so far. */
  private spentMs = 0;
  private memoryKilled = false;

  /** Scope names from outermost to innermost. */
  scopes(): readonly ScopeName[] {
    return this.names;
  }

  pushScope(name: ScopeName): void {
    this.call('push', [name]);
    this.names.push(name);
  }

  popScope(): void {
    this.call('pop', []);
    this.names.pop();
  }

  /** Pops scopes until `name` is the innermost one (it must exist). */
  unwindTo(name: ScopeName): void {
    while (this.names.length > 0 && this.names[this.names.length - 1] !== name) this.popScope();
  }

  /** Replaces scope `name` (and everything inside it) with a fresh, empty one. */
  resetScope(name: ScopeName): void {
    const i = this.names.lastIndexOf(name);
    if (i < 0) throw new Error(`no ${name} scope`);
    while (this.names.length > i) this.popScope();
    this.pushScope(name);
  }

  /** Hides the stack above `keep` entries (subdialogs start with a fresh application/document). */
  saveStack(keep: number): readonly ScopeName[] {
    this.call('save', [keep]);
    const all = [...this.names];
    this.names.splice(keep);
    return all;
  }

  /** Undoes `saveStack`, whatever the subdialog pushed meanwhile. */
  restoreStack(saved: readonly ScopeName[]): void {
    this.call('restore', []);
    this.names.splice(0, this.names.length, ...saved);
  }

  /** Declares `name` in the innermost scope, initialised from an expression (or undefined). */
  declare(name: string, expr?: string): Result<void, AppError> {
    if (expr === undefined) return this.callResult('declare', [name, undefined]);
    const v = this.evalHandle(expr);
    if (!v.ok) return v;
    return this.withHandle(v.value, (h) => this.callResult('declare', [name, h]));
  }

  /** Declares `name` in a given scope with a host value. */
  declareValue(scope: ScopeName, name: string, value: JsValue): Result<void, AppError> {
    return this.callResult('declareIn', [scope, name, { json: value }]);
  }

  /** `<assign>`: the variable must already be declared in some scope (VoiceXML 2.0 §5.3.2). */
  assign(ref: string, expr: string): Result<void, AppError> {
    const v = this.evalHandle(expr);
    if (!v.ok) return v;
    return this.withHandle(v.value, (h) => this.assignHandle(ref, h));
  }

  assignValue(ref: string, value: JsValue): Result<void, AppError> {
    const h = this.jsonHandle(value);
    return this.withHandle(h, (hh) => this.assignHandle(ref, hh));
  }

  private assignHandle(ref: string, h: QuickJSHandle): Result<void, AppError> {
    if (!ref.includes('.')) {
      const done = this.callResult('setDeclared', [ref, h]);
      if (!done.ok) return done;
      return this.lastBool
        ? ok(undefined)
        : err(scriptError(VxmlErrorCode.ScriptError, `assign to undeclared variable ${ref}`, { event: 'error.semantic' }));
    }
    const dot = ref.lastIndexOf('.');
    const base = ref.slice(0, dot);
    const prop = ref.slice(dot + 1);
    this.ctx.setProp(this.rx, 'tmp', h);
    return this.run(
      `(function(b){ if (b === null || typeof b !== 'object') throw new TypeError('${base} is not an object'); b[${JSON.stringify(prop)}] = __rx.tmp; })(${base})`,
      false,
    );
  }

  /** Evaluates an expression and copies its value out (functions and cycles become undefined). */
  eval(expr: string): Result<JsValue, AppError> {
    const v = this.evalHandle(expr);
    if (!v.ok) return v;
    return this.withHandle(v.value, (h) => ok(this.ctx.dump(h) as JsValue));
  }

  /** Evaluates and converts to a string inside the sandbox (objects as JSON, undefined as ""). */
  evalString(expr: string): Result<string, AppError> {
    const v = this.evalHandle(`__rx.str((${expr}))`);
    if (!v.ok) return v;
    return this.withHandle(v.value, (h) => ok(this.ctx.getString(h)));
  }

  evalBool(expr: string): Result<boolean, AppError> {
    const v = this.evalHandle(`!!(${expr})`);
    if (!v.ok) return v;
    return this.withHandle(v.value, (h) => ok(this.ctx.dump(h) === true));
  }

  /**
   * Runs a <script> body; its declarations land in the innermost scope. The body goes through a
   * direct eval so its `var`s are configurable globals that `sweep` can move away (a plain top-level
   * `var` would be permanent and leak into every later scope).
   */
  runScript(body: string): Result<void, AppError> {
    const h = this.ctx.newString(body);
    this.ctx.setProp(this.rx, 'code', h);
    h.dispose();
    return this.run('eval(__rx.code)', true);
  }

  private run(code: string, sweep: boolean): Result<void, AppError> {
    const v = this.evalHandle(code, true);
    if (!v.ok) {
      if (sweep) this.sweepAfterFailure(v.error.code === VxmlErrorCode.ScriptMemory);
      return v;
    }
    v.value.dispose();
    return sweep ? this.callResult('sweep', []) : ok(undefined);
  }

  /**
   * Declarations a failed script made before failing still land in the innermost scope; after a
   * memory kill they are dropped instead, so the garbage is freed and the session can go on.
   */
  private sweepAfterFailure(discard: boolean): void {
    if (discard) this.pushScope('anonymous');
    this.callResult('sweep', []);
    if (discard) this.popScope();
  }

  private evalHandle(code: string, statements = false): Result<QuickJSHandle, AppError> {
    if (this.disposed) return err(scriptError(VxmlErrorCode.ScriptError, 'sandbox disposed', { event: 'error.semantic' }));
    let open = '';
    for (let i = 0; i < this.names.length; i++) open += `with(__rx.s[${i}])`;
    const src = statements ? `${open}{\n${code}\n}` : `${open}{(\n${code}\n)}`;
    if (this.spentMs > this.limits.sessionTimeMs) {
      return err(
        scriptError(VxmlErrorCode.ScriptBudget, `session used more than ${this.limits.sessionTimeMs} ms of script time`, {
          event: 'error.semantic.timeout',
        }),
      );
    }
    const start = this.cpuNow();
    this.deadline = start + this.limits.timeLimitMs;
    this.memoryKilled = false;
    const r = this.ctx.evalCode(src, 'vxml.js');
    this.deadline = Number.POSITIVE_INFINITY;
    this.spentMs += this.cpuNow() - start;
    if (r.error) return err(this.toError(r.error));
    return ok(r.value);
  }

  private toError(h: QuickJSHandle): AppError {
    const d = this.ctx.dump(h) as { name?: string; message?: string } | string;
    h.dispose();
    const name = typeof d === 'object' && d ? (d.name ?? 'Error') : 'Error';
    const message = typeof d === 'object' && d ? (d.message ?? String(d)) : String(d);
    if (name === 'InternalError' && message === 'interrupted' && this.memoryKilled) {
      this.memoryKilled = false;
      return scriptError(VxmlErrorCode.ScriptMemory, `script exceeded ${this.limits.memoryBytes} bytes`, {
        event: 'error.semantic.memory',
      });
    }
    if (name === 'InternalError' && message === 'interrupted') {
      return scriptError(VxmlErrorCode.ScriptTimeout, `script exceeded ${this.limits.timeLimitMs} ms`, {
        event: 'error.semantic.timeout',
      });
    }
    if (name === 'InternalError' && /out of memory/.test(message)) {
      return scriptError(VxmlErrorCode.ScriptMemory, `script exceeded ${this.limits.memoryBytes} bytes`, {
        event: 'error.semantic.memory',
      });
    }
    return scriptError(VxmlErrorCode.ScriptError, `${name}: ${message}`, { event: 'error.semantic' });
  }

  private lastBool = false;

  private call(fn: string, args: CallArg[]): void {
    const r = this.callResult(fn, args);
    if (!r.ok) throw r.error;
  }

  private callResult(fn: string, args: CallArg[]): Result<void, AppError> {
    const f = this.ctx.getProp(this.rx, fn);
    const made: QuickJSHandle[] = [];
    const handles = args.map((a) => {
      if (a === undefined) return this.ctx.undefined;
      if (typeof a === 'string') return track(made, this.ctx.newString(a));
      if (typeof a === 'number') return track(made, this.ctx.newNumber(a));
      if ('json' in a) return track(made, this.jsonHandle(a.json));
      return a;
    });
    this.deadline = this.cpuNow() + this.limits.timeLimitMs;
    const r = this.ctx.callFunction(f, this.rx, ...handles);
    this.deadline = Number.POSITIVE_INFINITY;
    f.dispose();
    for (const h of made) h.dispose();
    if (r.error) return err(this.toError(r.error));
    this.lastBool = this.ctx.dump(r.value) === true;
    r.value.dispose();
    return ok(undefined);
  }

  private jsonHandle(value: JsValue): QuickJSHandle {
    const text = value === undefined ? '' : JSON.stringify(value);
    const fn = this.ctx.getProp(this.rx, 'json');
    const s = this.ctx.newString(text);
    const r = this.ctx.callFunction(fn, this.rx, s);
    fn.dispose();
    s.dispose();
    if (r.error) {
      r.error.dispose();
      return this.ctx.undefined;
    }
    return r.value;
  }

  private withHandle<T>(h: QuickJSHandle, f: (h: QuickJSHandle) => T): T {
    try {
      return f(h);
    } finally {
      if (h.alive && h !== this.ctx.undefined) h.dispose();
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    try {
      this.rx.dispose();
      this.ctx.dispose();
      this.rt.dispose();
    } catch {
      discardModule();
    }
  }
}

type CallArg = string | number | undefined | QuickJSHandle | { json: JsValue };

function track(list: QuickJSHandle[], h: QuickJSHandle): QuickJSHandle {
  list.push(h);
  return h;
}
