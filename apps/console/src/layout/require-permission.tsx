import type { Permission } from '@rexian/contracts';
import type { ReactNode } from 'react';
import { useMe } from '../session/session-context.tsx';
import { ForbiddenPage } from '../shared/status-pages.tsx';
import { can } from './navigation.ts';

/** A typed-in URL to a page the role does not open shows 403 instead of a half-working page. */
export function RequirePermission({ permission, children }: { permission: Permission | null; children: ReactNode }) {
  const me = useMe();
  return can(me, permission) ? children : <ForbiddenPage />;
}

/** For buttons: render only what the user's role allows (the server checks again). */
export function useCan(): (permission: Permission) => boolean {
  const me = useMe();
  return (permission) => can(me, permission);
}
