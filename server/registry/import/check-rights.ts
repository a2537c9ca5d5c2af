import { z } from 'zod';
import { numberSchema } from '../certificates';
import { isParcelCodeOf } from '../../kernel/codes';
import { issuerCode, type Collective } from '../collectives';
import { homesteadLimitM2 } from '../collectives';
import { homesteadSchema, landSchema, MAX_PARCELS, parcelSchema, sharesSchema } from '../rights';
import { choiceValue, type ColKey } from './columns';
import { breathe, checkRow, dateVal, FirstSeen, val } from './row-check';
import type { Problems, RawRow } from './types';

type Parcel = z.output<typeof parcelSchema>;
export type PlanLand = z.output<typeof landSchema> & { householdCode: string; certificateNo?: string; parcels: Parcel[]; rows: RawRow[] };
/** `oversize`: over the terrain's limit; an imported homestead is one that exists, so it is registered and flagged for review. */
export type PlanHomestead = z.output<typeof homesteadSchema> & {
  householdCode: string;
  certificateNo?: string;
  row: RawRow;
  oversize: boolean;
};
export type PlanShares = { householdCode: string; shares: number; certificateNo?: string; row: RawRow };
export type RightsPlan = { lands: PlanLand[]; homesteads: PlanHomestead[]; shares: PlanShares[] };

const PARCEL_FIELDS: Record<string, ColKey> = {
  code: 'parcelCode',
  name: 'parcelName',
  areaMu: 'areaMu',
  landClass: 'landClass',
  east: 'east',
  south: 'south',
  west: 'west',
  north: 'north',
  geojson: 'geojson',
};
const CONTRACT_FIELDS: Record<string, ColKey> = { contractNo: 'contractNo', startDate: 'startDate', endDate: 'endDate' };
const HOMESTEAD_FIELDS: Record<string, ColKey> = {
  parcelCode: 'homesteadCode',
  location: 'location',
  areaM2: 'areaM2',
  terrain: 'terrain',
  approvalNo: 'approvalNo',
  floorAreaM2: 'floorAreaM2',
  geojson: 'geojson',
};
const certSchema = z.object({ number: numberSchema });

type Ctx = { collective: Collective; problems: Problems; certs: FirstSeen; available: number; tick: (n: number) => Promise<void> };

function householdCodeOf(ctx: Ctx, r: RawRow): string | null {
  const code = val(r, 'householdCode')?.trim();
  if (!code) ctx.problems.add(r, 'householdCode', 'required');
  return code ?? null;
}

function certificateOf(ctx: Ctx, r: RawRow): string | undefined {
  const c = checkRow(ctx.problems, r, certSchema, { number: val(r, 'certificateNo') }, { number: 'certificateNo' });
  const first = ctx.certs.check(val(r, 'certificateNo')?.trim(), r.row);
  if (first !== null) ctx.problems.add(r, 'certificateNo', 'import.duplicateInFile', { row: first });
  return c?.number;
}

function parcelCodeOk(ctx: Ctx, r: RawRow, code: string, column: ColKey): void {
  if (!isParcelCodeOf(code, ctx.collective.regionCode, ctx.collective.groupCode))
    ctx.problems.add(r, column, 'invalidParcelCode', { prefix: issuerCode(ctx.collective) });
}

