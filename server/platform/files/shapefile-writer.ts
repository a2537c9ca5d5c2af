import { shpWrite } from './shp-write';
import { structure, type FieldMeta } from 'dbf';
import iconv from 'iconv-lite';
import type { Geometry, Position } from 'geojson';

// Writes a polygon shapefile set (.shp, .shx, .dbf) with @mapbox/shp-write and its dBASE writer
// (mapbox/dbf), the attributes in GBK as ArcGIS on Chinese Windows writes them (that writer puts
// one byte per character code, so text goes in as GBK bytes; widths are in bytes). The reader of
// the same sets is shapefile.ts; the package export (registry/export-nyt2539.ts) uses this one.

export type DbfField = { name: string; type: 'C' | 'N'; size: number };
export type ShapefileFiles = { shp: Buffer; shx: Buffer; dbf: Buffer };
export type Attr = string | number | null;

const toBuffer = (v: DataView) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);
const gbkBinary = (s: string) => iconv.encode(s, 'gbk').toString('latin1');

/** Fields from the rows: text as wide as its longest GBK value (at most 254 bytes), numbers 18 wide. */
export function dbfFields(rows: Record<string, Attr>[], numeric: readonly string[], names?: readonly string[]): DbfField[] {
  const all = names ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return all.map((name) => {
    if (numeric.includes(name)) return { name, type: 'N', size: 18 };
    const width = Math.max(
      1,
      ...rows.map((r) => (r[name] === null || r[name] === undefined ? 0 : iconv.encode(String(r[name]), 'gbk').length)),
    );
    return { name, type: 'C', size: Math.min(254, width) };
  });
}

/** A polygon's rings as the shapefile wants them (a multipolygon's rings one after another). */
export function ringsOf(g: Geometry): Position[][] {
  if (g.type === 'Polygon') return g.coordinates;
  if (g.type === 'MultiPolygon') return g.coordinates.flat();
  return [];
}

export function writePolygons(rows: Record<string, Attr>[], rings: Position[][][], fields: DbfField[]): Promise<ShapefileFiles> {
  return new Promise((resolve, reject) => {
    shpWrite([], 'POLYGON', rings as never, (err: unknown, files: { shp: DataView; shx: DataView }) => {
      if (err) return reject(err);
      const data = rows.map((r) =>
        Object.fromEntries(
          fields.map((f) => {
            const v = r[f.name];
            if (v === null || v === undefined) return [f.name, null];
            return [f.name, f.type === 'C' ? gbkBinary(String(v)) : v];
          }),
        ),
      );
      resolve({ shp: toBuffer(files.shp), shx: toBuffer(files.shx), dbf: toBuffer(structure(data, fields as FieldMeta[])) });
    });
  });
}
