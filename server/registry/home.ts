import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db';
import { rows } from '../platform/db';
import type { Actor } from '../kernel/actor';
import { regionPrefix } from '../kernel/codes';
import { regionName } from './collectives';

/** Counts for the home page, within the actor's scope (rule 12). */
export async function homeSummary(db: Db, actor: Actor) {
  // Read from the per-collective summaries (models/stats.ts): a city bureau's home page
  // sums a few thousand rows instead of counting every household and person.
  const scope =
    actor.role === 'officer'
      ? sql`s.collective_id = ${actor.collectiveId}`
      : actor.role === 'bureau'
        ? sql`c.region_code like ${regionPrefix(actor.regionCode!) + '%'}`
        : sql`true`;
  const [c] = await rows<{ households: number; persons: number; settled: number }>(
    db,
    sql`
    select coalesce(sum(s.households), 0)::int as households, coalesce(sum(s.persons), 0)::int as persons,
      coalesce(sum(s.settled_households), 0)::int as settled
    from collective_stats s join collectives c on c.id = s.collective_id where ${scope}`,
  );
  const kinds = await rows<{ kind: string; n: number }>(
    db,
    sql`
    select s.kind, sum(s.count)::int as n from collective_right_stats s join collectives c on c.id = s.collective_id where ${scope} group by s.kind`,
  );
  const place =
    actor.role === 'officer'
      ? (await rows<{ name: string }>(db, sql`select name from collectives where id = ${actor.collectiveId}`))[0]?.name
      : actor.role === 'bureau'
        ? await regionName(db, actor.regionCode!)
        : '';
  const byKind = Object.fromEntries(kinds.map((k) => [k.kind, k.n]));
  return {
    place,
    households: c.households,
    persons: c.persons,
    settled: c.settled,
    land: byKind.land ?? 0,
    homesteads: byKind.homestead ?? 0,
    shares: byKind.shares ?? 0,
  };
}
