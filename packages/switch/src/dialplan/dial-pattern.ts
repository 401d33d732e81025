import type { Result } from '@rexian/kernel';
import { err, ok } from '@rexian/kernel';

/**
 * Asterisk-style extension patterns. `_` starts a pattern; then `X` = 0-9, `Z` = 1-9, `N` = 2-9,
 * `[1-35]` a set with ranges, `.` one or more of anything, `!` zero or more (both only at the end), any
 * other digit/`*`/`#`/`+` itself, and `-` is ignored (for readability: `_NXX-XXXX`). Without `_` the text
 * is matched exactly. A prefix rule is the literal followed by `!`.
 */
export type DialToken = { kind: 'set'; chars: string } | { kind: 'rest'; min: 0 | 1 };

export interface DialPattern {
  source: string;
  tokens: readonly DialToken[];
}

export type DialRule = { kind: 'exact'; value: string } | { kind: 'prefix'; value: string } | { kind: 'pattern'; value: string };

const DIGITS = '0123456789';
const LITERAL = /^[0-9*#+]$/;

function parseSet(src: string, at: number): Result<{ chars: string; next: number }, string> {
  const close = src.indexOf(']', at);
  if (close < 0) return err('unclosed [');
  const body = src.slice(at + 1, close);
  let chars = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (!LITERAL.test(c)) return err(`bad character ${c} in set`);
    if (body[i + 1] === '-' && i + 2 < body.length) {
      const hi = body[i + 2] as string;
      if (!DIGITS.includes(c) || !DIGITS.includes(hi) || hi < c) return err(`bad range ${c}-${hi}`);
      for (let d = Number(c); d <= Number(hi); d++) chars += String(d);
      i += 2;
    } else chars += c;
  }
  const unique = [...new Set(chars)].join('');
  return unique.length === 0 ? err('empty set') : ok({ chars: unique, next: close + 1 });
}

/** Compiles a rule; a malformed pattern is a typed error value, never an exception. */
export function compileDialRule(rule: DialRule): Result<DialPattern, string> {
  if (rule.kind !== 'pattern') {
    if (rule.value === '' || ![...rule.value].every((c) => LITERAL.test(c))) return err('digits, *, # or + only');
    const tokens: DialToken[] = [...rule.value].map((c) => ({ kind: 'set', chars: c }));
    if (rule.kind === 'prefix') tokens.push({ kind: 'rest', min: 0 });
    return ok({ source: rule.value, tokens });
  }
  const src = rule.value;
  if (!src.startsWith('_') || src.length < 2) return err('a pattern starts with _ and has at least one token');
  const tokens: DialToken[] = [];
  for (let i = 1; i < src.length; ) {
    const c = (src[i] as string).toUpperCase();
    if (tokens.at(-1)?.kind === 'rest') return err('. and ! must come last');
    if (c === '[') {
      const set = parseSet(src, i);
      if (!set.ok) return set;
      tokens.push({ kind: 'set', chars: set.value.chars });
      i = set.value.next;
      continue;
    }
    if (c === 'X') tokens.push({ kind: 'set', chars: DIGITS });
    else if (c === 'Z') tokens.push({ kind: 'set', chars: DIGITS.slice(1) });
    else if (c === 'N') tokens.push({ kind: 'set', chars: DIGITS.slice(2) });
    else if (c === '.') tokens.push({ kind: 'rest', min: 1 });
    else if (c === '!') tokens.push({ kind: 'rest', min: 0 });
    else if (LITERAL.test(c)) tokens.push({ kind: 'set', chars: c });
    else if (c !== '-') return err(`unexpected ${c}`);
    i++;
  }
  return tokens.length === 0 ? err('no tokens') : ok({ source: src, tokens });
}

export function matchesDialPattern(p: DialPattern, number: string): boolean {
  let i = 0;
  for (const t of p.tokens) {
    if (t.kind === 'rest') return number.length - i >= t.min;
    const c = number[i];
    if (c === undefined || !t.chars.includes(c)) return false;
    i++;
  }
  return i === number.length;
}

/** Per position, how many characters it admits (a wildcard tail counts as more than any set). */
function weights(p: DialPattern): number[] {
  return p.tokens.map((t) => (t.kind === 'set' ? t.chars.length : t.min === 1 ? 1000 : 1001));
}

/**
 * Orders patterns most specific first, as Asterisk sorts its dial plan: at the first position where they
 * differ, the one admitting fewer characters wins; where one pattern ends and the other goes on with a wildcard tail, the one that ends (fewer numbers) wins.
 * Negative when `a` is more specific.
 */
export function compareSpecificity(a: DialPattern, b: DialPattern): number {
  const wa = weights(a);
  const wb = weights(b);
  for (let i = 0; i < Math.max(wa.length, wb.length); i++) {
    const x = wa[i] ?? 0;
    const y = wb[i] ?? 0;
    if (x !== y) return x - y;
  }
  return 0;
}
