import type { ApiKey } from '@rexian/contracts';
import { z } from 'zod';
import type { ApiKeyCreateInput } from './api-keys-api.ts';

/** The server's rule for `allowedIps` (packages/contracts api-keys.ts): an address or a CIDR block. */
const cidr = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()]);
export const maxAllowedIps = 50;

export function isIpOrCidr(value: string): boolean {
  return cidr.safeParse(value.trim()).success;
}

/** The first entry the server would refuse, or null when the list is acceptable. */
export function firstBadIp(values: readonly string[]): string | null {
  return values.find((v) => !isIpOrCidr(v)) ?? null;
}

/** A `YYYY-MM-DD` picked in the console means "until the end of that day", in the user's time zone. */
export function expiryToIso(date: string | null | undefined): string | null {
  const m = date ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  if (!m) return null;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59, 999).toISOString();
}

export type ApiKeyStatus = 'active' | 'expired' | 'revoked';

export function apiKeyStatus(key: Pick<ApiKey, 'revokedAt' | 'expiresAt'>, now: Date): ApiKeyStatus {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && Date.parse(key.expiresAt) <= now.getTime()) return 'expired';
  return 'active';
}

export type ApiKeyFormValues = {
  name: string;
  scope: ApiKey['scope'];
  agentId?: string | null;
  allowedIps?: string[];
  expiresOn?: string | null;
};

/** The create body: an agent only for agent-scoped keys (the server refuses any other combination). */
export function toCreateBody(v: ApiKeyFormValues): ApiKeyCreateInput {
  return {
    name: v.name.trim(),
    scope: v.scope,
    agentId: v.scope === 'agent' ? (v.agentId ?? null) : null,
    allowedIps: (v.allowedIps ?? []).map((ip) => ip.trim()).filter(Boolean),
    expiresAt: expiryToIso(v.expiresOn),
  };
}
