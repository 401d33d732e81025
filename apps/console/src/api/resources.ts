import type {
  AuditEntry,
  Branding,
  Department,
  departmentCreate,
  directoryEntry,
  Employee,
  employeeCreate,
  Me,
  Page,
  Role,
  roleCreate,
  User,
  userCreate,
  userUpdate,
} from '@rexian/contracts';
import type { z } from 'zod';
import { apiDownload, apiRequest, type Query } from './http-client.ts';

/** Typed calls for every endpoint the console uses (contract: apps/server, /api/v1). */
export type DepartmentInput = z.input<typeof departmentCreate>;
export type EmployeeInput = z.input<typeof employeeCreate>;
export type UserCreateInput = z.input<typeof userCreate>;
export type UserUpdateInput = z.input<typeof userUpdate>;
export type RoleInput = z.input<typeof roleCreate>;
export type DirectoryGroup = z.infer<typeof directoryEntry>;
export type PermissionInfo = { code: string; zh: string; en: string };
export type PageParams = { page: number; pageSize: number; q?: string };
export type EmployeeFilters = PageParams & { departmentId?: string };
export type AuditFilters = PageParams & { action?: string; outcome?: string; from?: string; to?: string };

const json = (method: 'POST' | 'PATCH' | 'PUT', body: unknown) => ({ method, body });
const path = (base: string, id: string) => `${base}/${encodeURIComponent(id)}`;
const filtersOnly = ({ page: _p, pageSize: _s, ...rest }: Query) => rest;

export const authApi = {
  me: () => apiRequest<Me>('/auth/me'),
  login: (username: string, password: string) => apiRequest<Me>('/auth/login', json('POST', { username, password })),
  logout: () => apiRequest<{ ok: true }>('/auth/logout', { method: 'POST' }),
  changePassword: (currentPassword: string, newPassword: string) =>
    apiRequest<Me>('/auth/password', json('POST', { currentPassword, newPassword })),
};

export const brandingApi = {
  get: () => apiRequest<Branding>('/branding'),
  update: (systemName: string, logoDataUrl: string | null) =>
    apiRequest<Branding>('/settings/branding', json('PUT', { systemName, logoDataUrl })),
};

export const permissionsApi = { list: () => apiRequest<PermissionInfo[]>('/permissions') };

export const departmentsApi = {
  list: () => apiRequest<Department[]>('/departments'),
  create: (input: DepartmentInput) => apiRequest<Department>('/departments', json('POST', input)),
  update: (id: string, input: Partial<DepartmentInput>) => apiRequest<Department>(path('/departments', id), json('PATCH', input)),
  remove: (id: string) => apiRequest<unknown>(path('/departments', id), { method: 'DELETE' }),
  exportXlsx: () => apiDownload('/departments/export.xlsx', {}, 'departments.xlsx'),
};

export const employeesApi = {
  list: (filters: EmployeeFilters) => apiRequest<Page<Employee>>('/employees', { query: filters }),
  create: (input: EmployeeInput) => apiRequest<Employee>('/employees', json('POST', input)),
  update: (id: string, input: Partial<EmployeeInput>) => apiRequest<Employee>(path('/employees', id), json('PATCH', input)),
  remove: (id: string) => apiRequest<unknown>(path('/employees', id), { method: 'DELETE' }),
  exportXlsx: (filters: EmployeeFilters) => apiDownload('/employees/export.xlsx', filtersOnly(filters), 'employees.xlsx'),
};

export const directoryApi = {
  get: () => apiRequest<DirectoryGroup[]>('/directory'),
  exportXlsx: () => apiDownload('/directory/export.xlsx', {}, 'directory.xlsx'),
};

export const usersApi = {
  list: (filters: PageParams) => apiRequest<Page<User>>('/users', { query: filters }),
  create: (input: UserCreateInput) => apiRequest<User>('/users', json('POST', input)),
  update: (id: string, input: UserUpdateInput) => apiRequest<User>(path('/users', id), json('PATCH', input)),
  remove: (id: string) => apiRequest<unknown>(path('/users', id), { method: 'DELETE' }),
  exportXlsx: (filters: PageParams) => apiDownload('/users/export.xlsx', filtersOnly(filters), 'users.xlsx'),
};

export const rolesApi = {
  list: () => apiRequest<Role[]>('/roles'),
  create: (input: RoleInput) => apiRequest<Role>('/roles', json('POST', input)),
  update: (id: string, input: Partial<RoleInput>) => apiRequest<Role>(path('/roles', id), json('PATCH', input)),
  remove: (id: string) => apiRequest<unknown>(path('/roles', id), { method: 'DELETE' }),
  exportXlsx: () => apiDownload('/roles/export.xlsx', {}, 'roles.xlsx'),
};

export const auditApi = {
  list: (filters: AuditFilters) => apiRequest<Page<AuditEntry>>('/audit', { query: filters }),
  exportXlsx: (filters: AuditFilters) => apiDownload('/audit/export.xlsx', filtersOnly(filters), 'audit.xlsx'),
};
