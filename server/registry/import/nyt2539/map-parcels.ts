import type { ShapeFeature } from '../../../platform/files/shapefile';
import type { TableRow } from '../../../platform/files/table';
import { CONTRACT_MODES, LAND_USES, landClassOf, PARCEL_CATEGORIES, YES_NO } from './codes';
import type { Ctx } from './map-households';
import type { LandContractRow, ParcelRow } from './rows';
import { Fields, m2CentiToMuCenti } from './values';

// CBHT → land contracts, the DK layer → parcel shapes and surveyed attributes, CBDKXX → which
// parcel belongs to which contract.

export type ContractEntry = { c: LandContractRow; household: string; fbf: string; declaredParcels: number | null };
export type DkEntry = {
  f: ShapeFeature;
  used: boolean;
  attrs: Omit<ParcelRow, 'row' | 'code' | 'contractAreaMuCenti'> & { areaFrom: 'dk' | null };
};

export type ParcelCtx = Ctx & {
  contracts: Map<string, ContractEntry>;
  dk: Map<string, DkEntry>;
  /** 权证编码 → contract, from CBDKXX (the standard's link between the two). */
  certContract: Map<string, string>;
};

export function mapContracts(rows: TableRow[], ctx: ParcelCtx): void {
  for (const r of rows) {
    const f = new Fields(ctx.problems, 'CBHT', r);
    const household = f.code('CBFBM', 18);
    if (household) f.collective = household.slice(0, 14);
    const contractNo = f.text('CBHTBM', true);
    const fbf = f.code('FBFBM', 14, false);
    const start = f.date('CBQXQ', true),
      end = f.date('CBQXZ', true);
    const mode = f.choice('CBFS', CONTRACT_MODES, 'C.10 承包方式') ? f.text('CBFS') : null;
    const m2 = f.centi('HTZMJ'),
      mu = f.centi('HTZMJM');
    if (!contractNo || !household) continue;
    const seen = ctx.contracts.get(contractNo);
    if (seen) {
      f.problem('CBHTBM', 'cbht.duplicate', { code: contractNo, firstRow: seen.c.row });
      continue;
    }
    const refuse = (...args: Parameters<Fields['problem']>) => {
      f.problem(...args);
      ctx.refused.add(contractNo);
    };
    if (!ctx.households.has(household)) {
      if (ctx.refused.has(household)) ctx.refused.add(contractNo);
      else refuse('CBFBM', 'cbht.unknownCbf', { code: household });
      continue;
    }
    if (fbf && !ctx.collectives.has(fbf)) {
      refuse('FBFBM', 'cbht.unknownFbf', { code: fbf });
      continue;
    }
    if (fbf && fbf !== household.slice(0, 14)) {
      refuse('FBFBM', 'cbht.fbfMismatch', { fbf, cbf: household });
      continue;
    }
    if (!start || !end) {
      ctx.refused.add(contractNo);
      continue;
    }
    if (end <= start) {
      refuse('CBQXZ', 'cbht.term', { start, end });
      continue;
    }
    const c: LandContractRow = {
      row: r.row,
      contractNo,
      mode,
      startDate: start,
      endDate: end,
      areaMuCenti: mu ?? (m2 === null ? null : m2CentiToMuCenti(m2)),
      parcels: [],
      certificate: null,
    };
    ctx.contracts.set(contractNo, { c, household, fbf: household.slice(0, 14), declaredParcels: f.int('CBDKZS') });
    ctx.households.get(household)!.h.contracts.push(c);
  }
}

/** The DK layer's attributes (地块名称, 类别, 地类, 四至, 实测面积) and shape, by 地块编码. */
export function mapDk(features: ShapeFeature[], ctx: ParcelCtx): void {
  for (const feat of features) {
    const f = new Fields(ctx.problems, 'DK', { row: feat.row, values: feat.properties });
    const code = f.code('DKBM', 19);
    if (!code) continue;
    f.collective = code.slice(0, 14);
    const seen = ctx.dk.get(code);
    if (seen) {
      f.problem('DKBM', 'dk.duplicate', { code, firstRow: seen.f.row });
      continue;
    }
    const m2 = f.centi('SCMJ'),
      mu = f.centi('SCMJM');
    if (m2 !== null && mu !== null && Math.abs(m2CentiToMuCenti(m2) - mu) > 1) {
      f.problem('SCMJM', 'dk.areaUnits', { m2: m2 / 100, expected: m2CentiToMuCenti(m2) / 100, mu: mu / 100 });
    }
    const category = f.choice('DKLB', PARCEL_CATEGORIES, 'C.7 地块类别');
    ctx.dk.set(code, {
      f: feat,
      used: false,
      attrs: {
        dkRow: feat.row,
        name: f.text('DKMC') ?? '',
        areaMuCenti: mu ?? (m2 === null ? 0 : m2CentiToMuCenti(m2)),
        areaM2Centi: m2,
        areaFrom: m2 !== null || mu !== null ? 'dk' : null,
        landClass: landClassOf(f.text('TDLYLX')),
        category: category?.key ?? null,
        use: f.choice('TDYT', LAND_USES, 'C.9 土地用途'),
        basicFarmland: f.choice('SFJBNT', YES_NO, 'C.19 是否'),
        east: f.text('DKDZ') ?? '',
        south: f.text('DKNZ') ?? '',
        west: f.text('DKXZ') ?? '',
        north: f.text('DKBZ') ?? '',
        geometry: feat.geometry,
      },
    });
  }
}

