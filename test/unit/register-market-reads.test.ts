import assert from 'node:assert/strict';
import { and, desc, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import { households } from '../../models/households';
import { listings } from '../../models/market';
import type { Actor } from '../../server/kernel/actor';
import { readMarketPage } from '../../server/market/market-page-reads';
import type { Handle } from '../../server/platform/db';
import { readRegisterPage } from '../../server/registry/register-page-reads';
import { registerShares } from '../../server/registry/rights';
import { regionPrefix } from '../../server/kernel/codes';
import { rightDetails } from '../../server/registry/rights-view';
import { freshDb } from '../helpers/db';
import { makeHousehold, makeUser, VILLAGE_B } from '../helpers/factories';
import { marketWorld, publish, T0 } from '../helpers/market';

// The register and the market page read in one prepared statement each, with the actor's scope
// in the statement (issue 19 item 2). What they return must be exactly what the plain reads they
// replace return — the same rows in the same order, and nothing outside the actor's scope
// (rule 12: an officer sees the own collective, a bureau its region, a farmer the own collective's
// approved listings and the own household's).

const STATUSES = ['draft', 'submitted', 'approved', 'in_deal', 'completed', 'rejected', 'withdrawn', 'expired'] as const;

describe('The register and the market page read in one statement each, within the actor’s scope', () => {
  let h: Handle;
  before(async () => {
    h = await freshDb();
  });
  after(async () => {
    await h.close();
  });

  it('when officers, a bureau and an admin page through the register, then each gets exactly the households of their scope, newest first, with the count and persons', async () => {
    const a = await marketWorld(h.db);
    const b = await marketWorld(h.db, { regionCode: VILLAGE_B });
    for (let i = 0; i < 22; i++) await makeHousehold(h.db, a.officer, a.c);
    await makeHousehold(h.db, b.officer, b.c);
    const county = (await makeUser(h.db, 'bureau', { regionCode: a.c.regionCode.slice(0, 6) })).actor;
    const admin = (await makeUser(h.db, 'admin')).actor;

    const expected = async (scope: SQL | undefined, page: number) => {
      const list = await h.db
        .select({
          id: households.id,
          code: households.code,
          headName: households.headName,
          hukouStatus: households.hukouStatus,
          settledCity: households.settledCity,
          collectiveId: households.collectiveId,
          regionCode: households.regionCode,
          persons: sql<number>`(select count(*)::int from members m where m.household_id = "households"."id")`,
        })
        .from(households)
        .where(scope)
        .orderBy(desc(households.createdAt), households.code)
        .limit(20)
        .offset((page - 1) * 20);
      const [{ n }] = await h.db.select({ n: sql<number>`count(*)::int` }).from(households).where(scope);
      return { counted: n, list };
    };
    const cases: [Actor, SQL | undefined, number][] = [
      [a.officer, eq(households.collectiveId, a.c.id), 23],
      [b.officer, eq(households.collectiveId, b.c.id), 2],
      [county, like(households.regionCode, `${a.c.regionCode.slice(0, 6)}%`), 23],
      [admin, undefined, 25],
    ];
    for (const [actor, scope, n] of cases)
      for (const page of [1, 2]) {
        const got = await readRegisterPage(h.db, actor, page, 20, 1000);
        assert.deepEqual(got, await expected(scope, page), `${actor.role} page ${page}`);
        assert.equal(got?.counted, n);
      }
    const capped = await readRegisterPage(h.db, admin, 1, 20, 3);
    assert.equal(capped?.counted, 4, 'the count stops one past the cap');
  });

  it('when listings of two collectives are in various states, then each actor’s market read equals the plain read of its scope, with the listed rights’ details', async () => {
    const a = await marketWorld(h.db);
    const b = await marketWorld(h.db, { regionCode: VILLAGE_B });
    const sharesA = await registerShares(h.db, a.officer, a.sellerHh.id, { shares: 40 });
    const sharesB = await registerShares(h.db, b.officer, b.sellerHh.id, { shares: 40 });
    await publish(h.db, a, sharesA.id, { path: 'transfer', askingPriceFen: 100000, shares: 10 }, T0);
    await publish(h.db, b, sharesB.id, { path: 'transfer', askingPriceFen: 100000, shares: 5 }, T0);
    const buyer = await a.buyer();
    const county = (await makeUser(h.db, 'bureau', { regionCode: a.c.regionCode.slice(0, 6) })).actor;
    const admin = (await makeUser(h.db, 'admin')).actor;

    // The plain read the statement replaces (listing-view.ts before issue 19 item 2).
    const plain = async (actor: Actor, collectiveId: string | null, state: string | null) => {
      const scope =
        actor.role === 'officer'
          ? eq(listings.collectiveId, actor.collectiveId!)
          : actor.role === 'bureau'
            ? like(listings.regionCode, `${regionPrefix(actor.regionCode!)}%`)
            : actor.role === 'farmer'
              ? or(
                  and(eq(listings.collectiveId, collectiveId!), eq(listings.status, 'approved')),
                  eq(listings.sellerHouseholdId, actor.householdId!),
                )
              : undefined;
      const rows = await h.db
        .select({
          l: listings,
          sellerName: households.headName,
          offers: sql<number>`(select count(*)::int from offers o where o.listing_id = ${listings.id} and o.status = 'active')`,
        })
        .from(listings)
        .innerJoin(households, eq(households.id, listings.sellerHouseholdId))
        .where(
          and(scope, inArray(listings.status, [...STATUSES]), state ? eq(listings.status, state as (typeof STATUSES)[number]) : undefined),
        )
        .orderBy(desc(listings.updatedAt))
        .limit(200);
      const details = await rightDetails(h.db, { rightIds: [...new Set(rows.map((r) => r.l.rightId))] });
      return { rows, details };
    };
    const cases: [Actor, string | null, number][] = [
      [a.officer, null, -1],
      [b.officer, null, 1],
      [county, null, -1],
      [admin, null, -1],
      [a.seller, a.c.id, -1],
      [buyer.actor, a.c.id, -1],
    ];
    for (const [actor, collectiveId, n] of cases)
      for (const state of [null, 'approved', 'draft']) {
        const got = await readMarketPage(h.db, actor, collectiveId, STATUSES, state);
        const want = await plain(actor, collectiveId, state);
        assert.deepEqual(got.rows, want.rows, `${actor.role} ${state}`);
        const ids = (d: { right: { id: string } }[]) => d.map((x) => x.right.id).sort();
        assert.deepEqual(ids(got.details), ids(want.details), `${actor.role} ${state}: the listed rights`);
        for (const d of got.details)
          assert.deepEqual(
            { ...d, certificates: d.certificates.length },
            (() => {
              const w = want.details.find((x) => x.right.id === d.right.id)!;
              return { ...w, certificates: w.certificates.length };
            })(),
          );
        if (n >= 0 && state === null) assert.equal(got.rows.length, n);
      }
    const seen = (await readMarketPage(h.db, b.officer, null, STATUSES, null)).rows.map((r) => r.l.collectiveId);
    assert.deepEqual([...new Set(seen)], [b.c.id], 'another collective’s officer sees only the own listings');
    const county2 = (await readMarketPage(h.db, county, null, STATUSES, null)).rows;
    assert.ok(county2.length >= 1 && county2.every((r) => r.l.regionCode.startsWith(a.c.regionCode.slice(0, 6))));
  });
});
