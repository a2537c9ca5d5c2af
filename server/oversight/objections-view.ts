import { sql } from 'drizzle-orm';
import { type Db, rows } from '../platform/db';
import type { Actor } from '../kernel/actor';
import { scopePrefix } from './scope';

// Issue 20: the bureau sees the open objections (异议) of its region, per county and by age, so a
// listing paused for weeks is noticed. Read only; the finding is the collective's.

const DAY = 24 * 3600 * 1000;

export type OpenObjection = {
  id: string;
  listingId: string;
  ground: string;
  createdAt: Date;
  ageDays: number;
  collective: string;
  hasAttachment: boolean;
};
export type CountyObjections = { county: string; name: string; open: number; oldestDays: number; list: OpenObjection[] };

export async function openObjectionsPage(db: Db, actor: Actor, at: Date): Promise<CountyObjections[]> {
  const prefix = scopePrefix(actor);
  const found = await rows<{
    id: string;
    listing_id: string;
    ground: string;
    created_at: string | Date;
    county: string;
    name: string | null;
    collective: string;
    has_attachment: boolean;
  }>(
    db,
    sql`select o.id, o.listing_id, o.ground, o.created_at, o.attachment_size is not null as has_attachment, substr(o.region_code, 1, 6) as county, r.name, c.name as collective
      from listing_objections o
      join collectives c on c.id = o.collective_id
      left join regions r on r.code = substr(o.region_code, 1, 6)
      where o.status = 'open' and o.region_code like ${`${prefix}%`}
      order by o.created_at asc`,
  );
  const byCounty = new Map<string, CountyObjections>();
  for (const f of found) {
    const createdAt = new Date(f.created_at);
    const ageDays = Math.max(0, Math.floor((at.getTime() - createdAt.getTime()) / DAY));
    const c = byCounty.get(f.county) ?? { county: f.county, name: f.name ?? f.county, open: 0, oldestDays: 0, list: [] };
    c.open += 1;
    c.oldestDays = Math.max(c.oldestDays, ageDays);
    c.list.push({
      id: f.id,
      listingId: f.listing_id,
      ground: f.ground,
      createdAt,
      ageDays,
      collective: f.collective,
      hasAttachment: f.has_attachment,
    });
    byCounty.set(f.county, c);
  }
  return [...byCounty.values()].sort((a, b) => b.oldestDays - a.oldestDays);
}
