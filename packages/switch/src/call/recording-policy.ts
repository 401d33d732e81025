/** The global recording switch (none / WAV / MP3) of the system settings. */
export type RecordingPolicy = 'none' | 'wav' | 'mp3';

/** A per-call override: an agent or an application may force recording on or off for one call. */
export type RecordingOverride = 'default' | 'on' | 'off';

/**
 * Whether and how to record a call. An explicit per-call choice wins over the global switch; forcing it on
 * while the global switch is `none` records as WAV (lossless, no encoder needed).
 */
export function recordingFormatFor(policy: RecordingPolicy, override: RecordingOverride = 'default'): 'wav' | 'mp3' | undefined {
  if (override === 'off') return undefined;
  if (policy === 'none') return override === 'on' ? 'wav' : undefined;
  return policy;
}

/**
 * The relative path of a call's recording: one folder per local day so a directory never holds more than a
 * day of calls, and the callId in the name so the CDR and the file find each other.
 */
export function recordingPath(options: { callId: string; startedAt: number; format: 'wav' | 'mp3'; timeZone?: string }): string {
  const day = new Intl.DateTimeFormat('en-CA', {
    timeZone: options.timeZone ?? 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(options.startedAt));
  const safeId = options.callId.replace(/[^A-Za-z0-9_-]/g, '_');
  return `${day}/${safeId}.${options.format}`;
}
