import type { DataScope, Permission } from '@rexian/contracts';
import type { ScopeActor } from '../security/data-scope.ts';

/** Who is making a request, resolved from the session cookie on every call (revocation is immediate). */
export interface Actor extends ScopeActor {
  username: string;
  roleId: string | null;
  permissions: ReadonlySet<Permission>;
  dataScope: DataScope;
  mustChangePassword: boolean;
  sessionHash: string;
}

/**
 * Access rule of a route: a permission, or any signed-in user, or public, or `api-key` — a third-party
 * server with an API key (`Authorization: Bearer`); cookies never reach those routes and keys no others.
 */
export type Access = { permission: Permission } | 'authenticated' | 'public' | 'api-key';

export function hasPermission(actor: Actor, permission: Permission): boolean {
  return actor.isAdmin || actor.permissions.has(permission);
}
