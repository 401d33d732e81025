import { z } from 'zod';
import { name, optionalText, pageQuery, uuid } from './common.ts';
import { allPermissions, dataScopes } from './permissions.ts';

export const role = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  permissions: z.array(z.string()),
  dataScope: z.enum(dataScopes),
  builtin: z.boolean(),
  userCount: z.number().int(),
});
export type Role = z.infer<typeof role>;

export const roleCreate = z.strictObject({
  name: name(64),
  description: optionalText(200),
  permissions: z
    .array(z.enum(allPermissions as [string, ...string[]]))
    .max(200)
    .default([]),
  dataScope: z.enum(dataScopes).default('self'),
});
export const roleUpdate = z.strictObject({
  name: name(64).optional(),
  description: optionalText(200),
  permissions: z
    .array(z.enum(allPermissions as [string, ...string[]]))
    .max(200)
    .optional(),
  dataScope: z.enum(dataScopes).optional(),
});

export const user = z.object({
  id: z.string(),
  username: z.string(),
  employeeId: z.string().nullable(),
  employeeName: z.string().nullable(),
  roleId: z.string().nullable(),
  roleName: z.string().nullable(),
  isAdmin: z.boolean(),
  locked: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type User = z.infer<typeof user>;

export const userCreate = z.strictObject({
  username: z
    .string()
    .trim()
    .min(2)
    .max(64)
    .regex(/^[A-Za-z0-9_.@-]+$/, { message: 'letters, digits and _ . @ - only' }),
  password: z.string().min(1).max(256),
  employeeId: uuid.nullable().default(null),
  roleId: uuid.nullable().default(null),
  isAdmin: z.boolean().default(false),
  locked: z.boolean().default(false),
});
export const userUpdate = z.strictObject({
  employeeId: uuid.nullable().optional(),
  roleId: uuid.nullable().optional(),
  isAdmin: z.boolean().optional(),
  locked: z.boolean().optional(),
  /** An admin may reset the password; the user must change it at next login. */
  password: z.string().min(1).max(256).optional(),
});

export const auditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  userId: z.string().nullable(),
  username: z.string().nullable(),
  ip: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  outcome: z.enum(['ok', 'denied', 'failed']),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditQuery = pageQuery.extend({
  action: z.string().trim().max(64).optional(),
  outcome: z.enum(['ok', 'denied', 'failed']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
