import type { Database } from '@rexian/db';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

/**
 * /healthz: the process answers (liveness). /readyz: the database answers and we are not shutting down
 * (readiness; a load balancer stops sending traffic when it fails). /metrics: Prometheus text format.
 */
export function healthRoutes(deps: { db: Database; registry: Registry; isShuttingDown: () => boolean }) {
  return async (app: FastifyInstance) => {
    app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
    app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
      if (deps.isShuttingDown()) return reply.status(503).send({ status: 'shutting_down' });
      try {
        await deps.db.query('SELECT 1');
        return { status: 'ready', database: deps.db.dialect };
      } catch {
        return reply.status(503).send({ status: 'database_unavailable' });
      }
    });
    app.get('/metrics', { schema: { hide: true } }, async (_req, reply) =>
      reply.header('content-type', deps.registry.contentType).send(await deps.registry.metrics()),
    );
  };
}
