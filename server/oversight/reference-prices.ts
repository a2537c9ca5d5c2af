import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alertSettings, referencePrices } from '../../models/oversight';
import { regions } from '../../models/regions';
import type { Db } from '../platform/db';
import { Forbidden, NotFound, ValidationError } from '../kernel/errors';
import type { Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { regionPrefix } from '../kernel/codes';
import { accept, type Submitted } from '../kernel/commands';
import { withDbErrors } from '../kernel/tx';
import { priceCommand, settingsCommand, type PriceCommand, type SettingsCommand } from './commands';
import { inScope, isSupervisor } from './rules';

// Rule 10: the bureau sets reference prices per region and right kind (fen per mu, per m²,
// per share) and the fraction below which a deal raises an alert. A county's price overrides
// the city's for deals in that county. Prices are never edited: a new one replaces the
// current one and both stay, so every alert can be traced to the price in force.

export const DEFAULT_SETTINGS = { maxPurchases: 3, settlementDays: 90, maxRejections: 3, maxWithdrawals: 5 };

function assertSupervisor(actor: Actor): void {
  // Admins may look; only the bureau sets oversight parameters (rule 12).
  if (!isSupervisor(actor)) throw new Forbidden();
}

/** A region the bureau may set values for: its own or any city/county/township inside it. */
async function settableRegion(db: Db, actor: Actor, code: string) {
  if (!/^[0-9]{6}([0-9]{3})?$/.test(code)) throw new ValidationError({ region: { code: 'oversight.badRegion' } });
  if (!inScope(actor, code)) throw new NotFound();
  const [r] = await db.select().from(regions).where(eq(regions.code, code)).limit(1);
  if (!r) throw new NotFound();
  return r;
}

/** A new reference price replaces the current one of its region and kind; both stay (every alert names the price in force). */
export async function setReferencePrice(db: Db, actor: Actor, cmd: Submitted<PriceCommand>, at: Date) {
  assertSupervisor(actor);
  const v = accept(priceCommand, cmd);
  const region = await settableRegion(db, actor, v.region);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const current = await tx
        .select()
        .from(referencePrices)
        .where(and(eq(referencePrices.regionCode, region.code), eq(referencePrices.rightKind, v.kind), isNull(referencePrices.replacedAt)))
        .for('update');
      if (current.length)
        await tx
          .update(referencePrices)
          .set({ replacedAt: at })
          .where(
            inArray(
              referencePrices.id,
              current.map((c) => c.id),
            ),
          );
      const [row] = await tx
        .insert(referencePrices)
        .values({
          regionCode: region.code,
          regionPrefix: regionPrefix(region.code),
          rightKind: v.kind,
          unitPriceFen: v.unitPriceFen,
          alertPercent: v.alertPercent,
          setBy: actor.id,
          setAt: at,
        })
        .returning();
      await recordAudit(tx, actor, {
        action: 'oversight.reference_price',
        entityType: 'reference_price',
        entityId: row.id,
        regionCode: region.code,
        before: current[0] ? { unitPriceFen: current[0].unitPriceFen, alertPercent: current[0].alertPercent } : null,
        after: { kind: v.kind, unitPriceFen: v.unitPriceFen, alertPercent: v.alertPercent },
      });
      return row;
    }),
  );
}

/** The thresholds in force for a region: the most specific row, else the defaults. */
export async function effectiveSettings(db: Db, regionCode: string) {
  const [s] = await db
    .select()
    .from(alertSettings)
    .where(sql`${regionCode} like ${alertSettings.regionPrefix} || '%'`)
    .orderBy(desc(sql`length(${alertSettings.regionPrefix})`))
    .limit(1);
  return s
    ? { maxPurchases: s.maxPurchases, settlementDays: s.settlementDays, maxRejections: s.maxRejections, maxWithdrawals: s.maxWithdrawals }
    : { ...DEFAULT_SETTINGS };
}

export async function setAlertSettings(db: Db, actor: Actor, cmd: Submitted<SettingsCommand>, at: Date) {
  assertSupervisor(actor);
  const v = accept(settingsCommand, cmd);
  const region = await settableRegion(db, actor, v.region);
  const values = {
    maxPurchases: v.maxPurchases,
    settlementDays: v.settlementDays,
    maxRejections: v.maxRejections,
    maxWithdrawals: v.maxWithdrawals,
  };
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const [before] = await tx.select().from(alertSettings).where(eq(alertSettings.regionCode, region.code)).for('update');
      const [row] = await tx
        .insert(alertSettings)
        .values({ regionCode: region.code, regionPrefix: regionPrefix(region.code), ...values, updatedBy: actor.id, updatedAt: at })
        .onConflictDoUpdate({ target: alertSettings.regionCode, set: { ...values, updatedBy: actor.id, updatedAt: at } })
        .returning();
      await recordAudit(tx, actor, {
        action: 'oversight.alert_settings',
        entityType: 'alert_settings',
        entityId: region.code,
        regionCode: region.code,
        before: before
          ? {
              maxPurchases: before.maxPurchases,
              settlementDays: before.settlementDays,
              maxRejections: before.maxRejections,
              maxWithdrawals: before.maxWithdrawals,
            }
          : null,
        after: values,
      });
      return row;
    }),
  );
}
