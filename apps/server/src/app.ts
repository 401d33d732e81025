import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import type { Config } from '@rexian/config';
import type { Database } from '@rexian/db';
import type { Clock, Logger } from '@rexian/kernel';
import { AppError } from '@rexian/kernel';
import type { BanList } from '@rexian/sip';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger as PinoLogger } from 'pino';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { sendError } from './http/errors.ts';
import { installGuard } from './http/guard.ts';
import { collectApiRoutes } from './http/route-registry.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { createModules } from './modules.ts';
import type { ManagedScopeProvider } from './security/data-scope.ts';
import type { TelephonyHolder } from './telephony/telephony-runtime.ts';

export interface AppDeps {
  config: Config;
  /** The embedded data folder, or null (PostgreSQL or in memory). */
  dataDir?: string | null;
  db: Database;
  clock: Clock;
  pino: PinoLogger;
  log: Logger;
  /** The SIP ban list, shared by the SIP edge and the admin API. */
  sipBans: BanList;
  /** Extra "managed" scope providers (the ACD adds agent groups and queues). */
  scopeProviders?: ManagedScopeProvider[];
  /** The running switch, once main.ts has started it (empty in tests and with SIP disabled). */
  telephony?: TelephonyHolder;
}

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export async function buildApp(deps: AppDeps) {
  const { config } = deps;
  const app = Fastify({
    loggerInstance: deps.pino as unknown as FastifyBaseLogger,
    trustProxy: config.server.trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
    },
    ajv: { customOptions: { removeAdditional: false } },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
  });

  let shuttingDown = false;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'rexian_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.addHook('onResponse', async (req, reply) => {
    httpDuration.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  app.setErrorHandler((error, req, reply) => sendError(req, reply, error, config.app.defaultLocale));
  await app.register(fastifyCookie);
  // WebSocket streams (current calls; agent and supervisor events): upgrades pass the same guard as HTTP.
  // A 64 KiB message limit: clients only listen, so nothing large should ever arrive.
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Rexian API', version: '0.1.0', description: 'Contact-center platform API. Session cookie auth.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'rexian_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
    // Fills components.schemas, so $refs of recursive schemas (the IVR node tree) resolve.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  collectApiRoutes(app);
  const modules = createModules(deps);
  installGuard(app, { auth: modules.auth, audit: modules.audit, verifyApiKey: modules.verifyApiKey });
  await app.register(healthRoutes({ db: deps.db, registry, isShuttingDown: () => shuttingDown }));
  await app.register(
    async (api) => {
      for (const plugin of modules.plugins) await api.register(plugin);
    },
    { prefix: '/api/v1' },
  );

  const consoleDir = config.server.consoleDir ?? join(import.meta.dirname, '../../console/dist');
  const hasConsole = existsSync(join(consoleDir, 'index.html'));
  if (hasConsole) await app.register(fastifyStatic, { root: consoleDir, wildcard: false });
  app.setNotFoundHandler((req, reply) => {
    // The console is a single-page app: unknown GETs outside the API get index.html.
    if (hasConsole && req.method === 'GET' && !req.url.startsWith('/api/')) return reply.sendFile('index.html');
    return sendError(
      req,
      reply,
      new AppError('ROUTE_NOT_FOUND', 'no such route', { category: 'not_found' }),
      config.app.defaultLocale,
    );
  });

  const rexianApp = app as unknown as FastifyInstance & { markShuttingDown(): void };
  rexianApp.markShuttingDown = () => {
    shuttingDown = true;
  };
  return rexianApp;
}
