import { buildExecutables, buildPrompt, buildPromptContent, withOpt } from './build-content.ts';
import type { BuildContext } from './build-context.ts';
import { isVarName } from './build-context.ts';
import type {
  CatchNode,
  ChoiceNode,
  Executable,
  FilledNode,
  FormItem,
  FormNode,
  GrammarRef,
  MenuNode,
  Param,
  PromptNode,
  Properties,
} from './vxml-model.ts';
import type { XmlElement } from './xml-reader.ts';
import { childElements } from './xml-reader.ts';

const catchShorthands = new Set(['noinput', 'nomatch', 'help', 'error']);

export function isCatchElement(el: XmlElement): boolean {
  return el.name === 'catch' || catchShorthands.has(el.name);
}

export function buildCatch(ctx: BuildContext, el: XmlElement): CatchNode {
  const events = el.name === 'catch' ? (el.attrs.event ?? '').split(/\s+/).filter((s) => s.length > 0) : [el.name];
  const c: CatchNode = { events, count: ctx.int(el, 'count', 1, 1), body: buildExecutables(ctx, el.children), pos: ctx.pos(el) };
  if (el.attrs.cond !== undefined) c.cond = el.attrs.cond;
  return c;
}

export function buildProperty(ctx: BuildContext, el: XmlElement, into: Record<string, string>): void {
  const name = ctx.required(el, 'name');
  const value = ctx.required(el, 'value');
  if (name !== '') into[name] = value;
}

function buildFilled(ctx: BuildContext, el: XmlElement): FilledNode {
  const mode = el.attrs.mode ?? 'all';
  if (mode !== 'all' && mode !== 'any') ctx.issue(el, 'mode must be all or any');
  return withOpt(
    { mode: mode === 'any' ? 'any' : 'all', body: buildExecutables(ctx, el.children), pos: ctx.pos(el) } as FilledNode,
    {
      namelist: ctx.names(el, 'namelist'),
    },
  );
}

function buildGrammar(ctx: BuildContext, el: XmlElement): GrammarRef | undefined {
  const mode = el.attrs.mode ?? 'dtmf';
  if (mode !== 'dtmf') {
    ctx.issue(el, 'only DTMF grammars are supported (mode="dtmf")');
    return undefined;
  }
  const src = el.attrs.src;
  if (src !== undefined) {
    if (src.startsWith('builtin:dtmf/')) return { kind: 'builtin', type: src.slice('builtin:dtmf/'.length), pos: ctx.pos(el) };
    if (src.startsWith('builtin:')) return { kind: 'builtin', type: src.slice('builtin:'.length), pos: ctx.pos(el) };
    return { kind: 'external', src, pos: ctx.pos(el) };
  }
  if (childElements(el).length === 0) {
    ctx.issue(el, 'inline grammar has no rules');
    return undefined;
  }
  return { kind: 'srgs', xml: el, pos: ctx.pos(el) };
}

/** Shared handling of children every form item may have. Returns false when the child is not one. */
function itemCommon(ctx: BuildContext, c: XmlElement, acc: ItemAcc): boolean {
  if (c.name === 'prompt') acc.prompts.push(buildPrompt(ctx, c));
  else if (c.name === 'audio' || c.name === 'value') {
    acc.prompts.push({ kind: 'prompt', count: 1, content: buildPromptContent(ctx, [c]), pos: ctx.pos(c) });
  } else if (isCatchElement(c)) acc.catches.push(buildCatch(ctx, c));
  else if (c.name === 'filled') acc.filleds.push(buildFilled(ctx, c));
  else if (c.name === 'property') buildProperty(ctx, c, acc.properties);
  else return false;
  return true;
}

interface ItemAcc {
  prompts: PromptNode[];
  catches: CatchNode[];
  filleds: FilledNode[];
  properties: Record<string, string>;
}

