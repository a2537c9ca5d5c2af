import path from 'node:path';
import { FileError } from './file-error';
import { openMdb } from './mdb';
import type { ShapefileSet } from './shapefile';
import { readCsvTable, readXlsxTables } from './sheets';
import type { TableChunk } from './table';
import { DEFAULT_ZIP_LIMITS, readZip, type ZipEntryInfo, type ZipLimits } from './zip';

// A county's 汇交 package as it comes from the field: a .zip holding the property tables (an
// Access .mdb, or the same tables exported as .xlsx / .csv) and the vector layers as
// shapefile sets, in whatever folders the county used (权属数据/, 矢量数据/ …). Parts are found
// by name, as NY/T 2539 names them: a layer code followed by the county code and year
// (DK4402052016.shp, JZD4402052016.dbf) or the code alone (DK.shp); a table by its code
// (CBF_JTCY.csv) or its Chinese name (家庭成员.xlsx). Nothing else is unpacked.

export const NYT_TABLES = [
  'FBF',
  'CBF',
  'CBF_JTCY',
  'CBHT',
  'CBDKXX',
  'CBJYQZ',
  'CBJYQZDJB',
  'CBJYQZ_QZBF',
  'CBJYQZ_QZHF',
  'CBJYQZ_QZZX',
  'LZHT',
] as const;
export type NytTable = (typeof NYT_TABLES)[number];
/** 地块, 界址点, 界址线, and the village / group boundaries (村级区域, 组级区域) when given. */
export const NYT_LAYERS = ['DK', 'JZD', 'JZX', 'CJQY', 'ZJQY'] as const;
export type NytLayer = (typeof NYT_LAYERS)[number];

const CHINESE_TABLES: Record<string, NytTable> = {
  发包方: 'FBF',
  承包方: 'CBF',
  家庭成员: 'CBF_JTCY',
  承包方家庭成员: 'CBF_JTCY',
  承包合同: 'CBHT',
  承包地块信息: 'CBDKXX',
  承包地块: 'CBDKXX',
  权证: 'CBJYQZ',
  承包经营权证: 'CBJYQZ',
  登记簿: 'CBJYQZDJB',
  承包经营权登记簿: 'CBJYQZDJB',
  权证补发: 'CBJYQZ_QZBF',
  权证换发: 'CBJYQZ_QZHF',
  权证注销: 'CBJYQZ_QZZX',
  流转合同: 'LZHT',
};

/** The table a sheet or file name stands for: "CBF_JTCY", "cbf_jtcy4402052016", "家庭成员". */
export function tableNamed(name: string): NytTable | null {
  const base = name.trim().replace(/\.[a-z]+$/i, '');
  const code = base.toUpperCase().replace(/\d+$/, '');
  if ((NYT_TABLES as readonly string[]).includes(code)) return code as NytTable;
  return CHINESE_TABLES[base.replace(/[（(].*$/, '').replace(/表$/, '')] ?? null;
}

const LAYER_FILE = /^(DK|JZD|JZX|CJQY|ZJQY)(\d*)\.(shp|shx|dbf|prj|cpg)$/i;
const TABLE_FILE = /\.(mdb|accdb|xlsx|csv)$/i;

export type Nyt2539Package = {
  file: string;
  entries: ZipEntryInfo[];
  /** The files the tables come from (one .mdb, or .xlsx/.csv files). */
  tableFiles: string[];
  /** Entries that look like tables but are not read (a second source, an old .xls). */
  ignored: string[];
  layers: Partial<Record<NytLayer, ShapefileSet[]>>;
  tables: () => AsyncGenerator<TableChunk>;
};

export async function openNyt2539Zip(buf: Buffer, file: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<Nyt2539Package> {
  const base = (n: string) => path.posix.basename(n.replace(/\\/g, '/'));
  const { entries, files } = await readZip(buf, file, (n) => LAYER_FILE.test(base(n)) || TABLE_FILE.test(base(n)), limits);
  const layers: Partial<Record<NytLayer, ShapefileSet[]>> = {};
  const sets = new Map<string, { name: string; layer: NytLayer; parts: Partial<Record<string, Buffer>> }>();
  const mdbs: string[] = [],
    sheets: string[] = [],
    ignored = entries.filter((e) => /\.xls$/i.test(e.name)).map((e) => e.name);
  for (const [name, data] of files) {
    const m = LAYER_FILE.exec(base(name));
    if (m) {
      const key = name.slice(0, name.length - m[3].length - 1);
      const set = sets.get(key) ?? { name: key, layer: m[1].toUpperCase() as NytLayer, parts: {} };
      set.parts[m[3].toLowerCase()] = data;
      sets.set(key, set);
    } else if (/\.(mdb|accdb)$/i.test(name)) mdbs.push(name);
    else sheets.push(name);
  }
  for (const s of sets.values()) {
    if (!s.parts.shp) {
      if (s.parts.dbf) throw new FileError('shp.missingPart', { file: s.name, part: '.shp' });
      continue;
    }
    const set: ShapefileSet = { name: s.name, shp: s.parts.shp, shx: s.parts.shx, dbf: s.parts.dbf, prj: s.parts.prj, cpg: s.parts.cpg };
    (layers[s.layer] ??= []).push(set);
  }
  // One source of tables: the database when there is one (the exports are usually made from it).
  const useMdb = mdbs.length > 0;
  const tableFiles = useMdb ? mdbs.slice(0, 1) : sheets.filter((n) => /\.xlsx$/i.test(n) || tableNamed(base(n)));
  ignored.push(...(useMdb ? [...mdbs.slice(1), ...sheets] : sheets.filter((n) => !tableFiles.includes(n))));
  async function* tables(): AsyncGenerator<TableChunk> {
    for (const name of tableFiles) {
      const data = files.get(name)!;
      if (useMdb) yield* openMdb(data, name).chunks([...NYT_TABLES]);
      else if (/\.csv$/i.test(name)) yield* readCsvTable(data, name, tableNamed(base(name))!);
      else yield* readXlsxTables(data, name, (sheet, f) => tableNamed(sheet) ?? tableNamed(base(f)));
    }
  }
  return { file, entries, tableFiles, ignored, layers, tables };
}
