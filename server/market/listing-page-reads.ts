import { eq, sql } from 'drizzle-orm';
import { collectives } from '../../models/regions';
import { households } from '../../models/households';
import { deals, listings, offers } from '../../models/market';
import type { Db } from '../platform/db';
import { prepared, rowFromJson } from '../platform/prepared';
import { type J, list, rightParts, rightsOf } from '../registry/household-page-reads';

// What the listing page shows besides the listing itself, read in one prepared statement
// (issue 19): the seller's household, the listed right with its details, the collective, the
// offers with their bidders, and the deal. The caller has loaded the listing and checked that
// the actor may see it (scope.ts loadListing) before this runs; what of it the actor sees is
// decided in listing-page.ts as before.

const statement = (db: Db) =>
  db
    .select({
      page: sql<J>`json_build_object(
        'seller', (select to_jsonb(h) from ${households} h where h.id = listings.seller_household_id),
        ${sql.join(
          Object.entries(rightParts(sql`r.id = listings.right_id`)).map(([k, v]) => sql`${sql.raw(`'${k}'`)}, ${v}`),
          sql`, `,
        )},
        'collective', (select to_jsonb(c) from ${collectives} c where c.id = listings.collective_id),
        'offers', (select json_agg(json_build_object('o', o, 'buyerName', bh.head_name, 'buyerCode', bh.code) order by o.price_fen desc, o.updated_at)
                     from ${offers} o join ${households} bh on bh.id = o.buyer_household_id where o.listing_id = listings.id),
        'deal', (select to_jsonb(d) from ${deals} d where d.listing_id = listings.id limit 1))`,
    })
    .from(listings)
    .where(eq(listings.id, sql.placeholder('id')))
    .prepare('listing_page');

/** The listing page's reads for a listing already loaded and in the actor's sight. */
export async function readListingPage(db: Db, listingId: string) {
  const [row] = await prepared(db, 'listing_page', statement).execute({ id: listingId });
  const p = row?.page ?? {};
  return {
    seller: rowFromJson(households, p.seller as J), // a listing always has its seller (foreign key)
    detail: rightsOf(p)[0],
    collective: p.collective ? rowFromJson(collectives, p.collective as J) : null,
    offers: list(p.offers).map((x) => ({
      o: rowFromJson(offers, x.o as J),
      buyerName: x.buyerName as string,
      buyerCode: x.buyerCode as string,
    })),
    deal: p.deal ? rowFromJson(deals, p.deal as J) : undefined,
  };
}
