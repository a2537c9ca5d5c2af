import { eq, sql } from 'drizzle-orm';
import { collectives } from '../../models/regions';
import { users } from '../../models/accounts';
import { certificates } from '../../models/certificates';
import { escrowEntries } from '../../models/escrow';
import { households, members } from '../../models/households';
import { deals, listingConsents, listings, offers } from '../../models/market';
import { listingObjections } from '../../models/objections';
import { shanghaiDate } from '../kernel/clock';
import { withStatuses } from '../registry/membership';
import type { Db } from '../platform/db';
import { prepared, rowFromJson } from '../platform/prepared';
import { type J, latestById, list, memberLatestPart, rightParts, rightsOf } from '../registry/household-page-reads';

// What the listing page shows besides the listing itself, read in one prepared statement
// (issue 19): the seller's household, the listed right with its details, the collective, the
// offers with their bidders, the deal, and (issues 18, 20) the seller's members with their
// membership status, the consents given, the accounts, the right's valid certificate, the
// objections and the supervised account's movements — one round trip instead of eight. The caller has loaded the listing and checked that
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
        'deal', (select to_jsonb(d) from ${deals} d where d.listing_id = listings.id limit 1),
        'members', (select json_agg(m order by m.relation <> 'head', m.birth_date) from ${members} m where m.household_id = listings.seller_household_id),
        'memberLatest', ${memberLatestPart(sql`listings.seller_household_id`)},
        'consents', (select json_agg(c) from ${listingConsents} c where c.listing_id = listings.id),
        'accountMembers', (select json_agg(u.member_id) from ${users} u where u.household_id = listings.seller_household_id and u.active),
        'certificate', (select to_jsonb(ce) from ${certificates} ce where ce.right_id = listings.right_id and ce.status = 'valid' limit 1),
        'objections', (select json_agg(to_jsonb(ob) - 'attachment' order by ob.created_at) from ${listingObjections} ob where ob.listing_id = listings.id),
        'escrow', (select json_agg(e order by e.created_at) from ${escrowEntries} e where e.listing_id = listings.id))`,
    })
    .from(listings)
    .where(eq(listings.id, sql.placeholder('id')))
    .prepare('listing_page');

/**
 * The listing page's reads for a listing already loaded and in the actor's sight; the seller's
 * members with their membership status on the Beijing day of `at` (rule 2 asks the current ones).
 */
export async function readListingPage(db: Db, listingId: string, at: Date) {
  const [row] = await prepared(db, 'listing_page', statement).execute({ id: listingId, day: shanghaiDate(at) });
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
    sellerMembers: withStatuses(
      list(p.members).map((m) => rowFromJson(members, m)),
      latestById(p.memberLatest),
    ),
    consentsGiven: list(p.consents).map((c) => rowFromJson(listingConsents, c)),
    accountMembers: (Array.isArray(p.accountMembers) ? (p.accountMembers as (string | null)[]) : []).map((memberId) => ({ memberId })),
    certificate: p.certificate ? rowFromJson(certificates, p.certificate as J) : null,
    objections: list(p.objections).map((o) => {
      const { attachment: _none, ...shown } = rowFromJson(listingObjections, o);
      return shown;
    }),
    escrow: list(p.escrow).map((e) => rowFromJson(escrowEntries, e)),
  };
}
