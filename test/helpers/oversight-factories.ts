import { now } from '../../server/kernel/clock';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { deals, listings } from '../../models/market';
import { parcels, shareHoldings } from '../../models/rights';
import type { Db } from '../../server/platform/db';
import type { Actor } from '../../server/kernel/actor';
import { issueCertificate } from '../../server/registry/certificates';
import { registerHomestead, registerLand, registerShares } from '../../server/registry/rights';
import { homesteadInput, idNumber, landInput, makeCollective, makeHousehold, makeUser, VILLAGE_A, VILLAGE_B } from './factories';

// Data for the oversight tests. Households and rights go through the registry's use cases;
// listings and deals in the states the statistics count are inserted directly (with the
// times the tests need), since the market's use cases always act "now".

export const COUNTY_A = '440205'; // 曲江区 (VILLAGE_A)
export const COUNTY_B = '440203'; // 武江区 (VILLAGE_B)

export async function oversightWorld(db: Db) {
  const cA1 = await makeCollective(db, { regionCode: VILLAGE_A });
  const cA2 = await makeCollective(db, { regionCode: VILLAGE_A });
  const cB = await makeCollective(db, { regionCode: VILLAGE_B });
  const officer = async (c: { id: string }) => (await makeUser(db, 'officer', { collectiveId: c.id })).actor;
  const [oA1, oA2, oB] = [await officer(cA1), await officer(cA2), await officer(cB)];
  const city = await makeUser(db, 'bureau', { regionCode: '440200' });
  const countyA = await makeUser(db, 'bureau', { regionCode: COUNTY_A });
  const countyB = await makeUser(db, 'bureau', { regionCode: COUNTY_B });
  const admin = await makeUser(db, 'admin');
  return { cA1, cA2, cB, oA1, oA2, oB, city, countyA, countyB, admin };
}

type C = { id: string; regionCode: string; groupCode: string };

/** A household; `settledOn` makes it (and its head) settled in a city on that day. */
export async function household(db: Db, officer: Actor, c: C, settledOn?: string) {
  const settled = settledOn ? { hukouStatus: 'settled_city', settledOn, settledCity: '广州市' } : {};
  return makeHousehold(db, officer, c, {
    ...settled,
    members: [
      { name: '户主', idNumber: idNumber(), relation: 'head', ...settled },
      { name: '配偶', idNumber: idNumber('1983-03-03', 'F'), relation: 'spouse' },
      { name: '子女', idNumber: idNumber('2012-04-04', 'M'), relation: 'child' },
    ],
  });
}

export async function land(db: Db, officer: Actor, c: C, householdId: string, areaMu: string, certify = false) {
  const r = await registerLand(db, officer, householdId, landInput(c, { parcels: [{ ...landInput(c).parcels[0], areaMu }] }), now());
  if (certify) await issueCertificate(db, officer, r.id, {}, now());
  return r;
}

export async function homestead(db: Db, officer: Actor, c: C, householdId: string, areaM2: string, certify = false) {
  const r = await registerHomestead(db, officer, householdId, homesteadInput(c, { areaM2 }));
  if (certify) await issueCertificate(db, officer, r.id, {}, now());
  return r;
}

export async function shares(db: Db, officer: Actor, householdId: string, n: number, certify = false) {
  const r = await registerShares(db, officer, householdId, { shares: String(n) });
  if (certify) await issueCertificate(db, officer, r.id, {}, now());
  return r;
}

type Right = { id: string; kind: 'land' | 'homestead' | 'shares'; collectiveId: string; regionCode: string; householdId: string };

export type ListingOver = Partial<typeof listings.$inferInsert>;

/** A listing of the whole right in a given state, started at `createdAt`. */
export async function listing(db: Db, officer: Actor, r: Right, over: ListingOver = {}) {
  const ps =
    r.kind === 'land' ? (await db.select({ id: parcels.id }).from(parcels).where(eq(parcels.rightId, r.id))).map((p) => p.id) : null;
  const sh =
    r.kind === 'shares' ? ((await db.select().from(shareHoldings).where(eq(shareHoldings.rightId, r.id)))[0]?.shares ?? null) : null;
  const [l] = await db
    .insert(listings)
    .values({
      rightId: r.id,
      collectiveId: r.collectiveId,
      regionCode: r.regionCode,
      sellerHouseholdId: r.householdId,
      path: 'transfer',
      rightKind: r.kind,
      parcelIds: ps,
      shares: sh,
      askingPriceFen: 1_000_000,
      status: 'draft',
      preparedBy: officer.id,
      ...over,
    })
    .returning();
  return l;
}

/** A registered deal on a (completed) listing: price in fen, registered at `at`. */
export async function registeredDeal(
  db: Db,
  l: { id: string; rightId: string; collectiveId: string; regionCode: string; sellerHouseholdId: string },
  buyerHouseholdId: string | null,
  priceFen: number,
  at: Date,
) {
  const [d] = await db
    .insert(deals)
    .values({
      number: `T${randomBytes(6).toString('hex')}`,
      listingId: l.id,
      rightId: l.rightId,
      collectiveId: l.collectiveId,
      regionCode: l.regionCode,
      sellerHouseholdId: l.sellerHouseholdId,
      buyerHouseholdId,
      priceFen,
      status: 'registered',
      registeredAt: at,
      createdAt: at,
    })
    .returning();
  return d;
}

/** A right sold in a registered deal: a completed listing plus its deal. */
export async function sale(
  db: Db,
  officer: Actor,
  r: Right,
  buyerHouseholdId: string | null,
  priceFen: number,
  at: Date,
  path: 'transfer' | 'exit' = 'transfer',
) {
  const l = await listing(db, officer, r, { status: 'completed', path, createdAt: at, submittedAt: at, confirmedAt: at });
  return { listing: l, deal: await registeredDeal(db, l, buyerHouseholdId, priceFen, at) };
}

export const day = (iso: string) => new Date(`${iso}T04:00:00Z`); // noon in Shanghai
