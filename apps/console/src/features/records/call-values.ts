import type { CdrDetail } from '@rexian/contracts';

/** A duration as a clock reads it: 0:05, 1:05, 1:01:05; '' when unknown. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '';
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * How long a call in progress has lasted at `nowMs` (the server's clock plus the time since it answered):
 * talk time once answered, ring time before.
 */
export function liveDurationMs(call: Pick<CdrDetail, 'startedAt' | 'answeredAt'>, nowMs: number): number {
  return Math.max(0, nowMs - Date.parse(call.answeredAt ?? call.startedAt));
}

/** §4.7.7 主叫/被叫通话状态: whether the caller's, or any callee's, leg is answered. */
export function legAnswered(call: Pick<CdrDetail, 'legs'>, side: 'caller' | 'callee'): boolean {
  return call.legs.some((l) => (side === 'caller' ? l.role === 'caller' : l.role !== 'caller') && l.answeredAt !== null);
}

/** A whole-second text field → the API's number, or undefined when empty or not a number. */
export function secondsOf(text: string | undefined): number | undefined {
  const trimmed = (text ?? '').trim();
  if (!/^\d{1,6}$/.test(trimmed)) return undefined;
  return Number(trimmed);
}
