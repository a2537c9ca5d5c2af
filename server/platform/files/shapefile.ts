import type { convertBinaryGeometryToGeometry } from '@loaders.gl/gis';
import type { Geometry } from 'geojson';
import { FileError } from './file-error';
import { CHUNK_ROWS, fieldKey, type Cell } from './table';
import { decodeText, encodingOfCpg } from './text';

// A shapefile set (.shp geometry, .shx index, .dbf attributes, .prj coordinate system, .cpg
// attribute encoding) read with loaders.gl's streaming parsers. Attributes are GBK unless the
// .cpg names another encoding: loaders.gl decodes them with the WHATWG TextDecoder of the
// label we give (Node's ICU decodes 'gbk' as GB18030). Coordinates stay as recorded (here:
// CGCS2000 Gauss-Krüger metres); projection.ts says what they are.
//
// loaders.gl skips a malformed .shp record and stops quietly on a broken .dbf, so the counts
// are checked against the .shx index and the .dbf header: a broken set is refused, naming the
// file, rather than giving features whose attributes belong to another shape.
//
// loaders.gl is loaded when the first shapefile is read, not when the app starts: it was the
// heaviest of the app's imports (about 0.8 s of CPU, at every start of every process and
// cluster worker, for a file format only the county's imports read; BENCHMARKS.md).

type Loaders = {
  SHPLoader: typeof import('@loaders.gl/shapefile').SHPLoader;
  DBFLoader: typeof import('@loaders.gl/shapefile').DBFLoader;
  convert: typeof convertBinaryGeometryToGeometry;
};
let loading: Promise<Loaders> | null = null;
function loaders(): Promise<Loaders> {
  loading ??= Promise.all([import('@loaders.gl/shapefile'), import('@loaders.gl/gis')]).then(([shp, gis]) => ({
    SHPLoader: shp.SHPLoader,
    DBFLoader: shp.DBFLoader,
    convert: gis.convertBinaryGeometryToGeometry,
  }));
  return loading;
}

export type ShapefileSet = { name: string; shp: Buffer; shx?: Buffer; dbf?: Buffer; prj?: Buffer; cpg?: Buffer };
/** `row`: the record number in the .shp/.dbf (1 = first), as GIS software shows it. */
export type ShapeFeature = { row: number; geometry: Geometry | null; properties: Record<string, Cell> };

const SLICE = 1024 * 1024;

function* slices(buf: Buffer): Generator<ArrayBuffer> {
  for (let at = 0; at < buf.length; at += SLICE) {
    const part = buf.subarray(at, Math.min(buf.length, at + SLICE));
    yield part.buffer.slice(part.byteOffset, part.byteOffset + part.length) as ArrayBuffer;
  }
}

/** Number of records the .shx index holds: its header gives the file length in 16-bit words; 8 bytes a record after 100. */
function shxCount(shx: Buffer): number | null {
  if (shx.length < 100 || shx.readInt32BE(0) !== 9994) return null;
  return (shx.readInt32BE(24) * 2 - 100) / 8;
}

export type ShapeHeader = { type: number; bbox: { minX: number; minY: number; maxX: number; maxY: number } };

/** The .shp header (shape type, bounding box), read before the records: the box tells the coordinates' range. */
export async function shapefileHeader(set: ShapefileSet): Promise<ShapeHeader> {
  const { SHPLoader } = await loaders();
  const it = SHPLoader.parseInBatches!(slices(set.shp.subarray(0, 100)), {})[Symbol.asyncIterator]();
  const h = (await it.next()).value as (ShapeHeader & { magic: number }) | undefined;
  if (h?.magic !== 9994) throw new FileError('shp.unreadable', { file: `${set.name}.shp`, detail: 'not a shapefile' });
  return h;
}

