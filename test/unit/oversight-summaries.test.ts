import assert from 'node:assert/strict';
import { eq, inArray, sql } from 'drizzle-orm';
import { deals, listings } from '../../models/market';
import { rows, type Handle } from '../../server/platform/db';
import { yearFilters } from '../../server/oversight/filters';
import { resolveNode } from '../../server/oversight/scope';
import { nodeStats } from '../../server/oversight/stats';
import { freshDb } from '../helpers/db';
import { household, land, listing, oversightWorld, registeredDeal, shares } from '../helpers/oversight-factories';

// Seed section 四 (the bureau's statistics equal the registry): the listing flow figures of
// the city and county dashboards are read from listing_month_stats and the deal months from
// deal_facts.month, both kept by triggers in the writing transaction (migration 0007). After
// a mix of inserts, updates (one row, many rows, concurrent, rolled back, moving a listing
// across a Shanghai month boundary) and deletes, they must equal a direct count of listings
// and deals: here against hand-written counts, and the dashboard against the same.

const at = (iso: string) => new Date(iso);

describe('oversight summaries (seed 四: listing and deal figures kept at write time equal a direct count)', function () {
  this.timeout(120_000);
  let h: Handle;
  let w: Awaited<ReturnType<typeof oversightWorld>>;

  /** Rows of the summary that differ from a direct count of listings (either way). */
  async function drift(): Promise<unknown[]> {
    return rows(
      h.db,
      sql`
      with direct as (
        select left(region_code, 9) as township_code, to_char(created_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month, right_kind as kind, status,
          suspended_at is not null as suspended, count(*)::int as started, 0 as submitted from listings group by 1, 2, 3, 4, 5
        union all
        select left(region_code, 9), to_char(submitted_at at time zone 'Asia/Shanghai', 'YYYY-MM'), right_kind, status, suspended_at is not null, 0, count(*)::int
        from listings where submitted_at is not null group by 1, 2, 3, 4, 5),
      want as (select township_code, month, kind, status, suspended, sum(started)::int as started, sum(submitted)::int as submitted from direct group by 1, 2, 3, 4, 5),
      got as (select township_code::text, month::text, kind, status, suspended, started, submitted from listing_month_stats where started <> 0 or submitted <> 0)
      (select 'missing' as what, * from (select * from want except select * from got) a)
      union all (select 'extra', * from (select * from got except select * from want) b)`,
    );
  }

  before(async () => {
    h = await freshDb();
    w = await oversightWorld(h.db);
  });
  after(async () => h.close());

  it('when listings are written in every way the market writes them, then the listing summary equals a direct count after each step', async () => {
    const db = h.db;
    const hA = await household(db, w.oA1, w.cA1);
    const hB = await household(db, w.oB, w.cB);
    const rightsA = [
      await land(db, w.oA1, w.cA1, hA.id, '1.00'),
      ...(await Promise.all([1, 2, 3, 4].map((n) => shares(db, w.oA1, hA.id, n)))),
    ];
    const rB = await shares(db, w.oB, hB.id, 5);
    assert.deepEqual(await drift(), [], 'nothing listed yet');

    // Inserts: one at a time, at the last hour of March in Shanghai (still March), and submitted in April.
    const l1 = await listing(db, w.oA1, rightsA[0], {
      status: 'submitted',
      createdAt: at('2026-03-31T15:30:00Z'),
      submittedAt: at('2026-03-31T16:30:00Z'),
    });
    const l2 = await listing(db, w.oA1, rightsA[1], {
      status: 'approved',
      createdAt: at('2026-04-02T04:00:00Z'),
      submittedAt: at('2026-04-03T04:00:00Z'),
    });
    const l3 = await listing(db, w.oA1, rightsA[2], {
      status: 'approved',
      createdAt: at('2026-04-05T04:00:00Z'),
      submittedAt: at('2026-04-05T05:00:00Z'),
    });
    const l4 = await listing(db, w.oB, rB, { status: 'draft', createdAt: at('2026-05-01T04:00:00Z') });
    const l5 = await listing(db, w.oA1, rightsA[3], { status: 'draft' });
    assert.deepEqual(await drift(), [], 'after inserts');
    const [march] = await rows<{ started: number; submitted: number }>(
      db,
      sql`select sum(started)::int as started, sum(submitted)::int as submitted
      from listing_month_stats where month = '2026-03'`,
    );
    assert.deepEqual(
      march,
      { started: 1, submitted: 0 },
      'created 23:30 on 31 March Shanghai time counts in March; submitted 00:30 on 1 April does not',
    );

    // Updates: status, suspension, a change that moves no figure, a month change, many rows at once.
    await db.update(listings).set({ status: 'in_deal' }).where(eq(listings.id, l2.id));
    await db.update(listings).set({ suspendedAt: new Date(), suspendReason: '核查' }).where(eq(listings.id, l3.id));
    await db
      .update(listings)
      .set({ version: sql`${listings.version} + 1` })
      .where(eq(listings.id, l1.id));
    await db
      .update(listings)
      .set({ createdAt: at('2026-02-10T04:00:00Z') })
      .where(eq(listings.id, l4.id));
    await db
      .update(listings)
      .set({ status: 'submitted', submittedAt: at('2026-05-02T04:00:00Z') })
      .where(eq(listings.id, l4.id));
    await db
      .update(listings)
      .set({ status: 'expired' })
      .where(inArray(listings.id, [l1.id, l3.id, l4.id]));
    assert.deepEqual(await drift(), [], 'after updates');

    // Concurrent writers on the same summary rows (on a PostgreSQL server these run on separate connections).
    await Promise.all(
      [l1, l3, l4].map((l) => db.update(listings).set({ status: 'withdrawn', withdrawnAt: new Date() }).where(eq(listings.id, l.id))),
    );
    assert.deepEqual(await drift(), [], 'after concurrent updates');

    // A transaction that fails leaves the figures as they were.
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.update(listings).set({ status: 'rejected' }).where(eq(listings.id, l2.id));
        throw new Error('rolled back');
      }),
      /rolled back/,
    );
    assert.deepEqual(await drift(), [], 'after a rollback');

    // Delete (a draft nobody acted on).
    await db.delete(listings).where(eq(listings.id, l5.id));
    assert.deepEqual(await drift(), [], 'after a delete');
    const [view] = await rows<{ n: number }>(
      db,
      sql`select count(*)::int as n from (
      select township_code, month, kind, status, suspended, started, submitted from listing_month_stats where started <> 0 or submitted <> 0
      except select township_code, month, kind, status, suspended, started, submitted from listing_month_stats_v) x`,
    );
    assert.equal(view.n, 0, 'the rebuild view agrees with the trigger-kept table');

    // The county dashboard (read from the summary) and the township one (read live) agree with the listings.
    const f = yearFilters('2026');
    const county = await nodeStats(db, await resolveNode(db, w.city.actor, { region: '440205' }), f);
    const township = await nodeStats(db, await resolveNode(db, w.city.actor, { region: '440205100' }), f);
    const [direct] = await rows<{ total: number; withdrawn: number; suspended: number }>(
      db,
      sql`select count(*)::int as total,
      (count(*) filter (where status = 'withdrawn'))::int as withdrawn, (count(*) filter (where suspended_at is not null))::int as suspended
      from listings where region_code like '440205%' and created_at >= '2025-12-31T16:00:00Z' and created_at < '2026-12-31T16:00:00Z'`,
    );
    for (const s of [county, township]) {
      assert.deepEqual(
        [s.total.listings.total, s.total.listings.withdrawn, s.total.listings.suspended],
        [direct.total, direct.withdrawn, direct.suspended],
      );
    }
    assert.deepEqual(
      county.series.filter((m) => m.listings || m.submitted).map((m) => [m.month, m.listings, m.submitted]),
      [
        ['2026-03', 1, 0],
        ['2026-04', 2, 3],
      ],
    );
    assert.deepEqual(township.series, county.series);
  });

  it('when a deal is registered or its registration time changes, then its fact carries its Shanghai month', async () => {
    const db = h.db;
    const hA = await household(db, w.oA2, w.cA2);
    const r = await shares(db, w.oA2, hA.id, 7);
    const l = await listing(db, w.oA2, r, { status: 'completed', createdAt: at('2026-06-01T04:00:00Z') });
    const d = await registeredDeal(db, l, null, 70_000, at('2026-06-30T16:10:00Z'));
    const month = async () => (await rows<{ month: string }>(db, sql`select month from deal_facts where deal_id = ${d.id}`))[0]?.month;
    assert.equal(await month(), '2026-07', '00:10 on 1 July in Shanghai');
    await db
      .update(deals)
      .set({ registeredAt: at('2026-06-30T15:50:00Z') })
      .where(eq(deals.id, d.id));
    assert.equal(await month(), '2026-06');
    const [bad] = await rows<{ n: number }>(
      db,
      sql`select count(*)::int as n from deal_facts
      where month <> to_char(registered_at at time zone 'Asia/Shanghai', 'YYYY-MM')`,
    );
    assert.equal(bad.n, 0);
  });
});
