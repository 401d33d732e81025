import { type Locale, localizeError } from '@rexian/contracts';
import { AppError, type ErrorCategory, isAppError } from '@rexian/kernel';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

/** The single table from error category to HTTP status (STYLE.md: one table, as tRPC does). */
export const statusByCategory: Record<ErrorCategory, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** Codes whose status differs from their category's. */
const statusOverrides: Record<string, number> = {
  AUTH_TEMPORARILY_LOCKED: 423,
  AUTH_USER_LOCKED: 423,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
};

export function statusOf(e: AppError): number {
  return statusOverrides[e.code] ?? statusByCategory[e.category];
}

export function localeOf(request: FastifyRequest, fallback: Locale): Locale {
  const header = request.headers['accept-language'];
  if (typeof header !== 'string' || header === '') return fallback;
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  if (first.startsWith('en')) return 'en-US';
  if (first.startsWith('zh')) return 'zh-CN';
  return fallback;
}

/** Turns framework errors (bad JSON, validation, size) into our typed errors. */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((v) => ({
      path: `${error.validationContext ?? ''}${v.instancePath || ''}`.replace(/\//g, '.'),
      message: v.message ?? 'invalid',
    }));
    const summary = issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ');
    return new AppError('VALIDATION_FAILED', summary, { category: 'invalid', details: { issues, summary } });
  }
  const fe = error as FastifyError;
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('INVALID_JSON', fe.message, { category: 'invalid' });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', fe.message, { category: 'invalid' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', fe.message, { category: 'invalid' });
  }
  if (fe.statusCode === 429) return new AppError('RATE_LIMITED', fe.message, { category: 'rate_limited' });
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new AppError('VALIDATION_FAILED', fe.message, { category: 'invalid', details: { summary: fe.message } });
  }
  return new AppError('INTERNAL_ERROR', 'internal error', { kind: 'bug', category: 'internal', cause: error });
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown, fallback: Locale): FastifyReply {
  const e = toAppError(error);
  if (e.kind === 'bug') request.log.error({ err: e.cause ?? e }, 'unhandled error');
  const locale = localeOf(request, fallback);
  const localized = localizeError(e.code, locale, e.details);
  const publicDetails = e.kind === 'bug' ? undefined : e.details;
  return reply.status(statusOf(e)).send({
    error: {
      code: e.code,
      message: localized === e.code ? e.message : localized,
      ...(publicDetails ? { details: publicDetails } : {}),
      requestId: request.id,
    },
  });
}
