import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import { rows } from '../db';
import type { Actor } from './actor';
import { regionPrefix } from './codes';
import { regionName } from './collectives';

/** Counts for the home page, within the actor's scope (rule 12). */
export async function homeSummary(db: Db, actor: Actor) {
  const scope = actor.role === 'officer' ? sql`collective_id = ${actor.collectiveId}`
    : actor.role === 'bureau' ? sql`region_code like ${regionPrefix(actor.regionCode!) + '%'}` : sql`true`;
  const [c] = await rows<{ households: number; persons: number; settled: number }>(db, sql`
    select count(*)::int as households,
      coalesce(sum((select count(*) from members m where m.household_id = h.id)), 0)::int as persons,
      count(*) filter (where hukou_status = 'settled_city')::int as settled
    from households h where ${scope}`);
  const kinds = await rows<{ kind: string; n: number }>(db, sql`
    select kind, count(*)::int as n from rights where ${scope} and status in ('active','listed','in_transaction') group by kind`);
  const place = actor.role === 'officer'
    ? (await rows<{ name: string }>(db, sql`select name from collectives where id = ${actor.collectiveId}`))[0]?.name
    : actor.role === 'bureau' ? await regionName(db, actor.regionCode!) : '';
  const byKind = Object.fromEntries(kinds.map((k) => [k.kind, k.n]));
  return { place, households: c.households, persons: c.persons, settled: c.settled, land: byKind.land ?? 0, homesteads: byKind.homestead ?? 0, shares: byKind.shares ?? 0 };
}
