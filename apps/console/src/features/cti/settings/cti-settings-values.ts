import type { CtiSettings } from '@rexian/contracts';

/**
 * The CTI basic configuration (§4.6.11) as the form shows it. The API speaks milliseconds; people think
 * in seconds and minutes, so each duration names the unit it is edited in. The allowed ranges and the
 * enum lists are restated from @rexian/contracts (the browser bundle imports only its types); the type
 * checks below fail the build when a field is added, and a unit test checks every range against the schema.
 */
export const recordingModes = ['none', 'mp3', 'wav'] as const satisfies readonly CtiSettings['recording'][];
export const ringTimeoutActions = ['not-ready', 'idle'] as const satisfies readonly CtiSettings['ringTimeoutAction'][];

type Complete<Missing extends never> = Missing;
export type RecordingComplete = Complete<Exclude<CtiSettings['recording'], (typeof recordingModes)[number]>>;
export type RingActionComplete = Complete<Exclude<CtiSettings['ringTimeoutAction'], (typeof ringTimeoutActions)[number]>>;

export type DurationKey = Extract<keyof CtiSettings, `${string}Ms`>;
export type CountKey = 'predictiveMaxLines' | 'inboundMaxLines' | 'autoDialMaxPerSecond' | 'answeredWithinSeconds';
export type SwitchKey = 'mixedOfficeMode' | 'forcedRating' | 'autoIdleAfterWrapUp';
export type DurationUnit = 'second' | 'minute';

export type TextKey = 'screenPopUrl';
export type AllKeysPlaced = Complete<
  Exclude<keyof CtiSettings, DurationKey | CountKey | SwitchKey | TextKey | 'recording' | 'ringTimeoutAction'>
>;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
export const unitMs: Record<DurationUnit, number> = { second: SECOND, minute: MINUTE };

/** Bounds in milliseconds (as the API checks them) and the unit the form edits in. */
export const durationFields = {
  retentionMs: { unit: 'second', min: 0, max: 24 * HOUR },
  minBusyMs: { unit: 'second', min: 0, max: HOUR },
  idleReminderMs: { unit: 'second', min: 0, max: 24 * HOUR },
  rejectIntervalMs: { unit: 'second', min: 0, max: HOUR },
  wrapUpMs: { unit: 'second', min: 0, max: HOUR },
  maxWrapUpMs: { unit: 'second', min: SECOND, max: 24 * HOUR },
  reserveTimeoutMs: { unit: 'second', min: SECOND, max: HOUR },
  maxTalkMs: { unit: 'minute', min: MINUTE, max: 48 * HOUR },
  maxBusyMs: { unit: 'minute', min: MINUTE, max: 48 * HOUR },
  maxAwayMs: { unit: 'minute', min: MINUTE, max: 48 * HOUR },
  maxOutboundOnlyMs: { unit: 'minute', min: MINUTE, max: 48 * HOUR },
} as const satisfies Record<DurationKey, { unit: DurationUnit; min: number; max: number }>;

export const countFields = {
  predictiveMaxLines: { min: 0, max: 10_000 },
  inboundMaxLines: { min: 0, max: 100_000 },
  autoDialMaxPerSecond: { min: 0, max: 1000 },
  answeredWithinSeconds: { min: 1, max: 600 },
} as const satisfies Record<CountKey, { min: number; max: number }>;

/** What the form holds: durations in their unit; an emptied number box is `null`. */
export type CtiSettingsForm = Omit<CtiSettings, DurationKey | CountKey> & Record<DurationKey | CountKey, number | null>;

export function toForm(settings: CtiSettings): CtiSettingsForm {
  const form: CtiSettingsForm = { ...settings };
  for (const key of Object.keys(durationFields) as DurationKey[]) {
    form[key] = settings[key] / unitMs[durationFields[key].unit];
  }
  return form;
}

/** A duration typed in its unit, in milliseconds (whole milliseconds, as the API wants integers). */
export function durationToMs(key: DurationKey, value: number): number {
  return Math.round(value * unitMs[durationFields[key].unit]);
}

/** The range of a field in the unit the form shows, for the input's hint and its check. */
export function rangeInUnit(key: DurationKey | CountKey): { min: number; max: number } {
  if (key in countFields) return countFields[key as CountKey];
  const field = durationFields[key as DurationKey];
  const unit = unitMs[field.unit];
  return { min: field.min / unit, max: field.max / unit };
}

/** Whether a typed value is missing or outside what the server accepts. */
export function fieldProblem(key: DurationKey | CountKey, value: number | null | undefined): 'required' | 'range' | null {
  if (value === null || value === undefined || Number.isNaN(value)) return 'required';
  if (key in countFields) {
    const { min, max } = countFields[key as CountKey];
    return Number.isInteger(value) && value >= min && value <= max ? null : 'range';
  }
  const { min, max } = durationFields[key as DurationKey];
  const ms = durationToMs(key as DurationKey, value);
  return ms >= min && ms <= max ? null : 'range';
}

/** The form back in API units; `null` when a field is missing (the form's own check reports which). */
export function fromForm(form: CtiSettingsForm): CtiSettings | null {
  const out: Partial<Record<keyof CtiSettings, unknown>> = { ...form };
  for (const key of [...Object.keys(durationFields), ...Object.keys(countFields)] as (DurationKey | CountKey)[]) {
    const value = form[key];
    if (value === null || value === undefined) return null;
    out[key] = key in durationFields ? durationToMs(key as DurationKey, value) : value;
  }
  return out as CtiSettings;
}

/** The partial body for PATCH: only what the user changed, so a concurrent edit of another field survives. */
export function changedFields(before: CtiSettings, after: CtiSettings): Partial<CtiSettings> {
  const patch: Partial<Record<keyof CtiSettings, unknown>> = {};
  for (const key of Object.keys(after) as (keyof CtiSettings)[]) {
    if (before[key] !== after[key]) patch[key] = after[key];
  }
  return patch as Partial<CtiSettings>;
}
