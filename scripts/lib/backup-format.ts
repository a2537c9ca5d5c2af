import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Which migrations a database (or this code) has applied: carried in every backup's header. */
export type MigrationState = { applied: number; lastCreatedAt: number | null; lastTag: string | null };

// A backup file is an 8 KiB header (JSON padded with spaces, ending in a newline, so `head -c 8192`
// shows it) followed by the payload: PGlite's gzipped data folder, or a pg_dump custom archive.
// The header carries the payload's SHA-256, checked in full before a restore touches anything.

export const HEADER_BYTES = 8192;
export const FORMAT = 'sanquan-backup';
export const FORMAT_VERSION = 1;

export type BackupKind = 'pglite' | 'pg';

export type BackupHeader = {
  format: typeof FORMAT;
  version: number;
  kind: BackupKind;
  createdAt: string;
  source: string;
  server: string;
  tool: string;
  migrations: MigrationState;
  tables: Record<string, number>;
  sequences: Record<string, string | null>;
  audit: { entries: number; intact: boolean; brokenAt?: number };
  payloadBytes: number;
  sha256: string;
};

/** A refusal the operator can act on; the message is zh-CN then English. */
export class BackupRefused extends Error {
  constructor(zh: string, en: string) {
    super(`${zh}\n${en}`);
  }
}

function hasher(): Transform & { digest: () => { sha256: string; bytes: number } } {
  const h = createHash('sha256');
  let bytes = 0;
  const t = new Transform({
    transform(chunk: Buffer, _enc, done) {
      h.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  return Object.assign(t, { digest: () => ({ sha256: h.digest('hex'), bytes }) });
}

/**
 * Streams the payload into `out` behind the header, atomically: everything goes to a temp file
 * next to `out`, is flushed to disk, and only then renamed, so a crash never leaves a half backup
 * under the final name.
 */
export async function writeBackupFile(
  out: string,
  header: Omit<BackupHeader, 'payloadBytes' | 'sha256'>,
  payload: Readable,
  settled: () => Promise<void> = async () => undefined,
): Promise<BackupHeader> {
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  const tmp = `${out}.tmp-${process.pid}`;
  try {
    const h = hasher();
    await pipeline(payload, h, fs.createWriteStream(tmp, { start: HEADER_BYTES }));
    await settled(); // e.g. pg_dump's exit status: a dump that failed half-way must not be kept
    const { sha256, bytes } = h.digest();
    const full: BackupHeader = { ...header, payloadBytes: bytes, sha256 };
    const json = Buffer.from(JSON.stringify(full), 'utf8');
    if (json.length > HEADER_BYTES - 1) throw new Error(`backup header too large (${json.length} bytes)`);
    const block = Buffer.alloc(HEADER_BYTES, 0x20);
    json.copy(block);
    block[HEADER_BYTES - 1] = 0x0a;
    const fd = fs.openSync(tmp, 'r+');
    try {
      fs.writeSync(fd, block, 0, HEADER_BYTES, 0);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, out);
    syncDir(path.dirname(path.resolve(out)));
    return full;
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // some file systems refuse fsync on a directory; the rename is still atomic
  }
}

function notABackup(file: string, why: string): BackupRefused {
  return new BackupRefused(
    `${file} 不是本系统的备份文件，或文件头已损坏（${why}）。`,
    `${file} is not a backup of this system, or its header is damaged (${why}).`,
  );
}

export function readBackupHeader(file: string): BackupHeader {
  if (!fs.existsSync(file)) throw new BackupRefused(`找不到备份文件 ${file}。`, `Backup file ${file} not found.`);
  const fd = fs.openSync(file, 'r');
  const block = Buffer.alloc(HEADER_BYTES);
  let read: number;
  try {
    read = fs.readSync(fd, block, 0, HEADER_BYTES, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (read < HEADER_BYTES) throw notABackup(file, 'too short');
  let header: BackupHeader;
  try {
    header = JSON.parse(block.toString('utf8').trimEnd()) as BackupHeader;
  } catch {
    throw notABackup(file, 'header is not JSON');
  }
  if (header?.format !== FORMAT) throw notABackup(file, 'unknown format');
  if (header.version > FORMAT_VERSION) {
    throw new BackupRefused(
      `备份文件格式版本 ${header.version} 比本程序新，请用更新版本的程序恢复。`,
      `The backup's format version ${header.version} is newer than this program; restore it with a newer version.`,
    );
  }
  return header;
}

/** Reads the whole payload and compares its length and SHA-256 with the header. */
export async function verifyPayload(file: string, header: BackupHeader): Promise<void> {
  const h = hasher();
  await pipeline(payloadStream(file), h, async (source: AsyncIterable<Buffer>) => {
    for await (const _ of source) {
      /* hashed on the way */
    }
  });
  const { sha256, bytes } = h.digest();
  if (bytes !== header.payloadBytes || sha256 !== header.sha256) {
    throw new BackupRefused(
      `备份文件 ${file} 已损坏（校验和不符：应为 ${header.sha256.slice(0, 12)}…/${header.payloadBytes} 字节，实为 ${sha256.slice(0, 12)}…/${bytes} 字节），未做任何更改。`,
      `Backup file ${file} is damaged (checksum mismatch: expected ${header.sha256.slice(0, 12)}…/${header.payloadBytes} bytes, found ${sha256.slice(0, 12)}…/${bytes} bytes); nothing was changed.`,
    );
  }
}

export function payloadStream(file: string): Readable {
  return fs.createReadStream(file, { start: HEADER_BYTES });
}

export function defaultBackupPath(kind: BackupKind, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
  return path.join('backups', `sanquan-${kind}-${stamp}.sqbak`);
}
