import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../server/platform/db';

// Rule 11, checked deal by deal after a crash: a registration is all there or not at all. All
// there: the deal registered, its listing completed, the seller's right ended, a new right with
// the buyer holding a valid certificate, no valid certificate left on the old right, and the
// registration in the trail. Not at all: the deal still settled, the listing in its deal, the
// right frozen in the transaction with its certificate, no new right, nothing in the trail.
// Deals here are of whole rights (every parcel, every share), so the seller's right always ends.

type Row = {
  id: string;
  status: string;
  listing: string;
  old_right: string;
  new_right: string | null;
  new_holder: string | null;
  buyer: string | null;
  old_valid: number;
  new_valid: number;
  trail: number;
  transferred_in: number;
};

export async function dealStates(db: Db, ids: string[]): Promise<Row[]> {
  if (!ids.length) return [];
  return rows<Row>(
    db,
    sql`
    select d.id, d.status, l.status as listing, r.status as old_right, d.new_right_id as new_right, nr.household_id as new_holder,
      d.buyer_household_id as buyer,
      (select count(*)::int from certificates c where c.right_id = d.right_id and c.status = 'valid') as old_valid,
      (select count(*)::int from certificates c where c.right_id = d.new_right_id and c.status = 'valid') as new_valid,
      (select count(*)::int from audit_log a where a.entity_id = d.id::text and a.action = 'deal.register') as trail,
      (select count(*)::int from rights x where x.source_right_id = d.right_id) as transferred_in
    from deals d join listings l on l.id = d.listing_id join rights r on r.id = d.right_id
    left join rights nr on nr.id = d.new_right_id
    where d.id in (${sql.join(
      ids.map((i) => sql`${i}::uuid`),
      sql`, `,
    )})`,
  );
}

/** The deals that are neither wholly registered nor wholly not, with what is wrong. */
export async function halfDone(db: Db, ids: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const d of await dealStates(db, ids)) {
    const whole =
      d.status === 'registered' &&
      d.listing === 'completed' &&
      d.old_right === 'transferred' &&
      d.new_right !== null &&
      d.new_holder === d.buyer &&
      d.old_valid === 0 &&
      d.new_valid === 1 &&
      d.trail >= 1 &&
      d.transferred_in === 1;
    const none =
      d.status === 'settled' &&
      d.listing === 'in_deal' &&
      d.old_right === 'in_transaction' &&
      d.new_right === null &&
      d.old_valid === 1 &&
      d.trail === 0 &&
      d.transferred_in === 0;
    if (!whole && !none) out.push(JSON.stringify(d));
  }
  return out;
}
