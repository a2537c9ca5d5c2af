import { and, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { households } from '../../models/households';
import { deals, listings } from '../../models/market';
import { alerts } from '../../models/oversight';
import { collectives } from '../../models/regions';
import { RIGHT_KINDS } from '../../models/rights';
import type { Db } from '../platform/db';
import { NotFound, ValidationError, type FieldErrors } from '../kernel/errors';
import type { Actor } from '../kernel/actor';
import { canLift, canSuspend, inScope, supervises } from './rules';
import { isUuid } from '../kernel/ids';
import { scopePrefix } from './scope';

// The cases the bureau supervises: lists of listings and deals in its region with filters,
// and one case's page (the target of alerts), where it suspends or lifts.

export const CASE_PAGE = 30;

export type CaseFilter = { status: string | null; kind: string | null; collective: string | null; suspended: boolean };

/** ?status=…&kind=…&collective=…&suspended=yes into a filter; a bad value is refused with a message. */
export function parseCaseQuery(q: Record<string, unknown>, statuses: readonly string[]): CaseFilter {
  const errors: FieldErrors = {};
  const s = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  const status = s(q.status),
    kind = s(q.kind),
    collective = s(q.collective),
    suspended = s(q.suspended);
  if (status && !statuses.includes(status)) errors.status = { code: 'oversight.badState' };
  if (kind && !(RIGHT_KINDS as readonly string[]).includes(kind)) errors.kind = { code: 'oversight.badKind' };
  if (collective && !isUuid(collective)) errors.collective = { code: 'oversight.badId' };
  if (suspended && suspended !== 'yes') errors.suspended = { code: 'invalidChoice' };
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return { status, kind, collective, suspended: suspended === 'yes' };
}

async function assertCollectiveInScope(db: Db, actor: Actor, id: string | null): Promise<void> {
  if (!id) return;
  const [c] = await db.select({ regionCode: collectives.regionCode }).from(collectives).where(eq(collectives.id, id)).limit(1);
  if (!c || !inScope(actor, c.regionCode)) throw new NotFound();
}

export async function listingCases(db: Db, actor: Actor, f: CaseFilter, page = 1) {
  const prefix = scopePrefix(actor);
  await assertCollectiveInScope(db, actor, f.collective);
  const conds: SQL[] = [sql`${listings.regionCode} like ${prefix + '%'}`];
  if (f.status) conds.push(sql`${listings.status} = ${f.status}`);
  if (f.kind) conds.push(sql`${listings.rightKind} = ${f.kind}`);
  if (f.collective) conds.push(eq(listings.collectiveId, f.collective));
  if (f.suspended) conds.push(sql`${listings.suspendedAt} is not null`);
  const where = and(...conds);
  const [{ total }] = await db.select({ total: count() }).from(listings).where(where);
  const list = await db
    .select({ l: listings, head: households.headName, code: households.code, collective: collectives.name })
    .from(listings)
    .innerJoin(households, eq(households.id, listings.sellerHouseholdId))
    .innerJoin(collectives, eq(collectives.id, listings.collectiveId))
    .where(where)
    .orderBy(desc(listings.createdAt), desc(listings.id))
    .limit(CASE_PAGE)
    .offset((page - 1) * CASE_PAGE);
  return { filter: f, list, total, page, pages: Math.max(1, Math.ceil(total / CASE_PAGE)) };
}

export async function dealCases(db: Db, actor: Actor, f: CaseFilter, page = 1) {
  const prefix = scopePrefix(actor);
  await assertCollectiveInScope(db, actor, f.collective);
  const conds: SQL[] = [sql`${deals.regionCode} like ${prefix + '%'}`];
  if (f.status) conds.push(sql`${deals.status} = ${f.status}`);
  if (f.kind) conds.push(sql`${listings.rightKind} = ${f.kind}`);
  if (f.collective) conds.push(eq(deals.collectiveId, f.collective));
  if (f.suspended) conds.push(sql`${deals.suspendedAt} is not null`);
  const where = and(...conds);
  const [{ total }] = await db.select({ total: count() }).from(deals).innerJoin(listings, eq(listings.id, deals.listingId)).where(where);
  const list = await db
    .select({ d: deals, kind: listings.rightKind, path: listings.path, collective: collectives.name })
    .from(deals)
    .innerJoin(listings, eq(listings.id, deals.listingId))
    .innerJoin(collectives, eq(collectives.id, deals.collectiveId))
    .where(where)
    .orderBy(desc(deals.createdAt), desc(deals.id))
    .limit(CASE_PAGE)
    .offset((page - 1) * CASE_PAGE);
  return { filter: f, list, total, page, pages: Math.max(1, Math.ceil(total / CASE_PAGE)) };
}

const buyer = alias(households, 'buyer');
/** What the case pages show of a household: no phone, no address. */
const party = (h: typeof households | typeof buyer) => ({
  id: h.id,
  code: h.code,
  headName: h.headName,
  hukouStatus: h.hukouStatus,
  settledOn: h.settledOn,
  settledCity: h.settledCity,
});

/** One listing as the bureau sees it, with its deal (if any) and its alerts. */
export async function listingCase(db: Db, actor: Actor, id: string) {
  scopePrefix(actor);
  if (!isUuid(id)) throw new NotFound();
  const [row] = await db
    .select({ l: listings, seller: party(households), collective: collectives.name })
    .from(listings)
    .innerJoin(households, eq(households.id, listings.sellerHouseholdId))
    .innerJoin(collectives, eq(collectives.id, listings.collectiveId))
    .where(eq(listings.id, id))
    .limit(1);
  if (!row || !inScope(actor, row.l.regionCode)) throw new NotFound();
  const [deal] = await db
    .select({ id: deals.id, number: deals.number, status: deals.status, suspendedAt: deals.suspendedAt })
    .from(deals)
    .where(eq(deals.listingId, id))
    .limit(1);
  const raised = await db.select().from(alerts).where(eq(alerts.listingId, id)).orderBy(desc(alerts.occurredAt));
  return {
    listing: row.l,
    seller: row.seller,
    collective: row.collective,
    deal: deal ?? null,
    alerts: raised,
    can: { supervise: supervises(actor, row.l.regionCode), suspend: canSuspend(actor, row.l, 'listing'), lift: canLift(actor, row.l) },
  };
}

export async function dealCase(db: Db, actor: Actor, id: string) {
  scopePrefix(actor);
  if (!isUuid(id)) throw new NotFound();
  const [row] = await db
    .select({ d: deals, l: listings, seller: party(households), buyer: party(buyer), collective: collectives.name })
    .from(deals)
    .innerJoin(listings, eq(listings.id, deals.listingId))
    .innerJoin(households, eq(households.id, deals.sellerHouseholdId))
    .leftJoin(buyer, eq(buyer.id, deals.buyerHouseholdId))
    .innerJoin(collectives, eq(collectives.id, deals.collectiveId))
    .where(eq(deals.id, id))
    .limit(1);
  if (!row || !inScope(actor, row.d.regionCode)) throw new NotFound();
  const raised = await db.select().from(alerts).where(eq(alerts.dealId, id)).orderBy(desc(alerts.occurredAt));
  return {
    deal: row.d,
    listing: row.l,
    seller: row.seller,
    buyer: row.buyer,
    collective: row.collective,
    alerts: raised,
    can: { supervise: supervises(actor, row.d.regionCode), suspend: canSuspend(actor, row.d, 'deal'), lift: canLift(actor, row.d) },
  };
}
