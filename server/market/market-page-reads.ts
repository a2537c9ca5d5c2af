import { sql, type SQL } from 'drizzle-orm';
import { households } from '../../models/households';
import { listings } from '../../models/market';
import type { Actor } from '../kernel/actor';
import { regionPrefix } from '../kernel/codes';
import type { Db } from '../platform/db';
import { prepared, rowFromJson } from '../platform/prepared';
import { type J, list, rightParts, rightsOf } from '../registry/household-page-reads';

// The market page in one prepared statement (issue 19 item 2): the listings the actor may see
// (newest first, at most 200) with their seller's name and open offers, and the listed rights'
// details for their size — one JSON value, one round trip instead of four, planned once per
// connection. The actor's scope (rule 12; a farmer: the own collective's approved listings and
// the own household's) is part of the statement: one statement per kind of scope, its value a
// parameter; a region as a range of codes (~>=~, ~<~), usable by a plan made for any prefix.

type Scope = 'officer' | 'bureau' | 'farmer' | 'admin';
const SCOPES: Record<Scope, SQL> = {
  officer: sql`l.collective_id = ${sql.placeholder('collective')}`,
  bureau: sql`l.region_code ~>=~ ${sql.placeholder('from')} and l.region_code ~<~ ${sql.placeholder('to')}`,
  farmer: sql`((l.collective_id = ${sql.placeholder('collective')} and l.status = 'approved') or l.seller_household_id = ${sql.placeholder('household')})`,
  admin: sql`true`,
};

// The listings shown (read twice in the statement: their rows, and their rights' details).
const shown = (scope: Scope, statuses: readonly string[]) =>
  sql`(select l.* from ${listings} l where ${SCOPES[scope]}
    and l.status in (${sql.join(
      statuses.map((s) => sql.raw(`'${s}'`)),
      sql`, `,
    )})
    and (${sql.placeholder('state')}::text is null or l.status::text = ${sql.placeholder('state')}::text)
    order by l.updated_at desc limit 200)`;

const read = (scope: Scope, statuses: readonly string[]) => (db: Db) =>
  db
    .select({
      page: sql<J>`json_build_object(
        'rows', (select json_agg(json_build_object('l', to_jsonb(l), 'sellerName', h.head_name,
            'offers', (select count(*)::int from offers o where o.listing_id = l.id and o.status = 'active')) order by l.updated_at desc)
          from ${shown(scope, statuses)} l join ${households} h on h.id = l.seller_household_id),
        ${sql.join(
          Object.entries(rightParts(sql`r.id in (select s.right_id from ${shown(scope, statuses)} s)`)).map(
            ([k, v]) => sql`${sql.raw(`'${k}'`)}, ${v}`,
          ),
          sql`, `,
        )})`,
    })
    .from(sql`(select 1) as one`)
    .prepare(`market_page_${scope}`);

/** The scope's statement parameters. */
function scopeOf(actor: Actor, collectiveId: string | null): { scope: Scope; params: Record<string, string> } {
  if (actor.role === 'officer') return { scope: 'officer', params: { collective: actor.collectiveId! } };
  if (actor.role === 'bureau') {
    const from = regionPrefix(actor.regionCode!);
    const to = from.slice(0, -1) + String.fromCharCode(from.charCodeAt(from.length - 1) + 1);
    return { scope: 'bureau', params: { from, to } };
  }
  if (actor.role === 'farmer') return { scope: 'farmer', params: { collective: collectiveId!, household: actor.householdId! } };
  return { scope: 'admin', params: {} };
}

export type MarketRow = { l: typeof listings.$inferSelect; sellerName: string; offers: number };

/**
 * The market page's listings in the actor's scope (statuses among `statuses`, `state` one of them
 * or null), with the listed rights' details (as rightDetails returns them).
 */
export async function readMarketPage(db: Db, actor: Actor, collectiveId: string | null, statuses: readonly string[], state: string | null) {
  const s = scopeOf(actor, collectiveId);
  const [row] = await prepared(db, `market_page_${s.scope}`, read(s.scope, statuses)).execute({ ...s.params, state });
  const p = row.page;
  const rows: MarketRow[] = list(p.rows).map((x) => ({
    l: rowFromJson(listings, x.l as J),
    sellerName: x.sellerName as string,
    offers: Number(x.offers),
  }));
  return { rows, details: rightsOf(p) };
}
