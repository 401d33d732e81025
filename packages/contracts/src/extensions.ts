import { agentPasswordProblem } from '@rexian/kernel';
import { z } from 'zod';
import { pageQuery, uuid } from './common.ts';

export const codecNames = ['PCMU', 'PCMA', 'G722', 'opus', 'telephone-event'] as const;

export const registration = z.object({
  contact: z.string(),
  source: z.string(),
  userAgent: z.string().nullable(),
  expiresAt: z.string(),
  lastSeenAt: z.string(),
});

export const extension = z.object({
  id: z.string(),
  number: z.string(),
  displayName: z.string(),
  enabled: z.boolean(),
  maxContacts: z.number().int(),
  codecs: z.array(z.string()),
  employeeId: z.string().nullable(),
  employeeName: z.string().nullable(),
  status: z.enum(['online', 'offline']),
  registrations: z.array(registration),
  lastSeenAt: z.string().nullable(),
});
export type Extension = z.infer<typeof extension>;

/** The manual's rule (§4.3.2 note 2) as a zod refinement. */
const extensionPassword = z
  .string()
  .max(64)
  .refine((p) => agentPasswordProblem(p) === null, {
    message: 'at least 6 letters and digits mixed, no run of 4 consecutive digits such as 1234',
  });

export const extensionCreate = z.strictObject({
  number: z.string().regex(/^[0-9]{2,12}$/, { message: '2 to 12 digits' }),
  displayName: z.string().trim().max(64).default(''),
  /** Omitted: a random 20-character password is generated and shown once. */
  password: extensionPassword.optional(),
  enabled: z.boolean().default(true),
  maxContacts: z.number().int().min(1).max(20).default(3),
  codecs: z.array(z.enum(codecNames)).min(1).max(5).default(['PCMU', 'PCMA', 'G722', 'telephone-event']),
  employeeId: uuid.nullable().default(null),
});
export const extensionUpdate = z.strictObject({
  displayName: z.string().trim().max(64).optional(),
  enabled: z.boolean().optional(),
  maxContacts: z.number().int().min(1).max(20).optional(),
  codecs: z.array(z.enum(codecNames)).min(1).max(5).optional(),
  employeeId: uuid.nullable().optional(),
});
export const extensionPasswordChange = z.strictObject({ password: extensionPassword.optional() });

/** Returned once, when a password is set or generated: the server keeps only digest hashes. */
export const extensionWithSecret = extension.extend({ password: z.string() });

export const extensionQuery = pageQuery.extend({ status: z.enum(['online', 'offline']).optional() });