function itemBase(ctx: BuildContext, el: XmlElement, anon: () => string) {
  const name = el.attrs.name ?? anon();
  if (el.attrs.name !== undefined && !isVarName(name)) ctx.issue(el, `"${name}" is not a valid variable name`);
  const acc: ItemAcc = { prompts: [], catches: [], filleds: [], properties: {} };
  return { name, acc, extra: withOpt({}, { expr: el.attrs.expr, cond: el.attrs.cond }) as { expr?: string; cond?: string } };
}

export function buildFormItem(ctx: BuildContext, el: XmlElement, anon: () => string): FormItem | undefined {
  const { name, acc, extra } = itemBase(ctx, el, anon);
  const pos = ctx.pos(el);
  const kids = childElements(el);
  switch (el.name) {
    case 'block':
      return { kind: 'block', name, ...extra, ...acc, body: buildExecutables(ctx, el.children), pos };
    case 'field':
      return buildField(ctx, el, name, extra, acc);
    case 'record':
      for (const c of kids) if (!itemCommon(ctx, c, acc) && c.name !== 'grammar') ctx.issue(c, 'not allowed in <record>');
      return {
        kind: 'record',
        name,
        ...extra,
        ...acc,
        pos,
        beep: ctx.bool(el, 'beep', false),
        maxTimeMs: ctx.time(el, 'maxtime', 60_000),
        finalSilenceMs: ctx.time(el, 'finalsilence', 3000),
        dtmfTerm: ctx.bool(el, 'dtmfterm', true),
        type: el.attrs.type ?? 'audio/wav',
      };
    case 'transfer': {
      for (const c of kids) if (!itemCommon(ctx, c, acc) && c.name !== 'grammar') ctx.issue(c, 'not allowed in <transfer>');
      ctx.oneOf(el, ['dest', 'destexpr']);
      const type = el.attrs.type ?? (ctx.bool(el, 'bridge', false) ? 'bridge' : 'blind');
      if (type !== 'blind' && type !== 'bridge' && type !== 'consultation')
        ctx.issue(el, 'type must be blind, bridge or consultation');
      const t: FormItem = {
        kind: 'transfer',
        name,
        ...extra,
        ...acc,
        pos,
        mode: type === 'bridge' || type === 'consultation' ? type : 'blind',
        connectTimeoutMs: ctx.time(el, 'connecttimeout', 30_000),
        maxTimeMs: ctx.time(el, 'maxtime', 0),
      };
      return withOpt(t, { dest: el.attrs.dest, destexpr: el.attrs.destexpr });
    }
    case 'subdialog': {
      const params: Param[] = [];
      for (const c of kids) {
        if (itemCommon(ctx, c, acc)) continue;
        if (c.name === 'param')
          params.push(withOpt({ name: ctx.required(c, 'name') }, { expr: c.attrs.expr, value: c.attrs.value }));
        else ctx.issue(c, 'not allowed in <subdialog>');
      }
      ctx.oneOf(el, ['src', 'srcexpr']);
      const m = (el.attrs.method ?? 'get').toLowerCase() === 'post' ? 'post' : 'get';
      const s: FormItem = { kind: 'subdialog', name, ...extra, ...acc, pos, params, method: m };
      return withOpt(s, { src: el.attrs.src, srcexpr: el.attrs.srcexpr, namelist: ctx.names(el, 'namelist') });
    }
    default:
      return undefined;
  }
}

function buildField(
  ctx: BuildContext,
  el: XmlElement,
  name: string,
  extra: { expr?: string; cond?: string },
  acc: ItemAcc,
): FormItem {
  const pos = ctx.pos(el);
  const kids = childElements(el);
  const grammars: GrammarRef[] = [];
  const options: { dtmf?: string; value: string; text: string }[] = [];
  if (el.attrs.type !== undefined) grammars.push({ kind: 'builtin', type: el.attrs.type, pos });
  for (const c of kids) {
    if (itemCommon(ctx, c, acc)) continue;
    if (c.name === 'grammar') {
      const g = buildGrammar(ctx, c);
      if (g) grammars.push(g);
    } else if (c.name === 'option') {
      const text = c.children
        .filter((x) => typeof x === 'string')
        .join('')
        .trim();
      options.push(withOpt({ value: c.attrs.value ?? text, text: text.replace(/\s+/g, ' ') }, { dtmf: c.attrs.dtmf }));
    } else ctx.issue(c, c.name === 'link' ? 'not supported (no <link> grammars)' : 'not allowed in <field>');
  }
  if (grammars.length === 0 && options.length === 0) ctx.issue(el, 'field has no grammar, type or option');
  return { kind: 'field', name, ...extra, ...acc, grammars, options, pos };
}

