import { basisOf } from '../kernel/legal-basis';
import { HELD_RIGHT_STATUSES } from '../../models/statuses';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { households } from '../../models/households';
import { collectiveRightStats } from '../../models/stats';
import {
  HOMESTEAD_ORIGINS,
  homesteads,
  landContracts,
  parcels,
  rights,
  shareHoldings,
  TERRAINS,
  type RightKind,
} from '../../models/rights';
import type { Db, Tx } from '../platform/db';
import { DomainError, NotFound, ValidationError } from '../kernel/errors';
import { assertCanRead, assertCanWriteRegistry, type Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { getCollective, homesteadLimitM2, issuerCode } from './collectives';
import { isParcelCodeOf } from '../kernel/codes';
import { centi, choice, isoDate, optionalCenti, parse, positiveInt, text } from '../kernel/fields';
import { householdPlace, loadHousehold, type Household } from './households';
import { formatCenti } from '../kernel/money';
import { withDbErrors } from '../kernel/tx';
import { shanghaiDate } from '../kernel/clock';
import { accept, type Submitted } from '../kernel/commands';
import { type AreaWarning, areaWarning, muCentiToM2, selfIntersects } from './parcel-shape';
import { isUuid } from '../kernel/ids';

export type Right = typeof rights.$inferSelect;
export const MAX_PARCELS = 50;
/** Rights in a listing or a deal are frozen (rule 11). */
export const LOCKED_STATUSES = ['listed', 'in_transaction'] as const;

const LAND_CLASSES = ['paddy', 'dry', 'irrigated', 'orchard', 'forest', 'other'] as const;
const geojson = z.preprocess(
  (v) => (v === '' || v == null ? undefined : typeof v === 'string' ? safeJson(v) : v),
  z
    .object(
      {
        type: z.enum(['Polygon', 'MultiPolygon'], { error: 'invalidGeojson' }),
        coordinates: z.array(z.any(), { error: 'invalidGeojson' }).min(1, { error: 'invalidGeojson' }),
      },
      { error: 'invalidGeojson' },
    )
    .refine((g) => JSON.stringify(g).length <= 100_000 && ringsValid(g), { error: 'invalidGeojson', abort: true })
    // An outline that crosses itself has no area to speak of (issue 17 item 3; as the import's topology check).
    .refine((g) => !selfIntersects(g), { error: 'shapeSelfIntersects' })
    .optional(),
);

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return { type: 'invalid' };
  }
}
function ringsValid(g: { type: string; coordinates: unknown[] }): boolean {
  const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown[][];
  return polys.every(
    (p) =>
      Array.isArray(p) &&
      p.length > 0 &&
      p.every(
        (ring) =>
          Array.isArray(ring) &&
          ring.length >= 4 &&
          ring.every((pt) => Array.isArray(pt) && pt.length >= 2 && pt.every((n) => typeof n === 'number' && Number.isFinite(n))),
      ),
  );
}

export const parcelSchema = z.object({
  code: z
    .string({ error: 'required' })
    .trim()
    .min(1, { error: 'required' })
    .regex(/^[0-9]{19}$/, { error: 'parcelCodeDigits' }),
  name: text(40),
  areaMu: centi(100_000), // 1,000 mu: larger than any household contract parcel
  landClass: choice(LAND_CLASSES),
  east: text(60),
  south: text(60),
  west: text(60),
  north: text(60),
  geojson,
});

export const landSchema = z
  .object({
    contractNo: z
      .string({ error: 'required' })
      .trim()
      .min(1, { error: 'required' })
      .max(40, { error: 'tooLong' })
      .regex(/^[0-9A-Za-z-]+$/, { error: 'invalidValue' }),
    startDate: isoDate,
    endDate: isoDate,
  })
  .refine((v) => v.endDate > v.startDate, { path: ['endDate'], error: 'endBeforeStart' });

export const homesteadSchema = z.object({
  parcelCode: z
    .string({ error: 'required' })
    .trim()
    .min(1, { error: 'required' })
    .regex(/^[0-9]{19}$/, { error: 'parcelCodeDigits' }),
  location: text(120),
  areaM2: centi(100_000), // 1,000 m²; the terrain limit below is the real bound
  terrain: choice(TERRAINS),
  approvalNo: text(40),
  floorAreaM2: optionalCenti(500_000),
  geojson,
});

