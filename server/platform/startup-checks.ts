import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config';
import { causes } from './db-health';

// What an operator sees when the app cannot start for a reason outside it: one line in Chinese,
// one in English, the cause and what to check, exit code 2. Never a stack trace (those are for
// our own faults).

export class StartupError extends Error {
  constructor(zh: string, en: string) {
    super(`${zh}\n${en}`);
  }
}

/**
 * DATA_DIR (and the audit anchors, wherever they are) must be writable: the embedded database,
 * uploads and the trail's anchors are written there. Tried by writing, not by
 * permission bits (root passes any access() check; a read-only mount does not).
 */
export function assertWritableDirs(config: Config): void {
  const dirs: [string, string][] = [
    ['DATA_DIR', config.dataDir],
    ['AUDIT_ANCHOR_DIR', config.anchorDir],
  ];
  for (const [name, dir] of dirs) {
    const abs = path.resolve(dir);
    const probe = path.join(abs, `.write-test-${process.pid}`);
    try {
      fs.mkdirSync(abs, { recursive: true });
      fs.writeFileSync(probe, '');
      fs.rmSync(probe);
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'error';
      throw new StartupError(
        `无法写入 ${name}（${abs}，${code}）：应用在这里保存数据、上传文件和审计锚点。请让运行应用的用户可以写入该目录，或设置 ${name} 指向可写的目录。`,
        `Cannot write to ${name} (${abs}, ${code}): the app keeps its data, uploads and audit anchors there. Make it writable by the user running the app, or set ${name} to a writable folder.`,
      );
    }
  }
}

/** Where a database URL points, without its password. */
export function describeTarget(url: string): { host: string; port: string; database: string; user: string } {
  const u = new URL(url);
  return {
    host: u.hostname || 'localhost',
    port: u.port || '5432',
    database: decodeURIComponent(u.pathname.slice(1)) || decodeURIComponent(u.username),
    user: decodeURIComponent(u.username),
  };
}

/** A clear refusal for a database that cannot be reached or used, or null for anything else (a bug: its stack is wanted). */
export function databaseStartupError(err: unknown, config: Config): StartupError | null {
  if (!config.databaseUrl) return null;
  const t = describeTarget(config.databaseUrl);
  const at = `${t.host}:${t.port}`;
  const vars = config.databaseOwnerUrl ? 'DATABASE_URL / DATABASE_OWNER_URL' : 'DATABASE_URL';
  for (const e of causes(err)) {
    const msg = typeof e.message === 'string' ? e.message : '';
    switch (e.code) {
      case 'ECONNREFUSED':
        return new StartupError(
          `数据库无法连接：${at} 拒绝连接（${vars}）。请确认 PostgreSQL 正在运行，主机和端口正确。`,
          `Cannot connect to the database: ${at} refused the connection (${vars}). Check that PostgreSQL is running there and that the host and port are right.`,
        );
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return new StartupError(
          `数据库无法连接：找不到主机 ${t.host}（${vars}）。请检查主机名。`,
          `Cannot connect to the database: host ${t.host} not found (${vars}). Check the host name.`,
        );
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
      case 'ETIMEDOUT':
        return new StartupError(
          `数据库无法连接：${at} 不可达（${e.code}，${vars}）。请检查网络和防火墙。`,
          `Cannot connect to the database: ${at} is unreachable (${e.code}, ${vars}). Check the network and firewall.`,
        );
      case '28P01':
      case '28000':
        return new StartupError(
          `数据库拒绝登录（${at}，${vars}）：${msg}。请检查用户名和密码。`,
          `The database refused the login (${at}, ${vars}): ${msg}. Check the user name and password.`,
        );
      case '3D000':
        return new StartupError(
          `数据库 ${t.database} 在 ${at} 上不存在（${vars}）：请先创建它（createdb ${t.database}）。`,
          `Database ${t.database} does not exist on ${at} (${vars}): create it first (createdb ${t.database}).`,
        );
      case '42501':
        return new StartupError(
          `数据库用户无权建表或授权（${vars}）：${msg}。迁移须以表的所有者运行：请设置 DATABASE_OWNER_URL。`,
          `The database role may not create tables or grant (${vars}): ${msg}. Migrations run as the tables' owner: set DATABASE_OWNER_URL.`,
        );
    }
    if (/^(timeout expired|Connection terminated due to connection timeout)/.test(msg)) {
      return new StartupError(
        `数据库无法连接：${at} 在 ${config.db.connectMs} 毫秒内没有应答（${vars}，DB_CONNECT_TIMEOUT_MS）。请检查主机、端口和网络。`,
        `Cannot connect to the database: no answer from ${at} within ${config.db.connectMs} ms (${vars}, DB_CONNECT_TIMEOUT_MS). Check the host, port and network.`,
      );
    }
    if (/^Connection terminated/.test(msg)) {
      return new StartupError(
        `数据库无法连接：${at} 关闭了连接（${vars}）。那里运行的是 PostgreSQL 吗？`,
        `Cannot connect to the database: ${at} closed the connection (${vars}). Is that a PostgreSQL server?`,
      );
    }
  }
  return null;
}
