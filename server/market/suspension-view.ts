import { and, desc, eq } from 'drizzle-orm';
import { users } from '../../models/accounts';
import { auditLog } from '../../models/audit';
import { regions } from '../../models/regions';
import type { Db, Tx } from '../platform/db';

// Issue 18 item 1: a suspended listing or deal says so — 已暂停, the bureau's reason, which
// bureau and since when — rather than its usual state and countdown. The bureau is read from
// the trail entry that suspended it (oversight/suspension.ts writes it in the same transaction).

export type SuspensionShown = { at: Date; reason: string; bureau: string | null };

export async function suspensionOf(
  db: Db | Tx,
  what: 'listing' | 'deal',
  row: { id: string; suspendedAt: Date | null; suspendReason: string | null },
): Promise<SuspensionShown | null> {
  if (!row.suspendedAt) return null;
  const [by] = await db
    .select({ name: regions.name })
    .from(auditLog)
    .innerJoin(users, eq(users.id, auditLog.actorId))
    .innerJoin(regions, eq(regions.code, users.regionCode))
    .where(and(eq(auditLog.entityType, what), eq(auditLog.entityId, row.id), eq(auditLog.action, `${what}.suspend`)))
    .orderBy(desc(auditLog.seq))
    .limit(1);
  return { at: row.suspendedAt, reason: row.suspendReason ?? '', bureau: by?.name ?? null };
}