/**
 * Registration adds whether this is a new approval or an existing homestead being recorded
 * (广东省土地管理条例 §42: the area limits bind new approvals; 土地管理法 §62). Absent means new.
 */
export const newHomesteadSchema = homesteadSchema.extend({ origin: choice(HOMESTEAD_ORIGINS).default('new') });

export const sharesSchema = z.object({ shares: positiveInt(10_000_000) });

/**
 * The homestead and shares commands, as the form or the API sends them: areas and counts as
 * typed (decimal m², whole shares), checked and turned into hundredths by the use case. (These
 * schemas convert units, so a parsed command could not be checked again by kernel/commands' accept.)
 */
export type NewHomestead = z.input<typeof newHomesteadSchema>;
export type NewShares = z.input<typeof sharesSchema>;
/** Why a right registered in error is cancelled (kept in the trail and on its certificates). */
export const cancellationCommand = z.object({ reason: text(200) });
export type Cancellation = z.input<typeof cancellationCommand>;

async function writableHousehold(db: Db | Tx, actor: Actor, householdId: string): Promise<Household> {
  const h = await loadHousehold(db, actor, householdId);
  assertCanWriteRegistry(actor, householdPlace(h));
  return h;
}

async function insertRight(tx: Tx, h: Household, kind: RightKind): Promise<Right> {
  const [r] = await tx
    .insert(rights)
    .values({ kind, collectiveId: h.collectiveId, regionCode: h.regionCode, householdId: h.id })
    .returning();
  return r;
}

const trail = (h: Household, r: Right) => ({
  entityType: 'right',
  entityId: r.id,
  collectiveId: h.collectiveId,
  regionCode: h.regionCode,
  householdId: h.id,
  rightId: r.id,
});

export async function registerLand(
  db: Db,
  actor: Actor,
  householdId: string,
  input: { parcels?: unknown[] } & Record<string, unknown>,
  at: Date,
): Promise<Right & { areaWarnings: AreaWarning[] }> {
  const h = await writableHousehold(db, actor, householdId);
  // Rule 6 / 农村土地承包法 Art. 30: a household that returned its land claims none again in that term (dates in Beijing).
  if (h.landBarredUntil && h.landBarredUntil >= shanghaiDate(at)) {
    throw new DomainError('rule6.landBarred', { until: h.landBarredUntil });
  }
  const collective = await getCollective(db, h.collectiveId);
  const contract = parse(landSchema, input);
  const list = Array.isArray(input.parcels) ? input.parcels : [];
  if (list.length === 0) throw new ValidationError({ parcels: { code: 'noParcels' } });
  if (list.length > MAX_PARCELS) throw new ValidationError({ parcels: { code: 'tooManyParcels', params: { max: MAX_PARCELS } } });
  const errors: Record<string, { code: string; params?: Record<string, unknown> }> = {};
  const parsed = list.map((p, i) => {
    const r = parcelSchema.safeParse(p);
    if (!r.success)
      for (const iss of r.error.issues)
        errors[`parcels.${i}.${iss.path.join('.')}`] ??= { code: /^[a-zA-Z.]+$/.test(iss.message) ? iss.message : 'invalidValue' };
    else if (!isParcelCodeOf(r.data.code, collective.regionCode, collective.groupCode))
      errors[`parcels.${i}.code`] = { code: 'invalidParcelCode', params: { prefix: issuerCode(collective) } };
    return r.success ? r.data : null;
  });
  const codes = parsed.map((p) => p?.code);
  codes.forEach((c, i) => {
    if (c && codes.indexOf(c) !== i) errors[`parcels.${i}.code`] = { code: 'duplicateParcelCode' };
  });
  if (Object.keys(errors).length) throw new ValidationError(errors);
  // A drawn outline far from the recorded area is registered, with the difference in the trail and shown.
  const areaWarnings = parsed.flatMap((p) => areaWarning(p!.code, p!.geojson, muCentiToM2(p!.areaMu)) ?? []);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const r = await insertRight(tx, h, 'land');
      await tx.insert(landContracts).values({ rightId: r.id, ...contract });
      const rows = parsed.map((p) => ({
        rightId: r.id,
        collectiveId: h.collectiveId,
        code: p!.code,
        name: p!.name,
        areaMuCenti: p!.areaMu,
        landClass: p!.landClass,
        east: p!.east,
        south: p!.south,
        west: p!.west,
        north: p!.north,
        geojson: p!.geojson ?? null,
      }));
      await tx.insert(parcels).values(rows);
      await recordAudit(tx, actor, {
        action: 'right.register',
        ...trail(h, r),
        after: {
          kind: 'land',
          ...contract,
          parcels: rows.map((p) => ({ code: p.code, areaMu: formatCenti(p.areaMuCenti) })),
          ...(areaWarnings.length ? { areaWarnings } : {}),
        },
      });
      return { ...r, areaWarnings };
    }),
  );
}

