import ipaddr from 'ipaddr.js';
import { z } from 'zod';

// The only reader of process.env. Validated once; a bad value stops start-up with a clear message.
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  PUBLIC_BASE_URL: z.string().url().optional(),
  // auto: the demo on an empty database, but never in production; yes: also in production, with one-time passwords (scripts/lib/first-start.ts).
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
  // Proxies whose X-Forwarded-For is believed (Express "trust proxy"). Login delays count by the
  // client's address: a proxy on another host must be named, or everyone shares its address; and
  // only proxies, or any client could name an address of its choosing with each attempt.
  TRUST_PROXY: z.string().refine(isProxyList, 'a comma-separated list of proxy addresses or subnets, or loopback, linklocal, uniquelocal').default('loopback'),
});

/** Written-out addresses only: ipaddr also takes "1" or "0x7f.1" as IPv4, which nobody means here. */
const isAddress = (s: string) => ipaddr.IPv4.isValidFourPartDecimal(s) || (s.includes(':') && ipaddr.IPv6.isValid(s));

function isProxyList(v: string): boolean {
  return v.split(',').map((s) => s.trim()).every((s) => {
    const [address, bits, more] = s.split('/');
    if (['loopback', 'linklocal', 'uniquelocal'].includes(s)) return true;
    return isAddress(address) && (bits === undefined || (more === undefined && /^\d{1,3}$/.test(bits) && ipaddr.isValidCIDR(s)));
  });
}

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
  dataDir: string;
  uploadDir: string;
  sessionSecret: string;
  publicBaseUrl: string;
  seedDemo: 'auto' | 'yes' | 'no';
  logLevel: string;
  mapTiles?: { url: string; attribution: string };
  workers: number;
  trustProxy: string[];
};

const DEV_SECRET = 'development-only-secret-change-me-in-production!';

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
  if (c.WEB_CONCURRENCY > 1 && !c.DATABASE_URL) {
    throw new ConfigError('Invalid configuration:\n  WEB_CONCURRENCY: more than one worker needs DATABASE_URL (the embedded database belongs to one process)');
  }
  return {
    env: c.NODE_ENV,
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    dataDir: c.DATA_DIR,
    uploadDir: c.UPLOAD_DIR ?? `${c.DATA_DIR}/uploads`,
    sessionSecret: c.SESSION_SECRET ?? DEV_SECRET,
    publicBaseUrl: (c.PUBLIC_BASE_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, ''),
    seedDemo: c.SEED_DEMO,
    logLevel: c.LOG_LEVEL,
    mapTiles: c.MAP_TILE_URL ? { url: c.MAP_TILE_URL, attribution: c.MAP_TILE_ATTRIBUTION ?? '' } : undefined,
    workers: c.WEB_CONCURRENCY,
    trustProxy: c.TRUST_PROXY.split(',').map((s) => s.trim()),
  };
}

export class ConfigError extends Error {}
