import { changePasswordRequest, loginRequest, me, okBody } from '@rexian/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf, SESSION_COOKIE } from '../../http/guard.ts';
import type { AuthService } from './auth.service.ts';

export function authRoutes(deps: { auth: AuthService; cookieSecure: boolean; sessionTtlHours: number }): FastifyPluginAsyncZod {
  return async (app) => {
    const cookie = {
      path: '/',
      httpOnly: true,
      sameSite: 'strict' as const,
      secure: deps.cookieSecure,
      maxAge: deps.sessionTtlHours * 3600,
    };

    app.post(
      '/auth/login',
      {
        config: { access: 'public' },
        schema: { tags: ['auth'], summary: 'Sign in; sets the session cookie', body: loginRequest, response: { 200: me } },
      },
      async (req, reply) => {
        const { token, actor } = await deps.auth.login({
          username: req.body.username,
          password: req.body.password,
          ip: req.ip,
          userAgent: req.headers['user-agent'] ?? null,
        });
        reply.setCookie(SESSION_COOKIE, token, cookie);
        return deps.auth.me(actor);
      },
    );

    app.post(
      '/auth/logout',
      {
        config: { access: 'authenticated', allowDuringPasswordChange: true },
        schema: { tags: ['auth'], summary: 'Sign out; the session is revoked on the server', response: { 200: okBody } },
      },
      async (req, reply) => {
        await deps.auth.logout(actorOf(req), req.ip);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ok: true as const };
      },
    );

    app.get(
      '/auth/me',
      {
        config: { access: 'authenticated', allowDuringPasswordChange: true },
        schema: { tags: ['auth'], summary: 'The signed-in user, permissions and data scope', response: { 200: me } },
      },
      async (req) => deps.auth.me(actorOf(req)),
    );

    app.post(
      '/auth/password',
      {
        config: { access: 'authenticated', allowDuringPasswordChange: true },
        schema: {
          tags: ['auth'],
          summary: 'Change the own password (§4.11.3)',
          body: changePasswordRequest,
          response: { 200: me },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        await deps.auth.changePassword(actor, req.ip, req.body.currentPassword, req.body.newPassword);
        return deps.auth.me({ ...actor, mustChangePassword: false });
      },
    );
  };
}
