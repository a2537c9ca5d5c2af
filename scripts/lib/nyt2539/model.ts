import { makeHouseholds, IdNumbers, type Household } from '../gen/registry';
import { REGISTRATION_FROM, type CollectivePlan } from '../gen/plan';
import { makeCollectiveCode } from '../../../server/demo/id-gen';
import { Rand, villageName, PARCEL_NAMES } from '../gen/random';
import { blockOrigin, layOut, type Pt } from './layout';

// A township's 确权 data in NY/T 2539 form, made from the project's generated households
// (scripts/lib/gen): one village-level collective (发包方) per village of 曲江区马坝镇, each
// with its households, members, contracts, parcels and certificates, and each parcel's
// shape laid out by layout.ts. Rows are plain objects keyed by the standard's field names.

export type Row = Record<string, string | number | null>;
export type Feature = { props: Row; ring: Pt[] };
export type NytModel = {
  tables: Record<string, Row[]>;
  dk: Feature[];
  villages: Feature[];
  summary: { collectives: number; households: number; members: number; parcels: number };
};

export const TOWNSHIP = { code: '440205100', name: '马坝镇', county: '440205', countyName: '曲江区' };
export const TODAY = new Date('2026-06-01T00:00:00Z');

const ymd = (iso: string) => iso.replace(/-/g, '');
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const m2 = (areaM2: number) => Math.round(areaM2 * 100) / 100;
const mu = (areaM2: number) => Math.round(areaM2 * 0.15) / 100;
const RELATION: Record<string, [string, string]> = { head: ['02', '02'], spouse: ['11', '12'], child: ['20', '30'], parent: ['51', '52'] };
const CLASS: Record<string, string> = { paddy: '011', irrigated: '012', dry: '013', orchard: '021', forest: '031', other: '999' };

function plans(r: Rand, collectives: number, households: number): CollectivePlan[] {
  const names = new Set<string>();
  return Array.from({ length: collectives }, (_, i) => {
    const regionCode = `${TOWNSHIP.code}${210 + i}`;
    const village = villageName(r, names);
    return {
      index: i,
      id: r.uuid(),
      regionCode,
      groupCode: '00',
      level: 'village',
      villageName: village,
      name: `${TOWNSHIP.countyName}${TOWNSHIP.name}${village}股份经济联合社`,
      county: TOWNSHIP.county,
      countyName: TOWNSHIP.countyName,
      registrationCode: makeCollectiveCode(TOWNSHIP.county, 210 + i),
      terrain: { plain: 5, hill: 4, mountain: 1 },
      households: Math.floor(households / collectives) + (i < households % collectives ? 1 : 0),
      officerId: r.uuid(),
      officerUsername: `officer_${regionCode}`,
      from: REGISTRATION_FROM,
      to: REGISTRATION_FROM + 86_400_000 * 365,
    } satisfies CollectivePlan;
  });
}

