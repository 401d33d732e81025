import type {
  AccessNumberDto,
  CallTargetDto,
  codecNames as contractCodecNames,
  DialRuleDto,
  TrunkDto,
  TrunkStatusDto,
} from '@rexian/contracts';

/**
 * The dial-plan lists the console needs at run time, restated (the browser bundle imports only types from
 * @rexian/contracts, see api/contract-values.ts); the type checks below fail the build when they drift.
 */
export const accessNumberCallTypes = ['in', 'out', 'both'] as const satisfies readonly AccessNumberDto['callType'][];
export const callTargetKinds = ['extension', 'ivr', 'queue', 'voicemail'] as const satisfies readonly CallTargetDto['kind'][];
export const trunkTransports = ['udp', 'tcp', 'tls'] as const satisfies readonly TrunkDto['transport'][];
export const trunkAuthModes = ['register', 'ip'] as const satisfies readonly TrunkDto['authMode'][];
export const registrationStates = [
  'registered',
  'registering',
  'failed',
  'not-required',
  'unknown',
] as const satisfies readonly TrunkStatusDto['registration'][];
export const dialRuleKinds = ['exact', 'prefix', 'pattern'] as const satisfies readonly DialRuleDto['kind'][];
type ContractCodec = (typeof contractCodecNames)[number];
export const trunkCodecs = ['PCMA', 'PCMU', 'G722', 'opus', 'telephone-event'] as const satisfies readonly ContractCodec[];
/** ISO weekdays, Monday first (the manual's and China's week). */
export const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;

type Complete<Missing extends never> = Missing;
export type CallTypesComplete = Complete<Exclude<AccessNumberDto['callType'], (typeof accessNumberCallTypes)[number]>>;
export type TargetKindsComplete = Complete<Exclude<CallTargetDto['kind'], (typeof callTargetKinds)[number]>>;
export type TransportsComplete = Complete<Exclude<TrunkDto['transport'], (typeof trunkTransports)[number]>>;
export type AuthModesComplete = Complete<Exclude<TrunkDto['authMode'], (typeof trunkAuthModes)[number]>>;
export type RegistrationComplete = Complete<Exclude<TrunkStatusDto['registration'], (typeof registrationStates)[number]>>;
export type RuleKindsComplete = Complete<Exclude<DialRuleDto['kind'], (typeof dialRuleKinds)[number]>>;
export type CodecsComplete = Complete<Exclude<ContractCodec, (typeof trunkCodecs)[number]>>;

export type CallTargetKind = (typeof callTargetKinds)[number];
export type Weekday = (typeof weekdays)[number];

/** The default zone of a new schedule (the switch's DEFAULT_TIME_ZONE). */
export const defaultTimeZone = 'Asia/Shanghai';

/** Zones to offer: the platform's list when it has one, with the default always first. */
export function timeZoneOptions(): string[] {
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return [defaultTimeZone, ...supported.filter((z) => z !== defaultTimeZone)];
}

/** Trims form text; empty becomes null (the API's "not set"). */
export const blankToNull = (text: string | null | undefined): string | null => {
  const trimmed = text?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
};