export function buildForm(ctx: BuildContext, el: XmlElement, id: string): FormNode {
  const form: FormNode = { kind: 'form', id, init: [], items: [], catches: [], filleds: [], properties: {}, pos: ctx.pos(el) };
  const props: Record<string, string> = {};
  let anon = 0;
  const anonName = () => `$fi${++anon}`;
  const names = new Set<string>();
  for (const c of childElements(el)) {
    if (c.name === 'var' || c.name === 'script' || c.name === 'data') form.init.push(...buildExecutables(ctx, [c]));
    else if (isCatchElement(c)) form.catches.push(buildCatch(ctx, c));
    else if (c.name === 'filled') form.filleds.push(buildFilled(ctx, c));
    else if (c.name === 'property') buildProperty(ctx, c, props);
    else if (c.name === 'grammar' || c.name === 'link' || c.name === 'initial')
      ctx.issue(c, 'not supported at form level (DTMF-only directed forms)');
    else {
      const item = buildFormItem(ctx, c, anonName);
      if (!item) ctx.issue(c, 'not allowed in <form>');
      else {
        if (names.has(item.name)) ctx.issue(c, `duplicate form item name "${item.name}"`);
        names.add(item.name);
        form.items.push(item);
      }
    }
  }
  form.properties = props satisfies Properties;
  return form;
}

export function buildMenu(ctx: BuildContext, el: XmlElement, id: string): MenuNode {
  const menu: MenuNode = {
    kind: 'menu',
    id,
    dtmf: ctx.bool(el, 'dtmf', false),
    prompts: [],
    choices: [],
    catches: [],
    properties: {},
    pos: ctx.pos(el),
  };
  const props: Record<string, string> = {};
  for (const c of childElements(el)) {
    if (c.name === 'prompt') menu.prompts.push(buildPrompt(ctx, c));
    else if (c.name === 'choice') menu.choices.push(buildChoice(ctx, c));
    else if (isCatchElement(c)) menu.catches.push(buildCatch(ctx, c));
    else if (c.name === 'property') buildProperty(ctx, c, props);
    else if (c.name === 'audio' || c.name === 'value')
      menu.prompts.push({ kind: 'prompt', count: 1, content: buildPromptContent(ctx, [c]), pos: ctx.pos(c) });
    else ctx.issue(c, 'not allowed in <menu>');
  }
  menu.properties = props;
  if (menu.choices.length === 0) ctx.issue(el, 'menu has no <choice>');
  const seen = new Set<string>();
  menu.choices.forEach((ch, i) => {
    const key = ch.dtmf ?? (menu.dtmf && i < 9 ? String(i + 1) : undefined);
    if (key === undefined) ctx.issue(el, `choice ${i + 1} has no dtmf key (set dtmf="true" on the menu or dtmf on the choice)`);
    else if (seen.has(key)) ctx.issue(el, `two choices use key ${key}`);
    if (key !== undefined) seen.add(key);
  });
  return menu;
}

function buildChoice(ctx: BuildContext, el: XmlElement): ChoiceNode {
  ctx.oneOf(el, ['next', 'expr', 'event']);
  const ch: ChoiceNode = {
    content: buildPromptContent(
      ctx,
      el.children.filter((c) => typeof c === 'string' || c.name !== 'grammar'),
    ),
    pos: ctx.pos(el),
  };
  return withOpt(ch, { dtmf: el.attrs.dtmf, next: el.attrs.next, expr: el.attrs.expr, event: el.attrs.event });
}

export type { Executable };
