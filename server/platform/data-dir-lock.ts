import { now } from '../kernel/clock';
import fs from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

// The embedded database (PGlite) takes no lock of its own: it writes a postmaster.pid with a
// fake pid (-42) and a second process opens the same folder without complaint, which would
// corrupt it. So the app, the backup and the restore each hold DATA_DIR/app.lock, with their
// real pid, while they use the folder; whoever finds a live holder refuses.

export const LOCK_FILE = 'app.lock';

export type LockInfo = { pid: number; host: string; purpose: string; since: string };

export class DataDirBusy extends Error {}

export type DataDirLock = { path: string; release: () => void };

/** Whether a process of this machine is running (EPERM: it is, as another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLock(dataDir: string): LockInfo | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')) as LockInfo;
  } catch {
    return null;
  }
}

/** The live holder of the folder, if any. A lock left by a dead process on this host does not count. */
export function lockHolder(dataDir: string): LockInfo | null {
  const info = readLock(dataDir);
  if (!info) return null;
  // On another host (a shared volume) we cannot tell, so it counts as held.
  if (info.host !== hostname()) return info;
  return Number.isInteger(info.pid) && isAlive(info.pid) ? info : null;
}

function busy(dataDir: string, h: LockInfo): DataDirBusy {
  const file = path.join(dataDir, LOCK_FILE);
  return new DataDirBusy(
    `数据目录 ${dataDir} 正被进程 ${h.pid}（${h.purpose}，主机 ${h.host}，始于 ${h.since}）使用，请先停止它。\n` +
      `The data directory ${dataDir} is in use by process ${h.pid} (${h.purpose} on ${h.host}, since ${h.since}); stop it first.\n` +
      `如确认没有这样的进程在运行，可删除 ${file}。 If no such process is running, delete ${file}.`,
  );
}

/** Takes the folder for `purpose` (app, backup, restore) or throws DataDirBusy naming the holder. */
export function acquireDataDirLock(dataDir: string, purpose: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const mine: LockInfo = { pid: process.pid, host: hostname(), purpose, since: now().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: 'wx' });
      return { path: file, release: () => releaseIfMine(file, mine.pid) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = lockHolder(dataDir);
      if (holder) throw busy(dataDir, holder);
      fs.rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw busy(dataDir, readLock(dataDir) ?? { pid: -1, host: '?', purpose: '?', since: '?' });
}

function releaseIfMine(file: string, pid: number): void {
  try {
    const info = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
    if (info.pid === pid && info.host === hostname()) fs.rmSync(file, { force: true });
  } catch {
    // already gone
  }
}
