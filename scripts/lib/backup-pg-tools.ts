import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { BackupRefused } from './backup-format';

// Running pg_dump, pg_restore and psql: the password goes through PGPASSWORD, never the command
// line (where `ps` would show it), and a tool's stderr becomes the error message when it fails.

export type Conn = { dbname: string; env: NodeJS.ProcessEnv; label: string; database: string };

export function connOf(url: string): Conn {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  u.password = '';
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || decodeURIComponent(u.username) || 'postgres';
  return { dbname: u.toString(), env, label: `${u.hostname}:${u.port || 5432}/${database}`, database };
}

export function tool(name: string, pgBin?: string): string {
  return pgBin ? path.join(pgBin, name) : name;
}

export type Running = { child: ChildProcess; done: Promise<void> };

/** Starts a PostgreSQL client tool; `done` resolves on exit 0 and rejects with its stderr otherwise. */
export function run(cmd: string, args: string[], conn: Conn, stdin: 'pipe' | 'ignore' = 'ignore'): Running {
  const child = spawn(cmd, args, { env: conn.env, stdio: [stdin, 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr = (stderr + d).slice(-8000);
  });
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'ENOENT'
          ? new BackupRefused(
              `找不到 ${cmd}：请安装 PostgreSQL 客户端（apt-get install postgresql-client），或用 --pg-bin 指明目录。`,
              `${cmd} not found: install the PostgreSQL client tools (apt-get install postgresql-client) or name their folder with --pg-bin.`,
            )
          : err,
      );
    });
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(cmd)} failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`));
    });
  });
  return { child, done };
}

export function toolVersion(cmd: string, conn: Conn): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(cmd, ['--version'], { env: conn.env, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    child.on('error', () => resolve(cmd));
    child.on('close', () => resolve(out.trim() || cmd));
  });
}
