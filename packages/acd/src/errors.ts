import { AppError } from '@rexian/kernel';

/** Stable error codes of the ACD. The server maps their categories to HTTP statuses in one table. */
export const AcdErrorCode = {
  illegalTransition: 'ACD_ILLEGAL_TRANSITION',
  agentNotFound: 'ACD_AGENT_NOT_FOUND',
  agentDisabled: 'ACD_AGENT_DISABLED',
  agentNotSignedIn: 'ACD_AGENT_NOT_SIGNED_IN',
  agentAlreadySignedIn: 'ACD_AGENT_ALREADY_SIGNED_IN',
  minBusyNotElapsed: 'ACD_MIN_BUSY_NOT_ELAPSED',
  agentOnCall: 'ACD_AGENT_ON_CALL',
  unknownBusyReason: 'ACD_UNKNOWN_BUSY_REASON',
  queueNotFound: 'ACD_QUEUE_NOT_FOUND',
  queueNotEmpty: 'ACD_QUEUE_NOT_EMPTY',
  callNotFound: 'ACD_CALL_NOT_FOUND',
  callNotOffered: 'ACD_CALL_NOT_OFFERED_TO_AGENT',
  callNotWaiting: 'ACD_CALL_NOT_WAITING',
  duplicateCall: 'ACD_DUPLICATE_CALL',
  invalidConfig: 'ACD_INVALID_CONFIG',
  invalidPassword: 'ACD_INVALID_PASSWORD',
  vipLookupFailed: 'ACD_VIP_LOOKUP_FAILED',
  invalidScenario: 'ACD_INVALID_SCENARIO',
  invalidCsv: 'ACD_INVALID_CSV',
} as const;

export type AcdErrorCode = (typeof AcdErrorCode)[keyof typeof AcdErrorCode];

export const acdErrors = {
  illegalTransition: (agentId: string, from: string, to: string) =>
    new AppError(AcdErrorCode.illegalTransition, `agent ${agentId}: illegal transition ${from} -> ${to}`, {
      category: 'conflict',
      details: { agentId, from, to },
    }),
  agentNotFound: (agentId: string) =>
    new AppError(AcdErrorCode.agentNotFound, `agent ${agentId} not found`, {
      category: 'not_found',
      details: { agentId },
    }),
  agentDisabled: (agentId: string) =>
    new AppError(AcdErrorCode.agentDisabled, `agent ${agentId} is disabled`, {
      category: 'forbidden',
      details: { agentId },
    }),
  agentNotSignedIn: (agentId: string) =>
    new AppError(AcdErrorCode.agentNotSignedIn, `agent ${agentId} is not signed in`, {
      category: 'conflict',
      details: { agentId },
    }),
  agentAlreadySignedIn: (agentId: string) =>
    new AppError(AcdErrorCode.agentAlreadySignedIn, `agent ${agentId} is already signed in`, {
      category: 'conflict',
      details: { agentId },
    }),
  minBusyNotElapsed: (agentId: string, remainingMs: number) =>
    new AppError(AcdErrorCode.minBusyNotElapsed, `agent ${agentId} must stay busy ${remainingMs} ms more`, {
      category: 'conflict',
      details: { agentId, remainingMs },
    }),
  agentOnCall: (agentId: string, state: string) =>
    new AppError(AcdErrorCode.agentOnCall, `agent ${agentId} is ${state}; the call decides the next state`, {
      category: 'conflict',
      details: { agentId, state },
    }),
  unknownBusyReason: (reasonId: string) =>
    new AppError(AcdErrorCode.unknownBusyReason, `unknown busy reason ${reasonId}`, {
      category: 'invalid',
      details: { reasonId },
    }),
  queueNotFound: (queueId: string) =>
    new AppError(AcdErrorCode.queueNotFound, `queue ${queueId} not found`, {
      category: 'not_found',
      details: { queueId },
    }),
  queueNotEmpty: (queueId: string, waiting: number) =>
    new AppError(AcdErrorCode.queueNotEmpty, `queue ${queueId} still has ${waiting} caller(s)`, {
      category: 'conflict',
      details: { queueId, waiting },
    }),
  callNotFound: (callId: string) =>
    new AppError(AcdErrorCode.callNotFound, `call ${callId} not found`, {
      category: 'not_found',
      details: { callId },
    }),
  callNotOffered: (callId: string, agentId: string) =>
    new AppError(AcdErrorCode.callNotOffered, `call ${callId} is not offered to agent ${agentId}`, {
      category: 'conflict',
      details: { callId, agentId },
    }),
  callNotWaiting: (callId: string, status: string) =>
    new AppError(AcdErrorCode.callNotWaiting, `call ${callId} is ${status}, not waiting in a queue`, {
      category: 'conflict',
      details: { callId, status },
    }),
  duplicateCall: (callId: string) =>
    new AppError(AcdErrorCode.duplicateCall, `call ${callId} is already known`, {
      category: 'conflict',
      details: { callId },
    }),
  invalidConfig: (message: string, details?: Record<string, unknown>) =>
    new AppError(AcdErrorCode.invalidConfig, message, { category: 'invalid', details }),
  invalidPassword: (message: string) => new AppError(AcdErrorCode.invalidPassword, message, { category: 'invalid' }),
  vipLookupFailed: (message: string, cause?: unknown) =>
    new AppError(AcdErrorCode.vipLookupFailed, message, { kind: 'operational', category: 'unavailable', cause }),
  invalidScenario: (message: string, details?: Record<string, unknown>) =>
    new AppError(AcdErrorCode.invalidScenario, message, { category: 'invalid', details }),
  invalidCsv: (message: string, details?: Record<string, unknown>) =>
    new AppError(AcdErrorCode.invalidCsv, message, { category: 'invalid', details }),
};
