import { now } from './clock';
import { desc, sql } from 'drizzle-orm';
import fs from 'node:fs';
import path from 'node:path';
import { auditLog } from '../../models/audit';
import { rows, type Db } from '../platform/db';
import { anchorMac, auditKeyId, sameHex } from './audit-hash';

// The chain's head, signed and written outside the database: whoever deletes the newest entries
// (or rewrites anchored ones) in the database cannot make the anchors agree, because the anchors
// are files the database does not hold, signed with AUDIT_KEY, which the database does not hold
// either. One JSON line per anchor, appended to anchors-<year>.jsonl in the anchor folder
// (AUDIT_ANCHOR_DIR): periodically, after each verification, with each annual report, and after a
// restore ('restore': the operator's new starting point; older anchors are then history).

export type AnchorKind = 'head' | 'restore';
export type Anchor = { v: 1; kind: AnchorKind; db: string; seq: number; hash: string; at: string; keyId: string; mac: string };
export type BadLine = { file: string; line: number; reason: 'unreadable' | 'forged' | 'otherKey' };
export type AnchorFile = { anchors: Anchor[]; bad: BadLine[]; otherDatabases: number };

const FILE = /^anchors-\d{4}\.jsonl$/;

/** Which database the anchors belong to: the server's database name, or the embedded one. */
export async function databaseLabel(db: Db): Promise<string> {
  const [r] = await rows<{ name: string; version: string }>(db, sql`select current_database() as name, version() as version`);
  return /PGlite|emscripten|wasm/i.test(r.version) ? 'embedded' : r.name;
}

export async function chainHead(db: Db): Promise<{ seq: number; hash: string } | null> {
  const [last] = await db.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  return last ?? null;
}

function sign(body: Omit<Anchor, 'mac'>): Anchor {
  return { ...body, mac: anchorMac(body) };
}

/** Every anchor line in the folder for this database, in the order written; lines that do not check out are listed apart. */
export function readAnchors(dir: string, label: string): AnchorFile {
  const out: AnchorFile = { anchors: [], bad: [], otherDatabases: 0 };
  if (!fs.existsSync(dir)) return out;
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => FILE.test(f))
    .sort()) {
    const lines = fs.readFileSync(path.join(dir, file), 'utf8').split('\n');
    for (const [i, text] of lines.entries()) {
      if (!text.trim()) continue;
      const a = parse(text);
      if (!a) {
        out.bad.push({ file, line: i + 1, reason: 'unreadable' });
        continue;
      }
      if (a.db !== label) {
        out.otherDatabases++;
        continue;
      }
      const { mac, ...body } = a;
      if (sameHex(mac, anchorMac(body))) out.anchors.push(a);
      else out.bad.push({ file, line: i + 1, reason: a.keyId === auditKeyId() ? 'forged' : 'otherKey' });
    }
  }
  return out;
}

function parse(text: string): Anchor | null {
  try {
    const a = JSON.parse(text) as Anchor;
    const ok =
      a &&
      a.v === 1 &&
      (a.kind === 'head' || a.kind === 'restore') &&
      typeof a.db === 'string' &&
      Number.isSafeInteger(a.seq) &&
      a.seq >= 0 &&
      /^[0-9a-f]{64}$/.test(a.hash) &&
      typeof a.at === 'string' &&
      !Number.isNaN(Date.parse(a.at)) &&
      typeof a.keyId === 'string' &&
      /^[0-9a-f]{64}$/.test(a.mac);
    return ok ? a : null;
  } catch {
    return null;
  }
}

/**
 * Appends the current head to the anchor folder and returns it. A 'head' anchor is skipped
 * (null) when the chain is empty or has not moved since this database's last anchor, unless
 * `always` (an annual report prints the anchor it made).
 */
export async function writeAnchor(db: Db, dir: string, opts: { kind?: AnchorKind; always?: boolean } = {}): Promise<Anchor | null> {
  const kind = opts.kind ?? 'head';
  const [head, label] = await Promise.all([chainHead(db), databaseLabel(db)]);
  if (!head) return null;
  if (kind === 'head' && !opts.always) {
    const last = readAnchors(dir, label).anchors.at(-1);
    if (last && last.seq === head.seq && last.hash === head.hash) return null;
  }
  return appendAnchor(dir, label, head, kind);
}

/** Signs and appends one anchor line (scripts that hold the head already, such as a restore, call this). */
export function appendAnchor(dir: string, label: string, head: { seq: number; hash: string }, kind: AnchorKind): Anchor {
  const anchor = sign({ v: 1, kind, db: label, seq: head.seq, hash: head.hash, at: now().toISOString(), keyId: auditKeyId() });
  fs.mkdirSync(dir, { recursive: true });
  // One write of one line with O_APPEND, flushed before we say it is written.
  const fd = fs.openSync(path.join(dir, `anchors-${anchor.at.slice(0, 4)}.jsonl`), 'a', 0o640);
  try {
    fs.writeSync(fd, `${JSON.stringify(anchor)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return anchor;
}

/** Anchors the head every `minutes` (when it moved); unref'd, errors logged, never thrown. */
export function startAnchoring(db: Db, dir: string, minutes: number, log: { error: (o: object, m: string) => void }): () => Promise<void> {
  const tick = () =>
    writeAnchor(db, dir).then(
      () => undefined,
      (err) => log.error({ err }, 'audit anchor could not be written'),
    );
  setInterval(tick, minutes * 60_000).unref();
  return tick;
}
