/** An error answer from the API (`{ error: { code, message, details, requestId } }`) or a network failure. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  readonly requestId: string | undefined;

  constructor(init: { status: number; code: string; message: string; details?: Record<string, unknown>; requestId?: string }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.requestId = init.requestId;
  }
}

export const networkErrorCode = 'NETWORK_ERROR';

/**
 * Reads an error body without trusting it: a proxy or a crash may answer with HTML or nothing at all,
 * and the console must still show something sensible.
 */
export function parseErrorBody(status: number, text: string): ApiError {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error === 'object' && error !== null) {
    const e = error as Record<string, unknown>;
    const code = typeof e.code === 'string' ? e.code : `HTTP_${status}`;
    const message = typeof e.message === 'string' && e.message !== '' ? e.message : code;
    const details = typeof e.details === 'object' && e.details !== null ? (e.details as Record<string, unknown>) : undefined;
    const requestId = typeof e.requestId === 'string' ? e.requestId : undefined;
    return new ApiError({ status, code, message, ...(details ? { details } : {}), ...(requestId ? { requestId } : {}) });
  }
  return new ApiError({ status, code: `HTTP_${status}`, message: `HTTP ${status}` });
}
