import type { AppError, Result } from '@rexian/kernel';
import { err, ok } from '@rexian/kernel';
import { invalidDocument, VxmlErrorCode } from '../errors.ts';
import type { JsValue } from '../sandbox/script-sandbox.ts';

/**
 * How far a DTMF string (termination character already removed) matches a grammar:
 * - `nomatch`: no continuation can match;
 * - `prefix`: not yet, but more digits could complete it;
 * - `complete`: matches and no longer string can;
 * - `complete-more`: matches, and a longer string could too (wait for the inter-digit time-out).
 */
export type MatchState = 'nomatch' | 'prefix' | 'complete' | 'complete-more';

export interface GrammarMatch {
  state: MatchState;
  /** Semantic interpretation when the state is complete or complete-more. */
  interpretation?: JsValue;
}

export interface DtmfGrammar {
  /** Highest number of digits this grammar can ever accept (Infinity when unbounded). */
  readonly maxDigits: number;
  match(digits: string): GrammarMatch;
}

const digitsOnly = /^[0-9]*$/;

function parseParams(query: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of query.split(/[;&]/)) {
    const [k, v] = part.split('=');
    if (k) out[k.trim()] = (v ?? '').trim();
  }
  return out;
}

function intParam(p: Record<string, string>, name: string): number | undefined {
  const v = p[name];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** VoiceXML 2.0 Appendix P built-in DTMF grammars: digits, boolean, number (plus phone as digits). */
export function compileBuiltin(type: string): Result<DtmfGrammar, AppError> {
  const [name = '', query = ''] = type.split('?');
  const p = parseParams(query);
  if (name === 'digits' || name === 'phone') {
    const length = intParam(p, 'length');
    const min = length ?? intParam(p, 'minlength') ?? 1;
    const max = length ?? intParam(p, 'maxlength') ?? Number.POSITIVE_INFINITY;
    if (min > max) return err(invalidDocument(`builtin ${type}: minlength > maxlength`, undefined, VxmlErrorCode.GrammarInvalid));
    return ok({
      maxDigits: max,
      match(d) {
        if (!digitsOnly.test(d) || d.length > max) return { state: 'nomatch' };
        if (d.length < min) return { state: 'prefix' };
        return { state: d.length < max ? 'complete-more' : 'complete', interpretation: d };
      },
    });
  }
  if (name === 'boolean') {
    const yes = p.y ?? '1';
    const no = p.n ?? '2';
    return ok({
      maxDigits: Math.max(yes.length, no.length),
      match(d) {
        if (d === yes) return { state: 'complete', interpretation: true };
        if (d === no) return { state: 'complete', interpretation: false };
        if (yes.startsWith(d) || no.startsWith(d)) return { state: 'prefix' };
        return { state: 'nomatch' };
      },
    });
  }
  if (name === 'number') {
    // Appendix P: "*" is the decimal point; at most one.
    return ok({
      maxDigits: Number.POSITIVE_INFINITY,
      match(d) {
        if (!/^[0-9]*\*?[0-9]*$/.test(d)) return { state: 'nomatch' };
        if (!/[0-9]/.test(d) || d.endsWith('*')) return { state: 'prefix' };
        return { state: 'complete-more', interpretation: Number(d.replace('*', '.')) };
      },
    });
  }
  return err(
    invalidDocument(
      `builtin grammar "${name}" is not supported (digits, boolean, number)`,
      undefined,
      VxmlErrorCode.GrammarInvalid,
    ),
  );
}

/** A grammar that accepts exactly the given keys (menus, <option>), interpreting each as its value. */
export function compileKeys(keys: ReadonlyMap<string, JsValue>): DtmfGrammar {
  let maxDigits = 0;
  for (const k of keys.keys()) maxDigits = Math.max(maxDigits, k.length);
  return {
    maxDigits,
    match(d) {
      let prefix = false;
      let hit: GrammarMatch | undefined;
      for (const [k, v] of keys) {
        if (k === d) hit = { state: 'complete', interpretation: v };
        else if (k.startsWith(d)) prefix = true;
      }
      if (hit) return prefix ? { ...hit, state: 'complete-more' } : hit;
      return { state: prefix ? 'prefix' : 'nomatch' };
    },
  };
}

/** Alternatives: the first grammar (in document order) that completes supplies the interpretation. */
export function anyOf(grammars: readonly DtmfGrammar[]): DtmfGrammar {
  return {
    maxDigits: grammars.reduce((m, g) => Math.max(m, g.maxDigits), 0),
    match(d) {
      let complete: GrammarMatch | undefined;
      let more = false;
      for (const g of grammars) {
        const m = g.match(d);
        if ((m.state === 'complete' || m.state === 'complete-more') && !complete) complete = m;
        if (m.state === 'prefix' || m.state === 'complete-more') more = true;
      }
      if (complete) return { state: more ? 'complete-more' : 'complete', interpretation: complete.interpretation };
      return { state: more ? 'prefix' : 'nomatch' };
    },
  };
}