export function makeModel(seed: number, collectives: number, households: number): NytModel {
  const r = new Rand(seed);
  const ids = new IdNumbers();
  const counters = { cert: 0, deal: 0 };
  const t: NytModel['tables'] = {
    FBF: [],
    CBF: [],
    CBF_JTCY: [],
    CBHT: [],
    CBDKXX: [],
    CBJYQZ: [],
    CBJYQZDJB: [],
    CBJYQZ_QZBF: [],
    LZHT: [],
  };
  const dk: Feature[] = [],
    villages: Feature[] = [];
  const summary = { collectives, households: 0, members: 0, parcels: 0 };
  for (const c of plans(r, collectives, households)) {
    const fbf = c.regionCode + c.groupCode;
    const list = makeHouseholds({ r, c, ids, counters, today: TODAY.getTime() });
    t.FBF.push({
      FBFBM: fbf,
      FBFMC: c.name,
      FBFFZRXM: list[0].headName,
      FZRZJLX: '1',
      FZRZJHM: list[0].members[0].idNumber,
      LXDH: list[0].phone,
      FBFDZ: `韶关市${c.countyName}${TOWNSHIP.name}${c.villageName}`,
      YZBM: '512100',
      FBFDCY: '调查员',
      FBFDCRQ: '20170315',
    });
    const parcels = list.flatMap((h) => h.rights.filter((x) => x.kind === 'land').flatMap((x) => x.parcels!.map((p) => ({ h, p }))));
    // Every 40th field is the collective's reserve land (机动地): in the layer, in no contract.
    const slots: ({ h: Household; p: (typeof parcels)[number]['p'] } | null)[] = [];
    parcels.forEach((x, i) => {
      slots.push(x);
      if (i % 40 === 39) slots.push(null);
    });
    const block = layOut(
      r,
      slots.map((s) => (s ? (s.p.areaMuCenti / 100) * (10_000 / 15) : 500 + r.int(0, 300))),
      blockOrigin(c.index, collectives),
    );
    villages.push({ props: { BSM: c.index + 1, YSDM: '162040', CJQYDM: c.regionCode, CJQYMC: c.villageName }, ring: block.boundary });
    const shapeOf = new Map<string, { ring: Pt[]; areaM2: number }>();
    let reserve = 90_000;
    slots.forEach((s, i) => {
      const shape = block.parcels[i];
      if (s) {
        shapeOf.set(s.p.code, shape);
        return;
      }
      dk.push({
        props: dkProps(
          fbf + String(++reserve).padStart(5, '0'),
          '机动地',
          '22',
          'other',
          shape.areaM2,
          '集体',
          ['村道', '水渠', '山林', '机耕路'],
          dk.length,
        ),
        ring: shape.ring,
      });
    });
    for (const h of list) addHousehold(t, dk, r, c, h, shapeOf, summary);
  }
  return { tables: t, dk, villages, summary };
}

function dkProps(
  code: string,
  name: string,
  category: string,
  landClass: string,
  areaM2: number,
  pointer: string,
  bounds: string[],
  n: number,
): Row {
  return {
    BSM: n + 1,
    YSDM: '211011',
    DKBM: code,
    DKMC: name,
    SYQXZ: '30',
    DKLB: category,
    TDLYLX: CLASS[landClass],
    DLDJ: '05',
    TDYT: '1',
    SFJBNT: landClass === 'paddy' ? '1' : '2',
    SCMJ: m2(areaM2),
    SCMJM: mu(areaM2),
    DKDZ: bounds[0],
    DKNZ: bounds[1],
    DKXZ: bounds[2],
    DKBZ: bounds[3],
    ZJRXM: pointer,
    BZ: null,
  };
}

