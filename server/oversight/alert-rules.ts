import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../platform/db';
import { DEFAULT_SETTINGS } from './reference-prices';
import { now, shanghaiDate } from '../kernel/clock';
import { PAID_UNREGISTERED_DAYS, paidUnregisteredSql } from './money-view';

// The alert rules, each one INSERT ... SELECT ... ON CONFLICT (kind, subject_key) DO NOTHING.
// Each statement is idempotent and safe to run from several instances at once: the unique
// index decides which insert wins, nothing is locked for long, and a re-run adds only
// alerts for events it had not seen. `since` limits the events looked at (the periodic scan);
// `prefix` limits the region (the scan run when a bureau opens its alerts page).
//
// Thresholds come from the most specific alert_settings row for the event's region
// (longest region_prefix that prefixes its region_code), else the defaults.

/** `at`: the scan's time (rules about days passed); `paidDays`: PAID_UNREGISTERED_DAYS unless set. */
export type Scan = { since?: Date; prefix?: string; at?: Date; paidDays?: number };

const setting = (col: string, regionCol: SQL, fallback: number) => sql`coalesce((select s.${sql.raw(col)} from alert_settings s
  where ${regionCol} like s.region_prefix || '%' order by length(s.region_prefix) desc limit 1), ${sql.raw(String(fallback))})`;

const within = (col: SQL, scan: Scan) => (scan.since ? sql`and ${col} >= ${scan.since.toISOString()}::timestamptz` : sql``);

const region = (col: SQL, scan: Scan) => (scan.prefix ? sql`and ${col} like ${scan.prefix + '%'}` : sql``);

async function insert(db: Db, select: SQL): Promise<number> {
  const got = await rows<{ id: string }>(
    db,
    sql`
    insert into alerts (kind, subject_key, region_code, collective_id, household_id, listing_id, deal_id, link, params, occurred_at)
    ${select}
    on conflict (kind, subject_key) do nothing returning id`,
  );
  return got.length;
}

/** What changed hands in a deal, and its unit (centi-mu, centi-m², shares), for rule 10. */
const dealUnits = sql`case l.right_kind
  when 'land' then (select coalesce(sum(p.area_mu_centi), 0) from parcels p where p.id in (select (jsonb_array_elements_text(coalesce(l.parcel_ids, '[]'::jsonb)))::uuid))
  when 'homestead' then (select hs.area_m2_centi from homesteads hs where hs.right_id = l.right_id)
  else l.shares end`;

/** Rule 10: a registered deal below the set fraction of the reference price in force when it was registered. */
export function lowPrice(db: Db, scan: Scan) {
  return insert(
    db,
    sql`
    select 'lowPrice', x.id::text, x.region_code, x.collective_id, x.seller_household_id, x.listing_id, x.id, '/oversight/deals/' || x.id,
      jsonb_build_object('kind', x.kind, 'unitPriceFen', round(x.up), 'referenceFen', x.ref, 'percent', x.pct, 'number', x.number), x.registered_at
    from (select d.*, l.right_kind as kind, rp.unit_price_fen as ref, rp.alert_percent as pct,
        case when l.right_kind = 'shares' then d.price_fen::numeric / u.units else d.price_fen::numeric * 100 / u.units end as up
      from deals d join listings l on l.id = d.listing_id
      cross join lateral (select ${dealUnits} as units) u
      join lateral (select r.unit_price_fen, r.alert_percent from reference_prices r
        where r.right_kind = l.right_kind and d.region_code like r.region_prefix || '%'
          and r.set_at <= d.registered_at and (r.replaced_at is null or r.replaced_at > d.registered_at)
        order by length(r.region_prefix) desc limit 1) rp on true
      where d.status = 'registered' and u.units > 0 ${within(sql`d.registered_at`, scan)} ${region(sql`d.region_code`, scan)}) x
    where x.up * 100 < x.ref::numeric * x.pct`,
  );
}

/**
 * A household buying more than the set number of rights or share packages in twelve months:
 * raised once per crossing, on the purchase that takes the trailing count to threshold + 1.
 */
export function manyPurchases(db: Db, scan: Scan) {
  return insert(
    db,
    sql`
    select 'manyPurchases', x.id::text, x.region_code, x.collective_id, x.buyer_household_id, x.listing_id, x.id, '/oversight/deals/' || x.id,
      jsonb_build_object('count', x.n, 'max', x.mx, 'number', x.number), x.registered_at
    from (select d.*, ${setting('max_purchases', sql`d.region_code`, DEFAULT_SETTINGS.maxPurchases)} as mx,
        (select count(*) from deals e where e.buyer_household_id = d.buyer_household_id and e.status = 'registered'
          and e.registered_at > d.registered_at - interval '12 months' and (e.registered_at, e.id) <= (d.registered_at, d.id)) as n
      from deals d where d.status = 'registered' and d.buyer_household_id is not null
        ${within(sql`d.registered_at`, scan)} ${region(sql`d.region_code`, scan)}) x
    where x.n = x.mx + 1`,
  );
}

