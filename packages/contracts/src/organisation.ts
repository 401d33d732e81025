import { z } from 'zod';
import { name, optionalText, pageQuery, uuid } from './common.ts';

export const department = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  isTemporary: z.boolean(),
  sortOrder: z.number().int(),
  employeeCount: z.number().int(),
});
export type Department = z.infer<typeof department>;

export const departmentCreate = z.strictObject({
  parentId: uuid.nullable().default(null),
  name: name(100),
  isTemporary: z.boolean().default(false),
  sortOrder: z.number().int().min(0).max(100000).default(0),
});
// Update schemas are written out (not `.partial()` of the create schema): zod applies the create
// schema's defaults inside `.partial()`, which would silently reset fields a PATCH did not mention.
export const departmentUpdate = z.strictObject({
  parentId: uuid.nullable().optional(),
  name: name(100).optional(),
  isTemporary: z.boolean().optional(),
  sortOrder: z.number().int().min(0).max(100000).optional(),
});

const phone = z
  .string()
  .trim()
  .max(32)
  .regex(/^[0-9+\-() ]*$/, { message: 'digits, spaces and + - ( ) only' })
  .nullish();

export const employee = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  departmentId: z.string(),
  departmentName: z.string(),
  temporaryDepartmentIds: z.array(z.string()),
  mobile: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  notes: z.string().nullable(),
  createdAt: z.string(),
});
export type Employee = z.infer<typeof employee>;

export const employeeCreate = z.strictObject({
  code: z
    .string()
    .trim()
    .min(1)
    .max(32)
    .regex(/^[A-Za-z0-9_.-]+$/, { message: 'letters, digits and _ . - only' }),
  name: name(64),
  departmentId: uuid,
  temporaryDepartmentIds: z.array(uuid).max(50).default([]),
  mobile: phone,
  phone,
  email: z.email().max(120).nullish(),
  notes: optionalText(500),
});
export const employeeUpdate = employeeCreate.extend({ temporaryDepartmentIds: z.array(uuid).max(50) }).partial();

export const employeeQuery = pageQuery.extend({ departmentId: uuid.optional() });

/** The internal directory (§4.3.1): read-only, grouped by department. */
export const directoryEntry = z.object({
  departmentId: z.string(),
  departmentName: z.string(),
  employees: z.array(
    z.object({
      id: z.string(),
      code: z.string(),
      name: z.string(),
      mobile: z.string().nullable(),
      phone: z.string().nullable(),
      email: z.string().nullable(),
    }),
  ),
});