export function mapContractParcels(rows: TableRow[], ctx: ParcelCtx, haveLayer: boolean): void {
  const seen = new Map<string, number>();
  for (const r of rows) {
    const f = new Fields(ctx.problems, 'CBDKXX', r);
    const code = f.code('DKBM', 19);
    const contractNo = f.text('CBHTBM', true);
    const household = f.code('CBFBM', 18);
    const fbf = f.code('FBFBM', 14, false);
    if (code) f.collective = code.slice(0, 14);
    const cert = f.text('CBJYQZBM');
    const m2 = f.centi('HTMJ'),
      mu = f.centi('HTMJM');
    if (!code || !contractNo) continue;
    if (seen.has(code)) {
      f.problem('DKBM', 'cbdk.duplicate', { code, firstRow: seen.get(code)! });
      continue;
    }
    seen.set(code, r.row);
    if (cert) ctx.certContract.set(cert, contractNo);
    // Listed in CBDKXX: whatever becomes of its row, the shape is not an unlisted contracted parcel.
    const dk = ctx.dk.get(code);
    if (dk) dk.used = true;
    const contract = ctx.contracts.get(contractNo);
    if (!contract) {
      if (!ctx.refused.has(contractNo)) f.problem('CBHTBM', 'cbdk.unknownContract', { code: contractNo });
      continue;
    }
    if (household && household !== contract.household) {
      f.problem('CBFBM', 'cbdk.cbfMismatch', { cbf: household, contract: contractNo, expected: contract.household });
      continue;
    }
    if (!code.startsWith(contract.fbf) || (fbf && fbf !== contract.fbf)) {
      f.problem('DKBM', 'cbdk.fbfMismatch', { code, fbf: contract.fbf });
      continue;
    }
    if (!dk && haveLayer) f.problem('DKBM', 'cbdk.noShape', { code });
    if (dk?.attrs.category && dk.attrs.category !== 'contracted')
      f.problem('DKBM', 'cbdk.notContractLand', { code, category: PARCEL_CATEGORIES[categoryCode(dk.attrs.category)].zh });
    const contractMu = mu ?? (m2 === null ? null : m2CentiToMuCenti(m2));
    const areaMuCenti = dk?.attrs.areaFrom ? dk.attrs.areaMuCenti : contractMu;
    if (areaMuCenti === null) {
      f.problem('DKBM', 'cbdk.noArea', { code });
      continue;
    }
    if (areaMuCenti <= 0 || areaMuCenti > 1_000_000) {
      f.problem('DKBM', 'cbdk.areaRange', { code, mu: areaMuCenti / 100 });
      continue;
    }
    const attrs = dk?.attrs ?? {
      dkRow: null,
      name: '',
      areaM2Centi: null,
      landClass: 'other' as const,
      category: null,
      use: null,
      basicFarmland: null,
      east: '',
      south: '',
      west: '',
      north: '',
      geometry: null,
    };
    contract.c.parcels.push({
      row: r.row,
      dkRow: attrs.dkRow,
      code,
      name: attrs.name,
      areaMuCenti,
      areaM2Centi: attrs.areaM2Centi,
      contractAreaMuCenti: contractMu,
      landClass: attrs.landClass,
      category: attrs.category,
      use: attrs.use,
      basicFarmland: attrs.basicFarmland,
      east: attrs.east,
      south: attrs.south,
      west: attrs.west,
      north: attrs.north,
      geometry: attrs.geometry,
    });
  }
  for (const { c, fbf, declaredParcels } of ctx.contracts.values()) {
    if (declaredParcels !== null && declaredParcels !== c.parcels.length)
      ctx.problems.add('CBHT', c.row, 'CBDKZS', 'cbht.parcelCount', { declared: declaredParcels, found: c.parcels.length }, fbf);
  }
  for (const [code, dk] of ctx.dk) {
    if (!dk.used && dk.attrs.category === 'contracted')
      ctx.problems.add('DK', dk.f.row, 'DKBM', 'dk.unreferenced', { code }, code.slice(0, 14));
  }
}

function categoryCode(key: string): keyof typeof PARCEL_CATEGORIES {
  return (Object.keys(PARCEL_CATEGORIES) as (keyof typeof PARCEL_CATEGORIES)[]).find((k) => PARCEL_CATEGORIES[k].key === key)!;
}
