import type { ErrorCode } from '@rexian/contracts';

/** Codes the SDK itself raises (the server never sends them). */
export const sdkErrorCodes = {
  /** fetch rejected: the server is unreachable, DNS, TLS, CORS. */
  network: 'SDK_NETWORK_ERROR',
  /** The server answered something that is not the documented shape (a proxy's HTML page, an older server). */
  badResponse: 'SDK_BAD_RESPONSE',
  /** A stream message of a known type did not match its schema. */
  badEvent: 'SDK_BAD_EVENT',
  /** login() in Node got no session cookie back. */
  noSession: 'SDK_NO_SESSION_COOKIE',
  /** The stream gave up: it was closed for good by the server (see `cause`) or could not be opened. */
  streamClosed: 'SDK_STREAM_CLOSED',
} as const;
export type SdkErrorCode = (typeof sdkErrorCodes)[keyof typeof sdkErrorCodes];

/**
 * Every failure of the client: the server's stable error code (`AGENT_NOT_BOUND`, `CTI_NO_CALL`, … — the
 * `{error:{code,message,details}}` body) or one of the SDK's own `SDK_*` codes. Branch on `code`, show `message`
 * (already localized by the server to the client's `locale`).
 */
export class AgentApiError extends Error {
  override readonly name = 'AgentApiError';
  /** The server's stable code (packages/contracts error-codes.ts) or an `SDK_*` code. */
  readonly code: ErrorCode | SdkErrorCode | (string & {});
  /** The HTTP status; 0 when no HTTP answer was involved (network, stream). */
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  /** The server's request id, for its log. */
  readonly requestId: string | undefined;

  constructor(
    code: string,
    message: string,
    options: { status?: number; details?: Record<string, unknown>; requestId?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status ?? 0;
    this.details = options.details;
    this.requestId = options.requestId;
  }

  /** Signed out, password change pending, no permission or no agent bound: retrying will not help. */
  get isFatal(): boolean {
    return this.status === 401 || this.status === 403 || this.status === 404 || isFatalCode(this.code);
  }
}

export function isAgentApiError(e: unknown): e is AgentApiError {
  return e instanceof AgentApiError;
}

/** Codes that a stream sends before closing which mean "do not reconnect". */
export function isFatalCode(code: string): boolean {
  return code.startsWith('AUTH_') || code.startsWith('FORBIDDEN_') || code === 'AGENT_NOT_BOUND';
}

/** The server's error body, or a generic error when the body is not one. */
export function errorFromResponse(status: number, body: unknown): AgentApiError {
  const e = (body as { error?: unknown } | null)?.error as
    | { code?: unknown; message?: unknown; details?: unknown; requestId?: unknown }
    | undefined;
  if (e && typeof e.code === 'string') {
    return new AgentApiError(e.code, typeof e.message === 'string' ? e.message : e.code, {
      status,
      ...(e.details && typeof e.details === 'object' ? { details: e.details as Record<string, unknown> } : {}),
      ...(typeof e.requestId === 'string' ? { requestId: e.requestId } : {}),
    });
  }
  return new AgentApiError(sdkErrorCodes.badResponse, `HTTP ${status} without an error body`, { status });
}