/**
 * Rule 4: one household, one homestead, and only if eligible. The terrain's area limit binds a
 * new approval (广东省土地管理条例 §42); an existing homestead being recorded over the limit is
 * registered and flagged for review (review_flag 'oversize': shown on the household page and
 * raised to the bureau as an alert), not refused.
 */
export async function registerHomestead(
  db: Db,
  actor: Actor,
  householdId: string,
  input: NewHomestead,
): Promise<Right & { areaWarnings: AreaWarning[] }> {
  const h = await writableHousehold(db, actor, householdId);
  const collective = await getCollective(db, h.collectiveId);
  const v = parse(newHomesteadSchema, input);
  if (!isParcelCodeOf(v.parcelCode, collective.regionCode, collective.groupCode)) {
    throw new ValidationError({ parcelCode: { code: 'invalidParcelCode', params: { prefix: issuerCode(collective) } } });
  }
  const oversize = v.areaM2 > homesteadLimitM2(collective, v.terrain) * 100;
  if (v.origin === 'new') assertHomesteadArea(collective, v.terrain, v.areaM2);
  if (!h.homesteadEligible) throw new DomainError('rule4.notEligible', {}, 'homestead');
  const areaWarnings = [areaWarning(v.parcelCode, v.geojson, v.areaM2 / 100)].flatMap((w) => w ?? []);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      await assertNoHomestead(tx, h.id);
      const r = await insertRight(tx, h, 'homestead');
      const row = {
        rightId: r.id,
        parcelCode: v.parcelCode,
        location: v.location,
        areaM2Centi: v.areaM2,
        terrain: v.terrain,
        approvalNo: v.approvalNo,
        floorAreaM2Centi: v.floorAreaM2 ?? null,
        geojson: v.geojson ?? null,
        origin: v.origin,
        reviewFlag: oversize ? ('oversize' as const) : null,
      };
      await tx.insert(homesteads).values(row);
      await recordAudit(tx, actor, {
        action: 'right.register',
        ...trail(h, r),
        after: { kind: 'homestead', ...row, geojson: undefined, ...(areaWarnings.length ? { areaWarnings } : {}) },
      });
      return { ...r, areaWarnings };
    }),
  );
}

export function assertHomesteadArea(
  collective: Parameters<typeof homesteadLimitM2>[0],
  terrain: (typeof TERRAINS)[number],
  areaCenti: number,
): void {
  const limit = homesteadLimitM2(collective, terrain);
  if (areaCenti > limit * 100) throw new DomainError('rule4.oversize', { area: formatCenti(areaCenti), limit, terrain }, 'areaM2');
}

/** Rule 4 in code; the partial unique index rights_one_homestead_per_household backs it. */
export async function assertNoHomestead(db: Db | Tx, householdId: string): Promise<void> {
  const [held] = await db
    .select({ id: rights.id })
    .from(rights)
    .where(and(eq(rights.householdId, householdId), eq(rights.kind, 'homestead'), inArray(rights.status, [...HELD_RIGHT_STATUSES])))
    .limit(1);
  if (held) throw new DomainError('rule4.secondHomestead', {}, 'homestead');
}

