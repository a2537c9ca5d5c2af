import { sql, type SQL } from 'drizzle-orm';
import { OPEN_DEAL_STATUSES, sqlSet } from '../../models/statuses';
import { type Db, rows } from '../platform/db';
import type { Actor } from '../kernel/actor';
import { shanghaiDate } from '../kernel/clock';
import { scopePrefix } from './scope';

// Issue 20 item 4: the bureau sees the market's money in its region — what the collectives'
// supervised accounts (资金监管) hold, per county, as deposits (保证金) and prices, and for how
// long; the deals whose price was paid in but that are still not registered after
// PAID_UNREGISTERED_DAYS (also raised as an alert, alert-rules.ts); and the deposits forfeited.
// Read only, from escrow_entries; figures in fen, no person's name (the collective's statement
// has those).

/** Days after the price was paid into supervision by which a deal should be registered (the alert's default). */
export const PAID_UNREGISTERED_DAYS = 30;
/** The age buckets of held money, in days: under 30, 30 to 90, over 90. */
export const AGE_BUCKETS = [30, 90] as const;

/** A movement's day: the bank's value date, else the day it was recorded (Shanghai). */
export const entryDay = (e: string) => sql.raw(`coalesce(${e}.value_date, (${e}.created_at at time zone 'Asia/Shanghai')::date)`);

/**
 * What the account holds per offer (deposits) and per deal (prices, with a winner's deposit
 * credited to it), non-zero only, with the first day money came in; `where` filters the rows.
 */
export const heldSql = (where: SQL) => sql`
  select 'offer' as holder, e.offer_id as id, min(e.collective_id::text) as collective_id, min(e.region_code) as region_code,
    sum(case e.kind when 'deposit_in' then e.amount_fen else -e.amount_fen end) as held,
    min(${entryDay('e')}) filter (where e.kind = 'deposit_in') as since
  from escrow_entries e
  where e.offer_id is not null and e.kind in ('deposit_in', 'deposit_refund', 'deposit_to_price', 'deposit_forfeit') and ${where}
  group by e.offer_id
  union all
  select 'deal', e.deal_id, min(e.collective_id::text), min(e.region_code),
    sum(case when e.kind in ('price_in', 'deposit_to_price') then e.amount_fen else -e.amount_fen end),
    min(${entryDay('e')}) filter (where e.kind in ('price_in', 'deposit_to_price'))
  from escrow_entries e
  where e.deal_id is not null
    and (e.kind in ('price_in', 'deposit_to_price', 'price_release', 'price_refund')
      -- the credited deposit kept when the chosen buyer walked away leaves the deal's holding
      or (e.kind = 'deposit_forfeit' and e.offer_id is null))
    and ${where}
  group by e.deal_id`;

/** Open deals whose price came into supervision at least `days` days before `today` and that the account still holds money for. */
export const paidUnregisteredSql = (where: SQL, today: string, days: number) => sql`
  select d.id, d.number, d.region_code, d.collective_id, d.buyer_household_id, d.listing_id, d.status, c.name as collective,
    p.day::text as paid_on, (${today}::date - p.day) as days, h.held
  from deals d
  join collectives c on c.id = d.collective_id
  cross join lateral (select min(${entryDay('e')}) as day from escrow_entries e where e.deal_id = d.id and e.kind = 'price_in') p
  cross join lateral (select coalesce(sum(case when e.kind in ('price_in', 'deposit_to_price') then e.amount_fen else -e.amount_fen end), 0) as held
    from escrow_entries e where e.deal_id = d.id) h
  where d.status in ${sqlSet(OPEN_DEAL_STATUSES)} and p.day is not null and h.held > 0
    and p.day <= ${today}::date - ${days}::int and ${where}
  order by p.day, d.number`;

export type Bucket = { count: number; fen: number };
export type CountyMoney = {
  county: string;
  name: string;
  deposits: Bucket;
  prices: Bucket;
  oldestDays: number;
  /** Money held under 30 days, 30–90 days, over 90 days. */
  buckets: [Bucket, Bucket, Bucket];
};
export type PaidUnregistered = {
  dealId: string;
  number: string;
  collective: string;
  county: string;
  status: string;
  paidOn: string;
  days: number;
  heldFen: number;
};
export type CollectiveMoney = { id: string; name: string; county: string; depositsFen: number; pricesFen: number };
export type Forfeiture = { id: string; day: string; collective: string; county: string; listingId: string; amountFen: number };
export type MoneyView = {
  counties: CountyMoney[];
  total: Omit<CountyMoney, 'county' | 'name'>;
  /** The collectives holding money, most first, each linking to its statement. */
  collectives: CollectiveMoney[];
  unregistered: PaidUnregistered[];
  unregisteredDays: number;
  forfeits: Forfeiture[];
};

