import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { rows, type Handle } from '../../server/platform/db';
import { verifyChain } from '../../server/kernel/audit';
import { parseIdNumber } from '../../server/kernel/codes';
import { generateInto } from '../../scripts/lib/gen/run';
import { freshDb } from '../helpers/db';

// The data generator behind the benchmarks (npm run generate), at a tiny size so it does not
// rot: what it writes must be data the application itself could have written.

describe('data generator (benchmarks: realistic, rule-abiding data)', function () {
  this.timeout(180_000);
  let h: Handle & { url?: string };
  let counts: Record<string, number>;

  before(async () => {
    // The generator loads with COPY and its triggers off: the owner's powers, not the app's.
    h = await freshDb({ as: 'owner' });
    counts = (await generateInto(h, { households: 60, url: h.url })).rows;
  });
  after(async () => h.close());

  it('when it fills an empty database, then the trail it wrote verifies link by link (append-only chain)', async () => {
    const v = await verifyChain(h.db);
    assert.deepEqual(v, { ok: true, count: counts.audit_log });
    assert.ok(counts.audit_log > 60 * 4, 'households, rights, certificates and the market are all in the trail');
  });

  it('when it makes people and households, then ID numbers pass their check digit and are unique, and codes have their standard form (rule 13)', async () => {
    const ms = await rows<{ id_number: string; sex: string; birth_date: string }>(
      h.db,
      sql`select id_number, sex, birth_date::text from members`,
    );
    assert.equal(ms.length, counts.members);
    for (const m of ms) {
      const info = parseIdNumber(m.id_number);
      assert.ok(info, `valid ID number ${m.id_number}`);
      assert.equal(info.sex, m.sex);
      assert.equal(info.birthDate, m.birth_date);
    }
    assert.equal(new Set(ms.map((m) => m.id_number)).size, ms.length);
    const [bad] = await rows<{ n: number }>(
      h.db,
      sql`select count(*)::int as n from households h join collectives c on c.id = h.collective_id
      where h.code not like c.region_code || c.group_code || '%' or h.code !~ '^[0-9]{18}$'`,
    );
    assert.equal(bad.n, 0);
    const [badParcel] = await rows<{ n: number }>(
      h.db,
      sql`select count(*)::int as n from parcels p join collectives c on c.id = p.collective_id
      where p.code not like c.region_code || c.group_code || '%' or p.code !~ '^[0-9]{19}$'`,
    );
    assert.equal(badParcel.n, 0);
  });

  it('when it registers rights, then homesteads keep within their limit and one per household, and shares within the collective total (rules 4, 7)', async () => {
    const [over] = await rows<{ n: number }>(
      h.db,
      sql`select count(*)::int as n from homesteads hs
      where hs.area_m2_centi > 100 * case hs.terrain when 'plain' then 80 when 'hill' then 120 else 150 end`,
    );
    assert.equal(over.n, 0);
    const [two] = await rows<{ n: number }>(
      h.db,
      sql`select count(*)::int as n from (select household_id from rights
      where kind = 'homestead' and status in ('active', 'listed', 'in_transaction') group by 1 having count(*) > 1) x`,
    );
    assert.equal(two.n, 0);
    const [shares] = await rows<{ n: number }>(
      h.db,
      sql`select count(*)::int as n from collectives c where c.total_shares <
      (select coalesce(sum(s.shares), 0) from share_holdings s join rights r on r.id = s.right_id
       where r.collective_id = c.id and r.status in ('active', 'listed', 'in_transaction'))`,
    );
    assert.equal(shares.n, 0);
  });

  it("when it makes a market, then every listing state appears and the right's status matches it (rule 11)", async () => {
    const states = await rows<{ status: string }>(h.db, sql`select distinct status from listings order by 1`);
    assert.deepEqual(
      states.map((s) => s.status),
      ['approved', 'completed', 'draft', 'expired', 'in_deal', 'rejected', 'submitted', 'withdrawn'],
    );
    const deals = await rows<{ status: string }>(h.db, sql`select distinct status from deals order by 1`);
    assert.deepEqual(
      deals.map((s) => s.status),
      ['cancelled', 'paid', 'registered', 'settled', 'signed', 'signing'],
    );
    const [mismatch] = await rows<{ n: number }>(
      h.db,
      sql`select count(*)::int as n from listings l join rights r on r.id = l.right_id
      where (l.status in ('draft', 'submitted', 'approved') and r.status <> 'listed') or (l.status = 'in_deal' and r.status <> 'in_transaction')
        or (l.status in ('rejected', 'withdrawn', 'expired') and r.status <> 'active')`,
    );
    assert.equal(mismatch.n, 0);
    const [outsider] = await rows<{ n: number }>(
      h.db,
      sql`select count(*)::int as n from offers o join listings l on l.id = o.listing_id
      join households b on b.id = o.buyer_household_id where b.collective_id <> l.collective_id`,
    );
    assert.equal(outsider.n, 0, 'rule 1: every offer comes from the same collective');
    const [registered] = await rows<{ n: number }>(
      h.db,
      sql`select count(*)::int as n from deals d join listings l on l.id = d.listing_id
      where d.status = 'registered' and (l.status <> 'completed' or d.new_right_id is null and l.path = 'transfer')`,
    );
    assert.equal(registered.n, 0);
  });

  it('when it has loaded, then the dashboard summaries equal direct counts of the registry', async () => {
    const [s] = await rows<{ households: number; persons: number }>(
      h.db,
      sql`select sum(households)::int as households, sum(persons)::int as persons from collective_stats`,
    );
    assert.deepEqual(s, { households: 60, persons: counts.members });
    const [diff] = await rows<{ n: number }>(
      h.db,
      sql`select count(*)::int as n from (
      select collective_id, kind, count, units, certified from collective_right_stats
      except select collective_id, kind, count, units, certified from stats_rights_v) x`,
    );
    assert.equal(diff.n, 0);
    // The listing flows (migration 0007): the rebuild after the load, both ways against a direct count.
    const [listingDiff] = await rows<{ n: number; total: number; listings: number }>(
      h.db,
      sql`select (select count(*)::int from (
        (select township_code, month, kind, status, suspended, started, submitted from listing_month_stats
          except select township_code, month, kind, status, suspended, started, submitted from listing_month_stats_v)
        union all
        (select township_code, month, kind, status, suspended, started, submitted from listing_month_stats_v
          except select township_code, month, kind, status, suspended, started, submitted from listing_month_stats)) x) as n,
      (select sum(started)::int from listing_month_stats) as total, (select count(*)::int from listings) as listings`,
    );
    assert.deepEqual(listingDiff, { n: 0, total: listingDiff.listings, listings: listingDiff.listings });
    assert.ok(listingDiff.listings > 0);
    const [facts] = await rows<{ n: number; bad: number; registered: number }>(
      h.db,
      sql`select (select count(*)::int from deal_facts) as n,
      (select count(*)::int from deal_facts where month <> to_char(registered_at at time zone 'Asia/Shanghai', 'YYYY-MM')) as bad,
      (select count(*)::int from deals where status = 'registered') as registered`,
    );
    assert.deepEqual(facts, { n: facts.registered, bad: 0, registered: facts.registered });
  });

  it('when the database already holds data, then it refuses to write unless forced', async () => {
    await assert.rejects(generateInto(h, { households: 5, url: h.url }), /not empty/);
    const [n] = await rows<{ n: number }>(h.db, sql`select count(*)::int as n from households`);
    assert.equal(n.n, 60);
  });
});
