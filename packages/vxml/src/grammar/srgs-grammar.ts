import type { AppError, Result } from '@rexian/kernel';
import { err, ok } from '@rexian/kernel';
import { invalidDocument, VxmlErrorCode } from '../errors.ts';
import type { XmlElement } from '../parser/xml-reader.ts';
import { childElements, textOf } from '../parser/xml-reader.ts';
import type { JsValue } from '../sandbox/script-sandbox.ts';
import type { DtmfGrammar, GrammarMatch } from './dtmf-grammar.ts';

/** SRGS 1.0 (W3C) DTMF grammar in XML form, compiled to a small expression tree. */
type Expr =
  | { t: 'token'; keys: string }
  | { t: 'seq'; items: Expr[] }
  | { t: 'alt'; items: Expr[] }
  | { t: 'repeat'; item: Expr; min: number; max: number }
  | { t: 'ref'; rule: string }
  | { t: 'tag'; value: JsValue }
  | { t: 'null' }
  | { t: 'void' };

interface State {
  pos: number;
  tag: JsValue | undefined;
  /** Input ran out while the grammar still expected keys: more digits could continue this path. */
  partial: boolean;
}

const maxStates = 512;
const maxRefDepth = 32;
/**
 * Work budget of one match (steps of the matcher). Documents are untrusted: nested unbounded repeats
 * or left-recursive rules must not stall the process. Matching is synchronous, so one counter suffices.
 */
const maxWork = 5_000;
let work = 0;

export function compileSrgs(root: XmlElement): Result<DtmfGrammar, AppError> {
  const rules = new Map<string, Expr>();
  const problems: string[] = [];
  for (const r of childElements(root)) {
    if (r.name !== 'rule') continue;
    const id = r.attrs.id;
    if (!id) problems.push(`<rule> without id at line ${r.line}`);
    else rules.set(id, seqOf(r, problems));
  }
  const rootName = root.attrs.root ?? childElements(root).find((r) => r.name === 'rule')?.attrs.id;
  if (!rootName || !rules.has(rootName)) problems.push(`root rule "${rootName ?? ''}" not found`);
  for (const e of rules.values()) checkRefs(e, rules, problems);
  if (problems.length > 0) {
    return err(
      invalidDocument(
        `SRGS grammar: ${problems.join('; ')}`,
        { line: root.line, column: root.column },
        VxmlErrorCode.GrammarInvalid,
      ),
    );
  }
  const rootExpr = rules.get(rootName as string) as Expr;
  return ok({
    maxDigits: maxLength(rootExpr, rules, 0),
    match(d): GrammarMatch {
      work = maxWork;
      const states = run(rootExpr, d, [{ pos: 0, tag: undefined, partial: false }], rules, 0);
      if (work < 0) return { state: 'nomatch' };
      const done = states.find((s) => !s.partial && s.pos === d.length);
      const more = states.some((s) => s.partial);
      if (done) return { state: more ? 'complete-more' : 'complete', interpretation: done.tag ?? d };
      return { state: more ? 'prefix' : 'nomatch' };
    },
  });
}

function seqOf(el: XmlElement, problems: string[]): Expr {
  const items: Expr[] = [];
  for (const c of el.children) {
    if (typeof c === 'string') {
      for (const tok of c.trim().split(/\s+/)) if (tok) items.push(token(tok, problems));
    } else items.push(exprOf(c, problems));
  }
  return items.length === 1 ? (items[0] as Expr) : { t: 'seq', items };
}

