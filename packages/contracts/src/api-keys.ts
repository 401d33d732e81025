import { z } from 'zod';
import { uuid } from './common.ts';

/**
 * API keys for third-party CRMs (§3 开发接口: http 外呼接口) and the click-to-call API they unlock.
 * A key is shown once, as `rxk_<prefix>_<secret>`; only its SHA-256 is stored.
 */
/** An IP address or a CIDR block the key may be used from. */
const cidr = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()]);

export const apiKeyScopes = ['agent', 'any-agent'] as const;

export const apiKey = z.object({
  id: z.string(),
  name: z.string(),
  /** The first characters of the key, shown in lists and logs to tell keys apart. */
  prefix: z.string(),
  /** `agent`: calls only for its agent; `any-agent`: the request names the agent by number. */
  scope: z.enum(apiKeyScopes),
  agentId: z.string().nullable(),
  agentNumber: z.string().nullable(),
  allowedIps: z.array(z.string()),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiKey = z.infer<typeof apiKey>;

export const apiKeyCreate = z
  .strictObject({
    name: z.string().trim().min(1).max(64),
    scope: z.enum(apiKeyScopes),
    agentId: uuid.nullable().default(null),
    allowedIps: z.array(cidr).max(50).default([]),
    expiresAt: z.iso.datetime({ offset: true }).nullable().default(null),
  })
  .refine((k) => (k.scope === 'agent') === (k.agentId !== null), {
    message: 'an agent key names its agent; an any-agent key names none',
    path: ['agentId'],
  });
export type ApiKeyCreate = z.infer<typeof apiKeyCreate>;

/** The answer to a creation: the only time the whole key is shown. */
export const apiKeyCreated = apiKey.extend({ key: z.string() });
export type ApiKeyCreated = z.infer<typeof apiKeyCreated>;

const digits = z
  .string()
  .trim()
  .regex(/^[0-9]{1,16}$/, { message: '1–16 digits' });

/** Click to call: the agent's phone rings first, then the number (the access number as caller ID). */
export const clickToCall = z.strictObject({
  /** Required for any-agent keys; must be the key's own agent for agent keys (or omitted). */
  agentNumber: digits.optional(),
  number: z
    .string()
    .trim()
    .regex(/^\+?[0-9*#]{1,32}$/, { message: 'digits, *, # and a leading +' }),
  accessNumber: digits.optional(),
});
export type ClickToCall = z.infer<typeof clickToCall>;
export const clickToCallResult = z.object({ callId: z.string() });

export const clickToCallState = z.object({
  callId: z.string(),
  /** `open`: in progress (see answeredAt); `ended` with its cause. */
  status: z.enum(['open', 'ended']),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  cause: z.string().nullable(),
});
export type ClickToCallState = z.infer<typeof clickToCallState>;
