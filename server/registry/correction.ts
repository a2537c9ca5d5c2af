import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { households } from '../../models/households';
import { homesteads, landContracts, parcels, rights, shareHoldings } from '../../models/rights';
import { assertCanWriteRegistry, type Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { isParcelCodeOf } from '../kernel/codes';
import { Conflict, type FieldErrors, ValidationError } from '../kernel/errors';
import { parse, text } from '../kernel/fields';
import { formatCenti } from '../kernel/money';
import { withDbErrors } from '../kernel/tx';
import type { Db } from '../platform/db';
import { type Collective, getCollective, homesteadLimitM2, issuerCode } from './collectives';
import {
  allocatedShares,
  assertEditable,
  assertHomesteadArea,
  homesteadSchema,
  landSchema,
  loadRight,
  MAX_PARCELS,
  parcelSchema,
  sharesSchema,
} from './rights';
import { rightDetails } from './rights-view';
import { type AreaWarning, areaWarning, muCentiToM2, type Outline } from './parcel-shape';

// 更正登记 (issue 18 item 8; 《不动产登记暂行条例》第二十二条 corrections, 农村土地承包法 §24
// the register records what the contract says): the officer corrects a registered right's
// details with a reason, instead of cancelling it and registering it again. One transaction,
// the right locked first, the same rules as at registration, and one trail entry with the
// details before and after and the reason. Parcel rows may be added, changed or removed; a
// removed parcel keeps its row (status 'removed'), so older listings and the trail still name it.

export const correctionReason = z.object({ reason: text(200), version: z.coerce.number().int().positive({ error: 'invalidValue' }) });

/** A parcel row of the correction form: an existing parcel (id) or a new one; `remove` drops it. */
export type ParcelRow = Record<string, unknown> & { id?: unknown; remove?: unknown };

export type CorrectionCommand = { reason: unknown; version: unknown; parcels?: ParcelRow[] } & Record<string, unknown>;

const idSchema = z.uuid({ error: 'invalidValue' });

/** The right's current details as form values (the correction form starts from these). */
export async function correctionForm(db: Db, actor: Actor, id: string) {
  const r = await loadRight(db, actor, id);
  assertCanWriteRegistry(actor, r);
  const [d] = await rightDetails(db, { rightIds: [r.id] });
  const [h] = await db.select().from(households).where(eq(households.id, r.householdId));
  const collective = await getCollective(db, r.collectiveId);
  const values: Record<string, unknown> = { version: String(r.version) };
  if (r.kind === 'land' && d.contract) {
    Object.assign(values, { contractNo: d.contract.contractNo, startDate: d.contract.startDate, endDate: d.contract.endDate });
    values.parcels = (d.parcels ?? [])
      .filter((p) => p.status === 'active')
      .map((p) => ({
        id: p.id,
        code: p.code,
        name: p.name,
        areaMu: formatCenti(p.areaMuCenti),
        landClass: p.landClass,
        east: p.east,
        south: p.south,
        west: p.west,
        north: p.north,
        geojson: p.geojson ? JSON.stringify(p.geojson) : '',
      }));
  } else if (r.kind === 'homestead' && d.homestead) {
    const x = d.homestead;
    Object.assign(values, {
      parcelCode: x.parcelCode,
      location: x.location,
      areaM2: formatCenti(x.areaM2Centi),
      terrain: x.terrain,
      approvalNo: x.approvalNo,
      floorAreaM2: x.floorAreaM2Centi ? formatCenti(x.floorAreaM2Centi) : '',
      geojson: x.geojson ? JSON.stringify(x.geojson) : '',
    });
  } else if (r.kind === 'shares') values.shares = String(d.shares ?? '');
  return { right: r, household: h, prefix: issuerCode(collective), values, editable: r.status === 'active' };
}

/** Corrects a registered right's details; returns its household (where the officer goes next). */
export async function correctRight(
  db: Db,
  actor: Actor,
  id: string,
  command: CorrectionCommand,
  at: Date,
): Promise<{ householdId: string; areaWarnings: AreaWarning[] }> {
  const r = await loadRight(db, actor, id);
  assertCanWriteRegistry(actor, r);
  const { reason, version } = parse(correctionReason, { reason: command.reason, version: command.version });
  const collective = await getCollective(db, r.collectiveId);
  const plan = r.kind === 'land' ? landPlan(command, collective) : null;
  const home = r.kind === 'homestead' ? parse(homesteadSchema, command) : null;
  if (home) {
    if (!isParcelCodeOf(home.parcelCode, collective.regionCode, collective.groupCode))
      throw new ValidationError({ parcelCode: { code: 'invalidParcelCode', params: { prefix: issuerCode(collective) } } });
  }
  // The area limit binds new approvals; an existing homestead recorded over it stays flagged (rule 4).
  const [stored] = home ? await db.select({ origin: homesteads.origin }).from(homesteads).where(eq(homesteads.rightId, id)) : [];
  if (home && stored?.origin !== 'existing') assertHomesteadArea(collective, home.terrain, home.areaM2);
  const oversize = home ? home.areaM2 > homesteadLimitM2(collective, home.terrain) * 100 : false;
  const shares = r.kind === 'shares' ? parse(sharesSchema, command).shares : null;
  // A redrawn outline (or a changed area) far from the recorded area is saved, with the difference
  // in the trail and shown (issue 17 item 3); rows whose outline and area stay as they were are not re-judged.
  let areaWarnings: AreaWarning[] = [];

  await withDbErrors(() =>
    db.transaction(async (tx) => {
      // Lock first: the collective (the share total) before the right, as share registration does.
      const [c] =
        shares !== null
          ? await tx
              .execute(sql`select total_shares from collectives where id = ${r.collectiveId} for update`)
              .then((x) => (x as unknown as { rows: { total_shares: number }[] }).rows)
          : [null];
      const [locked] = await tx.select().from(rights).where(eq(rights.id, id)).for('update');
      if (locked.version !== version) throw new Conflict();
      assertEditable(locked);
      const [d] = await rightDetails(tx, { rightIds: [id] });
      areaWarnings = [];
      let before: Record<string, unknown> = {};
      let after: Record<string, unknown> = {};

      if (plan && d.contract) {
        const live = (d.parcels ?? []).filter((p) => p.status === 'active');
        const liveIds = new Set(live.map((p) => p.id));
        const unknown = plan.rows.findIndex((p) => p.id && !liveIds.has(p.id));
        if (unknown >= 0) throw new ValidationError({ [`parcels.${unknown}.code`]: { code: 'unknownReference' } });
        const kept = plan.rows.filter((p) => !p.remove);
        if (kept.length + live.filter((p) => !plan.rows.some((q) => q.id === p.id)).length === 0)
          throw new ValidationError({ parcels: { code: 'noParcels' } });
        const listed = (ps: { code: string; name: string; areaMuCenti: number }[]) =>
          ps.map((p) => `${p.code} ${p.name} ${formatCenti(p.areaMuCenti)}`).join('；');
        before = { contractNo: d.contract.contractNo, startDate: d.contract.startDate, endDate: d.contract.endDate, parcels: listed(live) };
        await tx.update(landContracts).set(plan.contract).where(eq(landContracts.rightId, id));
        // Removals first, so a code moved from a removed row to a new one is free (parcels_code_active).
        // Only rows marked for removal go; a live parcel the form did not send stays as it is.
        const removed = plan.rows.filter((p) => p.remove && p.id).map((p) => p.id!);
        const untouched = live.filter((p) => !plan.rows.some((q) => q.id === p.id));
        for (const pid of removed)
          await tx
            .update(parcels)
            .set({ status: 'removed' })
            .where(and(eq(parcels.id, pid), eq(parcels.rightId, id)));
        for (const p of kept) {
          const was = p.id ? live.find((q) => q.id === p.id) : undefined;
          if (!was || !sameShape(was.geojson, p.geojson) || was.areaMuCenti !== p.areaMu)
            areaWarnings.push(...[areaWarning(p.code, p.geojson, muCentiToM2(p.areaMu))].flatMap((w) => w ?? []));
          const row = {
            code: p.code,
            name: p.name,
            areaMuCenti: p.areaMu,
            landClass: p.landClass,
            east: p.east,
            south: p.south,
            west: p.west,
            north: p.north,
            geojson: p.geojson ?? null,
            // A redrawn outline is no longer the county's survey: the export projects the new one.
            ...(was && !sameShape(was.geojson, p.geojson) ? { surveyGeometry: null } : {}),
          };
          if (p.id)
            await tx
              .update(parcels)
              .set(row)
              .where(and(eq(parcels.id, p.id), eq(parcels.rightId, id)));
          else await tx.insert(parcels).values({ ...row, rightId: id, collectiveId: locked.collectiveId });
        }
        after = {
          ...plan.contract,
          parcels: listed([...untouched, ...kept.map((p) => ({ code: p.code, name: p.name, areaMuCenti: p.areaMu }))]),
        };
      } else if (home && d.homestead) {
        const x = d.homestead;
        before = {
          parcelCode: x.parcelCode,
          location: x.location,
          areaM2: formatCenti(x.areaM2Centi),
          terrain: x.terrain,
          approvalNo: x.approvalNo,
          floorAreaM2: x.floorAreaM2Centi ? formatCenti(x.floorAreaM2Centi) : null,
        };
        const outline = home.geojson ?? x.geojson ?? null;
        if (!sameShape(x.geojson, outline) || x.areaM2Centi !== home.areaM2)
          areaWarnings = [areaWarning(home.parcelCode, outline as Outline | null, home.areaM2 / 100)].flatMap((w) => w ?? []);
        const row = {
          parcelCode: home.parcelCode,
          location: home.location,
          areaM2Centi: home.areaM2,
          terrain: home.terrain,
          approvalNo: home.approvalNo,
          floorAreaM2Centi: home.floorAreaM2 ?? null,
          geojson: outline,
          reviewFlag: oversize ? ('oversize' as const) : null,
        };
        await tx.update(homesteads).set(row).where(eq(homesteads.rightId, id));
        after = {
          ...before,
          parcelCode: row.parcelCode,
          location: row.location,
          areaM2: formatCenti(row.areaM2Centi),
          terrain: row.terrain,
          approvalNo: row.approvalNo,
          floorAreaM2: row.floorAreaM2Centi ? formatCenti(row.floorAreaM2Centi) : null,
        };
      } else if (shares !== null && c) {
        const held = d.shares ?? 0;
        const allocated = (await allocatedShares(tx, locked.collectiveId)) - held;
        if (allocated + shares > c.total_shares)
          throw new ValidationError({ shares: { code: 'sharesExceedTotal', params: { allocated, shares, total: c.total_shares } } });
        await tx.update(shareHoldings).set({ shares }).where(eq(shareHoldings.rightId, id));
        before = { shares: held };
        after = { shares };
      }
      await tx
        .update(rights)
        .set({ version: sql`${rights.version} + 1`, updatedAt: at })
        .where(eq(rights.id, id));
      await recordAudit(tx, actor, {
        action: 'right.correct',
        entityType: 'right',
        entityId: id,
        collectiveId: locked.collectiveId,
        regionCode: locked.regionCode,
        householdId: locked.householdId,
        rightId: id,
        before,
        after,
        reason,
        ...(areaWarnings.length ? { after: { ...after, areaWarnings } } : {}),
      });
    }),
  );
  return { householdId: r.householdId, areaWarnings };
}

type PlannedParcel = z.output<typeof parcelSchema> & { id?: string; remove: boolean };

/** The land form's contract and parcel rows, checked as at registration (codes, prefix, duplicates, count). */
function landPlan(command: CorrectionCommand, collective: Collective) {
  const contract = parse(landSchema, command);
  const list = Array.isArray(command.parcels) ? command.parcels : [];
  const errors: FieldErrors = {};
  if (list.length > MAX_PARCELS) throw new ValidationError({ parcels: { code: 'tooManyParcels', params: { max: MAX_PARCELS } } });
  const rows: PlannedParcel[] = [];
  list.forEach((p, i) => {
    const rawId = typeof p.id === 'string' && p.id !== '' ? p.id : undefined;
    if (rawId && !idSchema.safeParse(rawId).success) errors[`parcels.${i}.code`] = { code: 'unknownReference' };
    if (isRemoved(p)) {
      // A removed row needs no valid fields; one never saved is simply left out.
      if (rawId) rows.push({ id: rawId, remove: true } as PlannedParcel);
      return;
    }
    const r = parcelSchema.safeParse(p);
    if (!r.success) {
      for (const iss of r.error.issues)
        errors[`parcels.${i}.${iss.path.join('.')}`] ??= { code: /^[a-zA-Z.]+$/.test(iss.message) ? iss.message : 'invalidValue' };
      return;
    }
    if (!isParcelCodeOf(r.data.code, collective.regionCode, collective.groupCode))
      errors[`parcels.${i}.code`] = { code: 'invalidParcelCode', params: { prefix: issuerCode(collective) } };
    const first = rows.findIndex((q) => !q.remove && q.code === r.data.code);
    if (first >= 0) errors[`parcels.${i}.code`] = { code: 'duplicateParcelCode' };
    rows.push({ ...r.data, id: rawId, remove: false });
  });
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return { contract, rows };
}

/** Whether two outlines are the same, compared by type and coordinates (jsonb may hand keys back in another order). */
function sameShape(a: unknown, b: unknown): boolean {
  const canonical = (g: unknown) => {
    if (!g || typeof g !== 'object') return null;
    const { type, coordinates } = g as { type?: unknown; coordinates?: unknown };
    return { type, coordinates };
  };
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function isRemoved(p: ParcelRow): boolean {
  return p.remove === '1' || p.remove === 'on' || p.remove === true;
}
