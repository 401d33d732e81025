import type { Pos } from './vxml-model.ts';
import type { XmlElement } from './xml-reader.ts';

/** One validation problem, with the element's position. */
export interface Issue {
  message: string;
  line: number;
  column: number;
}

/** Collects issues while the tree is built, so one pass reports every problem, not just the first. */
export class BuildContext {
  readonly issues: Issue[] = [];

  pos(el: XmlElement): Pos {
    return { line: el.line, column: el.column };
  }

  issue(el: XmlElement, message: string): void {
    if (this.issues.length < 100) this.issues.push({ message: `<${el.name}>: ${message}`, line: el.line, column: el.column });
  }

  required(el: XmlElement, attr: string): string {
    const v = el.attrs[attr];
    if (v === undefined || v === '') {
      this.issue(el, `attribute "${attr}" is required`);
      return '';
    }
    return v;
  }

  /** Exactly one of the attributes must be present (VoiceXML's "src or srcexpr" rules). */
  oneOf(el: XmlElement, attrs: readonly string[], optional = false): void {
    const present = attrs.filter((a) => el.attrs[a] !== undefined);
    if (present.length > 1) this.issue(el, `only one of ${attrs.join(', ')} may be given`);
    if (!optional && present.length === 0) this.issue(el, `one of ${attrs.join(', ')} is required`);
  }

  time(el: XmlElement, attr: string, fallbackMs: number): number {
    const v = el.attrs[attr];
    if (v === undefined) return fallbackMs;
    const ms = parseTimeDesignation(v);
    if (ms === undefined) {
      this.issue(el, `attribute "${attr}" is not a time designation ("5s", "300ms"): ${v}`);
      return fallbackMs;
    }
    return ms;
  }

  bool(el: XmlElement, attr: string, fallback: boolean): boolean {
    const v = el.attrs[attr];
    if (v === undefined) return fallback;
    if (v === 'true') return true;
    if (v === 'false') return false;
    this.issue(el, `attribute "${attr}" must be true or false`);
    return fallback;
  }

  int(el: XmlElement, attr: string, fallback: number, min = 0): number {
    const v = el.attrs[attr];
    if (v === undefined) return fallback;
    if (!/^\d+$/.test(v) || Number(v) < min) {
      this.issue(el, `attribute "${attr}" must be an integer ≥ ${min}`);
      return fallback;
    }
    return Number(v);
  }

  names(el: XmlElement, attr: string): string[] | undefined {
    const v = el.attrs[attr];
    if (v === undefined) return undefined;
    return v.split(/\s+/).filter((s) => s.length > 0);
  }
}

/** VoiceXML 2.0 §6.5 time designations: a non-negative real number followed by "s" or "ms". */
export function parseTimeDesignation(v: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s)\s*$/.exec(v);
  if (!m) return undefined;
  const n = Number(m[1]);
  return Math.round(m[2] === 's' ? n * 1000 : n);
}

/** ECMAScript identifiers as VoiceXML variable names (no "$"-suffixed reserved shadow names). */
export function isVarName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

/** A dotted reference such as "document.x" or "a.b.c" for assign/clear/namelist. */
export function isVarRef(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$/.test(name);
}
