import { eq } from 'drizzle-orm';
import { collectives, regions } from '../../models/regions';
import type { Db, Tx } from '../platform/db';
import { NotFound } from '../kernel/errors';

export type Collective = typeof collectives.$inferSelect;

export async function getCollective(db: Db | Tx, id: string): Promise<Collective> {
  const [c] = await db.select().from(collectives).where(eq(collectives.id, id)).limit(1);
  if (!c) throw new NotFound();
  return c;
}

/** The 14-digit 发包方编码 that prefixes household and parcel codes of this collective. */
export function issuerCode(c: Pick<Collective, 'regionCode' | 'groupCode'>): string {
  return c.regionCode + c.groupCode;
}

export async function regionName(db: Db | Tx, code: string): Promise<string> {
  const [r] = await db.select({ name: regions.name }).from(regions).where(eq(regions.code, code)).limit(1);
  return r?.name ?? code;
}

/** Rule 4: the homestead area limit for a terrain, from the collective's charter. */
export function homesteadLimitM2(c: Collective, terrain: 'plain' | 'hill' | 'mountain'): number {
  return terrain === 'plain' ? c.homesteadLimitPlainM2 : terrain === 'hill' ? c.homesteadLimitHillM2 : c.homesteadLimitMountainM2;
}
