import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { stringify } from 'csv-stringify/sync';
import { gkPrj } from '../../../server/platform/files/projection';
import { boundaryNet, type Pt } from './layout';
import { makeModel, TOWNSHIP, type NytModel, type Row } from './model';
import { fieldsOf, writeShapefile, type ShapefileFiles } from './shp';
import { plant, type Planted, type Variant } from './variants';

// A whole 汇交 package as a county hands it over: the tables (.xlsx, or GBK .csv files) under
// 权属数据/, the layers DK, JZD, JZX and the village boundaries CJQY under 矢量数据/, in
// CGCS2000 3° GK zone 38 with the zone prefix in the eastings, zipped with GBK entry names
// (no UTF-8 flag), as Windows' own zip does.

/** One township: 2,400 generated households in 5 villages; the ~2,180 with contracted land hold over 10,000 parcels. */
export const TOWNSHIP_SIZE = { households: 2_400, collectives: 5 };

export type FixtureOptions = {
  households: number;
  collectives: number;
  seed?: number;
  variant?: Variant;
  tables?: 'xlsx' | 'csv';
  cpg?: boolean;
};
export type Fixture = { zip: Buffer; planted: Planted | null; summary: NytModel['summary'] & { dk: number; jzd: number; jzx: number } };

/** Xian 1980 / 3-degree GK CM 114E (EPSG:2383), as `projinfo EPSG:2383 -o WKT1_ESRI` (PROJ 9.1) prints it. */
export const XIAN80_PRJ =
  'PROJCS["Xian_1980_3_Degree_GK_CM_114E",GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

const ZONE = 38_000_000;
const TABLE_ORDER = ['FBF', 'CBF', 'CBF_JTCY', 'CBHT', 'CBDKXX', 'CBJYQZ', 'CBJYQZDJB', 'CBJYQZ_QZBF', 'LZHT'];
const NUMERIC: Record<string, string[]> = { DK: ['BSM', 'SCMJ', 'SCMJM'], JZD: ['BSM', 'XZBZ', 'YZBZ'], JZX: ['BSM'], CJQY: ['BSM'] };

const withZone = (ring: Pt[]): Pt[] => ring.map(([x, y]) => [x + ZONE, y]);

async function xlsx(m: NytModel): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const name of TABLE_ORDER) {
    const rows = m.tables[name];
    const ws = wb.addWorksheet(name);
    const header = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    ws.addRow(header);
    for (const r of rows) ws.addRow(header.map((h) => r[h] ?? null));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function csvFiles(m: NytModel): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const name of TABLE_ORDER) {
    const rows = m.tables[name];
    const header = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    out[`${name}.csv`] = iconv.encode(stringify([header, ...rows.map((r) => header.map((h) => r[h] ?? ''))]), 'gbk');
  }
  return out;
}

async function layers(m: NytModel): Promise<{ sets: Record<string, ShapefileFiles>; jzd: number; jzx: number }> {
  const dkRows = m.dk.map((f) => f.props);
  const net = boundaryNet(m.dk.map((f) => ({ code: String(f.props.DKBM), ring: withZone(f.ring) })));
  const jzd: Row[] = net.points.map((p, i) => ({
    BSM: i + 1,
    YSDM: '211021',
    JZDH: `J${i + 1}`,
    JZDLX: '1',
    JBLX: '6',
    DKBM: p.code,
    XZBZ: Math.round(p.at[1] * 1000) / 1000,
    YZBZ: Math.round(p.at[0] * 1000) / 1000,
  }));
  const jzx: Row[] = net.lines.map((l, i) => ({
    BSM: i + 1,
    YSDM: '211031',
    JXXZ: '600001',
    JZXLB: '01',
    JZXWZ: '1',
    JZXSM: null,
    PLDWQLR: null,
    PLDWZJR: null,
    JZXH: `X${i + 1}`,
    QJZDH: `J${l.from + 1}`,
    ZJZDH: `J${l.to + 1}`,
    DKBM: l.code,
  }));
  const villageRows = m.villages.map((f) => f.props);
  const sets = {
    DK: await writeShapefile(
      'POLYGON',
      dkRows,
      m.dk.map((f) => [withZone(f.ring)]),
      fieldsOf(dkRows, NUMERIC.DK),
    ),
    JZD: await writeShapefile(
      'POINT',
      jzd,
      net.points.map((p) => p.at),
      fieldsOf(jzd, NUMERIC.JZD),
    ),
    JZX: await writeShapefile(
      'POLYLINE',
      jzx,
      net.lines.map((l) => [[net.points[l.from].at, net.points[l.to].at]]),
      fieldsOf(jzx, NUMERIC.JZX),
    ),
    CJQY: await writeShapefile(
      'POLYGON',
      villageRows,
      m.villages.map((f) => [withZone(f.ring)]),
      fieldsOf(villageRows, NUMERIC.CJQY),
    ),
  };
  return { sets, jzd: jzd.length, jzx: jzx.length };
}

export async function makeNyt2539Fixture(o: FixtureOptions): Promise<Fixture> {
  const m = makeModel(o.seed ?? 17, o.collectives, o.households);
  const variant = o.variant ?? 'clean';
  let planted = plant(m, variant);
  const zip = new JSZip();
  const root = `${TOWNSHIP.county}2016`;
  if (o.tables === 'csv') for (const [name, data] of Object.entries(csvFiles(m))) zip.file(`${root}/权属数据/${name}`, data);
  else zip.file(`${root}/权属数据/${root}.xlsx`, await xlsx(m));
  zip.file(`${root}/文字报告/说明.txt`, iconv.encode('确权登记成果汇交说明（测试数据）', 'gbk'));
  const { sets, jzd, jzx } = await layers(m);
  for (const [layer, files] of Object.entries(sets)) {
    const base = `${root}/矢量数据/${layer}${root}`;
    zip.file(`${base}.shp`, files.shp);
    zip.file(`${base}.shx`, files.shx);
    let dbf = files.dbf;
    if (variant === 'broken-dbf' && layer === 'DK') {
      // Cut short mid-record, as an interrupted copy leaves it.
      dbf = dbf.subarray(0, Math.floor(dbf.length * 0.6));
      planted = { table: `${base}.dbf`, row: 0 };
    }
    zip.file(`${base}.dbf`, dbf);
    const prj = variant === 'wrong-prj' ? XIAN80_PRJ : gkPrj(variant !== 'prefix-mismatch');
    if (variant === 'wrong-prj' && layer === 'DK') planted = { table: `${base}.prj`, row: 0 };
    zip.file(`${base}.prj`, prj);
    if (o.cpg) zip.file(`${base}.cpg`, 'GBK');
  }
  const buf = await zip.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 6 },
    encodeFileName: (n: string) => iconv.encode(n, 'gbk').toString('latin1'),
  });
  return { zip: buf, planted, summary: { ...m.summary, dk: m.dk.length, jzd, jzx } };
}
