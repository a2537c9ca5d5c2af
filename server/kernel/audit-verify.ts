import { sql } from 'drizzle-orm';
import { auditLog } from '../../models/audit';
import type { Db } from '../platform/db';
import { databaseLabel, readAnchors, type Anchor, type BadLine } from './audit-anchors';
import { entryHash, GENESIS_HASH, UNKEYED } from './audit-hash';

export type ChainHead = { seq: number; hash: string; at: Date };

export type ChainWalk = {
  /** Entries intact before the first break (all of them when there is none). */
  count: number;
  /** Every entry read. */
  total: number;
  brokenAt: number | null;
  head: ChainHead | null;
  /** The stored hash of each watched sequence number that exists. */
  seen: Map<number, string>;
};

/**
 * Re-computes the chain in sequence order. After the first break it reads on (without counting)
 * so that the watched entries (anchored ones) are still compared, and the head is the real one.
 */
export async function walkChain(db: Db, watch: ReadonlySet<number> = new Set()): Promise<ChainWalk> {
  const out: ChainWalk = { count: 0, total: 0, brokenAt: null, head: null, seen: new Map() };
  let prev = GENESIS_HASH;
  let keyed = false;
  let after = 0;
  for (;;) {
    const batch = await db.select().from(auditLog).where(sql`${auditLog.seq} > ${after}`).orderBy(auditLog.seq).limit(5000);
    if (batch.length === 0) return out;
    for (const row of batch) {
      const fields = {
        at: row.at.toISOString(),
        actorId: row.actorId,
        actorRole: row.actorRole,
        action: row.action,
        entityType: row.entityType,
        entityId: row.entityId,
        collectiveId: row.collectiveId,
        regionCode: row.regionCode,
        householdId: row.householdId,
        rightId: row.rightId,
        before: row.before,
        after: row.after,
        reason: row.reason,
      };
      // An unkeyed entry after a keyed one is a downgrade: someone without the key relinked it.
      const downgrade = keyed && row.keyVersion === UNKEYED;
      keyed ||= row.keyVersion !== UNKEYED;
      const intact = !downgrade && row.prevHash === prev && entryHash(prev, fields, row.keyVersion) === row.hash;
      if (!intact && out.brokenAt === null) out.brokenAt = row.seq;
      if (out.brokenAt === null) out.count++;
      if (watch.has(row.seq)) out.seen.set(row.seq, row.hash);
      out.total++;
      prev = row.hash;
      after = row.seq;
      out.head = { seq: row.seq, hash: row.hash, at: row.at };
    }
  }
}

/** Re-computes the chain; returns the first entry whose link or content does not match. */
export async function verifyChain(db: Db): Promise<{ ok: true; count: number } | { ok: false; brokenAt: number; count: number }> {
  const w = await walkChain(db);
  return w.brokenAt === null ? { ok: true, count: w.count } : { ok: false, brokenAt: w.brokenAt, count: w.count };
}

export type Finding =
  | { kind: 'cutTail'; headSeq: number | null; anchoredSeq: number; anchoredAt: string }
  | { kind: 'rewritten' | 'missing'; seq: number; anchoredAt: string }
  | { kind: 'badAnchor'; file: string; line: number; reason: BadLine['reason'] };

export type Verification = {
  ok: boolean;
  count: number;
  total: number;
  brokenAt: number | null;
  head: ChainHead | null;
  findings: Finding[];
  /** Anchors compared; the latest of them; the restore they start from (earlier anchors are history). */
  anchors: { checked: number; last: Anchor | null; restoredAt: string | null; superseded: number };
};

/**
 * The chain, and the chain against its anchors: an anchored entry that is gone from the end is a
 * cut tail, one that is gone from the middle is missing, one whose hash changed was rewritten.
 * A restore (its own signed record) starts the comparison afresh: the anchors before it describe
 * the database it replaced.
 */
export async function verifyWithAnchors(db: Db, dir: string): Promise<Verification> {
  // Anchors first: each names an entry committed before it was written, so the walk that
  // follows sees every anchored entry that still exists.
  const file = readAnchors(dir, await databaseLabel(db));
  let restore = -1;
  file.anchors.forEach((a, i) => {
    if (a.kind === 'restore') restore = i;
  });
  const current = restore < 0 ? file.anchors : file.anchors.slice(restore);
  const w = await walkChain(db, new Set(current.map((a) => a.seq)));
  const headSeq = w.head?.seq ?? 0;
  const findings: Finding[] = file.bad.map((b) => ({ kind: 'badAnchor' as const, ...b }));
  const beyond = current.filter((a) => a.seq > headSeq).sort((a, b) => b.seq - a.seq)[0];
  if (beyond) findings.push({ kind: 'cutTail', headSeq: w.head?.seq ?? null, anchoredSeq: beyond.seq, anchoredAt: beyond.at });
  const reported = new Set<number>();
  for (const a of current) {
    // seq 0: a restore of an empty trail, nothing to compare.
    if (a.seq === 0 || a.seq > headSeq || reported.has(a.seq)) continue;
    const stored = w.seen.get(a.seq);
    if (stored === a.hash) continue;
    reported.add(a.seq);
    findings.push({ kind: stored === undefined ? 'missing' : 'rewritten', seq: a.seq, anchoredAt: a.at });
  }
  return {
    ok: w.brokenAt === null && findings.length === 0,
    count: w.count,
    total: w.total,
    brokenAt: w.brokenAt,
    head: w.head,
    findings,
    anchors: {
      checked: current.length,
      last: current.at(-1) ?? null,
      restoredAt: restore < 0 ? null : file.anchors[restore].at,
      superseded: Math.max(restore, 0),
    },
  };
}
