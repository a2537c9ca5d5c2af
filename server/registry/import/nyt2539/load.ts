import type { Geometry } from 'geojson';
import { FileError } from '../../../platform/files/file-error';
import { openNyt2539Zip, type NytLayer } from '../../../platform/files/nyt2539-package';
import { detectGk, type ExpectedZone, type GkCrs } from '../../../platform/files/projection';
import { readShapefile, shapefileHeader, type ShapefileSet, type ShapeFeature } from '../../../platform/files/shapefile';
import type { ZipLimits } from '../../../platform/files/zip';
import type { PackageTables } from './map';

// Reads a whole package into memory, the tables by name and the layers as features: a
// township (2,000 households, 10,000 parcels) is tens of megabytes, and the checks need every
// row of a collective at once. A file that cannot be read throws a FileError naming it.

export type LoadedPackage = {
  file: string;
  tableFiles: string[];
  ignored: string[];
  tables: PackageTables;
  dk: ShapeFeature[] | null;
  crs: GkCrs | null;
  /** Village (CJQY, by 12-digit code) and group (ZJQY, by 14-digit code) boundaries, as recorded. */
  boundaries: { village: Map<string, Geometry>; group: Map<string, Geometry> };
  counts: Partial<Record<NytLayer, number>>;
};

export type LoadOptions = { limits?: ZipLimits; zone?: ExpectedZone; onProgress?: (what: string, rows: number) => void };

/**
 * Reads every record of a layer (a broken set is refused whatever the layer); `keep`: the features
 * are kept, else only counted — the boundary points and lines (JZD, JZX: about seven records a
 * parcel, 110,000 in a township) are checked as files but not imported, so they are not held.
 */
async function readLayer(
  sets: ShapefileSet[],
  zone: ExpectedZone | undefined,
  keep: boolean,
  onProgress?: LoadOptions['onProgress'],
): Promise<{ features: ShapeFeature[]; count: number; crs: GkCrs }> {
  const features: ShapeFeature[] = [];
  let crs: GkCrs | null = null,
    count = 0;
  for (const set of sets) {
    const { bbox } = await shapefileHeader(set);
    const c = detectGk(set.prj, set.name, [bbox.minX, bbox.maxX], zone);
    if (crs) sameZonePrefix(set.name, c, crs);
    crs ??= c;
    for await (const chunk of readShapefile(set)) {
      if (keep) features.push(...chunk);
      count += chunk.length;
      onProgress?.(set.name, count);
    }
  }
  return { features, count, crs: crs! };
}

/** All layers must write eastings alike (with or without the zone prefix), or their coordinates would not compare. */
function sameZonePrefix(file: string, found: GkCrs, expected: GkCrs): void {
  const say = (c: GkCrs) => (c.zonePrefix ? 'with the zone prefix 38' : 'without the zone prefix');
  if (found.falseEasting !== expected.falseEasting)
    throw new FileError('prj.layersDiffer', { file, found: say(found), expected: say(expected) });
}

function boundaryMap(features: ShapeFeature[], field: string, digits: number): Map<string, Geometry> {
  const out = new Map<string, Geometry>();
  for (const f of features) {
    const code = String(f.properties[field] ?? '').trim();
    if (f.geometry && new RegExp(`^\\d{${digits}}$`).test(code)) out.set(code, f.geometry);
  }
  return out;
}

export async function loadNyt2539(buf: Buffer, file: string, opts: LoadOptions = {}): Promise<LoadedPackage> {
  const pkg = await openNyt2539Zip(buf, file, opts.limits);
  const tables: PackageTables = {};
  for await (const chunk of pkg.tables()) {
    (tables[chunk.table] ??= []).push(...chunk.rows);
    opts.onProgress?.(chunk.table, tables[chunk.table]!.length);
  }
  const counts: LoadedPackage['counts'] = {};
  let dk: ShapeFeature[] | null = null,
    crs: GkCrs | null = null;
  const village = new Map<string, Geometry>(),
    group = new Map<string, Geometry>();
  for (const layer of ['DK', 'JZD', 'JZX', 'CJQY', 'ZJQY'] as const) {
    const sets = pkg.layers[layer];
    if (!sets?.length) continue;
    const read = await readLayer(sets, opts.zone, layer !== 'JZD' && layer !== 'JZX', opts.onProgress);
    counts[layer] = read.count;
    if (layer === 'DK') {
      dk = read.features;
      crs = read.crs;
    }
    if (crs) sameZonePrefix(sets[0].name, read.crs, crs);
    if (layer === 'CJQY') for (const [k, g] of boundaryMap(read.features, 'CJQYDM', 12)) village.set(k, g);
    if (layer === 'ZJQY') for (const [k, g] of boundaryMap(read.features, 'ZJQYDM', 14)) group.set(k, g);
  }
  return { file, tableFiles: pkg.tableFiles, ignored: pkg.ignored, tables, dk, crs, boundaries: { village, group }, counts };
}