/**
 * Rule 4 (广东省土地管理条例 §42): an existing homestead recorded over its terrain's limit is
 * registered and flagged for review; the bureau sees each such homestead once, linked to its household.
 */
export function oversizeHomestead(db: Db, scan: Scan) {
  return insert(
    db,
    sql`
    select 'oversizeHomestead', r.id::text, r.region_code, r.collective_id, r.household_id, null, null, '/households/' || r.household_id || '#right-' || r.id,
      jsonb_build_object('area', to_char(hs.area_m2_centi / 100.0, 'FM999990.00'), 'parcelCode', hs.parcel_code,
        'limit', case hs.terrain when 'plain' then c.homestead_limit_plain_m2 when 'hill' then c.homestead_limit_hill_m2 else c.homestead_limit_mountain_m2 end), r.created_at
    from homesteads hs join rights r on r.id = hs.right_id join collectives c on c.id = r.collective_id
    where hs.review_flag = 'oversize' ${within(sql`r.created_at`, scan)} ${region(sql`r.region_code`, scan)}`,
  );
}

/** A listing prepared by an officer rather than the farmer (rule 2: voluntary). */
export function officerPrepared(db: Db, scan: Scan) {
  return insert(
    db,
    sql`
    select 'officerPrepared', l.id::text, l.region_code, l.collective_id, l.seller_household_id, l.id, null, '/oversight/listings/' || l.id,
      jsonb_build_object('kind', l.right_kind, 'path', l.path), l.created_at
    from listings l where l.prepared_by_officer = 1 ${within(sql`l.created_at`, scan)} ${region(sql`l.region_code`, scan)}`,
  );
}

/** A listing started within the set number of days after the household settled in a city (rule 3: no forced exit). */
export function afterSettlement(db: Db, scan: Scan) {
  return insert(
    db,
    sql`
    select 'afterSettlement', x.id::text, x.region_code, x.collective_id, x.seller_household_id, x.id, null, '/oversight/listings/' || x.id,
      jsonb_build_object('kind', x.right_kind, 'days', x.days, 'max', x.mx, 'settledOn', x.settled_on::text), x.created_at
    from (select l.*, h.settled_on, (l.created_at at time zone 'Asia/Shanghai')::date - h.settled_on as days,
        ${setting('settlement_days', sql`l.region_code`, DEFAULT_SETTINGS.settlementDays)} as mx
      from listings l join households h on h.id = l.seller_household_id
      where h.hukou_status = 'settled_city' and h.settled_on is not null ${within(sql`l.created_at`, scan)} ${region(sql`l.region_code`, scan)}) x
    where x.days >= 0 and x.days <= x.mx`,
  );
}

/**
 * A collective with many rejections (or withdrawals) in twelve months: raised on the listing
 * whose rejection (withdrawal) brings the collective's trailing count to the threshold.
 */
export function collectiveCount(db: Db, scan: Scan, kind: 'manyRejections' | 'manyWithdrawals') {
  const [status, at, col, fallback] =
    kind === 'manyRejections'
      ? (['rejected', 'reviewed_at', 'max_rejections', DEFAULT_SETTINGS.maxRejections] as const)
      : (['withdrawn', 'withdrawn_at', 'max_withdrawals', DEFAULT_SETTINGS.maxWithdrawals] as const);
  const atCol = sql.raw(at);
  return insert(
    db,
    sql`
    select ${kind}, x.id::text, x.region_code, x.collective_id, null, x.id, null,
      '/oversight/listings?collective=' || x.collective_id || '&status=' || ${status},
      jsonb_build_object('count', x.n, 'max', x.mx, 'collective', c.name), x.${atCol}
    from (select l.*, ${setting(col, sql`l.region_code`, fallback)} as mx,
        (select count(*) from listings e where e.collective_id = l.collective_id and e.status = ${status}
          and e.${atCol} > l.${atCol} - interval '12 months' and (e.${atCol}, e.id) <= (l.${atCol}, l.id)) as n
      from listings l where l.status = ${status} and l.${atCol} is not null
        ${within(sql`l.${atCol}`, scan)} ${region(sql`l.region_code`, scan)}) x
    join collectives c on c.id = x.collective_id
    where x.n = x.mx`,
  );
}

// Signs that one officer acted as a farmer (rule 2, voluntary): the account's password no longer
// passes through the officer (server/accounts/activation.ts), but an officer could still type a
// phone of their own, or sit the farmer at the office computer. These two rules show it.

/** Days after an officer opened an account within which a first action on a listing is a sign. */
export const QUICK_FIRST_DAYS = 7;
/** Hours either side of a farmer's action within which the same address served an officer. */
export const SAME_ADDRESS_HOURS = 12;
const FIRST_ACTIONS = ['listing.create', 'listing.confirm', 'listing.consent', 'listing.submit'];
const FARMER_ACTIONS = [...FIRST_ACTIONS, 'user.activate', 'listing.withdraw', 'exit.accept_counter', 'deal.sign', 'deal.paid'];
const list = (xs: string[]) =>
  sql.join(
    xs.map((x) => sql`${x}`),
    sql`, `,
  );