export function attributeEncoding(set: Pick<ShapefileSet, 'name' | 'cpg'>): string {
  if (!set.cpg) return 'gbk';
  const label = decodeText(set.cpg).trim();
  const enc = encodingOfCpg(label);
  if (!enc) throw new FileError('shp.encoding', { file: `${set.name}.cpg`, encoding: label });
  return enc;
}

/** Features in chunks, in record order, each with its attributes (field names upper case). */
export async function* readShapefile(set: ShapefileSet, size = CHUNK_ROWS): AsyncGenerator<ShapeFeature[]> {
  if (!set.dbf) throw new FileError('shp.missingPart', { file: set.name, part: '.dbf' });
  const expected = set.shx ? shxCount(set.shx) : null;
  if (set.shx && expected === null) throw new FileError('shp.unreadable', { file: `${set.name}.shx`, detail: 'not a shapefile index' });
  const { SHPLoader, DBFLoader, convert } = await loaders();
  const shapes = SHPLoader.parseInBatches!(slices(set.shp), { shp: { _maxDimensions: 2 } })[Symbol.asyncIterator]();
  const records = DBFLoader.parseInBatches!(slices(set.dbf), { dbf: { encoding: attributeEncoding(set) } })[Symbol.asyncIterator]();
  const shpHeader = (await shapes.next()).value as { magic?: number } | undefined;
  if (shpHeader?.magic !== 9994) throw new FileError('shp.unreadable', { file: `${set.name}.shp`, detail: 'not a shapefile' });
  const dbfHeader = (await records.next()).value as { nRecords?: number } | undefined;
  if (!dbfHeader || typeof dbfHeader.nRecords !== 'number')
    throw new FileError('shp.unreadable', { file: `${set.name}.dbf`, detail: 'no dBASE header' });

  let geoms: unknown[] = [];
  let rows: Record<string, unknown>[] = [];
  let shpDone = false,
    dbfDone = false,
    n = 0,
    nShapes = 0,
    nRecords = 0;
  const take = (count: number): ShapeFeature[] => {
    const out: ShapeFeature[] = [];
    for (let i = 0; i < count; i++) out.push({ row: ++n, geometry: toGeometry(convert, geoms[i]), properties: plain(rows[i]) });
    geoms = geoms.slice(count);
    rows = rows.slice(count);
    return out;
  };
  // Read whichever side is behind; once one side ends, the other is read to the end to count it.
  while (!shpDone || !dbfDone) {
    if (!shpDone && (geoms.length <= rows.length || dbfDone)) {
      const r = await shapes.next();
      if (r.done) shpDone = true;
      else {
        geoms.push(...(r.value as unknown[]));
        nShapes += (r.value as unknown[]).length;
      }
    } else {
      const r = await records.next();
      if (r.done) dbfDone = true;
      else {
        rows.push(...(r.value as Record<string, unknown>[]));
        nRecords += (r.value as unknown[]).length;
      }
    }
    if (Math.min(geoms.length, rows.length) >= size) yield take(size);
  }
  const rest = Math.min(geoms.length, rows.length);
  if (rest > 0 && nRecords === dbfHeader.nRecords && nShapes === nRecords) yield take(rest);
  if (nRecords !== dbfHeader.nRecords) {
    throw new FileError('shp.unreadable', { file: `${set.name}.dbf`, detail: `${nRecords} of ${dbfHeader.nRecords} records readable` });
  }
  if ((expected !== null && nShapes !== expected) || nShapes !== nRecords) {
    throw new FileError('shp.countMismatch', { file: set.name, shapes: expected ?? nShapes, records: nRecords });
  }
}

function toGeometry(convert: Loaders['convert'], binary: unknown): Geometry | null {
  if (!binary) return null;
  return convert(binary as Parameters<typeof convertBinaryGeometryToGeometry>[0]) as Geometry;
}

function plain(r: Record<string, unknown>): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  for (const [k, v] of Object.entries(r)) {
    out[fieldKey(k)] = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null;
  }
  return out;
}
