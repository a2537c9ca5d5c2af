import { sql } from 'drizzle-orm';
import { type Db, rows, type Tx } from '../platform/db';
import type { Listing } from './locks';

// Rule 10 (fair price), before the harm (issue 18 item 2): the reference price the bureau set
// for the region and kind of right is shown to the seller when listing and to the officer when
// reviewing, with the asking price per unit beside it; a transfer asked below the set fraction
// raises the bureau's alert at submission, in the submission's own transaction, while the
// listing can still be suspended — not only at registration, when nothing can be done.
// Units as the bureau sets prices: fen per mu (land), per m² (homestead), per share.

/** What a listing offers, in the reference price's unit (centi-mu, centi-m², shares). */
const units = sql`case l.right_kind
  when 'land' then (select coalesce(sum(p.area_mu_centi), 0) from parcels p where p.id in (select (jsonb_array_elements_text(coalesce(l.parcel_ids, '[]'::jsonb)))::uuid))
  when 'homestead' then (select hs.area_m2_centi from homesteads hs where hs.right_id = l.right_id)
  else l.shares end`;

/** The asking price per unit, in fen: areas are kept in hundredths. */
const unitPrice = sql`case when l.right_kind = 'shares' then l.asking_price_fen::numeric / u.units else l.asking_price_fen::numeric * 100 / u.units end`;

/** The reference price in force at `at` for a region and kind: the most specific region's. */
const referenceAt = (kind: ReturnType<typeof sql>, region: ReturnType<typeof sql>, at: ReturnType<typeof sql>) => sql`
  select r.unit_price_fen, r.alert_percent from reference_prices r
  where r.right_kind = ${kind} and ${region} like r.region_prefix || '%'
    and r.set_at <= ${at} and (r.replaced_at is null or r.replaced_at > ${at})
  order by length(r.region_prefix) desc limit 1`;

export type Reference = { unitPriceFen: number; alertPercent: number };
export type PriceCheck = { reference: Reference | null; unitPriceFen: number | null; percent: number | null; below: boolean };

/** The reference price for a kind of right in a region at a moment, or null if the bureau set none. */
export async function referencePrice(db: Db | Tx, regionCode: string, kind: string, at: Date): Promise<Reference | null> {
  const [r] = await rows<{ unit_price_fen: string; alert_percent: number }>(
    db,
    referenceAt(sql`${kind}`, sql`${regionCode}`, sql`${at.toISOString()}::timestamptz`),
  );
  return r ? { unitPriceFen: Number(r.unit_price_fen), alertPercent: Number(r.alert_percent) } : null;
}

/** A listing's asking price against the reference in force at `at`. */
export async function priceCheck(db: Db | Tx, l: Pick<Listing, 'id' | 'regionCode' | 'rightKind'>, at: Date): Promise<PriceCheck> {
  const reference = await referencePrice(db, l.regionCode, l.rightKind, at);
  const [u] = await rows<{ up: string | null }>(
    db,
    sql`select case when u.units > 0 then round(${unitPrice}) end as up
      from listings l cross join lateral (select ${units} as units) u where l.id = ${l.id}`,
  );
  const unitPriceFen = u?.up == null ? null : Number(u.up);
  if (!reference || unitPriceFen == null) return { reference, unitPriceFen, percent: null, below: false };
  const percent = Math.floor((unitPriceFen * 100) / reference.unitPriceFen);
  return { reference, unitPriceFen, percent, below: unitPriceFen * 100 < reference.unitPriceFen * reference.alertPercent };
}

export type AlertScan = { listingId?: string; since?: Date; prefix?: string };

/**
 * The bureau's alert `lowAsking`: a transfer submitted with an asking price below the set
 * fraction of the reference in force at submission. Idempotent (one alert per listing), safe
 * from several instances at once; run by the submission for its listing and by the alert scan.
 */
export async function lowAskingAlerts(db: Db | Tx, scan: AlertScan = {}): Promise<number> {
  const only = scan.listingId ? sql`and l.id = ${scan.listingId}` : sql``;
  const since = scan.since ? sql`and l.submitted_at >= ${scan.since.toISOString()}::timestamptz` : sql``;
  const region = scan.prefix ? sql`and l.region_code like ${`${scan.prefix}%`}` : sql``;
  const got = await rows<{ id: string }>(
    db,
    sql`
    insert into alerts (kind, subject_key, region_code, collective_id, household_id, listing_id, deal_id, link, params, occurred_at)
    select 'lowAsking', x.id::text, x.region_code, x.collective_id, x.seller_household_id, x.id, null, '/oversight/listings/' || x.id,
      jsonb_build_object('kind', x.right_kind, 'unitPriceFen', round(x.up), 'referenceFen', x.ref, 'percent', x.pct), x.submitted_at
    from (select l.*, rp.unit_price_fen as ref, rp.alert_percent as pct, ${unitPrice} as up
      from listings l
      cross join lateral (select ${units} as units) u
      join lateral (${referenceAt(sql`l.right_kind`, sql`l.region_code`, sql`l.submitted_at`)}) rp on true
      where l.path = 'transfer' and l.submitted_at is not null and u.units > 0 ${only} ${since} ${region}) x
    where x.up * 100 < x.ref::numeric * x.pct
    on conflict (kind, subject_key) do nothing returning id`,
  );
  return got.length;
}
