import { AppError } from '@rexian/kernel';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { VerifiedApiKey } from '../modules/api-keys/api-keys.service.ts';
import type { AuditService } from '../modules/audit/audit.service.ts';
import type { AuthService } from '../modules/auth/auth.service.ts';
import { type Actor, hasPermission } from './actor.ts';

export const SESSION_COOKIE = 'rexian_session';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable while the user still has to change a first-login password. */
    allowDuringPasswordChange?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
    /** The key of an `api-key` route's caller. */
    apiKey: VerifiedApiKey | null;
  }
}

/**
 * Runs before body validation, so an anonymous or unauthorised caller learns nothing from validation
 * messages. Order: session → forced password change → permission. Denials are audited.
 */
export function installGuard(
  app: FastifyInstance,
  deps: { auth: AuthService; audit: AuditService; verifyApiKey: (key: string, ip: string) => Promise<VerifiedApiKey | null> },
): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('apiKey', null);
  app.addHook('preValidation', async (request: FastifyRequest) => {
    const config = request.routeOptions.config;
    const access = config?.access;
    if (!access) return;
    if (access === 'api-key') {
      // No key at all reads like any unauthenticated call; a wrong one says so.
      const header = request.headers.authorization;
      if (typeof header !== 'string' || !header.startsWith('Bearer ')) {
        throw new AppError('AUTH_REQUIRED', 'authentication required', { category: 'unauthenticated' });
      }
      request.apiKey = await deps.verifyApiKey(header.slice('Bearer '.length).trim(), request.ip);
      if (!request.apiKey) throw new AppError('API_KEY_INVALID', 'invalid API key', { category: 'unauthenticated' });
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    const actor = token ? await deps.auth.resolve(token) : null;
    request.actor = actor;
    if (access === 'public') return;
    if (!actor) throw new AppError('AUTH_REQUIRED', 'authentication required', { category: 'unauthenticated' });
    if (actor.mustChangePassword && !config.allowDuringPasswordChange) {
      throw new AppError('AUTH_PASSWORD_CHANGE_REQUIRED', 'password change required', { category: 'forbidden' });
    }
    if (typeof access === 'object' && !hasPermission(actor, access.permission)) {
      await deps.audit.record({
        userId: actor.userId,
        username: actor.username,
        ip: request.ip,
        action: 'access.denied',
        outcome: 'denied',
        details: { method: request.method, url: request.routeOptions.url, permission: access.permission },
      });
      throw new AppError('FORBIDDEN_PERMISSION', 'permission denied', {
        category: 'forbidden',
        details: { permission: access.permission },
      });
    }
  });
}

/** The actor of a guarded route (the guard guarantees it is there). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('AUTH_REQUIRED', 'authentication required', { category: 'unauthenticated' });
  return request.actor;
}
