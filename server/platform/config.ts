import ipaddr from 'ipaddr.js';
import { z } from 'zod';

// The only reader of process.env. Validated once; a bad value stops start-up with a clear message.
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  // The role that owns the tables: migrations, the app role's grants, backups, restores, the
  // generator. DATABASE_URL is then the app's own role, which cannot alter the audit trail.
  DATABASE_OWNER_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  // Streaming replicas that serve reads (searches, dashboards, reports, exports): one URL, or
  // several separated by commas, each a replica of DATABASE_URL's server (README "Read replicas").
  DATABASE_READ_URL: z
    .string()
    .refine((v) => readUrls(v).every((u) => /^postgres(ql)?:\/\//.test(u)), 'a comma-separated list of postgres:// or postgresql:// URLs')
    .optional(),
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(86_400_000).default(30_000),
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),
  // Keys the audit chain (HMAC): kept outside the database, so whoever holds only the database cannot rewrite the trail.
  AUDIT_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  AUDIT_ANCHOR_DIR: z.string().min(1).optional(),
  AUDIT_ANCHOR_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  DATA_DIR: z.string().min(1).default('./data'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  PUBLIC_BASE_URL: z.string().url().optional(),
  // auto: the demo on an empty database, but never in production; yes: also in production, with one-time passwords (server/demo/first-start.ts).
  SEED_DEMO: z.enum(['auto', 'yes', 'no']).default('auto'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Where earlier versions kept consent scans as files; read at start-up only, to move them into the database.
  UPLOAD_DIR: z.string().min(1).optional(),
  // Base-map tiles for the parcel map, e.g. https://tiles.example.cn/{z}/{x}/{y}.png; none: a plain background.
  MAP_TILE_URL: z.string().refine(isTileTemplate, 'must be an http(s) URL template with {z}, {x} and {y}').optional(),
  MAP_TILE_ATTRIBUTION: z.string().max(200).optional(),
  // Worker processes serving HTTP (node:cluster). One Node process renders on one core; on a
  // server with more cores, more workers render in parallel. The app keeps no state in memory,
  // so workers are interchangeable. Only with a PostgreSQL server: PGlite belongs to one process.
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  // Outgoing SMS (activation codes): file = a development sink in DATA_DIR, shown at /dev/sms;
  // http = a JSON gateway (README "SMS"); none = nothing is sent. Default: file, none in production.
  SMS_PROVIDER: z.enum(['file', 'http', 'none']).optional(),
  SMS_HTTP_URL: z
    .string()
    .url()
    .refine((v) => /^https?:/.test(v), 'must be an http(s) URL')
    .optional(),
  SMS_HTTP_TOKEN: z.string().min(8, 'must be at least 8 characters').optional(),
  // Proxies whose X-Forwarded-For is believed (Express "trust proxy"). Login delays count by the
  // client's address: a proxy on another host must be named, or everyone shares its address; and
  // only proxies, or any client could name an address of its choosing with each attempt.
  TRUST_PROXY: z
    .string()
    .refine(isProxyList, 'a comma-separated list of proxy addresses or subnets, or loopback, linklocal, uniquelocal')
    .default('loopback'),
});

/** Written-out addresses only: ipaddr also takes "1" or "0x7f.1" as IPv4, which nobody means here. */
const isAddress = (s: string) => ipaddr.IPv4.isValidFourPartDecimal(s) || (s.includes(':') && ipaddr.IPv6.isValid(s));

function isProxyList(v: string): boolean {
  return v
    .split(',')
    .map((s) => s.trim())
    .every((s) => {
      const [address, bits, more] = s.split('/');
      if (['loopback', 'linklocal', 'uniquelocal'].includes(s)) return true;
      return isAddress(address) && (bits === undefined || (more === undefined && /^\d{1,3}$/.test(bits) && ipaddr.isValidCIDR(s)));
    });
}

/** A list of URLs separated by commas (no URL here contains one: a multi-host URL is not supported by node-postgres). */
const readUrls = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function isTileTemplate(v: string): boolean {
  if (!['{z}', '{x}', '{y}'].every((p) => v.includes(p))) return false;
  try {
    const u = new URL(v.replace(/\{[a-z]\}/g, 'a'));
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl?: string;
  databaseOwnerUrl?: string;
  /** Replicas of DATABASE_URL's server for reads; empty: every read goes to the primary. */
  databaseReadUrls: string[];
  db: DbTimeouts;
  auditKey: string;
  anchorDir: string;
  anchorMinutes: number;
  dataDir: string;
  uploadDir: string;
  sessionSecret: string;
  publicBaseUrl: string;
  seedDemo: 'auto' | 'yes' | 'no';
  logLevel: string;
  mapTiles?: { url: string; attribution: string };
  workers: number;
  sms: SmsConfig;
  trustProxy: string[];
};

/** Server-side limits for the app's connections (scripts that load or dump data run without them). */
export type DbTimeouts = { connectMs: number; statementMs: number; idleInTransactionMs: number };

export type SmsConfig = { provider: 'file'; file: string } | { provider: 'http'; url: string; token?: string } | { provider: 'none' };

const DEV_SECRET = 'development-only-secret-change-me-in-production!';
export const DEV_AUDIT_KEY = 'development-only-audit-key-change-me-in-production';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  if (c.NODE_ENV === 'production' && !c.SESSION_SECRET) {
    throw new ConfigError('Invalid configuration:\n  SESSION_SECRET: required in production (at least 32 characters)');
  }
  const problems = productionProblems(c);
  if (problems.length) throw new ConfigError(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  if (c.DATABASE_OWNER_URL && !c.DATABASE_URL) {
    throw new ConfigError("Invalid configuration:\n  DATABASE_OWNER_URL: only together with DATABASE_URL (the app's own role)");
  }
  if (c.DATABASE_READ_URL && !c.DATABASE_URL) {
    throw new ConfigError('Invalid configuration:\n  DATABASE_READ_URL: only together with DATABASE_URL (replicas of a PostgreSQL server)');
  }
  if (c.WEB_CONCURRENCY > 1 && !c.DATABASE_URL) {
    throw new ConfigError(
      'Invalid configuration:\n  WEB_CONCURRENCY: more than one worker needs DATABASE_URL (the embedded database belongs to one process)',
    );
  }
  const sms = smsConfig(c);
  return {
    env: c.NODE_ENV,
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    databaseOwnerUrl: c.DATABASE_OWNER_URL,
    databaseReadUrls: c.DATABASE_READ_URL ? readUrls(c.DATABASE_READ_URL) : [],
    db: {
      connectMs: c.DB_CONNECT_TIMEOUT_MS,
      statementMs: c.DB_STATEMENT_TIMEOUT_MS,
      idleInTransactionMs: c.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
    auditKey: c.AUDIT_KEY ?? DEV_AUDIT_KEY,
    anchorDir: c.AUDIT_ANCHOR_DIR ?? `${c.DATA_DIR}/audit-anchors`,
    anchorMinutes: c.AUDIT_ANCHOR_MINUTES,
    dataDir: c.DATA_DIR,
    uploadDir: c.UPLOAD_DIR ?? `${c.DATA_DIR}/uploads`,
    sessionSecret: c.SESSION_SECRET ?? DEV_SECRET,
    publicBaseUrl: (c.PUBLIC_BASE_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, ''),
    seedDemo: c.SEED_DEMO,
    logLevel: c.LOG_LEVEL,
    mapTiles: c.MAP_TILE_URL ? { url: c.MAP_TILE_URL, attribution: c.MAP_TILE_ATTRIBUTION ?? '' } : undefined,
    workers: c.WEB_CONCURRENCY,
    sms,
    trustProxy: c.TRUST_PROXY.split(',').map((s) => s.trim()),
  };
}

type Parsed = z.infer<typeof schema>;

/**
 * What production must not start without. In development one DATABASE_URL does everything (a
 * warning at start-up says the app can then alter its own trail); in production the app runs
 * as a role that does not own the tables, and the trail is keyed with a secret of its own.
 */
function productionProblems(c: Parsed): string[] {
  if (c.NODE_ENV !== 'production') return [];
  const out: string[] = [];
  if (!c.AUDIT_KEY) out.push('AUDIT_KEY: required in production (at least 32 characters, kept outside the database)');
  else if (c.AUDIT_KEY === c.SESSION_SECRET)
    out.push('AUDIT_KEY: must differ from SESSION_SECRET (one leaked secret must not give away the other)');
  if (c.DATABASE_URL && !c.DATABASE_OWNER_URL) {
    out.push(
      'DATABASE_OWNER_URL: required in production with DATABASE_URL: the tables\' owner migrates, DATABASE_URL names the app\'s own role that does not own them (README, "Database roles")',
    );
  } else if (c.DATABASE_URL && c.DATABASE_OWNER_URL && userOf(c.DATABASE_URL) === userOf(c.DATABASE_OWNER_URL)) {
    out.push('DATABASE_URL: must name another role than DATABASE_OWNER_URL (the app must not own the audit trail)');
  }
  return out;
}

function userOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).username);
  } catch {
    return url;
  }
}

