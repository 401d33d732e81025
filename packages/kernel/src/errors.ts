/**
 * Errors carry a stable code and a kind (STYLE.md):
 * - `user`: bad input or a refused action; answered to the caller, not reported;
 * - `operational`: a transient failure (network, peer down); may be retried;
 * - `bug`: should not happen; reported.
 * HTTP statuses are chosen from the code's category in one table (apps/server), never ad hoc.
 */
export type ErrorKind = 'user' | 'operational' | 'bug';

/** Categories map to HTTP statuses in the server's single table. */
export type ErrorCategory =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

export interface AppErrorOptions {
  kind?: ErrorKind;
  category?: ErrorCategory;
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly category: ErrorCategory;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.kind = options.kind ?? 'user';
    this.category = options.category ?? (this.kind === 'bug' ? 'internal' : 'invalid');
    this.details = options.details;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Shorthands for the common categories. */
export const errors = {
  invalid: (code: string, message: string, details?: Record<string, unknown>) =>
    new AppError(code, message, { category: 'invalid', details }),
  notFound: (code: string, message: string, details?: Record<string, unknown>) =>
    new AppError(code, message, { category: 'not_found', details }),
  conflict: (code: string, message: string, details?: Record<string, unknown>) =>
    new AppError(code, message, { category: 'conflict', details }),
  forbidden: (code: string, message: string, details?: Record<string, unknown>) =>
    new AppError(code, message, { category: 'forbidden', details }),
  unauthenticated: (code: string, message: string, details?: Record<string, unknown>) =>
    new AppError(code, message, { category: 'unauthenticated', details }),
  rateLimited: (code: string, message: string, details?: Record<string, unknown>) =>
    new AppError(code, message, { category: 'rate_limited', details }),
  unavailable: (code: string, message: string, details?: Record<string, unknown>) =>
    new AppError(code, message, { kind: 'operational', category: 'unavailable', details }),
  bug: (code: string, message: string, details?: Record<string, unknown>) =>
    new AppError(code, message, { kind: 'bug', category: 'internal', details }),
};

/** Result type for code that must never throw (parsers of untrusted input). */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };
export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const err = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });
