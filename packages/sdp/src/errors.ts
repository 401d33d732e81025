import { AppError } from '@rexian/kernel';

/**
 * Stable error codes of the SDP package. Every parse or negotiation failure is a `user` error:
 * the peer sent something we cannot use, and the switch answers it (488 Not Acceptable Here).
 */
export const SdpErrorCode = {
  Empty: 'SDP_EMPTY',
  TooLarge: 'SDP_TOO_LARGE',
  BadLine: 'SDP_BAD_LINE',
  BadVersion: 'SDP_BAD_VERSION',
  BadOrigin: 'SDP_BAD_ORIGIN',
  BadConnection: 'SDP_BAD_CONNECTION',
  BadTiming: 'SDP_BAD_TIMING',
  BadMedia: 'SDP_BAD_MEDIA',
  BadAttribute: 'SDP_BAD_ATTRIBUTE',
  MissingField: 'SDP_MISSING_FIELD',
  TooManyMedia: 'SDP_TOO_MANY_MEDIA',
  NoCommonCodec: 'SDP_NO_COMMON_CODEC',
  NoConnection: 'SDP_NO_CONNECTION',
  AnswerMismatch: 'SDP_ANSWER_MISMATCH',
} as const;
export type SdpErrorCode = (typeof SdpErrorCode)[keyof typeof SdpErrorCode];

export function sdpError(code: SdpErrorCode, message: string, details?: Record<string, unknown>): AppError {
  return new AppError(code, message, { kind: 'user', category: 'invalid', details });
}
