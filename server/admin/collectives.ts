import { and, asc, eq, ilike, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { households } from '../../models/households';
import { collectives, regions } from '../../models/regions';
import type { Db, Tx } from '../platform/db';
import { Conflict, NotFound, ValidationError, type FieldErrors } from '../kernel/errors';
import { assertRole, type Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import type { Collective } from '../registry/collectives';
import { allocatedShares } from '../registry/rights';
import { withDbErrors } from '../kernel/tx';
import { accept, type Submitted } from '../kernel/commands';
import { collectiveCommand, type CollectiveCommand } from './commands';
import { escapeLike } from './users-page';
import { isUuid } from '../kernel/ids';

type CollectiveFields = Omit<CollectiveCommand, 'version'>;

/** Checks that need the database: the village exists, the codes are not someone else's. */
async function checkReferences(tx: Tx, v: CollectiveFields, selfId: string | null): Promise<void> {
  const errors: FieldErrors = {};
  const [village] = await tx.select().from(regions).where(eq(regions.code, v.regionCode)).limit(1);
  if (village?.level !== 'village') errors.regionCode = { code: 'villageRequired' };
  const others = (col: ReturnType<typeof eq>) => (selfId ? and(col, ne(collectives.id, selfId)) : col);
  const [sameCode] = await tx
    .select({ id: collectives.id })
    .from(collectives)
    .where(others(eq(collectives.registrationCode, v.registrationCode)))
    .limit(1);
  if (sameCode) errors.registrationCode = { code: 'duplicateRegistrationCode' };
  // Household and parcel codes start with region + group (the 发包方编码); two collectives sharing it would clash.
  const [sameIssuer] = await tx
    .select({ name: collectives.name })
    .from(collectives)
    .where(others(and(eq(collectives.regionCode, v.regionCode), eq(collectives.groupCode, v.groupCode))!))
    .limit(1);
  if (sameIssuer) errors.groupCode = { code: 'issuerCodeTaken', params: { name: sameIssuer.name } };
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

export async function createCollective(db: Db, actor: Actor, cmd: Submitted<CollectiveCommand>, at: Date): Promise<Collective> {
  assertRole(actor, 'admin');
  const { version: _none, ...v } = accept(collectiveCommand, cmd);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      await checkReferences(tx, v, null);
      const [row] = await tx
        .insert(collectives)
        .values({ ...v, createdAt: at, updatedAt: at })
        .returning();
      await recordAudit(tx, actor, {
        action: 'collective.create',
        entityType: 'collective',
        entityId: row.id,
        collectiveId: row.id,
        regionCode: row.regionCode,
        after: row,
      });
      return row;
    }),
  );
}

/**
 * Edits a collective. `version` is the updated_at the form was drawn from: a change made by
 * someone else in between is refused rather than overwritten.
 */
export async function updateCollective(db: Db, actor: Actor, id: string, cmd: Submitted<CollectiveCommand>, at: Date): Promise<Collective> {
  assertRole(actor, 'admin');
  const { version, ...v } = accept(collectiveCommand, cmd);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const before = await lockCollective(tx, id);
      if (version && String(before.updatedAt.getTime()) !== version) throw new Conflict();
      await checkReferences(tx, v, id);
      const errors: FieldErrors = {};
      if (v.regionCode !== before.regionCode || v.groupCode !== before.groupCode) {
        const [h] = await tx.select({ id: households.id }).from(households).where(eq(households.collectiveId, id)).limit(1);
        if (h) errors.regionCode = { code: 'collectiveCodesLocked' };
      }
      const allocated = await allocatedShares(tx, id);
      if (v.totalShares < allocated) errors.totalShares = { code: 'totalBelowAllocated', params: { allocated } };
      if (Object.keys(errors).length) throw new ValidationError(errors);
      const [after] = await tx
        .update(collectives)
        .set({ ...v, updatedAt: at })
        .where(eq(collectives.id, id))
        .returning();
      await recordAudit(tx, actor, {
        action: 'collective.update',
        entityType: 'collective',
        entityId: id,
        collectiveId: id,
        regionCode: after.regionCode,
        before: changed(before, after, 'before'),
        after: changed(before, after, 'after'),
      });
      return after;
    }),
  );
}

