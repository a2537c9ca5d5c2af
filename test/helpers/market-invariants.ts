import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../server/platform/db';

// The market's invariants, checked over the whole database after a storm of requests:
// no parcel, homestead or certificate has two live holders, shares neither appear nor vanish,
// one homestead per household, and no deal is left half done.

export async function sharesHeld(db: Db, collectiveId: string): Promise<number> {
  const [r] = await rows<{ n: number }>(
    db,
    sql`select coalesce(sum(s.shares), 0)::int as n from share_holdings s join rights r on r.id = s.right_id
    where r.collective_id = ${collectiveId} and r.status in ('active', 'listed', 'in_transaction')`,
  );
  return r.n;
}

export async function assertInvariants(db: Db): Promise<void> {
  const twoParcelHolders = await rows(db, sql`select code from parcels where status = 'active' group by code having count(*) > 1`);
  assert.deepEqual(twoParcelHolders, [], 'each parcel has exactly one live holder');
  const twoHomesteads = await rows(
    db,
    sql`select household_id from rights where kind = 'homestead' and status in ('active', 'listed', 'in_transaction') group by household_id having count(*) > 1`,
  );
  assert.deepEqual(twoHomesteads, [], 'at most one homestead per household');
  const twoValidCerts = await rows(db, sql`select right_id from certificates where status = 'valid' group by right_id having count(*) > 1`);
  assert.deepEqual(twoValidCerts, [], 'at most one valid certificate per right');
  const deadCerts = await rows(
    db,
    sql`select c.id from certificates c join rights r on r.id = c.right_id where c.status = 'valid' and r.status in ('transferred', 'exited', 'cancelled')`,
  );
  assert.deepEqual(deadCerts, [], 'an ended right has no valid certificate');
  const overTotal = await rows(
    db,
    sql`select c.id from collectives c where c.total_shares < (select coalesce(sum(s.shares), 0) from share_holdings s join rights r on r.id = s.right_id
    where r.collective_id = c.id and r.status in ('active', 'listed', 'in_transaction'))`,
  );
  assert.deepEqual(overTotal, [], "no collective's households hold more than its total shares");
  const halfDone = await rows(
    db,
    sql`select d.id, d.status, l.status as listing, r.status as right from deals d join listings l on l.id = d.listing_id join rights r on r.id = d.right_id where not (
      (d.status = 'registered' and l.status = 'completed' and r.status <> 'in_transaction')
   or (d.status in ('signing', 'signed', 'paid', 'settled') and l.status = 'in_deal' and r.status = 'in_transaction')
   or (d.status = 'cancelled' and l.status <> 'in_deal'))`,
  );
  assert.deepEqual(halfDone, [], 'every deal, its listing and its right agree');
  const twoDeals = await rows(
    db,
    sql`select right_id from deals where status in ('signing', 'signed', 'paid', 'settled') group by right_id having count(*) > 1`,
  );
  assert.deepEqual(twoDeals, [], 'no right in two open deals');
  const frozen = await rows(
    db,
    sql`select r.id from rights r where r.status in ('listed', 'in_transaction')
    and not exists (select 1 from listings l where l.right_id = r.id and l.status in ('draft', 'submitted', 'approved', 'in_deal'))`,
  );
  assert.deepEqual(frozen, [], 'a right is frozen only while a live listing holds it');
  const registered = await rows(
    db,
    sql`select d.id from deals d where d.status = 'registered' and d.buyer_household_id is not null
    and not exists (select 1 from rights r where r.id = d.new_right_id and r.household_id = d.buyer_household_id)`,
  );
  assert.deepEqual(registered, [], 'every registered transfer has its right with the buyer');
}

/** Every answer to a storm of requests is a redirect (done) or a 4xx refusal, never a 500. */
export function assertNo500(statuses: number[]): void {
  for (const s of statuses) assert.ok(s === 302 || (s >= 400 && s < 500), `unexpected status ${s}`);
}