/**
 * The file sink shows activation codes to the officers of the collective, which is exactly what
 * rule 2 forbids outside development: production refuses it, and sends nothing unless told how.
 */
function smsConfig(c: z.output<typeof schema>): SmsConfig {
  const provider = c.SMS_PROVIDER ?? (c.NODE_ENV === 'production' ? 'none' : 'file');
  if (provider === 'file' && c.NODE_ENV === 'production') {
    throw new ConfigError(
      'Invalid configuration:\n  SMS_PROVIDER: "file" is a development sink that shows activation codes to officers; use "http" or "none" in production',
    );
  }
  if (provider === 'http') {
    if (!c.SMS_HTTP_URL) throw new ConfigError('Invalid configuration:\n  SMS_HTTP_URL: required when SMS_PROVIDER=http');
    if (c.NODE_ENV === 'production' && !c.SMS_HTTP_URL.startsWith('https:')) {
      throw new ConfigError('Invalid configuration:\n  SMS_HTTP_URL: must be https:// in production (the messages carry activation codes)');
    }
    return { provider, url: c.SMS_HTTP_URL, token: c.SMS_HTTP_TOKEN };
  }
  if (provider === 'file') return { provider, file: `${c.DATA_DIR}/sms-outbox.jsonl` };
  return { provider };
}

export class ConfigError extends Error {}
