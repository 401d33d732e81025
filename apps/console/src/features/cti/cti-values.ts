import type { OverflowActionDto, Queue } from '@rexian/contracts';

/**
 * The ACD lists the console needs at run time, restated (the browser bundle imports only types from
 * @rexian/contracts, see api/contract-values.ts); the type checks below fail the build when they drift.
 */
export const distributionStrategies = [
  'longest-idle',
  'fewest-answered',
  'random',
  'login-order',
  'round-robin',
  'least-talk-time',
] as const satisfies readonly Queue['strategy'][];
export const preferenceRules = [
  'dedicated-agent',
  'caller-area',
  'last-agent',
  'highest-skill',
] as const satisfies readonly Queue['preferenceRules'][number][];
export const overflowKinds = ['voicemail', 'ivr', 'queue', 'hangup'] as const satisfies readonly OverflowActionDto['kind'][];

type Complete<Missing extends never> = Missing;
export type StrategiesComplete = Complete<Exclude<Queue['strategy'], (typeof distributionStrategies)[number]>>;
export type RulesComplete = Complete<Exclude<Queue['preferenceRules'][number], (typeof preferenceRules)[number]>>;
export type OverflowKindsComplete = Complete<Exclude<OverflowActionDto['kind'], (typeof overflowKinds)[number]>>;

export type Strategy = (typeof distributionStrategies)[number];
export type PreferenceRule = (typeof preferenceRules)[number];
export type OverflowKind = (typeof overflowKinds)[number];

/**
 * The manual's rule for agent passwords (§4.3.2 note 2), restated from @rexian/kernel so the form can
 * explain a bad password before asking the server (a unit test checks both agree).
 */
export type AgentPasswordProblem = 'too_short' | 'not_mixed' | 'consecutive_digits' | 'invalid_characters';

export function agentPasswordProblem(password: string): AgentPasswordProblem | null {
  if (password.length < 6) return 'too_short';
  if (!/^[A-Za-z0-9]+$/.test(password)) return 'invalid_characters';
  if (!/[A-Za-z]/.test(password) || !/[0-9]/.test(password)) return 'not_mixed';
  let up = 1;
  let down = 1;
  for (let i = 1; i < password.length; i++) {
    const a = password.charCodeAt(i - 1);
    const b = password.charCodeAt(i);
    const digits = a >= 48 && a <= 57 && b >= 48 && b <= 57;
    up = digits && b === a + 1 ? up + 1 : 1;
    down = digits && b === a - 1 ? down + 1 : 1;
    if (up >= 4 || down >= 4) return 'consecutive_digits';
  }
  return null;
}

/** Moves the item at `index` one place up (-1) or down (+1); out-of-range moves return the list unchanged. */
export function moveItem<T>(list: readonly T[], index: number, step: -1 | 1): T[] {
  const target = index + step;
  const copy = [...list];
  if (index < 0 || index >= list.length || target < 0 || target >= list.length) return copy;
  const [item] = copy.splice(index, 1) as [T];
  copy.splice(target, 0, item);
  return copy;
}