function token(tok: string, problems: string[]): Expr {
  if (!/^[0-9*#A-D]+$/.test(tok)) problems.push(`"${tok}" is not a DTMF token`);
  return { t: 'token', keys: tok };
}

function exprOf(el: XmlElement, problems: string[]): Expr {
  switch (el.name) {
    case 'one-of':
      return { t: 'alt', items: childElements(el).map((c) => exprOf(c, problems)) };
    case 'item': {
      const inner = seqOf(el, problems);
      const rep = el.attrs.repeat;
      if (rep === undefined) return inner;
      const m = /^(\d+)(?:-(\d*))?$/.exec(rep);
      if (!m) {
        problems.push(`bad repeat "${rep}"`);
        return inner;
      }
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[2] === '' ? Number.POSITIVE_INFINITY : Number(m[2]);
      return { t: 'repeat', item: inner, min, max };
    }
    case 'ruleref': {
      if (el.attrs.special === 'NULL') return { t: 'null' };
      if (el.attrs.special === 'VOID') return { t: 'void' };
      const uri = el.attrs.uri ?? '';
      if (!uri.startsWith('#')) problems.push(`ruleref "${uri}": only local rules (#id) are supported`);
      return { t: 'ref', rule: uri.slice(1) };
    }
    case 'tag':
      return { t: 'tag', value: literalTag(textOf(el)) };
    case 'token':
      return token(textOf(el).trim(), problems);
    default:
      problems.push(`<${el.name}> is not supported in a DTMF grammar`);
      return { t: 'void' };
  }
}

/**
 * Tags are read as literals (tag-format semantics/1.0-literals), plus the common SISR shape
 * `out = "x";` / `out = 3;`. Full SISR script would need the sandbox inside the matcher.
 */
function literalTag(text: string): JsValue {
  const t = text.trim();
  const m = /^out\s*=\s*(?:"([^"]*)"|'([^']*)'|(-?\d+(?:\.\d+)?)|(true|false))\s*;?$/.exec(t);
  if (!m) return t;
  if (m[1] !== undefined) return m[1];
  if (m[2] !== undefined) return m[2];
  if (m[3] !== undefined) return Number(m[3]);
  return m[4] === 'true';
}

function checkRefs(e: Expr, rules: Map<string, Expr>, problems: string[]): void {
  if (e.t === 'ref' && !rules.has(e.rule)) problems.push(`ruleref to unknown rule "${e.rule}"`);
  if (e.t === 'seq' || e.t === 'alt') for (const i of e.items) checkRefs(i, rules, problems);
  if (e.t === 'repeat') checkRefs(e.item, rules, problems);
}

function maxLength(e: Expr, rules: Map<string, Expr>, depth: number): number {
  if (depth > maxRefDepth) return Number.POSITIVE_INFINITY;
  switch (e.t) {
    case 'token':
      return e.keys.length;
    case 'seq':
      return e.items.reduce((s, i) => s + maxLength(i, rules, depth), 0);
    case 'alt':
      return e.items.reduce((s, i) => Math.max(s, maxLength(i, rules, depth)), 0);
    case 'repeat':
      return e.max === Number.POSITIVE_INFINITY ? e.max : e.max * maxLength(e.item, rules, depth);
    case 'ref':
      return maxLength(rules.get(e.rule) as Expr, rules, depth + 1);
    default:
      return 0;
  }
}

function stateKey(s: State): string {
  return `${s.pos}|${s.partial ? 1 : 0}|${JSON.stringify(s.tag) ?? ''}`;
}

/** Adds states without duplicates (same position, partiality and tag), up to the cap. */
function addUnique(out: State[], seen: Set<string>, s: State): void {
  work--;
  const k = stateKey(s);
  if (seen.has(k) || out.length >= maxStates) return;
  seen.add(k);
  out.push(s);
}

function run(e: Expr, input: string, from: State[], rules: Map<string, Expr>, depth: number): State[] {
  const out: State[] = [];
  const seen = new Set<string>();
  for (const s of from) {
    if (s.partial) addUnique(out, seen, s);
    else for (const n of step(e, input, s, rules, depth)) addUnique(out, seen, n);
  }
  return out;
}

function step(e: Expr, input: string, s: State, rules: Map<string, Expr>, depth: number): State[] {
  if (--work < 0) return [];
  switch (e.t) {
    case 'token': {
      const rest = input.slice(s.pos);
      if (rest.startsWith(e.keys)) return [{ ...s, pos: s.pos + e.keys.length }];
      if (e.keys.startsWith(rest)) return [{ ...s, pos: input.length, partial: true }];
      return [];
    }
    case 'seq':
      return e.items.reduce<State[]>((acc, item) => run(item, input, acc, rules, depth), [s]);
    case 'alt':
      return e.items.flatMap((item) => step(item, input, s, rules, depth));
    case 'repeat':
      return repeat(e, input, s, rules, depth);
    case 'ref':
      if (depth >= maxRefDepth) return [];
      return step(rules.get(e.rule) as Expr, input, s, rules, depth + 1);
    case 'tag':
      return [{ ...s, tag: e.value }];
    case 'null':
      return [s];
    case 'void':
      return [];
  }
}

/**
 * Repetition, breadth-first by count. A state reached again with the same position is not expanded
 * twice (that also stops items that match nothing from looping); counts below `min` are kept apart
 * because they still owe repetitions.
 */
function repeat(e: Extract<Expr, { t: 'repeat' }>, input: string, s: State, rules: Map<string, Expr>, depth: number): State[] {
  const out: State[] = [];
  const outSeen = new Set<string>();
  if (e.min === 0) addUnique(out, outSeen, s);
  const expanded = new Set<string>([`${stateKey(s)}|0`]);
  let frontier: State[] = [s];
  const cap = Math.min(e.max, input.length + 1 + e.min);
  for (let k = 1; k <= cap && frontier.length > 0; k++) {
    const next: State[] = [];
    for (const n of run(e.item, input, frontier, rules, depth)) {
      if (n.partial || k >= e.min) addUnique(out, outSeen, n);
      if (n.partial) continue;
      const key = `${stateKey(n)}|${Math.min(k, e.min)}`;
      if (expanded.has(key)) continue;
      expanded.add(key);
      next.push(n);
    }
    frontier = next;
  }
  return out;
}
