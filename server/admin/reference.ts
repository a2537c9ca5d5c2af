import { sql } from 'drizzle-orm';
import { regions } from '../../models/regions';
import type { Db } from '../platform/db';
import { shaoguanRegions } from './regions-shaoguan';

/** Loads the Shaoguan region tree once; safe to call at every start. */
export async function ensureRegions(db: Db): Promise<void> {
  const list = shaoguanRegions();
  await db.insert(regions).values(list).onConflictDoNothing({ target: regions.code });
}

export async function isEmpty(db: Db): Promise<boolean> {
  const r = (await db.execute(sql`select count(*)::int as n from users`)) as unknown as { rows: { n: number }[] };
  return r.rows[0].n === 0;
}
