import type { FastifyInstance } from 'fastify';
import type { Access } from './actor.ts';

export interface RouteInfo {
  method: string;
  url: string;
  access: Access;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyInstance {
    apiRoutes: RouteInfo[];
  }
}

/**
 * Every API route must say who may call it; a route under /api/v1 without an access rule stops boot.
 * The collected list drives the authorization-matrix test (every role × every endpoint × every scope).
 */
export function collectApiRoutes(app: FastifyInstance): void {
  app.decorate('apiRoutes', [] as RouteInfo[]);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1')) return;
    const access = route.config?.access;
    if (!access) throw new Error(`route ${String(route.method)} ${route.url} declares no access rule`);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const m of methods) if (m !== 'HEAD') app.apiRoutes.push({ method: m, url: route.url, access });
  });
}
