import { AppError } from '@rexian/kernel';

/** Stable error codes of the switch. The server maps their categories to HTTP statuses in one table. */
export const SwitchErrorCode = {
  illegalTransition: 'SWITCH_ILLEGAL_TRANSITION',
  channelNotFound: 'SWITCH_CHANNEL_NOT_FOUND',
  channelExists: 'SWITCH_CHANNEL_EXISTS',
  bridgeNotFound: 'SWITCH_BRIDGE_NOT_FOUND',
  bridgeClosed: 'SWITCH_BRIDGE_CLOSED',
  channelInBridge: 'SWITCH_CHANNEL_IN_BRIDGE',
  channelNotInBridge: 'SWITCH_CHANNEL_NOT_IN_BRIDGE',
  channelNotActive: 'SWITCH_CHANNEL_NOT_ACTIVE',
  recordingNotFound: 'SWITCH_RECORDING_NOT_FOUND',
  transferNotPossible: 'SWITCH_TRANSFER_NOT_POSSIBLE',
  transferNotFound: 'SWITCH_TRANSFER_NOT_FOUND',
  monitorTargetInvalid: 'SWITCH_MONITOR_TARGET_INVALID',
  invalidConfig: 'SWITCH_INVALID_CONFIG',
  invalidTimeZone: 'SWITCH_INVALID_TIME_ZONE',
  invalidPattern: 'SWITCH_INVALID_PATTERN',
  noRoute: 'SWITCH_NO_ROUTE',
  noCallerId: 'SWITCH_NO_CALLER_ID',
  allTrunksBusy: 'SWITCH_ALL_TRUNKS_BUSY',
  accessNumberNotFound: 'SWITCH_ACCESS_NUMBER_NOT_FOUND',
  adapterFailed: 'SWITCH_ADAPTER_FAILED',
} as const;

export type SwitchErrorCode = (typeof SwitchErrorCode)[keyof typeof SwitchErrorCode];

/** One invalid field of a configuration object (access number, schedule, route, trunk). */
export interface ConfigIssue {
  path: string;
  message: string;
}

export const switchErrors = {
  illegalTransition: (channelId: string, from: string, to: string) =>
    new AppError(SwitchErrorCode.illegalTransition, `channel ${channelId}: illegal transition ${from} -> ${to}`, {
      category: 'conflict',
      details: { channelId, from, to },
    }),
  channelNotFound: (channelId: string) =>
    new AppError(SwitchErrorCode.channelNotFound, `channel ${channelId} not found`, {
      category: 'not_found',
      details: { channelId },
    }),
  channelExists: (channelId: string) =>
    new AppError(SwitchErrorCode.channelExists, `channel ${channelId} already exists`, {
      category: 'conflict',
      details: { channelId },
    }),
  bridgeNotFound: (bridgeId: string) =>
    new AppError(SwitchErrorCode.bridgeNotFound, `bridge ${bridgeId} not found`, {
      category: 'not_found',
      details: { bridgeId },
    }),
  bridgeClosed: (bridgeId: string) =>
    new AppError(SwitchErrorCode.bridgeClosed, `bridge ${bridgeId} is closed`, { category: 'conflict', details: { bridgeId } }),
  channelInBridge: (channelId: string, bridgeId: string) =>
    new AppError(SwitchErrorCode.channelInBridge, `channel ${channelId} is already in bridge ${bridgeId}`, {
      category: 'conflict',
      details: { channelId, bridgeId },
    }),
  channelNotInBridge: (channelId: string, bridgeId: string) =>
    new AppError(SwitchErrorCode.channelNotInBridge, `channel ${channelId} is not in bridge ${bridgeId}`, {
      category: 'conflict',
      details: { channelId, bridgeId },
    }),
  monitorTargetInvalid: (channelId: string, targetId: string) =>
    new AppError(SwitchErrorCode.monitorTargetInvalid, `channel ${channelId} cannot whisper to ${targetId || 'nobody'}`, {
      category: 'conflict',
      details: { channelId, targetId },
    }),
  channelNotActive: (channelId: string, state: string) =>
    new AppError(SwitchErrorCode.channelNotActive, `channel ${channelId} is ${state}`, {
      category: 'conflict',
      details: { channelId, state },
    }),
  recordingNotFound: (recordingId: string) =>
    new AppError(SwitchErrorCode.recordingNotFound, `recording ${recordingId} not found`, {
      category: 'not_found',
      details: { recordingId },
    }),
  transferNotPossible: (channelId: string, reason: string) =>
    new AppError(SwitchErrorCode.transferNotPossible, `cannot transfer channel ${channelId}: ${reason}`, {
      category: 'conflict',
      details: { channelId, reason },
    }),
  transferNotFound: (transferId: string) =>
    new AppError(SwitchErrorCode.transferNotFound, `transfer ${transferId} not found`, {
      category: 'not_found',
      details: { transferId },
    }),
  invalidConfig: (what: string, issues: readonly ConfigIssue[]) =>
    new AppError(SwitchErrorCode.invalidConfig, `invalid ${what}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, {
      category: 'invalid',
      details: { what, issues },
    }),
  invalidTimeZone: (timeZone: string) =>
    new AppError(SwitchErrorCode.invalidTimeZone, `unknown IANA time zone ${timeZone}`, {
      category: 'invalid',
      details: { timeZone },
    }),
  invalidPattern: (pattern: string, reason: string) =>
    new AppError(SwitchErrorCode.invalidPattern, `invalid dial pattern ${pattern}: ${reason}`, {
      category: 'invalid',
      details: { pattern, reason },
    }),
  noRoute: (number: string) =>
    new AppError(SwitchErrorCode.noRoute, `no outbound route matches ${number}`, { category: 'not_found', details: { number } }),
  noCallerId: (routeId: string) =>
    new AppError(SwitchErrorCode.noCallerId, `route ${routeId}: no access number of type out/both for the caller ID`, {
      category: 'invalid',
      details: { routeId },
    }),
  allTrunksBusy: (routeId: string) =>
    new AppError(SwitchErrorCode.allTrunksBusy, `route ${routeId}: every trunk is busy, disabled or already tried`, {
      kind: 'operational',
      category: 'unavailable',
      details: { routeId },
    }),
  accessNumberNotFound: (number: string) =>
    new AppError(SwitchErrorCode.accessNumberNotFound, `no inbound access number ${number}`, {
      category: 'not_found',
      details: { number },
    }),
  /** The SIP or media side could not carry a command out (no transport, re-INVITE refused, media error). */
  adapterFailed: (reason: string, details: Record<string, unknown> = {}) =>
    new AppError(SwitchErrorCode.adapterFailed, reason, { kind: 'operational', category: 'unavailable', details }),
};
