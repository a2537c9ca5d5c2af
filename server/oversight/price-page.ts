import { and, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { alertSettings, referencePrices } from '../../models/oversight';
import { regions } from '../../models/regions';
import type { Db } from '../platform/db';
import type { Actor } from '../kernel/actor';
import { DEFAULT_SETTINGS } from './reference-prices';
import { isSupervisor } from './rules';
import { scopePrefix } from './scope';

// The pages of reference prices and alert thresholds (rule 10): what is in force in the actor's
// region, what it replaced, and whether this actor may set new values (the bureau; admins look).

/** Regions offered in the forms: the actor's region and the counties and townships inside it. */
export async function regionOptions(db: Db, actor: Actor) {
  const prefix = scopePrefix(actor);
  return db
    .select({ code: regions.code, name: regions.name, level: regions.level })
    .from(regions)
    .where(and(sql`${regions.code} like ${prefix + '%'}`, inArray(regions.level, ['city', 'county', 'township'])))
    .orderBy(regions.code);
}

/** Current prices in the actor's scope and the latest replaced ones (history). */
export async function referencePricePage(db: Db, actor: Actor) {
  const prefix = scopePrefix(actor);
  const inside = sql`${referencePrices.regionCode} like ${prefix + '%'}`;
  const cols = {
    id: referencePrices.id,
    regionCode: referencePrices.regionCode,
    regionName: regions.name,
    kind: referencePrices.rightKind,
    unitPriceFen: referencePrices.unitPriceFen,
    alertPercent: referencePrices.alertPercent,
    setAt: referencePrices.setAt,
    replacedAt: referencePrices.replacedAt,
  };
  const current = await db
    .select(cols)
    .from(referencePrices)
    .leftJoin(regions, eq(regions.code, referencePrices.regionCode))
    .where(and(inside, isNull(referencePrices.replacedAt)))
    .orderBy(referencePrices.regionCode, referencePrices.rightKind);
  const history = await db
    .select(cols)
    .from(referencePrices)
    .leftJoin(regions, eq(regions.code, referencePrices.regionCode))
    .where(and(inside, isNotNull(referencePrices.replacedAt)))
    .orderBy(desc(referencePrices.replacedAt))
    .limit(50);
  const settings = await db
    .select({ s: alertSettings, name: regions.name })
    .from(alertSettings)
    .leftJoin(regions, eq(regions.code, alertSettings.regionCode))
    .where(sql`${alertSettings.regionCode} like ${prefix + '%'}`)
    .orderBy(alertSettings.regionCode);
  return { current, history, settings: settings.map((r) => ({ ...r.s, regionName: r.name })) };
}

/** Everything the prices and settings pages show, with the actor's `can` flags. */
export async function pricesPage(db: Db, actor: Actor) {
  return {
    page: await referencePricePage(db, actor),
    regions: await regionOptions(db, actor),
    defaults: DEFAULT_SETTINGS,
    can: { set: isSupervisor(actor) },
  };
}
