import { asc, desc, eq, inArray, or } from 'drizzle-orm';
import { auditLog } from '../../models/audit';
import { certificates } from '../../models/certificates';
import { homesteads, landContracts, parcels, rights, shareHoldings } from '../../models/rights';
import type { Db, Tx } from '../db';

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
  const list = await db.select().from(rights).where(or(...conds)).orderBy(asc(rights.kind), asc(rights.createdAt));
  if (!list.length) return [];
  const ids = list.map((r) => r.id);
  const [contracts, parcelRows, homesteadRows, shareRows, certRows] = await Promise.all([
    db.select().from(landContracts).where(inArray(landContracts.rightId, ids)),
    db.select().from(parcels).where(inArray(parcels.rightId, ids)).orderBy(asc(parcels.code)),
    db.select().from(homesteads).where(inArray(homesteads.rightId, ids)),
    db.select().from(shareHoldings).where(inArray(shareHoldings.rightId, ids)),
    db.select().from(certificates).where(inArray(certificates.rightId, ids)).orderBy(desc(certificates.issuedAt)),
  ]);
  return list.map((right) => {
    const certs = certRows.filter((c) => c.rightId === right.id);
    return {
      right,
      contract: contracts.find((c) => c.rightId === right.id),
      parcels: right.kind === 'land' ? parcelRows.filter((p) => p.rightId === right.id) : undefined,
      homestead: homesteadRows.find((h) => h.rightId === right.id),
      shares: shareRows.find((s) => s.rightId === right.id)?.shares,
      certificates: certs,
      validCertificate: certs.find((c) => c.status === 'valid'),
    };
  });
}

/** A household's trail: its own entries and those of its rights, newest first. */
export async function householdHistory(db: Db | Tx, householdId: string, limit = 100) {
  return db.select().from(auditLog).where(eq(auditLog.householdId, householdId)).orderBy(desc(auditLog.seq)).limit(limit);
}

export function rightAreaLabel(d: RightDetail): { value: string; unit: 'mu' | 'm2' | 'shares' } {
  if (d.right.kind === 'land') {
    const total = (d.parcels ?? []).filter((p) => p.status === 'active').reduce((s, p) => s + p.areaMuCenti, 0);
    return { value: (total / 100).toFixed(2), unit: 'mu' };
  }
  if (d.right.kind === 'homestead') return { value: ((d.homestead?.areaM2Centi ?? 0) / 100).toFixed(2), unit: 'm2' };
  return { value: String(d.shares ?? 0), unit: 'shares' };
}
