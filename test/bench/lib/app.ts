import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DEV_AUDIT_KEY } from '../../../server/platform/config';

// The application as it runs in production (NODE_ENV=production, pool of 10 per process; on the
// PostgreSQL server with WEB_CONCURRENCY workers, one per core), started as a child process so that its memory can be read and nothing of the benchmark
// shares its event loop. Requests carry X-Forwarded-Proto: https, as behind the TLS proxy
// the deployment puts in front of it (secure cookies).

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The password prepare() (scenarios.ts) gives the accounts the bench logs in as. */
export const BENCH_PASSWORD = 'bench-only-password-2026';
export const PROXY = { 'x-forwarded-proto': 'https' };

export type Target = { label: string; url?: string; dataDir?: string };
export type App = { base: string; proc: ChildProcess; stop: () => Promise<void> };

/** The app's own role on the server (production refuses to run as the tables' owner): made if missing. */
export const BENCH_APP_ROLE = 'sanquan_bench_app';

async function appRoleUrl(ownerUrl: string): Promise<string> {
  const c = new pg.Client({ connectionString: ownerUrl });
  await c.connect();
  try {
    await c.query(
      `do $$ begin if not exists (select 1 from pg_roles where rolname = '${BENCH_APP_ROLE}') then create role ${BENCH_APP_ROLE} login; end if; end $$`,
    );
  } finally {
    await c.end();
  }
  const u = new URL(ownerUrl);
  u.username = BENCH_APP_ROLE;
  u.password = '';
  return u.toString();
}

export async function startApp(
  t: Target,
  port: number,
  script = 'server/main.ts',
  extraEnv: Record<string, string> = {},
  root = ROOT,
): Promise<App> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/root',
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    SESSION_SECRET: randomBytes(24).toString('hex'),
    SEED_DEMO: 'no',
    LOG_LEVEL: 'warn',
    PUBLIC_BASE_URL: `https://127.0.0.1:${port}`,
    // The generator keys the trail with the development key (scripts/generate.ts); the app appends to it.
    AUDIT_KEY: DEV_AUDIT_KEY,
    AUDIT_ANCHOR_DIR: path.join(ROOT, 'tmp/bench-anchors'),
    ...extraEnv,
  };
  if (t.url) {
    env.DATABASE_OWNER_URL = t.url;
    env.DATABASE_URL = await appRoleUrl(t.url);
  }
  if (t.dataDir) env.DATA_DIR = t.dataDir;
  const proc = spawn(process.execPath, ['--import', 'tsx', script], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => {
    out += d;
  });
  proc.stderr!.on('data', (d) => {
    out += d;
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (proc.exitCode !== null) throw new Error(`app exited: ${out}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      /* not yet listening */
    }
    if (i > 600) throw new Error(`app did not start in 120 s: ${out}`);
    await new Promise((ok) => setTimeout(ok, 200));
  }
  return {
    base,
    proc,
    stop: () =>
      new Promise<void>((ok) => {
        if (proc.exitCode !== null) return ok();
        proc.once('exit', () => ok());
        proc.kill('SIGTERM');
      }),
  };
}

/** A process and its descendants (the cluster's workers), from Linux /proc. */
function processTree(pid: number): number[] {
  let kids: number[] = [];
  try {
    kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    /* gone */
  }
  return [pid, ...kids.flatMap(processTree)];
}

/**
 * Resident memory of the app in MB: with workers, the sum over its processes (the peak is the
 * sum of each process's own peak, an upper bound), and the largest single process's peak.
 */
export function memoryOf(pid: number): { peakMb: number; rssMb: number; processes: number; maxProcessPeakMb: number } {
  const each = processTree(pid).map((p) => {
    try {
      const s = readFileSync(`/proc/${p}/status`, 'utf8');
      const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? 0);
      return { peak: kb('VmHWM') / 1024, rss: kb('VmRSS') / 1024 };
    } catch {
      return { peak: 0, rss: 0 };
    }
  });
  return {
    peakMb: Math.round(each.reduce((a, x) => a + x.peak, 0)),
    rssMb: Math.round(each.reduce((a, x) => a + x.rss, 0)),
    processes: each.length,
    maxProcessPeakMb: Math.round(Math.max(...each.map((x) => x.peak))),
  };
}

const cookiesOf = (res: Response) => (res.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]);
// The session cookie (`__Host-sq.sid` behind https, `sq.sid` otherwise).
const cookieOf = (res: Response) => cookiesOf(res).find((c) => /^(__Host-)?sq\.sid=/.test(c));

/** Logs in through the real form (CSRF token and all); returns the session cookie. */
export async function login(base: string, username: string): Promise<string> {
  const page = await fetch(`${base}/login`, { headers: PROXY });
  const html = await page.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  // The login form's cookies (the CSRF token's, and a session if one is made) go back with it.
  const first = cookiesOf(page).join('; ');
  if (!csrf || !first) throw new Error(`no login form for ${username}`);
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...PROXY, cookie: first, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, username, password: BENCH_PASSWORD }).toString(),
  });
  const cookie = cookieOf(res);
  if (res.status !== 302 || !cookie) throw new Error(`login failed for ${username}: ${res.status}`);
  return cookie;
}

/** An API token for a user, inserted as the admin's token page would (only its hash is kept). */
export async function apiToken(url: string, username: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query(`select id from users where username = $1`, [username]);
    const { rows: admin } = await c.query(`select id from users where username = 'admin'`);
    await c.query(
      `insert into api_tokens (user_id, name, token_hash, scopes, created_by) values ($1, 'benchmark', $2, '{read,write}', $3)`,
      [rows[0].id, createHash('sha256').update(token).digest('hex'), admin[0].id],
    );
  } finally {
    await c.end();
  }
  return token;
}
