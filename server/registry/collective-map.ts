import { HELD_RIGHT_STATUSES } from '../../models/statuses';
import { and, asc, count, eq, inArray, like, type SQL } from 'drizzle-orm';
import { households } from '../../models/households';
import { collectives } from '../../models/regions';
import { homesteads, parcels, rights } from '../../models/rights';
import type { Db } from '../platform/db';
import { NotFound } from '../kernel/errors';
import { assertCanRead, type Actor } from '../kernel/actor';
import { regionPrefix } from '../kernel/codes';
import { getCollective, type Collective } from './collectives';
import { polygonsOf, type Polygons } from '../platform/drawing/geo';
import { isUuid } from '../kernel/ids';

/** Rights that still sit on the land: a listed or traded parcel is on the map, a transferred one is the buyer's. */

export type MapParcel = {
  kind: 'land' | 'homestead';
  rightId: string;
  status: (typeof HELD_RIGHT_STATUSES)[number];
  householdId: string;
  householdCode: string;
  holder: string;
  code: string;
  name: string;
  /** Hundredths of a mu (land) or of a m² (homestead). */
  areaCenti: number;
  unit: 'mu' | 'm2';
  polygons: Polygons | null;
};

/**
 * Every live parcel and homestead of one collective, for its map. Scope as for the registry
 * (rule 12): the collective's officers, the bureau of its region, admins; anyone else gets 404.
 */
export async function collectiveMap(db: Db, actor: Actor, collectiveId: string): Promise<{ collective: Collective; parcels: MapParcel[] }> {
  if (!isUuid(collectiveId)) throw new NotFound();
  const collective = await getCollective(db, collectiveId);
  assertCanRead(actor, { collectiveId: collective.id, regionCode: collective.regionCode });

  const holder = {
    householdId: households.id,
    householdCode: households.code,
    holder: households.headName,
    rightId: rights.id,
    status: rights.status,
  };
  const [land, homes] = await Promise.all([
    db
      .select({ ...holder, code: parcels.code, name: parcels.name, areaCenti: parcels.areaMuCenti, geojson: parcels.geojson })
      .from(parcels)
      .innerJoin(rights, eq(rights.id, parcels.rightId))
      .innerJoin(households, eq(households.id, rights.householdId))
      .where(and(eq(parcels.collectiveId, collective.id), eq(parcels.status, 'active'), inArray(rights.status, [...HELD_RIGHT_STATUSES])))
      .orderBy(asc(households.code), asc(parcels.code)),
    db
      .select({
        ...holder,
        code: homesteads.parcelCode,
        name: homesteads.location,
        areaCenti: homesteads.areaM2Centi,
        geojson: homesteads.geojson,
      })
      .from(homesteads)
      .innerJoin(rights, eq(rights.id, homesteads.rightId))
      .innerJoin(households, eq(households.id, rights.householdId))
      .where(and(eq(rights.collectiveId, collective.id), inArray(rights.status, [...HELD_RIGHT_STATUSES])))
      .orderBy(asc(households.code)),
  ]);
  const out: MapParcel[] = [
    ...land.map(({ geojson, ...p }) => ({
      ...p,
      kind: 'land' as const,
      unit: 'mu' as const,
      status: p.status as MapParcel['status'],
      polygons: polygonsOf(geojson),
    })),
    ...homes.map(({ geojson, ...p }) => ({
      ...p,
      kind: 'homestead' as const,
      unit: 'm2' as const,
      status: p.status as MapParcel['status'],
      polygons: polygonsOf(geojson),
    })),
  ];
  out.sort((a, b) => a.householdCode.localeCompare(b.householdCode) || a.kind.localeCompare(b.kind) || a.code.localeCompare(b.code));
  return { collective, parcels: out };
}

export type FeatureLabels = {
  kind: (k: MapParcel['kind']) => string;
  status: (s: MapParcel['status']) => string;
  area: (p: MapParcel) => string;
};

/** GeoJSON for the map: mapped parcels only, no personal ID numbers (rule 14). */
export function featureCollection(list: MapParcel[], labels: FeatureLabels) {
  return {
    type: 'FeatureCollection' as const,
    features: list
      .filter((p) => p.polygons)
      .map((p) => ({
        type: 'Feature' as const,
        id: `${p.kind}-${p.code}`,
        geometry:
          p.polygons!.length === 1
            ? { type: 'Polygon' as const, coordinates: p.polygons![0] }
            : { type: 'MultiPolygon' as const, coordinates: p.polygons! },
        properties: {
          kind: p.kind,
          status: p.status,
          parcelCode: p.code,
          name: p.name,
          area: (p.areaCenti / 100).toFixed(2),
          unit: p.unit,
          householdId: p.householdId,
          householdCode: p.householdCode,
          holder: p.holder,
          url: `/households/${p.householdId}`,
          kindLabel: labels.kind(p.kind),
          statusLabel: labels.status(p.status),
          areaLabel: labels.area(p),
        },
      })),
  };
}

/** The collectives whose maps the actor may open: one for an officer, the region's for the bureau, all for admins. */
export async function mapCollectives(db: Db, actor: Actor, page: number, size = 50) {
  let where: SQL | undefined;
  if (actor.role === 'officer') where = eq(collectives.id, actor.collectiveId ?? '00000000-0000-0000-0000-000000000000');
  else if (actor.role === 'bureau') where = like(collectives.regionCode, `${regionPrefix(actor.regionCode!)}%`);
  else if (actor.role !== 'admin') throw new NotFound();
  const [{ n }] = await db.select({ n: count() }).from(collectives).where(where);
  const list = await db
    .select({ id: collectives.id, name: collectives.name, regionCode: collectives.regionCode })
    .from(collectives)
    .where(where)
    .orderBy(asc(collectives.regionCode), asc(collectives.name))
    .limit(size)
    .offset((page - 1) * size);
  return { list, total: n, page, pages: Math.max(1, Math.ceil(n / size)) };
}
