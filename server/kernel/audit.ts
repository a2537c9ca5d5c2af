import { now } from './clock';
import { desc, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { auditLog } from '../../models/audit';
import type { Db, Tx } from '../platform/db';
import { insertMany } from '../platform/bulk-insert';
import type { Actor } from './actor';
import { entryHash, GENESIS_HASH, KEYED } from './audit-hash';
import { recordOrigin } from './origins';

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId: string;
  collectiveId?: string | null;
  regionCode?: string | null;
  householdId?: string | null;
  rightId?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
};

export { entryHash, GENESIS_HASH } from './audit-hash';
export { verifyChain } from './audit-verify';

/**
 * Appends one entry to the trail inside the caller's transaction, so the change and its
 * record commit together. The advisory lock orders writers so each entry links to the last.
 */
export async function recordAudit(tx: Db | Tx, actor: Actor | null, e: AuditEntry): Promise<void> {
  // The lock lasts as long as its transaction. Called outside one (a login), it would end with its
  // own statement, and two writers on a connection pool could both link to the same last entry:
  // a forked chain. So such a caller gets a transaction of its own here.
  if (!(tx instanceof PgTransaction)) return (tx as Db).transaction((t) => recordAudit(t, actor, e));
  await tx.execute(sql`select pg_advisory_xact_lock(727002)`);
  const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  const prevHash = last?.hash ?? GENESIS_HASH;
  const at = now();
  const fields = {
    at: at.toISOString(),
    actorId: actor?.id ?? null,
    actorRole: actor?.role ?? null,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    collectiveId: e.collectiveId ?? null,
    regionCode: e.regionCode ?? null,
    householdId: e.householdId ?? null,
    rightId: e.rightId ?? null,
    before: e.before ?? null,
    after: e.after ?? null,
    reason: e.reason ?? null,
  };
  const hash = entryHash(prevHash, fields);
  const [row] = await tx
    .insert(auditLog)
    .values({ ...fields, at, before: fields.before, after: fields.after, prevHash, hash, keyVersion: KEYED })
    .returning({ seq: auditLog.seq });
  // The request's address beside the entry (not in it: an address is not part of what happened).
  await recordOrigin(tx, row.seq, at, actor, e.collectiveId);
}

/**
 * Appends many entries at once (imports) to the same chain as recordAudit: one lock, the
 * hashes linked here in order, explicit sequence numbers so the stored order is that order,
 * and a few thousand rows per statement instead of three round trips per entry.
 */
export async function recordAuditBatch(tx: Tx, actor: Actor | null, entries: AuditEntry[]): Promise<void> {
  if (!entries.length) return;
  await tx.execute(sql`select pg_advisory_xact_lock(727002)`);
  const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  const seqs = (
    (await tx.execute(
      sql`select nextval(pg_get_serial_sequence('audit_log', 'seq'))::text as s from generate_series(1, ${entries.length})`,
    )) as unknown as { rows: { s: string }[] }
  ).rows
    .map((r) => Number(r.s))
    .sort((a, b) => a - b);
  let prevHash = last?.hash ?? GENESIS_HASH;
  const at = now();
  const rows = entries.map((e, i) => {
    const fields = {
      at: at.toISOString(),
      actorId: actor?.id ?? null,
      actorRole: actor?.role ?? null,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      collectiveId: e.collectiveId ?? null,
      regionCode: e.regionCode ?? null,
      householdId: e.householdId ?? null,
      rightId: e.rightId ?? null,
      before: e.before ?? null,
      after: e.after ?? null,
      reason: e.reason ?? null,
    };
    const hash = entryHash(prevHash, fields);
    const row = [
      seqs[i],
      fields.at,
      fields.actorId,
      fields.actorRole,
      fields.action,
      fields.entityType,
      fields.entityId,
      fields.collectiveId,
      fields.regionCode,
      fields.householdId,
      fields.rightId,
      fields.before,
      fields.after,
      fields.reason,
      prevHash,
      hash,
      KEYED,
    ];
    prevHash = hash;
    return row;
  });
  await insertMany(
    tx,
    'audit_log',
    [
      ['seq', 'bigint'],
      ['at', 'timestamptz'],
      ['actor_id', 'uuid'],
      ['actor_role', 'text'],
      ['action', 'text'],
      ['entity_type', 'text'],
      ['entity_id', 'text'],
      ['collective_id', 'uuid'],
      ['region_code', 'text'],
      ['household_id', 'uuid'],
      ['right_id', 'uuid'],
      ['before', 'jsonb'],
      ['after', 'jsonb'],
      ['reason', 'text'],
      ['prev_hash', 'text'],
      ['hash', 'text'],
      ['key_version', 'int'],
    ],
    rows,
  );
}
