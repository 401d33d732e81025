import type { BuildContext } from './build-context.ts';
import { isVarName, isVarRef } from './build-context.ts';
import type { Executable, PromptContent, PromptNode, SayAsKind } from './vxml-model.ts';
import type { XmlElement } from './xml-reader.ts';
import { childElements, textOf } from './xml-reader.ts';

const sayAsKinds: Record<string, SayAsKind> = {
  digits: 'digits',
  number: 'number',
  cardinal: 'number',
  amount: 'amount',
  currency: 'amount',
  date: 'date',
  time: 'time',
  characters: 'characters',
  telephone: 'digits',
};

/** SSML containers we do not interpret: their content is spoken as if they were absent. */
const transparent = new Set(['s', 'p', 'emphasis', 'prosody', 'voice', 'sub', 'mark', 'phoneme', 'speak']);

export function buildPromptContent(ctx: BuildContext, nodes: readonly (XmlElement | string)[]): PromptContent[] {
  const out: PromptContent[] = [];
  for (const n of nodes) {
    if (typeof n === 'string') {
      // Whitespace is collapsed here and trimmed per segment when rendered (see normalizeSpeech).
      const text = n.replace(/\s+/g, ' ');
      if (text.length > 0) out.push({ kind: 'text', text });
      continue;
    }
    const c = buildPromptElement(ctx, n);
    if (c) out.push(...c);
  }
  return out;
}

function buildPromptElement(ctx: BuildContext, el: XmlElement): PromptContent[] | undefined {
  const pos = ctx.pos(el);
  switch (el.name) {
    case 'audio': {
      ctx.oneOf(el, ['src', 'expr']);
      const a: PromptContent = { kind: 'audio', fallback: buildPromptContent(ctx, el.children), pos };
      if (el.attrs.src !== undefined) a.src = el.attrs.src;
      if (el.attrs.expr !== undefined) a.expr = el.attrs.expr;
      return [a];
    }
    case 'value':
      return [{ kind: 'value', expr: ctx.required(el, 'expr'), pos }];
    case 'say-as': {
      const raw = ctx.required(el, 'interpret-as');
      const kind = sayAsKinds[raw];
      if (!kind && raw !== '')
        ctx.issue(el, `interpret-as "${raw}" is not supported (digits, number, amount, date, time, characters)`);
      const s: PromptContent = {
        kind: 'say-as',
        interpretAs: kind ?? 'characters',
        content: buildPromptContent(ctx, el.children),
        pos,
      };
      if (el.attrs.format !== undefined) s.format = el.attrs.format;
      return [s];
    }
    case 'break': {
      const strength: Record<string, number> = { none: 0, 'x-weak': 100, weak: 200, medium: 400, strong: 700, 'x-strong': 1000 };
      const ms = el.attrs.time !== undefined ? ctx.time(el, 'time', 0) : (strength[el.attrs.strength ?? 'medium'] ?? 400);
      return [{ kind: 'break', timeMs: ms }];
    }
    case 'enumerate':
      return [{ kind: 'enumerate', content: buildPromptContent(ctx, el.children) }];
    case 'foreach':
      return [
        {
          kind: 'foreach',
          array: ctx.required(el, 'array'),
          item: checkedName(ctx, el, 'item'),
          content: buildPromptContent(ctx, el.children),
          pos,
        },
      ];
    default:
      if (transparent.has(el.name)) return buildPromptContent(ctx, el.children);
      ctx.issue(el, 'not allowed in prompt content');
      return undefined;
  }
}

export function buildPrompt(ctx: BuildContext, el: XmlElement): PromptNode {
  const p: PromptNode = {
    kind: 'prompt',
    count: ctx.int(el, 'count', 1, 1),
    content: buildPromptContent(ctx, el.children),
    pos: ctx.pos(el),
  };
  if (el.attrs.cond !== undefined) p.cond = el.attrs.cond;
  if (el.attrs.bargein !== undefined) p.bargein = ctx.bool(el, 'bargein', true);
  if (el.attrs.timeout !== undefined) p.timeoutMs = ctx.time(el, 'timeout', 0);
  return p;
}

function checkedName(ctx: BuildContext, el: XmlElement, attr: string): string {
  const name = ctx.required(el, attr);
  if (name !== '' && !isVarName(name)) ctx.issue(el, `"${name}" is not a valid variable name`);
  return name;
}

function checkedRefs(ctx: BuildContext, el: XmlElement, attr: string): string[] | undefined {
  const names = ctx.names(el, attr);
  for (const n of names ?? []) if (!isVarRef(n)) ctx.issue(el, `"${n}" in ${attr} is not a variable reference`);
  return names;
}

function method(ctx: BuildContext, el: XmlElement): 'get' | 'post' {
  const m = (el.attrs.method ?? 'get').toLowerCase();
  if (m !== 'get' && m !== 'post') ctx.issue(el, 'method must be get or post');
  return m === 'post' ? 'post' : 'get';
}

/** Executable content: the children of block, filled, catch, if. */
export function buildExecutables(ctx: BuildContext, nodes: readonly (XmlElement | string)[]): Executable[] {
  const out: Executable[] = [];
  let pendingText: (XmlElement | string)[] = [];
  const flushText = () => {
    if (pendingText.every((t) => typeof t === 'string' && t.trim() === '')) {
      pendingText = [];
      return;
    }
    const first = pendingText.find((t): t is XmlElement => typeof t !== 'string');
    const content = buildPromptContent(ctx, pendingText);
    const pos = first ? ctx.pos(first) : { line: 0, column: 0 };
    if (content.length > 0) out.push({ kind: 'prompt', prompt: { kind: 'prompt', count: 1, content, pos } });
    pendingText = [];
  };
  for (const n of nodes) {
    // Bare text, <audio> and <value> in executable content are shorthand prompts (VoiceXML 2.0 §4.1).
    if (typeof n === 'string' || n.name === 'audio' || n.name === 'value' || n.name === 'say-as' || n.name === 'break') {
      pendingText.push(n);
      continue;
    }
    flushText();
    const e = buildExecutable(ctx, n);
    if (e) out.push(e);
  }
  flushText();
  return out;
}

