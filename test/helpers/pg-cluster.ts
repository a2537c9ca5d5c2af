import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

// PostgreSQL clusters of the tests' own (test/helpers/replica.ts), with Debian's server programs,
// run as the `postgres` OS user when the tests run as root (PostgreSQL refuses root), in a
// temporary folder; stopped and deleted when the test process exits, whatever happened.

const run = promisify(execFile);
const PG_ROOT = '/usr/lib/postgresql';

export type Cluster = { dir: string; port: number; bin: string };
const running = new Set<Cluster>();
process.on('exit', () => {
  for (const c of running) {
    try {
      pgToolSync(c.bin, 'pg_ctl', ['-D', c.dir, '-m', 'immediate', 'stop']);
    } catch {
      // already gone
    }
  }
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});
const folders = new Set<string>();

const asRoot = process.getuid?.() === 0;

function command(bin: string, tool: string, args: string[]): [string, string[]] {
  return asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]] : [path.join(bin, tool), args];
}

export async function pgTool(bin: string, tool: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const [cmd, argv] = command(bin, tool, args);
  try {
    const { stdout, stderr } = await run(cmd, argv, { cwd: os.tmpdir(), env: { ...process.env, ...env }, timeout: 120_000 });
    return stdout + stderr;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${tool} ${args.join(' ')}: ${(e.stderr || e.message).trim()}`);
  }
}

function pgToolSync(bin: string, tool: string, args: string[]): void {
  const [cmd, argv] = command(bin, tool, args);
  execFileSync(cmd, argv, { cwd: os.tmpdir(), stdio: 'ignore', timeout: 30_000 });
}

/** Debian keeps each major version's server programs in /usr/lib/postgresql/<major>/bin. */
export function binDir(major?: number): string {
  const versions = existsSync(PG_ROOT)
    ? readdirSync(PG_ROOT)
        .filter((v) => existsSync(path.join(PG_ROOT, v, 'bin', 'pg_basebackup')) && existsSync(path.join(PG_ROOT, v, 'bin', 'initdb')))
        .map(Number)
        .sort((a, b) => b - a)
    : [];
  const v = major === undefined ? versions[0] : versions.find((x) => x === major);
  if (v === undefined) {
    throw new Error(
      `a read replica needs PostgreSQL's server programs${major ? ` of version ${major}` : ''} in ${PG_ROOT}/<version>/bin (Debian package postgresql); found: ${versions.join(', ') || 'none'}`,
    );
  }
  return path.join(PG_ROOT, String(v), 'bin');
}

/** A folder the postgres user owns (the clusters' home while the test runs). */
export function tempFolder(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sq-replica-'));
  folders.add(dir);
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    if (!uid) throw new Error('a read replica needs the postgres OS user (PostgreSQL does not run as root)');
    chownSync(dir, uid, gid);
  }
  return dir;
}

export function writeConf(file: string, lines: string[]): void {
  writeFileSync(file, `${lines.join('\n')}\n`);
}

export async function start(c: Cluster, extra: string[] = []): Promise<void> {
  running.add(c);
  const log = `${c.dir}.log`;
  try {
    await pgTool(c.bin, 'pg_ctl', ['-D', c.dir, '-l', log, '-w', '-t', '60', ...extra, 'start']);
  } catch (err) {
    running.delete(c);
    const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-8).join('\n') : '';
    throw new Error(`${(err as Error).message}\n${tail}`);
  }
}

export async function stopCluster(c: Cluster): Promise<void> {
  if (!running.delete(c)) return;
  await pgTool(c.bin, 'pg_ctl', ['-D', c.dir, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
}

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** Deletes a folder made by tempFolder (its clusters stopped first). */
export function forget(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  folders.delete(dir);
}
