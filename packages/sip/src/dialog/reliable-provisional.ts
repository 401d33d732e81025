import { randomInt } from 'node:crypto';
import { isToken } from '../message/chars.ts';

/** RFC 3262 (PRACK): RSeq numbering and RAck matching. */
export interface RAck {
  readonly rseq: number;
  readonly cseq: number;
  readonly method: string;
}

/** `RAck: response-num CSeq-num Method` (§7.2). */
export function parseRAck(value: string): RAck | null {
  const m = /^[ \t]*([0-9]{1,10})[ \t]+([0-9]{1,10})[ \t]+([^ \t]+)[ \t]*$/.exec(value);
  if (!m || !isToken(m[3] as string)) return null;
  const rseq = Number(m[1]);
  const cseq = Number(m[2]);
  if (rseq < 1 || rseq >= 2 ** 32 || cseq >= 2 ** 32) return null;
  return { rseq, cseq, method: m[3] as string };
}

/** §3: the first RSeq is random between 1 and 2**31 − 1; each reliable 1xx adds one. */
export function firstRSeq(): number {
  return randomInt(1, 2 ** 31);
}

/** A PRACK acknowledges the reliable provisional whose RSeq, CSeq and method it names (§3, §7.2). */
export function prackMatches(rack: RAck, sent: { rseq: number; cseq: number; method: string }): boolean {
  return rack.rseq === sent.rseq && rack.cseq === sent.cseq && rack.method === sent.method;
}