async function lockCollective(tx: Tx, id: string): Promise<Collective> {
  if (!isUuid(id)) throw new NotFound();
  const [c] = await tx.select().from(collectives).where(eq(collectives.id, id)).for('update').limit(1);
  if (!c) throw new NotFound();
  return c;
}

/** Only the fields that changed, so the trail reads as a diff. */
function changed(before: Collective, after: Collective, side: 'before' | 'after'): Record<string, unknown> {
  const keys = (Object.keys(after) as (keyof Collective)[]).filter((k) => k !== 'updatedAt' && k !== 'createdAt' && before[k] !== after[k]);
  const src = side === 'before' ? before : after;
  return Object.fromEntries(keys.map((k) => [k, src[k]]));
}

export async function findCollective(db: Db, id: string): Promise<Collective> {
  if (!isUuid(id)) throw new NotFound();
  const [c] = await db.select().from(collectives).where(eq(collectives.id, id)).limit(1);
  if (!c) throw new NotFound();
  return c;
}

const PAGE = 50;
const county = alias(regions, 'county');
const township = alias(regions, 'township');

/** Collectives with the names of their village, township and county. */
export async function listCollectives(db: Db, f: { q?: string; page: number }) {
  const q = (f.q ?? '').trim().slice(0, 40);
  const where = q
    ? or(
        ilike(collectives.name, `%${escapeLike(q)}%`),
        ilike(collectives.regionCode, `${escapeLike(q)}%`),
        eq(collectives.registrationCode, q.toUpperCase()),
      )
    : undefined;
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(collectives).where(where);
  const list = await db
    .select({
      id: collectives.id,
      name: collectives.name,
      regionCode: collectives.regionCode,
      groupCode: collectives.groupCode,
      level: collectives.level,
      registrationCode: collectives.registrationCode,
      village: regions.name,
      township: township.name,
      county: county.name,
      households: sql<number>`(select count(*)::int from households h where h.collective_id = ${collectives.id})`,
    })
    .from(collectives)
    .leftJoin(regions, eq(regions.code, collectives.regionCode))
    .leftJoin(township, eq(township.code, sql`substr(${collectives.regionCode}, 1, 9)`))
    .leftJoin(county, eq(county.code, sql`substr(${collectives.regionCode}, 1, 6)`))
    .where(where)
    .orderBy(asc(collectives.regionCode), asc(collectives.groupCode))
    .limit(PAGE)
    .offset((f.page - 1) * PAGE);
  return { list, total: n, page: f.page, pages: Math.max(1, Math.ceil(n / PAGE)) };
}

/** Villages for the region picker, named with their township and county. */
export async function villageOptions(db: Db): Promise<{ code: string; label: string }[]> {
  const list = await db
    .select({ code: regions.code, village: regions.name, township: township.name, county: county.name })
    .from(regions)
    .leftJoin(township, eq(township.code, regions.parentCode))
    .leftJoin(county, eq(county.code, sql`substr(${regions.code}, 1, 6)`))
    .where(eq(regions.level, 'village'))
    .orderBy(regions.code);
  return list.map((r) => ({ code: r.code, label: [r.county, r.township, r.village].filter(Boolean).join(' ') }));
}

export const COLLECTIVE_DEFAULTS = {
  groupCode: '00',
  level: 'village',
  noticeDays: 10,
  shareCapPercent: 300,
  totalShares: 0,
  landReturnNoticeMonths: 6,
  homesteadLimitPlainM2: 80,
  homesteadLimitHillM2: 120,
  homesteadLimitMountainM2: 150,
  // Issue 20: no deposit, a walked-away buyer's deposit to the collective, no supervision.
  depositFen: 0,
  depositPercent: 0,
  depositForfeitTo: 'collective',
  supervisedPayment: false,
};