function buildExecutable(ctx: BuildContext, el: XmlElement): Executable | undefined {
  const pos = ctx.pos(el);
  const a = el.attrs;
  switch (el.name) {
    case 'var':
      return withOpt<Executable>({ kind: 'var', name: checkedName(ctx, el, 'name'), pos }, { expr: a.expr });
    case 'assign': {
      const name = ctx.required(el, 'name');
      if (name !== '' && !isVarRef(name)) ctx.issue(el, `"${name}" is not a variable reference`);
      return { kind: 'assign', name, expr: ctx.required(el, 'expr'), pos };
    }
    case 'clear':
      return withOpt<Executable>({ kind: 'clear', pos }, { namelist: checkedRefs(ctx, el, 'namelist') });
    case 'if':
      return buildIf(ctx, el);
    case 'goto':
      ctx.oneOf(el, ['next', 'expr', 'nextitem', 'expritem']);
      return withOpt<Executable>(
        { kind: 'goto', pos },
        { next: a.next, expr: a.expr, nextitem: a.nextitem, expritem: a.expritem },
      );
    case 'submit':
      ctx.oneOf(el, ['next', 'expr']);
      return withOpt<Executable>(
        { kind: 'submit', method: method(ctx, el), pos },
        { next: a.next, expr: a.expr, namelist: checkedRefs(ctx, el, 'namelist'), fetchTimeoutMs: fetchTimeout(ctx, el) },
      );
    case 'data':
      ctx.oneOf(el, ['src', 'srcexpr']);
      if (a.name !== undefined && !isVarName(a.name)) ctx.issue(el, `"${a.name}" is not a valid variable name`);
      return withOpt<Executable>(
        { kind: 'data', method: method(ctx, el), pos },
        {
          name: a.name,
          src: a.src,
          srcexpr: a.srcexpr,
          namelist: checkedRefs(ctx, el, 'namelist'),
          fetchTimeoutMs: fetchTimeout(ctx, el),
        },
      );
    case 'exit':
      return withOpt<Executable>({ kind: 'exit', pos }, { expr: a.expr, namelist: checkedRefs(ctx, el, 'namelist') });
    case 'return':
      ctx.oneOf(el, ['event', 'eventexpr', 'namelist'], true);
      return withOpt<Executable>(
        { kind: 'return', pos },
        { event: a.event, eventexpr: a.eventexpr, namelist: checkedRefs(ctx, el, 'namelist') },
      );
    case 'disconnect':
      return { kind: 'disconnect', pos };
    case 'reprompt':
      return { kind: 'reprompt', pos };
    case 'throw':
      ctx.oneOf(el, ['event', 'eventexpr']);
      return withOpt<Executable>(
        { kind: 'throw', pos },
        { event: a.event, eventexpr: a.eventexpr, message: a.message, messageexpr: a.messageexpr },
      );
    case 'log':
      return withOpt<Executable>(
        { kind: 'log', content: buildPromptContent(ctx, el.children), pos },
        { label: a.label, expr: a.expr },
      );
    case 'script':
      if (a.src !== undefined && textOf(el).trim() !== '') ctx.issue(el, 'src and inline content are exclusive');
      return withOpt<Executable>({ kind: 'script', body: textOf(el), pos }, { src: a.src });
    case 'foreach':
      return {
        kind: 'foreach',
        array: ctx.required(el, 'array'),
        item: checkedName(ctx, el, 'item'),
        body: buildExecutables(ctx, el.children),
        pos,
      };
    case 'prompt':
      return { kind: 'prompt', prompt: buildPrompt(ctx, el) };
    default:
      ctx.issue(el, 'not allowed in executable content');
      return undefined;
  }
}

function fetchTimeout(ctx: BuildContext, el: XmlElement): number | undefined {
  return el.attrs.fetchtimeout === undefined ? undefined : ctx.time(el, 'fetchtimeout', 0);
}

function buildIf(ctx: BuildContext, el: XmlElement): Executable {
  const branches: { cond?: string; body: Executable[] }[] = [{ cond: ctx.required(el, 'cond'), body: [] }];
  let current: (XmlElement | string)[] = [];
  const close = () => {
    const last = branches[branches.length - 1];
    if (last) last.body = buildExecutables(ctx, current);
    current = [];
  };
  let sawElse = false;
  for (const c of el.children) {
    if (typeof c !== 'string' && (c.name === 'elseif' || c.name === 'else')) {
      close();
      if (sawElse) ctx.issue(c, `<${c.name}> after <else>`);
      if (c.name === 'else') {
        sawElse = true;
        branches.push({ body: [] });
      } else branches.push({ cond: ctx.required(c, 'cond'), body: [] });
      if (childElements(c).length > 0) ctx.issue(c, 'must be empty');
      continue;
    }
    current.push(c);
  }
  close();
  return { kind: 'if', branches, pos: ctx.pos(el) };
}

/** Copies only the defined optional fields, so the tree has no `undefined`-valued keys. */
export function withOpt<T extends object>(base: T, opts: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(opts)) if (v !== undefined) out[k] = v;
  return out as T;
}
