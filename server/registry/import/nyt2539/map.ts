import type { ShapeFeature } from '../../../platform/files/shapefile';
import type { TableRow } from '../../../platform/files/table';
import { mapCertificates, mapTransfers } from './map-certificates';
import { checkHouseholds, mapCbf, mapFbf, mapMembers } from './map-households';
import { mapContractParcels, mapContracts, mapDk, type ParcelCtx } from './map-parcels';
import { Problems, type Problem } from './messages';
import type { CollectiveImport } from './rows';
import { REQUIRED_FIELDS, REQUIRED_TABLES, TABLE_NAMES } from './standard';

// A package's tables (and its DK layer) → the registry's rows, grouped by collective, with every
// problem. Pure: no database; what already exists in the registry is the writer's to match.

export type PackageTables = Partial<Record<string, TableRow[]>>;

export type MapInput = {
  tables: PackageTables;
  /** The DK layer's features; null when the package has none. */
  dk: ShapeFeature[] | null;
  /** For ID numbers' birth dates in the future. */
  today: Date;
  /** 发包方编码 the registry knows; when given, a collective outside it is refused. */
  knownCollectives?: ReadonlySet<string>;
};

export type MapResult = { collectives: CollectiveImport[]; problems: Problem[] };

function checkShape(tables: PackageTables, dk: ShapeFeature[] | null, problems: Problems): boolean {
  let ok = true;
  for (const t of REQUIRED_TABLES) {
    if (!tables[t]) {
      problems.add(t, 0, undefined, 'table.missing', { table: t, name: TABLE_NAMES[t] });
      ok = false;
    }
  }
  const fieldsOf: [string, string[] | undefined][] = Object.entries(tables).map(([t, rows]) => [
    t,
    rows?.length ? Object.keys(rows[0].values) : undefined,
  ]);
  if (dk?.length) fieldsOf.push(['DK', Object.keys(dk[0].properties)]);
  for (const [t, fields] of fieldsOf) {
    const required = REQUIRED_FIELDS[t];
    if (!required || !fields) continue;
    for (const [field, name] of Object.entries(required)) {
      if (!fields.includes(field) && !(t === 'LZHT' && field === 'CBFBM')) {
        problems.add(t, 0, field, 'field.missing', { table: t, field, name });
        ok = false;
      }
    }
  }
  if (!dk) problems.add('DK', 0, undefined, 'layer.missing');
  return ok;
}

export function mapNyt2539(input: MapInput): MapResult {
  const problems = new Problems();
  const { tables } = input;
  if (!checkShape(tables, input.dk, problems)) return { collectives: [], problems: problems.list };
  const ctx: ParcelCtx = {
    problems,
    today: input.today,
    collectives: new Map(),
    households: new Map(),
    ids: new Map(),
    refused: new Set(),
    contracts: new Map(),
    dk: new Map(),
    certContract: new Map(),
  };
  mapFbf(tables.FBF!, ctx);
  if (input.knownCollectives) {
    for (const c of ctx.collectives.values()) {
      if (!input.knownCollectives.has(c.code)) problems.add('FBF', c.row, 'FBFBM', 'fbf.unknownToRegistry', { code: c.code }, c.code);
    }
  }
  mapCbf(tables.CBF!, ctx);
  mapMembers(tables.CBF_JTCY!, ctx);
  checkHouseholds(ctx);
  mapContracts(tables.CBHT!, ctx);
  mapDk(input.dk ?? [], ctx);
  mapContractParcels(tables.CBDKXX!, ctx, input.dk !== null);
  mapCertificates(tables, ctx);
  const transfers = mapTransfers(tables.LZHT ?? [], ctx);

  const out = new Map<string, CollectiveImport>();
  for (const c of ctx.collectives.values()) out.set(c.code, { collective: c, households: [], transfers: transfers.get(c.code) ?? [] });
  for (const { h, fbf } of ctx.households.values()) out.get(fbf)?.households.push(h);
  return { collectives: [...out.values()], problems: problems.list };
}
