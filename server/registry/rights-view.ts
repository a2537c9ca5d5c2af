import { asc, desc, eq, inArray, or } from 'drizzle-orm';
import { users } from '../../models/accounts';
import { auditLog } from '../../models/audit';
import { certificates } from '../../models/certificates';
import { homesteads, landContracts, parcels, rights, shareHoldings } from '../../models/rights';
import type { Db, Tx } from '../platform/db';

export type Certificate = typeof certificates.$inferSelect;
export type RightDetail = {
  right: typeof rights.$inferSelect;
  contract?: typeof landContracts.$inferSelect;
  parcels?: (typeof parcels.$inferSelect)[];
  homestead?: typeof homesteads.$inferSelect;
  shares?: number;
  certificates: Certificate[];
  validCertificate?: Certificate;
};

/** Every right of the given households, with its kind's details and certificate history. */
export async function rightDetails(db: Db | Tx, where: { householdIds?: string[]; rightIds?: string[] }): Promise<RightDetail[]> {
  const conds = [];
  if (where.householdIds?.length) conds.push(inArray(rights.householdId, where.householdIds));
  if (where.rightIds?.length) conds.push(inArray(rights.id, where.rightIds));
  if (!conds.length) return [];
  // Three statements sent at once (not six in two waves): the one-to-one details (contract,
  // homestead, shares; keyed by right_id) joined to the rights, and the one-to-many ones
  // (parcels, certificates) selected by the same condition as a subquery. Round trips are
  // much of a page's cost under load (BENCHMARKS.md).
  const which = or(...conds);
  const ids = db.select({ id: rights.id }).from(rights).where(which);
  const [list, parcelRows, certRows] = await Promise.all([
    db
      .select({ right: rights, contract: landContracts, homestead: homesteads, shares: shareHoldings.shares })
      .from(rights)
      .leftJoin(landContracts, eq(landContracts.rightId, rights.id))
      .leftJoin(homesteads, eq(homesteads.rightId, rights.id))
      .leftJoin(shareHoldings, eq(shareHoldings.rightId, rights.id))
      .where(which)
      .orderBy(asc(rights.kind), asc(rights.createdAt)),
    db.select().from(parcels).where(inArray(parcels.rightId, ids)).orderBy(asc(parcels.code)),
    db.select().from(certificates).where(inArray(certificates.rightId, ids)).orderBy(desc(certificates.issuedAt)),
  ]);
  return list.map(({ right, contract, homestead, shares }) => {
    const certs = certRows.filter((c) => c.rightId === right.id);
    return {
      right,
      contract: contract ?? undefined,
      parcels: right.kind === 'land' ? parcelRows.filter((p) => p.rightId === right.id) : undefined,
      homestead: homestead ?? undefined,
      shares: shares ?? undefined,
      certificates: certs,
      validCertificate: certs.find((c) => c.status === 'valid'),
    };
  });
}

/** A household's trail: its own entries and those of its rights, newest first, with who acted (one statement). */
export async function householdHistory(db: Db | Tx, householdId: string, limit = 100) {
  const list = await db
    .select({ entry: auditLog, actorName: users.displayName })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(eq(auditLog.householdId, householdId))
    .orderBy(desc(auditLog.seq))
    .limit(limit);
  const actorNames: Record<string, string> = {};
  for (const r of list) if (r.entry.actorId && r.actorName != null) actorNames[r.entry.actorId] = r.actorName;
  return { history: list.map((r) => r.entry), actorNames };
}

export function rightAreaLabel(d: RightDetail): { value: string; unit: 'mu' | 'm2' | 'shares' } {
  if (d.right.kind === 'land') {
    const total = (d.parcels ?? []).filter((p) => p.status === 'active').reduce((s, p) => s + p.areaMuCenti, 0);
    return { value: (total / 100).toFixed(2), unit: 'mu' };
  }
  if (d.right.kind === 'homestead') return { value: ((d.homestead?.areaM2Centi ?? 0) / 100).toFixed(2), unit: 'm2' };
  return { value: String(d.shares ?? 0), unit: 'shares' };
}