/**
 * An account opened by an officer whose first action on its own household's records is a
 * listing, a confirmation, a consent or a submission, within QUICK_FIRST_DAYS of its opening.
 * The first action is read from the household's trail (its index), by the account's own id.
 */
export function quickFirstAction(db: Db, scan: Scan) {
  const opened = scan.since
    ? sql`and u.created_at >= ${new Date(scan.since.getTime() - QUICK_FIRST_DAYS * 86_400_000).toISOString()}::timestamptz`
    : sql``;
  return insert(
    db,
    sql`
    select 'quickFirstAction', u.id::text, h.region_code, h.collective_id, u.household_id, fa.entity_id::uuid, null, '/oversight/listings/' || fa.entity_id,
      jsonb_build_object('username', u.username, 'officer', o.display_name, 'action', fa.action,
        'hours', floor(extract(epoch from fa.at - u.created_at) / 3600)::int, 'max', ${QUICK_FIRST_DAYS}::int), fa.at
    from users u
    join users o on o.id = u.created_by and o.role = 'officer'
    join households h on h.id = u.household_id
    cross join lateral (select a.action, a.entity_id, a.at from audit_log a
      where a.household_id = u.household_id and a.actor_id = u.id and a.action not like 'auth.%' and a.action not like 'user.%'
      order by a.seq limit 1) fa
    where u.role = 'farmer' and fa.action in (${list(FIRST_ACTIONS)})
      and fa.at <= u.created_at + make_interval(days => ${QUICK_FIRST_DAYS}) ${opened} ${region(sql`h.region_code`, scan)}`,
  );
}

/**
 * A farmer's activation or market step sent from an address that, within SAME_ADDRESS_HOURS,
 * also served an officer of the same collective (request_origins): once per account and record.
 */
export function sameAddress(db: Db, scan: Scan) {
  return insert(
    db,
    sql`
    select 'sameAddress', 'user:' || f.actor_id || ':' || a.entity_id, a.region_code, a.collective_id, a.household_id,
      case when a.entity_type = 'listing' then a.entity_id::uuid end, case when a.entity_type = 'deal' then a.entity_id::uuid end,
      case a.entity_type when 'listing' then '/oversight/listings/' || a.entity_id when 'deal' then '/oversight/deals/' || a.entity_id
        else '/oversight/audit?household=' || a.household_id end,
      jsonb_build_object('username', fu.username, 'action', a.action, 'officer', ou.display_name, 'ip', f.ip,
        'minutes', round(abs(extract(epoch from near.at - f.at)) / 60)::int), a.at
    from request_origins f
    join audit_log a on a.seq = f.seq
    join users fu on fu.id = f.actor_id
    cross join lateral (select o.actor_id, o.at from request_origins o
      where o.ip = f.ip and o.actor_role = 'officer' and o.collective_id = a.collective_id
        and o.at between f.at - make_interval(hours => ${SAME_ADDRESS_HOURS}) and f.at + make_interval(hours => ${SAME_ADDRESS_HOURS})
      order by abs(extract(epoch from o.at - f.at)) limit 1) near
    join users ou on ou.id = near.actor_id
    where f.actor_role = 'farmer' and a.action in (${list(FARMER_ACTIONS)}) and a.collective_id is not null and a.region_code is not null
      ${within(sql`f.at`, scan)} ${region(sql`a.region_code`, scan)}`,
  );
}

/**
 * Issue 20: a deal whose price was paid into the supervised account (资金监管) and is still not
 * registered, nor cancelled and refunded, PAID_UNREGISTERED_DAYS after the payment: the buyer's
 * money waits and the seller has not got it. Raised once per deal, dated the day it fell due;
 * open deals are few, so every scan looks at all of them (`since` does not apply).
 */
export function paidUnregistered(db: Db, scan: Scan) {
  const days = scan.paidDays ?? PAID_UNREGISTERED_DAYS;
  const where = scan.prefix ? sql`d.region_code like ${scan.prefix + '%'}` : sql`true`;
  return insert(
    db,
    sql`
    select 'paidUnregistered', x.id::text, x.region_code, x.collective_id, x.buyer_household_id, x.listing_id, x.id, '/oversight/deals/' || x.id,
      jsonb_build_object('number', x.number, 'paidOn', x.paid_on, 'days', x.days, 'max', ${days}::int,
        'held', to_char(x.held / 100.0, 'FM999,999,999,990.00')),
      (x.paid_on::date + ${days}::int)::timestamp at time zone 'Asia/Shanghai'
    from (${paidUnregisteredSql(where, shanghaiDate(scan.at ?? now()), days)}) x`,
  );
}
