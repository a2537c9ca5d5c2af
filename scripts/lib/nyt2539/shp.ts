import { shpWrite } from '../../../server/platform/files/shp-write';
import { structure, type FieldMeta } from 'dbf';
import iconv from 'iconv-lite';
import type { Pt } from './layout';

// Writes a shapefile set with @mapbox/shp-write (geometry: .shp, .shx) and its dBASE writer
// (mapbox/dbf) for the attributes. That writer puts one byte per character code, so text
// goes in already encoded as GBK bytes (a "binary string"): the .dbf holds GBK, as ArcGIS on
// Chinese Windows writes it, and field widths are in bytes. Fields get explicit widths (the
// writer's default is 254 bytes for every text field).

export type Field = { name: string; type: 'C' | 'N'; size: number };
export type ShapeKind = 'POINT' | 'POLYLINE' | 'POLYGON';
export type ShapefileFiles = { shp: Buffer; shx: Buffer; dbf: Buffer };

const toBuffer = (v: DataView) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);

export function encodedBinary(s: string, encoding: 'gbk' | 'utf-8' = 'gbk'): string {
  return iconv.encode(s, encoding).toString('latin1');
}

/** Fields from the rows: text as wide as its longest encoded value, numbers 18 wide. */
export function fieldsOf(
  rows: Record<string, string | number | null>[],
  numeric: string[] = [],
  encoding: 'gbk' | 'utf-8' = 'gbk',
): Field[] {
  const names = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return names.map((name) => {
    if (numeric.includes(name)) return { name, type: 'N', size: 18 };
    const width = Math.max(
      1,
      ...rows.map((r) => (r[name] === null || r[name] === undefined ? 0 : iconv.encode(String(r[name]), encoding).length)),
    );
    return { name, type: 'C', size: Math.min(254, width) };
  });
}

export function writeShapefile(
  kind: ShapeKind,
  rows: Record<string, string | number | null>[],
  geometries: (Pt | Pt[] | Pt[][])[],
  fields: Field[],
  encoding: 'gbk' | 'utf-8' = 'gbk',
): Promise<ShapefileFiles> {
  return new Promise((resolve, reject) => {
    shpWrite([], kind, geometries, (err: unknown, files: { shp: DataView; shx: DataView }) => {
      if (err) {
        reject(err);
        return;
      }
      const data = rows.map((r) =>
        Object.fromEntries(
          fields.map((f) => {
            const v = r[f.name];
            if (v === null || v === undefined) return [f.name, null];
            return [f.name, f.type === 'C' ? encodedBinary(String(v), encoding) : v];
          }),
        ),
      );
      resolve({ shp: toBuffer(files.shp), shx: toBuffer(files.shx), dbf: toBuffer(structure(data, fields as FieldMeta[])) });
    });
  });
}