/** Parcel rows, grouped into contracts by contract number; contract columns must agree across its rows. */
async function checkLand(ctx: Ctx, rows: RawRow[]): Promise<PlanLand[]> {
  const contracts = new Map<string, PlanLand & { ok: boolean }>();
  const parcelCodes = new FirstSeen();
  for (const [i, r] of rows.entries()) {
    const code = householdCodeOf(ctx, r);
    const c = checkRow(
      ctx.problems,
      r,
      landSchema,
      { contractNo: val(r, 'contractNo'), startDate: dateVal(r, 'startDate'), endDate: dateVal(r, 'endDate') },
      CONTRACT_FIELDS,
    );
    const p = checkRow(
      ctx.problems,
      r,
      parcelSchema,
      {
        code: val(r, 'parcelCode'),
        name: val(r, 'parcelName'),
        areaMu: val(r, 'areaMu') ?? '',
        landClass: choiceValue('landClass', val(r, 'landClass')),
        east: val(r, 'east'),
        south: val(r, 'south'),
        west: val(r, 'west'),
        north: val(r, 'north'),
        geojson: val(r, 'geojson'),
      },
      PARCEL_FIELDS,
    );
    if (p) parcelCodeOk(ctx, r, p.code, 'parcelCode');
    const dupParcel = parcelCodes.check(val(r, 'parcelCode')?.trim(), r.row);
    if (dupParcel !== null) ctx.problems.add(r, 'parcelCode', 'import.duplicateInFile', { row: dupParcel });
    const key = val(r, 'contractNo')?.trim();
    if (!key) continue;
    const first = contracts.get(key);
    if (!first) {
      const cert = certificateOf(ctx, r);
      contracts.set(key, {
        ...(c ?? { contractNo: key, startDate: '', endDate: '' }),
        householdCode: code ?? '',
        certificateNo: cert,
        parcels: p ? [p] : [],
        rows: [r],
        ok: !!c && !!p && !!code,
      });
    } else {
      const head = first.rows[0];
      for (const k of ['householdCode', 'startDate', 'endDate', 'certificateNo'] as const) {
        if ((dateVal(r, k)?.trim() ?? '') !== (dateVal(head, k)?.trim() ?? ''))
          ctx.problems.add(r, k, 'import.inconsistent', { row: head.row });
      }
      first.rows.push(r);
      if (p) first.parcels.push(p);
      else first.ok = false;
      if (first.rows.length > MAX_PARCELS) ctx.problems.add(r, 'contractNo', 'tooManyParcels', { max: MAX_PARCELS });
    }
    if (i % 2000 === 1999) {
      await ctx.tick(i + 1);
      await breathe();
    }
  }
  return [...contracts.values()].filter((c) => c.ok);
}

/**
 * Rule 4 for the file: one homestead per household. The area limit binds new approvals only
 * (广东省土地管理条例 §42, 土地管理法 §62): a file records homesteads that exist, so one over the
 * limit is registered with a review flag (as the form's "existing homestead"), not refused.
 */
function checkHomesteads(ctx: Ctx, rows: RawRow[]): PlanHomestead[] {
  const out: PlanHomestead[] = [];
  const holders = new FirstSeen();
  for (const r of rows) {
    const code = householdCodeOf(ctx, r);
    const h = checkRow(
      ctx.problems,
      r,
      homesteadSchema,
      {
        parcelCode: val(r, 'homesteadCode'),
        location: val(r, 'location'),
        areaM2: val(r, 'areaM2') ?? '',
        terrain: choiceValue('terrain', val(r, 'terrain')),
        approvalNo: val(r, 'approvalNo'),
        floorAreaM2: val(r, 'floorAreaM2'),
        geojson: val(r, 'geojson'),
      },
      HOMESTEAD_FIELDS,
    );
    const cert = certificateOf(ctx, r);
    if (holders.check(code ?? undefined, r.row) !== null) ctx.problems.add(r, 'householdCode', 'rule4.secondHomestead');
    if (!h) continue;
    parcelCodeOk(ctx, r, h.parcelCode, 'homesteadCode');
    const oversize = h.areaM2 > homesteadLimitM2(ctx.collective, h.terrain) * 100;
    if (code) out.push({ ...h, householdCode: code, certificateNo: cert, row: r, oversize });
  }
  return out;
}

/** Shares come out of the collective's total: a row that would pass it is refused. */
function checkShares(ctx: Ctx, rows: RawRow[]): PlanShares[] {
  const out: PlanShares[] = [];
  const total = ctx.collective.totalShares;
  let allocated = total - ctx.available;
  for (const r of rows) {
    const code = householdCodeOf(ctx, r);
    const s = checkRow(ctx.problems, r, sharesSchema, { shares: val(r, 'shares') ?? '' }, { shares: 'shares' });
    const cert = certificateOf(ctx, r);
    if (!s) continue;
    // A refused row does not count: each later row is judged on what is really left.
    if (allocated + s.shares > total) ctx.problems.add(r, 'shares', 'sharesExceedTotal', { allocated, shares: s.shares, total });
    else allocated += s.shares;
    if (code) out.push({ householdCode: code, shares: s.shares, certificateNo: cert, row: r });
  }
  return out;
}

export async function checkRights(
  rows: RawRow[],
  collective: Collective,
  problems: Problems,
  available: number,
  tick: (n: number) => Promise<void>,
): Promise<RightsPlan> {
  const ctx: Ctx = { collective, problems, certs: new FirstSeen(), available, tick };
  const of = (k: RawRow['kind']) => rows.filter((r) => r.kind === k);
  const lands = await checkLand(ctx, of('land_parcel'));
  await breathe();
  return { lands, homesteads: checkHomesteads(ctx, of('homestead')), shares: checkShares(ctx, of('shares')) };
}
