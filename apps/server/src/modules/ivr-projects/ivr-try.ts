import type { ScriptedRunResult } from '@rexian/vxml';

/** The "try it" request (contracts' ivrTryRequest after parsing). */
export interface TryInput {
  dtmf: string[];
  caller?: string | undefined;
  called?: string | undefined;
  fetch?: Record<string, { status?: number | undefined; body: string; contentType?: string | undefined }> | undefined;
}

/**
 * Bounds of one try run. The run is on a virtual clock (a 5-second time-out costs no real time); the
 * interpreter's step limit ends loops in the document and the QuickJS sandbox's CPU and memory limits
 * end runaway scripts, so a request always answers quickly.
 */
export const tryLimits = { maxSteps: 1000 } as const;

/** Caller and called number for the fake channel; unset fields keep the package's defaults. */
export function tryCall(input: TryInput): { caller?: string; called?: string; accessNumber?: string } {
  return {
    ...(input.caller ? { caller: input.caller } : {}),
    ...(input.called ? { called: input.called, accessNumber: input.called } : {}),
  };
}

/** Canned HTTP answers as the static fetcher takes them (absent fields dropped). */
export function tryFetch(input: TryInput) {
  const out: Record<string, { status?: number; body: string; contentType?: string }> = {};
  for (const [url, r] of Object.entries(input.fetch ?? {})) {
    out[url] = {
      body: r.body,
      ...(r.status !== undefined ? { status: r.status } : {}),
      ...(r.contentType !== undefined ? { contentType: r.contentType } : {}),
    };
  }
  return out;
}

export function tryResultOf(run: ScriptedRunResult) {
  return {
    reason: run.result.reason,
    ...(run.result.detail !== undefined ? { detail: run.result.detail } : {}),
    ...(run.result.value !== undefined ? { value: run.result.value } : {}),
    durationMs: run.durationMs,
    trace: run.trace,
  };
}
