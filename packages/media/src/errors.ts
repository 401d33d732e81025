import { AppError } from '@rexian/kernel';

/** Stable error codes of the media package. */
export const MediaErrorCode = {
  RtpTooShort: 'MEDIA_RTP_TOO_SHORT',
  RtpBadVersion: 'MEDIA_RTP_BAD_VERSION',
  RtpBadLength: 'MEDIA_RTP_BAD_LENGTH',
  RtcpMalformed: 'MEDIA_RTCP_MALFORMED',
  PortsExhausted: 'MEDIA_PORTS_EXHAUSTED',
  PortRangeInvalid: 'MEDIA_PORT_RANGE_INVALID',
  WavMalformed: 'MEDIA_WAV_MALFORMED',
  WavUnsupported: 'MEDIA_WAV_UNSUPPORTED',
  Mp3Malformed: 'MEDIA_MP3_MALFORMED',
  UnsupportedCodec: 'MEDIA_UNSUPPORTED_CODEC',
  UnsupportedRate: 'MEDIA_UNSUPPORTED_RATE',
  NotFound: 'MEDIA_NOT_FOUND',
  BadCommand: 'MEDIA_BAD_COMMAND',
  EngineClosed: 'MEDIA_ENGINE_CLOSED',
} as const;
export type MediaErrorCode = (typeof MediaErrorCode)[keyof typeof MediaErrorCode];

/** Bad bytes or a bad request: a user error, answered, not reported. */
export function mediaError(code: MediaErrorCode, message: string, details?: Record<string, unknown>): AppError {
  return new AppError(code, message, { kind: 'user', category: 'invalid', details });
}

export function mediaUnavailable(code: MediaErrorCode, message: string, details?: Record<string, unknown>): AppError {
  return new AppError(code, message, { kind: 'operational', category: 'unavailable', details });
}
