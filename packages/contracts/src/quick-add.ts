import { agentPasswordProblem } from '@rexian/kernel';
import { z } from 'zod';
import { user } from './access.ts';
import { agent } from './acd.ts';
import { uuid } from './common.ts';
import { extension } from './extensions.ts';
import { employee, employeeCreate } from './organisation.ts';

/**
 * Employee quick add and quick import (§4.3.2 快速添加 / 快速导入): one step creates the employee, a new
 * extension, a new agent and optionally a console user, bound to each other.
 */

/**
 * The manual's rule for agent and extension passwords (§4.3.2 note 2), as a zod refinement whose message
 * names the rule that failed. Descending runs (4321) are refused like ascending ones (see the kernel).
 */
export const agentPasswordRule = z
  .string()
  .max(64)
  .superRefine((p, ctx) => {
    const problem = agentPasswordProblem(p);
    if (problem === null) return;
    const messages = {
      too_short: 'at least 6 characters',
      invalid_characters: 'letters and digits only',
      not_mixed: 'letters and digits mixed',
      consecutive_digits: 'no run of 4 or more consecutive digits such as 1234 or 4321',
    } as const;
    ctx.addIssue({ code: 'custom', message: messages[problem], params: { rule: problem } });
  });

export const quickAddUser = z.strictObject({
  username: z
    .string()
    .trim()
    .min(2)
    .max(64)
    .regex(/^[A-Za-z0-9_.@-]+$/, { message: 'letters, digits and _ . @ - only' }),
  /** A temporary password: the user must choose their own at first sign-in. */
  password: z.string().min(1).max(256),
  roleId: uuid.nullable().default(null),
});

export const quickAddInput = z.strictObject({
  code: employeeCreate.shape.code,
  name: employeeCreate.shape.name,
  departmentId: employeeCreate.shape.departmentId,
  mobile: employeeCreate.shape.mobile,
  phone: employeeCreate.shape.phone,
  email: employeeCreate.shape.email,
  notes: employeeCreate.shape.notes,
  extensionNumber: z.string().regex(/^[0-9]{2,12}$/, { message: '2 to 12 digits' }),
  extensionPassword: agentPasswordRule,
  agentNumber: z.string().regex(/^[0-9]{1,16}$/, { message: '1 to 16 digits' }),
  agentPassword: agentPasswordRule,
  agentType: z.enum(['agent', 'supervisor']).default('agent'),
  agentGroupId: uuid.nullable().default(null),
  /** A console login bound to the employee; null: none. */
  user: quickAddUser.nullable().default(null),
});
export type QuickAddInput = z.infer<typeof quickAddInput>;

export const quickAddResult = z.object({
  employee,
  extension,
  agent,
  user: user.nullable(),
});
export type QuickAddResult = z.infer<typeof quickAddResult>;

/** At most this many bytes of .xlsx and this many data rows per import. */
export const quickImportMaxBytes = 2 * 1024 * 1024;
export const quickImportMaxRows = 1000;

export const quickImportUpload = z.strictObject({
  fileName: z.string().trim().min(1).max(255),
  /** The .xlsx bytes, base64 (the API takes JSON; multipart is not used). */
  contentBase64: z.base64().max(Math.ceil(quickImportMaxBytes / 3) * 4 + 4),
});

/** One data row's outcome: its spreadsheet row number (the header is row 1). */
export const quickImportRow = z.object({
  row: z.number().int(),
  status: z.enum(['created', 'failed']),
  code: z.string(),
  name: z.string(),
  extensionNumber: z.string(),
  agentNumber: z.string(),
  /** On failure: the stable error code, the field it names (when one does) and the localized message. */
  error: z
    .object({
      code: z.string(),
      field: z.string().nullable(),
      message: z.string(),
    })
    .nullable(),
  employeeId: z.string().nullable(),
});
export type QuickImportRow = z.infer<typeof quickImportRow>;

export const quickImportResult = z.object({
  total: z.number().int(),
  created: z.number().int(),
  failed: z.number().int(),
  rows: z.array(quickImportRow),
});
export type QuickImportResult = z.infer<typeof quickImportResult>;
