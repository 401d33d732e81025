import type { Locale } from '@rexian/contracts';
import { ApiError, networkErrorCode, parseErrorBody } from './api-error.ts';

/**
 * The one way the console talks to the server. Every request carries `Accept-Language` with the console's
 * language so the server localizes error messages; the session travels in the HttpOnly cookie.
 */
type ApiListeners = { onSessionLost?: () => void; onPasswordChangeRequired?: () => void };

const state: { locale: Locale; listeners: ApiListeners } = { locale: 'zh-CN', listeners: {} };

export function setApiLocale(locale: Locale): void {
  state.locale = locale;
}

export function setApiListeners(listeners: ApiListeners): void {
  state.listeners = listeners;
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return `/api/v1${path}${search ? `?${search}` : ''}`;
}

type RequestOptions = { method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'; query?: Query; body?: unknown };

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { 'Accept-Language': state.locale, Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      credentials: 'same-origin',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
  } catch (cause) {
    throw new ApiError({ status: 0, code: networkErrorCode, message: String(cause) });
  }
  if (response.ok) return response;
  const error = parseErrorBody(response.status, await response.text().catch(() => ''));
  // A revoked session (user locked, signed out elsewhere) drops the console back to the login page.
  if (error.code === 'AUTH_REQUIRED') state.listeners.onSessionLost?.();
  if (error.code === 'AUTH_PASSWORD_CHANGE_REQUIRED') state.listeners.onPasswordChangeRequired?.();
  throw error;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

function fileNameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      return fallback;
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain?.[1] ?? fallback;
}

/**
 * Downloads an export through fetch (not a bare link) so the request carries Accept-Language and a refusal
 * can be shown as the server's localized message instead of a broken download.
 */
export async function apiDownload(path: string, query: Query, fallbackName: string): Promise<string> {
  const response = await send(path, { query });
  const blob = await response.blob();
  const name = fileNameFrom(response.headers.get('Content-Disposition'), fallbackName);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
