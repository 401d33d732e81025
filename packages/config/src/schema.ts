import { isIP } from 'node:net';
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
    // SIP edge (issue 3): transports, abuse protection, NAT keep-alive. Ports: 0 = transport off.
    enabled: {
      env: 'REXIAN_SIP_ENABLED',
      schema: bool.default(true),
      doc: 'Run the SIP registrar inside the server (phones register to it).',
    },
    host: { env: 'REXIAN_SIP_HOST', schema: z.string().min(1).default('0.0.0.0'), doc: 'Address the SIP transports bind to.' },
    advertisedHost: {
      env: 'REXIAN_SIP_ADVERTISED_HOST',
      schema: z.string().min(1).optional(),
      doc: 'Address written in our Via/From (keep-alive OPTIONS); default the bind address or the first non-loopback IPv4.',
    },
    domains: {
      env: 'REXIAN_SIP_DOMAINS',
      schema: z.string().default(''),
      doc: 'Extra SIP domains accepted in REGISTER (comma list); the realm and the local addresses always are.',
      example: 'pbx.example.com,sip.example.com',
    },
    udpPort: { env: 'REXIAN_SIP_UDP_PORT', schema: port.default(5060), doc: 'SIP over UDP port (0 = off).' },
    tcpPort: { env: 'REXIAN_SIP_TCP_PORT', schema: port.default(5060), doc: 'SIP over TCP port (0 = off).' },
    tlsPort: { env: 'REXIAN_SIP_TLS_PORT', schema: port.default(0), doc: 'SIP over TLS port (0 = off; needs the cert and key).' },
    wsPort: { env: 'REXIAN_SIP_WS_PORT', schema: port.default(0), doc: 'SIP over WebSocket port, RFC 7118 (0 = off).' },
    wssPort: {
      env: 'REXIAN_SIP_WSS_PORT',
      schema: port.default(0),
      doc: 'SIP over secure WebSocket port for browser phones (0 = off; needs the cert and key).',
    },
    tlsCertFile: {
      env: 'REXIAN_SIP_TLS_CERT_FILE',
      schema: z.string().min(1).optional(),
      doc: 'PEM certificate (chain) for SIP TLS and WSS.',
    },
    tlsKeyFile: {
      env: 'REXIAN_SIP_TLS_KEY_FILE',
      schema: z.string().min(1).optional(),
      doc: 'PEM private key for SIP TLS and WSS.',
    },
    banMaxFailures: {
      env: 'REXIAN_SIP_BAN_MAX_FAILURES',
      schema: positiveInt.default(5),
      doc: 'Failed digest answers for one user from one address (10 min window) before the address is banned.',
    },
    banMaxFailuresPerSource: {
      env: 'REXIAN_SIP_BAN_MAX_FAILURES_PER_SOURCE',
      schema: positiveInt.default(20),
      doc: 'Failed digest answers from one address for any users (10 min window) before it is banned.',
    },
    banMinutes: { env: 'REXIAN_SIP_BAN_MINUTES', schema: positiveInt.default(60), doc: 'How long a SIP ban lasts.' },
    digestAlgorithms: {
      env: 'REXIAN_SIP_DIGEST_ALGORITHMS',
      schema: z
        .string()
        .default('MD5')
        .transform((v) =>
          v
            .split(',')
            .map((a) => a.trim())
            .filter((a) => a !== ''),
        )
        .refine((list) => list.length > 0 && list.every((a) => a === 'MD5' || a === 'SHA-256'), {
          message: 'expected MD5, SHA-256 or both as a comma list, in challenge order',
        }),
      doc: 'Digest algorithms offered in challenges, in order (RFC 8760). SHA-256 first breaks some phones (Debian 12 baresip, SIPp, sipsak), hence MD5 by default.',
    },
    allowlist: {
      env: 'REXIAN_SIP_ALLOWLIST',
      schema: z
        .string()
        .default('')
        .refine((v) => v.split(',').every((c) => c.trim() === '' || isCidr(c.trim())), {
          message: 'expected a comma list of addresses or CIDR blocks such as 203.0.113.0/24',
        }),
      doc: 'Addresses or CIDR blocks never banned (office NAT, trunks), comma list.',
      example: '203.0.113.0/24,198.51.100.7',
    },
    minExpires: {
      env: 'REXIAN_SIP_MIN_EXPIRES',
      schema: positiveInt.default(60),
      doc: 'Shortest registration accepted in seconds; shorter ones get 423 Interval Too Brief.',
    },
    maxExpires: {
      env: 'REXIAN_SIP_MAX_EXPIRES',
      schema: positiveInt.default(3600),
      doc: 'Longest registration granted in seconds (longer requests are shortened).',
    },
    ratePerSource: {
      env: 'REXIAN_SIP_RATE_PER_SOURCE',
      schema: z.coerce.number({ message: 'expected a whole number' }).int().min(0).default(200),
      doc: 'SIP messages per second accepted from one address, bursts of twice that (0 = no limit; allowlisted never limited).',
    },
    keepaliveSeconds: {
      env: 'REXIAN_SIP_KEEPALIVE_SECONDS',
      schema: z.coerce.number({ message: 'expected a whole number' }).int().min(0).default(30),
      doc: 'NAT keep-alive: OPTIONS to every registered phone this often (0 = off); 3 misses drop the binding.',
    },
  },
  media: {
    rtpHost: {
      env: 'REXIAN_RTP_HOST',
      schema: z.string().optional(),
      doc: 'Address the RTP sockets bind to and SDP announces; defaults to the SIP advertised host (or 127.0.0.1 when SIP binds every address).',
    },
    rtpPortMin: {
      env: 'REXIAN_RTP_PORT_MIN',
      schema: port.default(20000),
      doc: 'First RTP port (even; each call leg takes a pair).',
    },
    rtpPortMax: { env: 'REXIAN_RTP_PORT_MAX', schema: port.default(29999), doc: 'Last RTP port.' },
    workers: {
      env: 'REXIAN_MEDIA_WORKERS',
      schema: positiveInt.optional(),
      doc: 'Media worker threads (default: one per CPU core, at most 4).',
    },
    echoNumber: {
      env: 'REXIAN_ECHO_NUMBER',
      schema: z
        .string()
        .regex(/^[0-9*#]{1,16}$/)
        .default('*43'),
      doc: 'The loopback-test number: a call to it hears itself (call type "loopback test").',
    },
    promptTestNumber: {
      env: 'REXIAN_PROMPT_TEST_NUMBER',
      schema: z
        .string()
        .regex(/^[0-9*#]{1,16}$/)
        .optional(),
      doc: 'A test number that answers, plays REXIAN_PROMPT_TEST_FILE once and hangs up (off unless both are set).',
    },
    promptTestFile: {
      env: 'REXIAN_PROMPT_TEST_FILE',
      schema: z.string().optional(),
      doc: 'WAV or MP3 the prompt-test number plays.',
    },
    ringSeconds: {
      env: 'REXIAN_RING_SECONDS',
      schema: positiveInt.default(30),
      doc: 'How long an extension rings before the call counts as not answered (the caller gets 480).',
    },
    musicOnHold: {
      env: 'REXIAN_MUSIC_ON_HOLD',
      schema: z.string().optional(),
      doc: 'WAV or MP3 played to held callers; without it they hear the China call-waiting tone.',
    },
    voicemail: {
      env: 'REXIAN_VOICEMAIL',
      schema: bool.default(true),
      doc: 'An extension that does not answer in the ring time (or has no phone) sends the caller to voicemail.',
    },
    voicemailMaxSeconds: {
      env: 'REXIAN_VOICEMAIL_MAX_SECONDS',
      schema: positiveInt.default(120),
      doc: 'Longest voicemail message; the recording also ends when the caller hangs up or presses #.',
    },
    voicemailSilenceSeconds: {
      env: 'REXIAN_VOICEMAIL_SILENCE_SECONDS',
      schema: z.coerce.number({ message: 'expected a whole number' }).int().min(0).default(5),
      doc: 'A voicemail message ends after this much silence (trailing silence trimmed), or when nothing was said this long (0 = off).',
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

/** An IPv4/IPv6 address, optionally with a prefix length that fits its family ("203.0.113.0/24"). */
function isCidr(entry: string): boolean {
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^[0-9]{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

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
