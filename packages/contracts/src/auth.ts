import { z } from 'zod';
import { dataScopes, type Permission } from './permissions.ts';

export const loginRequest = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const changePasswordRequest = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

export const me = z.object({
  id: z.string(),
  username: z.string(),
  isAdmin: z.boolean(),
  mustChangePassword: z.boolean(),
  employee: z.object({ id: z.string(), code: z.string(), name: z.string() }).nullable(),
  role: z.object({ id: z.string(), name: z.string() }).nullable(),
  permissions: z.array(z.string()),
  dataScope: z.enum(dataScopes),
});
export type Me = z.infer<typeof me> & { permissions: Permission[] };

export const branding = z.object({
  systemName: z.string(),
  logoDataUrl: z.string().nullable(),
  defaultLocale: z.enum(['zh-CN', 'en-US']),
});
export type Branding = z.infer<typeof branding>;

export const brandingUpdate = z.strictObject({
  systemName: z.string().trim().min(1).max(60),
  // A small image inlined as a data URL (PNG, JPEG, SVG), at most ~256 KB.
  logoDataUrl: z
    .string()
    .max(350_000)
    .regex(/^data:image\/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/=]+$/, { message: 'expected a PNG, JPEG or SVG data URL' })
    .nullable(),
});
