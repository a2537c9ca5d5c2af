import { sql } from 'drizzle-orm';
import { NotFound } from '../kernel/errors';
import type { Geometry, Position } from 'geojson';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { assertCanRead, type Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { rows as query, type Db } from '../platform/db';
import { gkPrj, shaoguanGk } from '../platform/files/projection';
import { dbfFields, ringsOf, writePolygons, type Attr } from '../platform/files/shapefile-writer';
import { HELD_RIGHT_STATUSES, sqlSet } from '../../models/statuses';
import { issuerCode } from './collectives';
import { excel } from '../platform/files/excel';
import { isUuid } from '../kernel/ids';

// The collective's current data back in the county's standard (NY/T 2539-2016, issue 17 item 4):
// the tables FBF, CBF, CBF_JTCY, CBHT, CBDKXX and CBJYQZ as one XLSX, and the parcel layer DK
// as a shapefile set (GBK attributes, CGCS2000 3° GK zone 38 with the zone prefix, with its
// .prj), zipped with GBK entry names as the county's own tools write them. A parcel keeps the
// shape it was surveyed with (survey_geometry); one drawn here (WGS84) is projected to GK.
// The package reads back through the import (round trip: test/http/export-nyt2539.test.ts).

const ymd = (d: string | null) => (d ? d.replace(/-/g, '') : null);
const RELATION_CODE: Record<string, string> = {
  head: '02',
  spouse: '10',
  child: '20',
  child_in_law: '28',
  grandchild: '40',
  parent: '50',
  grandparent: '60',
  sibling: '70',
  other: '99',
};
const LAND_CLASS_CODE: Record<string, string> = { paddy: '011', irrigated: '012', dry: '013', orchard: '021', forest: '031', other: '999' };
const DK_NUMERIC = ['BSM', 'SCMJ', 'SCMJM'] as const;
const DK_FIELDS = [
  'BSM',
  'YSDM',
  'DKBM',
  'DKMC',
  'SYQXZ',
  'DKLB',
  'TDLYLX',
  'TDYT',
  'SCMJ',
  'SCMJM',
  'DKDZ',
  'DKNZ',
  'DKXZ',
  'DKBZ',
  'ZJRXM',
] as const;

type Row = Record<string, Attr>;
export type Nyt2539Export = { fileName: string; zip: Buffer; counts: { households: number; members: number; parcels: number } };

/** Shoelace area of the outer rings minus the holes, in m² (GK metres are planar). */
function planarArea(rings: Position[][]): number {
  let total = 0;
  for (const ring of rings) {
    let s = 0;
    for (let i = 0; i + 1 < ring.length; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
    total += s / 2;
  }
  return Math.abs(total);
}

function gkGeometry(survey: (Geometry & { crs?: unknown }) | null, wgs84: Geometry | null): Position[][] | null {
  if (survey && (survey.type === 'Polygon' || survey.type === 'MultiPolygon')) {
    // Stored as surveyed: EPSG:4526 carries the zone prefix; EPSG:4547 does not, and the layer written here does.
    const name = (survey.crs as { properties?: { name?: string } } | undefined)?.properties?.name;
    const dx = name === 'EPSG:4547' ? 38_000_000 : 0;
    return ringsOf(survey).map((r) => r.map(([x, y]) => [x + dx, y]));
  }
  if (wgs84 && (wgs84.type === 'Polygon' || wgs84.type === 'MultiPolygon')) {
    const gk = shaoguanGk(true);
    return ringsOf(wgs84).map((r) => r.map(([lon, lat]) => gk.fromWgs84([lon, lat]).map((v) => Math.round(v * 1000) / 1000)));
  }
  return null;
}

export async function exportNyt2539(db: Db, actor: Actor, collectiveId: string): Promise<Nyt2539Export> {
  if (!isUuid(collectiveId)) throw new NotFound();
  const [c] = await query<{ id: string; name: string; region_code: string; group_code: string }>(
    db,
    sql`select id, name, region_code, group_code from collectives where id = ${collectiveId}`,
  );
  assertCanRead(actor, c ? { collectiveId: c.id, regionCode: c.region_code } : null);
  const fbf = issuerCode({ regionCode: c.region_code, groupCode: c.group_code });
  const lands = await query<{
    right_id: string;
    household_id: string;
    contract_no: string;
    start_date: string;
    end_date: string;
    certificate: string | null;
    issued_on: string | null;
  }>(
    db,
    sql`select r.id as right_id, r.household_id, lc.contract_no, lc.start_date::text, lc.end_date::text,
          ce.number as certificate, to_char(ce.created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as issued_on
        from rights r join land_contracts lc on lc.right_id = r.id
        left join certificates ce on ce.right_id = r.id and ce.status = 'valid'
        where r.collective_id = ${c.id} and r.kind = 'land' and r.status in ${sqlSet(HELD_RIGHT_STATUSES)}
        order by lc.contract_no`,
  );
  const holders = new Set(lands.map((l) => l.household_id));
  const hs = (
    await query<{ id: string; code: string; head_name: string; phone: string | null; address: string | null }>(
      db,
      sql`select id, code, head_name, phone, address from households where collective_id = ${c.id} order by code`,
    )
  ).filter((h) => holders.has(h.id));
  const ms = await query<{ household_id: string; name: string; id_number: string; sex: string; relation: string }>(
    db,
    sql`select household_id, name, id_number, sex, relation from members where collective_id = ${c.id} order by household_id, (relation = 'head') desc, birth_date`,
  );
  const ps = await query<{
    right_id: string;
    code: string;
    name: string;
    area_mu_centi: number;
    land_class: string;
    east: string;
    south: string;
    west: string;
    north: string;
    geojson: Geometry | null;
    survey_geometry: (Geometry & { crs?: unknown }) | null;
  }>(
    db,
    sql`select right_id, code, name, area_mu_centi, land_class, east, south, west, north, geojson, survey_geometry
        from parcels where collective_id = ${c.id} and status = 'active' order by code`,
  );

  const codeOf = new Map(hs.map((h) => [h.id, h.code]));
  const membersOf = new Map<string, typeof ms>();
  for (const m of ms) (membersOf.get(m.household_id) ?? membersOf.set(m.household_id, []).get(m.household_id)!).push(m);
  const landOf = new Map(lands.map((l) => [l.right_id, l]));
  const parcelsOf = new Map<string, typeof ps>();
  for (const p of ps) (parcelsOf.get(p.right_id) ?? parcelsOf.set(p.right_id, []).get(p.right_id)!).push(p);
  const mu = (centi: number) => centi / 100;

  const tables: Record<string, Row[]> = {
    FBF: [{ FBFBM: fbf, FBFMC: c.name, FBFFZRXM: null, FBFDZ: null }],
    CBF: hs.map((h) => {
      const list = membersOf.get(h.id) ?? [];
      const head = list.find((m) => m.relation === 'head');
      return {
        CBFBM: h.code,
        CBFLX: '1',
        CBFMC: h.head_name,
        CBFZJLX: '1',
        CBFZJHM: head?.id_number ?? null,
        CBFDZ: h.address,
        LXDH: h.phone,
        CBFCYSL: list.length,
      };
    }),
    CBF_JTCY: hs.flatMap((h) =>
      (membersOf.get(h.id) ?? []).map((m) => ({
        CBFBM: h.code,
        CYXM: m.name,
        CYXB: m.sex === 'M' ? '1' : '2',
        CYZJLX: '1',
        CYZJHM: m.id_number,
        YHZGX: RELATION_CODE[m.relation] ?? '99',
        SFGYR: '1',
      })),
    ),
    CBHT: lands
      .filter((l) => codeOf.has(l.household_id))
      .map((l) => {
        const list = parcelsOf.get(l.right_id) ?? [];
        return {
          CBHTBM: l.contract_no,
          FBFBM: fbf,
          CBFBM: codeOf.get(l.household_id)!,
          CBFS: '110',
          CBQXQ: ymd(l.start_date),
          CBQXZ: ymd(l.end_date),
          CBDKZS: list.length,
          HTZMJM: mu(list.reduce((s, p) => s + p.area_mu_centi, 0)),
        };
      }),
    CBDKXX: ps
      .filter((p) => landOf.has(p.right_id) && codeOf.has(landOf.get(p.right_id)!.household_id))
      .map((p) => {
        const l = landOf.get(p.right_id)!;
        return {
          DKBM: p.code,
          FBFBM: fbf,
          CBFBM: codeOf.get(l.household_id)!,
          CBJYQQDFS: '110',
          CBHTBM: l.contract_no,
          CBJYQZBM: l.certificate,
          HTMJM: mu(p.area_mu_centi),
        };
      }),
    CBJYQZ: lands.filter((l) => l.certificate).map((l) => ({ CBJYQZBM: l.certificate, FZJG: null, FZRQ: ymd(l.issued_on) })),
  };

  const wb = new (await excel()).Workbook();
  for (const [name, rows] of Object.entries(tables)) {
    const ws = wb.addWorksheet(name);
    const header = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    ws.addRow(header);
    // Codes and ID numbers as text: a number would lose digits past the 15th.
    for (const r of rows)
      ws.addRow(header.map((k) => (r[k] === null || r[k] === undefined ? null : typeof r[k] === 'number' ? r[k] : String(r[k]))));
  }
  const xlsx = Buffer.from(await wb.xlsx.writeBuffer());

  const parcelByCode = new Map(ps.map((x) => [x.code, x]));
  const headOf = new Map(hs.map((h) => [h.code, h.head_name]));
  const dkRows: Row[] = [];
  const dkRings: Position[][][] = [];
  for (const p of tables.CBDKXX) {
    const parcel = parcelByCode.get(String(p.DKBM))!;
    const rings = gkGeometry(parcel.survey_geometry, parcel.geojson);
    if (!rings) continue;
    dkRows.push({
      BSM: dkRows.length + 1,
      YSDM: '211011',
      DKBM: parcel.code,
      DKMC: parcel.name,
      SYQXZ: '30',
      DKLB: '10',
      TDLYLX: LAND_CLASS_CODE[parcel.land_class] ?? '999',
      TDYT: '1',
      SCMJ: Math.round(planarArea(rings) * 100) / 100,
      SCMJM: mu(parcel.area_mu_centi),
      DKDZ: parcel.east,
      DKNZ: parcel.south,
      DKXZ: parcel.west,
      DKBZ: parcel.north,
      ZJRXM: headOf.get(String(p.CBFBM)) ?? null,
    });
    dkRings.push(rings);
  }

  const zip = new JSZip();
  const root = fbf;
  zip.file(`${root}/权属数据/${root}.xlsx`, xlsx);
  if (dkRows.length) {
    const dk = await writePolygons(dkRows, dkRings, dbfFields(dkRows, DK_NUMERIC, DK_FIELDS));
    const base = `${root}/矢量数据/DK${root}`;
    zip.file(`${base}.shp`, dk.shp);
    zip.file(`${base}.shx`, dk.shx);
    zip.file(`${base}.dbf`, dk.dbf);
    zip.file(`${base}.prj`, gkPrj(true));
    zip.file(`${base}.cpg`, 'GBK');
  }
  const out = await zip.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 6 },
    encodeFileName: (n: string) => iconv.encode(n, 'gbk').toString('latin1'),
  });
  const counts = { households: hs.length, members: tables.CBF_JTCY.length, parcels: tables.CBDKXX.length };
  // Full ID numbers leave the registry in this file (rule 14): who took them is in the trail.
  await recordAudit(db, actor, {
    action: 'export.nyt2539',
    entityType: 'collective',
    entityId: c.id,
    collectiveId: c.id,
    regionCode: c.region_code,
    after: counts,
  });
  return { fileName: `${root}-NYT2539.zip`, zip: out, counts };
}
