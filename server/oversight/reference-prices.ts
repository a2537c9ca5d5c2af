import { and, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { alertSettings, referencePrices } from '../../models/oversight';
import { regions } from '../../models/regions';
import { RIGHT_KINDS } from '../../models/rights';
import type { Db } from '../platform/db';
import { Forbidden, NotFound, ValidationError } from '../kernel/errors';
import type { Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { regionPrefix } from '../kernel/codes';
import { choice, parse } from '../kernel/fields';
import { yuanToFen } from '../kernel/money';
import { withDbErrors } from '../kernel/tx';
import { inScope, scopePrefix } from './scope';

// Rule 10: the bureau sets reference prices per region and right kind (fen per mu, per m²,
// per share) and the fraction below which a deal raises an alert. A county's price overrides
// the city's for deals in that county. Prices are never edited: a new one replaces the
// current one and both stay, so every alert can be traced to the price in force.

export const DEFAULT_SETTINGS = { maxPurchases: 3, settlementDays: 90, maxRejections: 3, maxWithdrawals: 5 };

const percent = z.preprocess(
  (v) => (v === undefined || v === '' ? '70' : v),
  z
    .string({ error: 'invalidInteger' })
    .trim()
    .regex(/^[0-9]{1,3}$/, { error: 'oversight.badPercent' })
    .transform(Number)
    .refine((n) => n >= 1 && n <= 100, { error: 'oversight.badPercent' }),
);

const priceSchema = z.object({
  region: z.string({ error: 'required' }).trim().min(1, { error: 'required' }),
  kind: choice(RIGHT_KINDS),
  unitPrice: z
    .string({ error: 'required' })
    .trim()
    .min(1, { error: 'required' })
    .transform((s, ctx) => {
      const fen = yuanToFen(s);
      if (fen !== null) return fen;
      ctx.addIssue({ code: 'custom', message: 'invalidNumber' });
      return z.NEVER;
    }),
  alertPercent: percent,
});

const count = (max: number) =>
  z.union([z.string(), z.number()], { error: 'required' }).transform((v, ctx) => {
    const s = String(v).trim();
    if (!/^[0-9]{1,5}$/.test(s) || Number(s) < 1 || Number(s) > max) {
      ctx.addIssue({ code: 'custom', message: 'oversight.badCount', params: { max } });
      return z.NEVER;
    }
    return Number(s);
  });

const settingsSchema = z.object({
  region: z.string({ error: 'required' }).trim().min(1, { error: 'required' }),
  maxPurchases: count(1000),
  settlementDays: count(3650),
  maxRejections: count(1000),
  maxWithdrawals: count(1000),
});

function assertBureau(actor: Actor): void {
  // Admins may look; only the bureau sets oversight parameters (rule 12).
  if (actor.role !== 'bureau') throw new Forbidden();
}

/** A region the bureau may set values for: its own or any city/county/township inside it. */
async function settableRegion(db: Db, actor: Actor, code: string) {
  if (!/^[0-9]{6}([0-9]{3})?$/.test(code)) throw new ValidationError({ region: { code: 'oversight.badRegion' } });
  if (!inScope(actor, code)) throw new NotFound();
  const [r] = await db.select().from(regions).where(eq(regions.code, code)).limit(1);
  if (!r) throw new NotFound();
  return r;
}

/** Regions offered in the forms: the actor's region and the counties and townships inside it. */
export async function regionOptions(db: Db, actor: Actor) {
  const prefix = scopePrefix(actor);
  return db
    .select({ code: regions.code, name: regions.name, level: regions.level })
    .from(regions)
    .where(and(sql`${regions.code} like ${prefix + '%'}`, inArray(regions.level, ['city', 'county', 'township'])))
    .orderBy(regions.code);
}

export async function setReferencePrice(db: Db, actor: Actor, input: unknown) {
  assertBureau(actor);
  const v = parse(priceSchema, input);
  const region = await settableRegion(db, actor, v.region);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const current = await tx
        .select()
        .from(referencePrices)
        .where(and(eq(referencePrices.regionCode, region.code), eq(referencePrices.rightKind, v.kind), isNull(referencePrices.replacedAt)))
        .for('update');
      const at = new Date();
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
          unitPriceFen: v.unitPrice,
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
        after: { kind: v.kind, unitPriceFen: v.unitPrice, alertPercent: v.alertPercent },
      });
      return row;
    }),
  );
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

export async function setAlertSettings(db: Db, actor: Actor, input: unknown) {
  assertBureau(actor);
  const v = parse(settingsSchema, input);
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
        .values({ regionCode: region.code, regionPrefix: regionPrefix(region.code), ...values, updatedBy: actor.id })
        .onConflictDoUpdate({ target: alertSettings.regionCode, set: { ...values, updatedBy: actor.id, updatedAt: new Date() } })
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