function addHousehold(
  t: NytModel['tables'],
  dk: Feature[],
  r: Rand,
  c: CollectivePlan,
  h: Household,
  shapeOf: Map<string, { ring: Pt[]; areaM2: number }>,
  summary: NytModel['summary'],
): void {
  const fbf = c.regionCode + c.groupCode;
  // 确权 data lists contractors (承包方): a household without contracted land is not among them.
  const land = h.rights.find((x) => x.kind === 'land');
  if (!land) return;
  const head = h.members[0];
  const surveyed = dateOf(h.createdAt);
  summary.households++;
  summary.members += h.members.length;
  t.CBF.push({
    CBFBM: h.code,
    CBFLX: '1',
    CBFMC: h.headName,
    CBFZJLX: '1',
    CBFZJHM: head.idNumber,
    CBFDZ: h.address,
    YZBM: '512100',
    LXDH: h.phone,
    CBFCYSL: h.members.length,
    CBFDCRQ: ymd(surveyed),
    CBFDCY: '调查员',
    GSJSR: '公示员',
    GSSHRQ: ymd(surveyed),
    GSSHR: '审核员',
  });
  for (const m of h.members) {
    const rel = RELATION[m.relation] ?? ['99', '99'];
    t.CBF_JTCY.push({
      CBFBM: h.code,
      CYXM: m.name,
      CYXB: m.sex === 'M' ? '1' : '2',
      CYZJLX: '1',
      CYZJHM: m.idNumber,
      YHZGX: m.sex === 'M' ? rel[0] : rel[1],
      CYBZ: null,
      SFGYR: '1',
      CYBZSM: null,
    });
  }
  const k = land.contract!;
  const ps = land.parcels!;
  const total = ps.reduce((s, p) => s + shapeOf.get(p.code)!.areaM2, 0);
  t.CBHT.push({
    CBHTBM: k.contractNo,
    FBFBM: fbf,
    CBFBM: h.code,
    CBFS: '110',
    CBQXQ: ymd(k.startDate),
    CBQXZ: ymd(k.endDate),
    HTZMJ: m2(total),
    CBDKZS: ps.length,
    QDSJ: ymd(k.startDate),
    HTZMJM: mu(total),
  });
  for (const p of ps) {
    const shape = shapeOf.get(p.code)!;
    summary.parcels++;
    t.CBDKXX.push({
      DKBM: p.code,
      FBFBM: fbf,
      CBFBM: h.code,
      CBJYQQDFS: '110',
      HTMJ: m2(shape.areaM2),
      CBHTBM: k.contractNo,
      LZHTBM: null,
      CBJYQZBM: k.contractNo,
      HTMJM: mu(shape.areaM2),
      SFQQQG: '2',
    });
    dk.push({
      props: dkProps(
        p.code,
        p.name || PARCEL_NAMES[0],
        '10',
        p.landClass,
        shape.areaM2,
        h.headName,
        [p.east, p.south, p.west, p.north],
        dk.length,
      ),
      ring: shape.ring,
    });
  }
  const cert = land.certs[0];
  if (cert) {
    t.CBJYQZ.push({
      CBJYQZBM: k.contractNo,
      FZJG: `${c.countyName}人民政府`,
      FZRQ: ymd(dateOf(cert.issuedAt)),
      QZSFLQ: '1',
      QZLQRQ: ymd(dateOf(cert.issuedAt)),
      QZLQRXM: h.headName,
      QZLQRZJLX: '1',
      QZLQRZJHM: head.idNumber,
    });
    t.CBJYQZDJB.push({
      CBJYQZBM: k.contractNo,
      FBFBM: fbf,
      CBFBM: h.code,
      CBFS: '110',
      CBQX: `${k.startDate}至${k.endDate}`,
      CBQXQ: ymd(k.startDate),
      CBQXZ: ymd(k.endDate),
      CBJYQZLSH: cert.number,
      DBR: '登簿人',
      DJSJ: ymd(dateOf(cert.issuedAt)),
    });
    const again = land.certs[1];
    if (again)
      t.CBJYQZ_QZBF.push({
        CBJYQZBM: k.contractNo,
        QZBFYY: '证书遗失补发',
        BFRQ: ymd(dateOf(again.issuedAt)),
        QZBFLQRQ: ymd(dateOf(again.issuedAt)),
        QZBFLQRXM: h.headName,
        BFLQRZJLX: '1',
        BFLQRZJHM: head.idNumber,
      });
  }
  // About one household in thirty has let its land out (流转) to a neighbour.
  if (r.chance(1 / 30) && t.CBF.length > 1) {
    const to = t.CBF[t.CBF.length - 2].CBFBM;
    const area = ps.slice(0, 1).reduce((s, p) => s + shapeOf.get(p.code)!.areaM2, 0);
    t.LZHT.push({
      CBHTBM: k.contractNo,
      LZHTBM: `${h.code}L`,
      CBFBM: h.code,
      SRFBM: to,
      LZFS: '出租',
      LZQX: '5年',
      LZQXKSRQ: '20210101',
      LZQXJSRQ: '20251231',
      LZMJ: m2(area),
      LZDKS: 1,
      LZQTDYT: '1',
      LZHTDYT: '1',
      LZJGSM: '每亩每年 600 元',
      HTQDRQ: '20201215',
      LZMJM: mu(area),
    });
  }
}
