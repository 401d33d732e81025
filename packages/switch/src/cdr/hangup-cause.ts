/**
 * Why a leg ended, in the switch's words. Each maps to a Q.850 cause for the Reason header
 * (RFC 3326 §2) and for the CDR; `sip` statuses map back here through `causeFromSipStatus`.
 */
export type HangupCause =
  | 'normal-clearing'
  | 'busy'
  | 'no-answer'
  | 'cancelled'
  | 'rejected'
  | 'unallocated-number'
  | 'unavailable'
  | 'congestion'
  | 'failed'
  | 'transferred'
  | 'system-restart';

export const HANGUP_CAUSES: readonly HangupCause[] = [
  'normal-clearing',
  'busy',
  'no-answer',
  'cancelled',
  'rejected',
  'unallocated-number',
  'unavailable',
  'congestion',
  'failed',
  'transferred',
  'system-restart',
];

/** ITU-T Q.850 cause values (as Asterisk's HANGUPCAUSE reports them). */
const Q850: Record<HangupCause, number> = {
  'normal-clearing': 16,
  busy: 17,
  'no-answer': 19,
  cancelled: 16,
  rejected: 21,
  'unallocated-number': 1,
  unavailable: 20,
  congestion: 34,
  failed: 41,
  transferred: 16,
  'system-restart': 41,
};

export function q850Of(cause: HangupCause): number {
  return Q850[cause];
}

/**
 * The cause a final non-2xx response to an INVITE stands for (RFC 3398 §8.2.6.1 maps SIP to ISUP the
 * same way in spirit; we keep only what a CDR reader needs).
 */
export function causeFromSipStatus(status: number): HangupCause {
  if (status >= 200 && status < 300) return 'normal-clearing';
  switch (status) {
    case 486:
    case 600:
      return 'busy';
    case 408:
    case 480:
      return 'no-answer';
    case 487:
      return 'cancelled';
    case 403:
    case 603:
      return 'rejected';
    case 404:
    case 484:
    case 604:
      return 'unallocated-number';
    case 410:
      return 'unallocated-number';
    case 503:
      return 'congestion';
  }
  return 'failed';
}

export function isHangupCause(s: string): s is HangupCause {
  return (HANGUP_CAUSES as readonly string[]).includes(s);
}