/** Shares come out of the collective's total; the sum held never exceeds it. */
export async function registerShares(db: Db, actor: Actor, householdId: string, input: NewShares): Promise<Right> {
  const h = await writableHousehold(db, actor, householdId);
  const { shares } = parse(sharesSchema, input);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      // Lock the collective row so two registrations cannot both pass the total check.
      const [c] = await tx
        .execute(sql`select total_shares from collectives where id = ${h.collectiveId} for update`)
        .then((r) => (r as unknown as { rows: { total_shares: number }[] }).rows);
      const allocated = await allocatedShares(tx, h.collectiveId);
      if (allocated + shares > c.total_shares)
        throw new ValidationError({ shares: { code: 'sharesExceedTotal', params: { allocated, shares, total: c.total_shares } } });
      const r = await insertRight(tx, h, 'shares');
      await tx.insert(shareHoldings).values({ rightId: r.id, shares });
      await recordAudit(tx, actor, { action: 'right.register', ...trail(h, r), after: { kind: 'shares', shares } });
      return r;
    }),
  );
}

export async function allocatedShares(db: Db | Tx, collectiveId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<string>`coalesce(sum(${shareHoldings.shares}), 0)` })
    .from(shareHoldings)
    .innerJoin(rights, eq(rights.id, shareHoldings.rightId))
    .where(and(eq(rights.collectiveId, collectiveId), inArray(rights.status, [...HELD_RIGHT_STATUSES])));
  return Number(row.n);
}

/**
 * The same figure for display, from the collective's summary row (models/stats.ts), which the
 * triggers keep equal to the registry at every commit: one row instead of summing every share
 * holding of the collective (15 ms per household page at 50,000 households). Writes that check
 * the cap inside their transaction use allocatedShares (the summary is refreshed at commit).
 */
export async function allocatedSharesSummary(db: Db, collectiveId: string): Promise<number> {
  const [row] = await db
    .select({ n: collectiveRightStats.units })
    .from(collectiveRightStats)
    .where(and(eq(collectiveRightStats.collectiveId, collectiveId), eq(collectiveRightStats.kind, 'shares')));
  return Number(row?.n ?? 0);
}

export async function loadRight(db: Db | Tx, actor: Actor, id: string): Promise<Right> {
  if (!isUuid(id)) throw new NotFound();
  const [r] = await db.select().from(rights).where(eq(rights.id, id)).limit(1);
  assertCanRead(actor, r);
  return r;
}

/** Rule 11: a listed right, or one in a transaction, cannot be edited. */
export function assertEditable(r: Right): void {
  if ((LOCKED_STATUSES as readonly string[]).includes(r.status)) throw new DomainError('rule11.locked', basisOf(r.kind));
  if (r.status !== 'active') throw new DomainError('rightNotActive', { status: r.status });
}

/**
 * Ends a right registered in error (not a transfer), with its parcels and certificates; it keeps
 * its history. Returns the right's household (where the officer goes next).
 */
export async function cancelRight(
  db: Db,
  actor: Actor,
  id: string,
  cmd: Submitted<Cancellation>,
  at: Date,
): Promise<{ householdId: string }> {
  const r = await loadRight(db, actor, id);
  assertCanWriteRegistry(actor, r);
  const { reason } = accept(cancellationCommand, cmd);
  await withDbErrors(() =>
    db.transaction(async (tx) => {
      const [locked] = await tx.select().from(rights).where(eq(rights.id, id)).for('update');
      assertEditable(locked);
      await tx
        .update(rights)
        .set({ status: 'cancelled', version: sql`${rights.version} + 1`, updatedAt: at })
        .where(eq(rights.id, id));
      if (locked.kind === 'land')
        await tx
          .update(parcels)
          .set({ status: 'returned' })
          .where(and(eq(parcels.rightId, id), eq(parcels.status, 'active')));
      await tx.execute(
        sql`update certificates set status = 'cancelled', ended_at = ${at.toISOString()}, end_reason = ${reason} where right_id = ${id} and status = 'valid'`,
      );
      const [h] = await tx.select().from(households).where(eq(households.id, locked.householdId));
      await recordAudit(tx, actor, {
        action: 'right.cancel',
        ...trail(h, locked),
        before: { status: locked.status },
        after: { status: 'cancelled' },
        reason,
      });
    }),
  );
  return { householdId: r.householdId };
}
