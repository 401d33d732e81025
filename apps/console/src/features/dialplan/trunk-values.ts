import type { TrunkDto, TrunkStatusDto, trunkCreate, trunkUpdate } from '@rexian/contracts';
import type { z } from 'zod';
import { blankToNull, trunkCodecs } from './dialplan-values.ts';

export type TrunkCodec = (typeof trunkCodecs)[number];

export type TrunkCreateInput = z.input<typeof trunkCreate>;
export type TrunkUpdateInput = z.input<typeof trunkUpdate>;

/** The trunk form. `password` is write-only: empty on an edit means "keep the stored one". */
export type TrunkFormValues = {
  name: string;
  enabled: boolean;
  host: string;
  port: number;
  transport: TrunkDto['transport'];
  authMode: TrunkDto['authMode'];
  username?: string | null;
  password?: string | null;
  /** IP peers only: remove a stored password. */
  clearPassword?: boolean;
  /** The carrier's digest realm; empty: the host. */
  realm?: string | null;
  registerExpirySeconds: number;
  inboundAddresses: string[];
  maxChannels: number;
  callerId?: string | null;
  codecs: TrunkCodec[];
  notes?: string | null;
};

export const newTrunkValues = (): TrunkFormValues => ({
  name: '',
  enabled: true,
  host: '',
  port: 5060,
  transport: 'udp',
  authMode: 'register',
  username: '',
  password: '',
  clearPassword: false,
  realm: '',
  registerExpirySeconds: 3600,
  inboundAddresses: [],
  maxChannels: 0,
  callerId: '',
  codecs: ['PCMA', 'PCMU', 'telephone-event'],
  notes: '',
});

const codecSet: ReadonlySet<string> = new Set<string>(trunkCodecs);
const isCodec = (c: string): c is TrunkCodec => codecSet.has(c);

export function trunkToForm(t: TrunkDto): TrunkFormValues {
  return {
    name: t.name,
    enabled: t.enabled,
    host: t.host,
    port: t.port,
    transport: t.transport,
    authMode: t.authMode,
    username: t.username ?? '',
    password: '',
    clearPassword: false,
    realm: t.realm ?? '',
    registerExpirySeconds: t.registerExpirySeconds,
    inboundAddresses: [...t.inboundAddresses],
    maxChannels: t.maxChannels,
    callerId: t.callerId ?? '',
    codecs: t.codecs.filter(isCodec),
    notes: t.notes,
  };
}

function common(v: TrunkFormValues) {
  return {
    name: v.name.trim(),
    enabled: v.enabled,
    host: v.host.trim(),
    port: v.port,
    transport: v.transport,
    authMode: v.authMode,
    username: blankToNull(v.username),
    realm: blankToNull(v.realm),
    registerExpirySeconds: v.registerExpirySeconds,
    inboundAddresses: (v.inboundAddresses ?? []).map((a) => a.trim()).filter((a) => a !== ''),
    maxChannels: v.maxChannels ?? 0,
    callerId: blankToNull(v.callerId),
    codecs: [...(v.codecs ?? [])],
    notes: v.notes?.trim() ?? '',
  };
}

/** A typed password is sent as typed (no trimming: it is the carrier's secret). */
export function trunkCreateFromForm(v: TrunkFormValues): TrunkCreateInput {
  return { ...common(v), password: v.password ? v.password : null };
}

/** On an edit the password is sent only when typed, or as null when an IP peer's is to be removed. */
export function trunkUpdateFromForm(v: TrunkFormValues): TrunkUpdateInput {
  const body: TrunkUpdateInput = common(v);
  if (v.password) body.password = v.password;
  else if (v.clearPassword && v.authMode === 'ip') body.password = null;
  return body;
}

/** The live status of each trunk by id, for the list's status column. */
export function statusById(statuses: readonly TrunkStatusDto[] | undefined): Map<string, TrunkStatusDto> {
  return new Map((statuses ?? []).map((s) => [s.trunkId, s]));
}

/** `3 / 30`, or `3 / ∞` when the trunk has no channel limit. */
export function channelsText(active: number, max: number): string {
  return `${active} / ${max > 0 ? max : '∞'}`;
}