const DAY_MS = 86_400_000;
const bucket = (): Bucket => ({ count: 0, fen: 0 });
const blank = () => ({
  deposits: bucket(),
  prices: bucket(),
  oldestDays: 0,
  buckets: [bucket(), bucket(), bucket()] as [Bucket, Bucket, Bucket],
});
const ageDays = (today: string, since: string) =>
  Math.max(0, Math.round((new Date(`${today}T00:00:00Z`).getTime() - new Date(`${since}T00:00:00Z`).getTime()) / DAY_MS));

function add(c: Omit<CountyMoney, 'county' | 'name'>, holder: string, held: number, age: number) {
  const kind = holder === 'offer' ? c.deposits : c.prices;
  kind.count += 1;
  kind.fen += held;
  c.oldestDays = Math.max(c.oldestDays, age);
  const b = c.buckets[age < AGE_BUCKETS[0] ? 0 : age <= AGE_BUCKETS[1] ? 1 : 2];
  b.count += 1;
  b.fen += held;
}

/** The bureau's view of the money in its region (an admin: everywhere), on the day of `at`. */
export async function moneyView(db: Db, actor: Actor, at: Date, days = PAID_UNREGISTERED_DAYS): Promise<MoneyView> {
  const prefix = scopePrefix(actor);
  const inRegion = sql`e.region_code like ${`${prefix}%`}`;
  const today = shanghaiDate(at);
  const held = await rows<{
    holder: string;
    collective_id: string;
    collective: string;
    region_code: string;
    held: string | number;
    since: string | null;
  }>(
    db,
    sql`select h.holder, h.collective_id, c.name as collective, h.region_code, h.held, h.since::text as since
      from (${heldSql(inRegion)}) h join collectives c on c.id::text = h.collective_id where h.held <> 0`,
  );
  const names = new Map(
    (
      await rows<{ code: string; name: string }>(
        db,
        sql`select code, name from regions where code in (select distinct substr(region_code, 1, 6) from escrow_entries e where ${inRegion})`,
      )
    ).map((r) => [r.code, r.name]),
  );
  const byCounty = new Map<string, CountyMoney>();
  const total = blank();
  const byCollective = new Map<string, CollectiveMoney>();
  for (const h of held) {
    const m = byCollective.get(h.collective_id) ?? { id: h.collective_id, name: h.collective, county: '', depositsFen: 0, pricesFen: 0 };
    m.county = names.get(h.region_code.slice(0, 6)) ?? h.region_code.slice(0, 6);
    if (h.holder === 'offer') m.depositsFen += Number(h.held);
    else m.pricesFen += Number(h.held);
    byCollective.set(h.collective_id, m);
    const county = h.region_code.slice(0, 6);
    const c = byCounty.get(county) ?? { county, name: names.get(county) ?? county, ...blank() };
    const age = h.since ? ageDays(today, h.since) : 0;
    add(c, h.holder, Number(h.held), age);
    add(total, h.holder, Number(h.held), age);
    byCounty.set(county, c);
  }
  const unregistered = await rows<{
    id: string;
    number: string;
    region_code: string;
    status: string;
    collective: string;
    paid_on: string;
    days: number | string;
    held: string | number;
  }>(db, paidUnregisteredSql(sql`d.region_code like ${`${prefix}%`}`, today, days));
  const forfeits = await rows<{
    id: string;
    day: string;
    collective: string;
    region_code: string;
    listing_id: string;
    amount_fen: string | number;
  }>(
    db,
    sql`select e.id, ${entryDay('e')}::text as day, c.name as collective, e.region_code, e.listing_id, e.amount_fen
      from escrow_entries e join collectives c on c.id = e.collective_id
      where e.kind = 'deposit_forfeit' and ${inRegion}
      order by day desc, e.created_at desc limit 200`,
  );
  return {
    counties: [...byCounty.values()].sort((a, b) => b.oldestDays - a.oldestDays || a.county.localeCompare(b.county)),
    total,
    collectives: [...byCollective.values()].sort(
      (a, b) => b.depositsFen + b.pricesFen - (a.depositsFen + a.pricesFen) || a.name.localeCompare(b.name),
    ),
    unregistered: unregistered.map((u) => ({
      dealId: u.id,
      number: u.number,
      collective: u.collective,
      county: names.get(u.region_code.slice(0, 6)) ?? u.region_code.slice(0, 6),
      status: u.status,
      paidOn: u.paid_on,
      days: Number(u.days),
      heldFen: Number(u.held),
    })),
    unregisteredDays: days,
    forfeits: forfeits.map((f) => ({
      id: f.id,
      day: f.day,
      collective: f.collective,
      county: names.get(f.region_code.slice(0, 6)) ?? f.region_code.slice(0, 6),
      listingId: f.listing_id,
      amountFen: Number(f.amount_fen),
    })),
  };
}
