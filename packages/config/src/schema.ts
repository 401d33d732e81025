import { z } from 'zod';

/**
 * One zod schema per area. Every field names its environment variable, its default and a doc line
 * (`describe`); the README's configuration table is generated from these (`configReference()`).
 * This package is the only reader of `process.env`.
 */
export type FieldSpec = { env: string; schema: z.ZodType; doc: string; example?: string };

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const port = z.coerce.number({ message: 'expected a TCP port number' }).int().min(0).max(65535);
const positiveInt = z.coerce.number({ message: 'expected a whole number' }).int().positive();

export const areas = {
  server: {
    host: { env: 'REXIAN_HOST', schema: z.string().min(1).default('0.0.0.0'), doc: 'Address the HTTP server binds to.' },
    port: { env: 'REXIAN_PORT', schema: port.default(8080), doc: 'HTTP port of the console and API.' },
    logLevel: {
      env: 'REXIAN_LOG_LEVEL',
      schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      doc: 'pino log level; logs are JSON lines on stdout.',
    },
    trustProxy: {
      env: 'REXIAN_TRUST_PROXY',
      schema: bool.default(false),
      doc: 'Trust X-Forwarded-For from a reverse proxy (set only behind one).',
    },
    consoleDir: {
      env: 'REXIAN_CONSOLE_DIR',
      schema: z.string().optional(),
      doc: 'Folder of the built console; defaults to apps/console/dist.',
    },
    shutdownGraceMs: {
      env: 'REXIAN_SHUTDOWN_GRACE_MS',
      schema: positiveInt.default(10000),
      doc: 'How long SIGTERM waits for requests in flight before closing.',
    },
  },
  database: {
    url: {
      env: 'DATABASE_URL',
      schema: z
        .string()
        .regex(/^postgres(ql)?:\/\//, { message: 'expected postgres://user:pass@host:port/db' })
        .optional(),
      doc: 'PostgreSQL 15+ connection string for production. Unset: the embedded PGlite database is used.',
      example: 'postgres://rexian:secret@127.0.0.1:5432/rexian',
    },
    dataDir: {
      env: 'REXIAN_DATA_DIR',
      schema: z.string().min(1).default('./data'),
      doc: 'Folder for the embedded database, recordings and prompts.',
    },
    cacheDir: {
      env: 'REXIAN_CACHE_DIR',
      schema: z.string().min(1).optional(),
      doc: 'Where the migrated embedded-database snapshot is cached (default .rexian/cache in the checkout).',
    },
    poolSize: { env: 'REXIAN_DB_POOL_SIZE', schema: positiveInt.default(10), doc: 'PostgreSQL connection pool size.' },
  },
  security: {
    sessionTtlHours: {
      env: 'REXIAN_SESSION_TTL_HOURS',
      schema: positiveInt.default(12),
      doc: 'A console session ends this many hours after its last use.',
    },
    cookieSecure: {
      env: 'REXIAN_COOKIE_SECURE',
      schema: bool.default(false),
      doc: 'Mark the session cookie Secure (set true when served over HTTPS).',
    },
    loginMaxFailures: {
      env: 'REXIAN_LOGIN_MAX_FAILURES',
      schema: positiveInt.default(5),
      doc: 'Failed logins for one user name before it is locked temporarily.',
    },
    loginLockMinutes: {
      env: 'REXIAN_LOGIN_LOCK_MINUTES',
      schema: positiveInt.default(15),
      doc: 'How long a user name stays locked after too many failed logins.',
    },
    loginRatePerMinute: {
      env: 'REXIAN_LOGIN_RATE_PER_MINUTE',
      schema: positiveInt.default(30),
      doc: 'Login attempts accepted per source address per minute.',
    },
  },
  sip: {
    realm: {
      env: 'REXIAN_SIP_REALM',
      schema: z
        .string()
        .regex(/^[A-Za-z0-9.-]{1,64}$/, { message: 'expected a host-like name such as pbx.example.com' })
        .default('rexian'),
      doc: 'SIP digest realm of the extensions. Changing it invalidates the stored digest hashes (reset passwords).',
    },
  },
  app: {
    demo: {
      env: 'REXIAN_DEMO',
      schema: bool.default(true),
      doc: 'Seed a demo organisation (departments, employees, roles) on an empty database.',
    },
    defaultLocale: {
      env: 'REXIAN_DEFAULT_LOCALE',
      schema: z.enum(['zh-CN', 'en-US']).default('zh-CN'),
      doc: 'Language of the console and of error messages when the client states none.',
    },
    timeZone: {
      env: 'REXIAN_TIMEZONE',
      schema: z
        .string()
        .default('Asia/Shanghai')
        .refine((tz) => isTimeZone(tz), { message: 'expected an IANA time zone such as Asia/Shanghai' }),
      doc: 'Time zone for schedules and reports.',
    },
  },
} as const satisfies Record<string, Record<string, FieldSpec>>;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

type Areas = typeof areas;
export type Config = {
  [A in keyof Areas]: { [F in keyof Areas[A]]: Areas[A][F] extends FieldSpec ? z.output<Areas[A][F]['schema']> : never };
};
