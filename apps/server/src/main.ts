import { join, resolve } from 'node:path';
import { type Config, loadConfig } from '@rexian/config';
import { type Database, openDatabase } from '@rexian/db';
import { type Clock, createSystemClock, type Logger } from '@rexian/kernel';
import pino from 'pino';
import { buildApp } from './app.ts';
import type { ManagedScopeProvider } from './security/data-scope.ts';
import { bootstrap } from './seed/bootstrap.ts';
import { seedDemo } from './seed/demo.ts';
import { demoCredentialsPath, seedDemoExtensions } from './seed/demo-extensions.ts';
import { createSipBanList } from './sip/sip-bans.ts';
import { type SipEdge, startSipEdge } from './sip/sip-edge.ts';
import { createTelephonyHolder } from './telephony/telephony-runtime.ts';

export const repoRoot = resolve(import.meta.dirname, '../../..');
export const cacheDir = join(repoRoot, '.rexian', 'cache');

export interface StartOptions {
  /** Environment to read the configuration from (defaults to process.env). */
  env?: Record<string, string | undefined>;
  clock?: Clock;
  /** Use this database instead of opening the configured one (tests). */
  database?: Database;
  scopeProviders?: ManagedScopeProvider[];
  /** false: build the app without listening (app.inject()). */
  listen?: boolean;
}

export interface Rexian {
  app: Awaited<ReturnType<typeof buildApp>>;
  config: Config;
  db: Database;
  url: string;
  /** The SIP registrar; null when disabled, not listening, or its ports could not be bound (logged). */
  sip: SipEdge | null;
  timings: { configMs: number; databaseMs: number; seedMs: number; appMs: number; listenMs: number; totalMs: number };
  close(): Promise<void>;
}

/** The composition root: configuration → database → seed → HTTP app → listen. */
export async function startRexian(options: StartOptions = {}): Promise<Rexian> {
  const t0 = performance.now();
  const config = loadConfig(options.env ?? process.env);
  const t1 = performance.now();
  const pinoLogger = pino({ level: config.server.logLevel, base: { service: 'rexian' } });
  const log = pinoLogger as unknown as Logger;
  const memory = config.database.dataDir === ':memory:';
  const db =
    options.database ??
    (await openDatabase({
      url: config.database.url,
      dataDir: memory ? undefined : config.database.dataDir,
      cacheDir: config.database.cacheDir ?? cacheDir,
      poolSize: config.database.poolSize,
    }));
  const t2 = performance.now();
  const { createdAdmin } = await bootstrap(db);
  if (createdAdmin) log.warn({}, 'first start: sign in as admin/admin; a new password is required before anything else');
  if (config.app.demo && (await seedDemo(db))) log.info({}, 'demo organisation seeded');
  const dataDir = memory || config.database.url ? null : resolve(config.database.dataDir);
  if (config.app.demo && (await seedDemoExtensions(db, config.sip.realm, dataDir))) {
    log.info({ file: dataDir ? demoCredentialsPath(dataDir) : null }, 'demo extensions 8001-8005 created');
  }
  const t3 = performance.now();
  const clock = options.clock ?? createSystemClock();
  const sipBans = createSipBanList({ config, clock, log });
  const telephony = createTelephonyHolder();
  const app = await buildApp({
    sipBans,
    telephony,
    dataDir,
    config,
    db,
    clock,
    pino: pinoLogger,
    log,
    ...(options.scopeProviders ? { scopeProviders: options.scopeProviders } : {}),
  });
  await app.ready();
  const t4 = performance.now();
  let url = '';
  if (options.listen !== false) {
    url = await app.listen({ host: config.server.host, port: config.server.port });
    const addr = app.server.address();
    if (addr && typeof addr === 'object')
      url = `http://${config.server.host === '0.0.0.0' ? '127.0.0.1' : config.server.host}:${addr.port}`;
  }
  // SIP edge: after HTTP so the console stays reachable when a SIP port is taken (logged as an error).
  let sip: SipEdge | null = null;
  if (options.listen !== false && config.sip.enabled) {
    sip = await startSipEdge({ config, db, clock, log, banList: sipBans, holder: telephony }).catch((error: unknown) => {
      log.error({ err: error }, 'sip edge could not start; phones cannot register');
      return null;
    });
  }
  const t5 = performance.now();
  const timings = {
    configMs: t1 - t0,
    databaseMs: t2 - t1,
    seedMs: t3 - t2,
    appMs: t4 - t3,
    listenMs: t5 - t4,
    totalMs: t5 - t0,
  };
  log.info({ url, database: db.dialect, timings }, 'rexian ready');
  let closed = false;
  return {
    app,
    config,
    db,
    url,
    sip,
    timings,
    async close() {
      if (closed) return;
      closed = true;
      app.markShuttingDown();
      await sip?.stop();
      await app.close();
      if (!options.database) await db.close();
    },
  };
}
