import assert from 'node:assert/strict';
import type { Cell, TableRow } from '../../server/platform/files/table';
import { relationOf, landClassOf } from '../../server/registry/import/nyt2539/codes';
import { parseResidentId } from '../../server/registry/import/nyt2539/id-numbers';
import { mapNyt2539, type PackageTables } from '../../server/registry/import/nyt2539/map';
import { describe as say } from '../../server/registry/import/nyt2539/messages';
import { m2CentiToMuCenti } from '../../server/registry/import/nyt2539/values';
import { makeIdNumber } from '../../server/demo/id-gen';
import type { ShapeFeature } from '../../server/platform/files/shapefile';

// The NY/T 2539 → registry mapping on small hand-made tables: code lengths, the code tables
// (C.7, C.15, C.18, 与户主关系), 亩 and m², and each problem at its table, row and field.

const TODAY = new Date('2026-06-01T00:00:00Z');
const FBF = '44020510021000';
const CBF = `${FBF}0001`;
const HEAD = makeIdNumber('440205', '1960-05-01', 1, 'M');
const WIFE = makeIdNumber('440205', '1962-03-08', 2, 'F');
const rows = (...values: Record<string, Cell>[]): TableRow[] => values.map((v, i) => ({ row: i + 2, values: v }));
const square: ShapeFeature['geometry'] = {
  type: 'Polygon',
  coordinates: [
    [
      [38_459_000, 2_743_000],
      [38_459_000, 2_743_030],
      [38_459_030, 2_743_030],
      [38_459_030, 2_743_000],
      [38_459_000, 2_743_000],
    ],
  ],
};

function tables(over: Partial<Record<string, TableRow[]>> = {}): PackageTables {
  return {
    FBF: rows({ FBFBM: FBF, FBFMC: '龙岗村股份经济联合社', FBFFZRXM: '陈建国', FBFDZ: '马坝镇龙岗村' }),
    CBF: rows({ CBFBM: CBF, CBFLX: '1', CBFMC: '陈建国', CBFDZ: '龙岗村 1 号', LXDH: '13800138000', CBFCYSL: 2 }),
    CBF_JTCY: rows(
      { CBFBM: CBF, CYXM: '陈建国', CYXB: '1', CYZJLX: '1', CYZJHM: HEAD, YHZGX: '02', CYBZ: null, SFGYR: '1' },
      { CBFBM: CBF, CYXM: '李秀英', CYXB: '2', CYZJLX: '1', CYZJHM: WIFE, YHZGX: '妻', CYBZ: '1', SFGYR: '1' },
    ),
    CBHT: rows({
      CBHTBM: `${CBF}J`,
      FBFBM: FBF,
      CBFBM: CBF,
      CBFS: '110',
      CBQXQ: '19980101',
      CBQXZ: new Date('2027-12-31T00:00:00Z'),
      HTZMJ: 900,
      CBDKZS: 1,
    }),
    CBDKXX: rows({ DKBM: `${FBF}00001`, FBFBM: FBF, CBFBM: CBF, CBHTBM: `${CBF}J`, CBJYQZBM: `${CBF}J`, HTMJ: 900, HTMJM: 1.35 }),
    CBJYQZ: rows({ CBJYQZBM: `${CBF}J`, FZJG: '曲江区人民政府', FZRQ: '2019-05-20' }),
    CBJYQZ_QZZX: rows(),
    ...over,
  };
}
const dk = (props: Record<string, string | number | null> = {}): ShapeFeature[] => [
  {
    row: 1,
    geometry: square,
    properties: {
      DKBM: `${FBF}00001`,
      DKMC: '塘背田',
      DKLB: '10',
      TDLYLX: '011',
      TDYT: '1',
      SFJBNT: '1',
      SCMJ: 900,
      SCMJM: 1.35,
      DKDZ: '水渠',
      DKNZ: '村道',
      DKXZ: '山林',
      DKBZ: '河堤',
      ...props,
    },
  },
];
const problemsOf = (r: ReturnType<typeof mapNyt2539>) => r.problems.map((p) => [p.table, p.row, p.field ?? null, p.code]);

describe("NY/T 2539 mapping to the registry's rows", () => {
  it('when the tables are complete, then the 14-, 18- and 19-digit codes become a collective, a household and a parcel, with 亩 from m²', () => {
    const r = mapNyt2539({ tables: tables(), dk: dk(), today: TODAY });
    assert.deepEqual(r.problems, []);
    const [c] = r.collectives;
    assert.deepEqual(c.collective, {
      row: 2,
      code: FBF,
      regionCode: '440205100210',
      groupCode: '00',
      name: '龙岗村股份经济联合社',
      leaderName: '陈建国',
      address: '马坝镇龙岗村',
    });
    const h = c.households[0];
    assert.deepEqual([h.code, h.headName, h.phone, h.kind], [CBF, '陈建国', '13800138000', 'farmer']);
    assert.deepEqual(
      h.members.map((m) => [m.relation, m.sex, m.birthDate, m.note]),
      [
        ['head', 'M', '1960-05-01', null],
        ['spouse', 'F', '1962-03-08', 'married_out'],
      ],
    );
    const k = h.contracts[0];
    assert.deepEqual([k.contractNo, k.startDate, k.endDate, k.mode, k.areaMuCenti], [`${CBF}J`, '1998-01-01', '2027-12-31', '110', 135]);
    assert.equal(k.certificate?.issuedOn, '2019-05-20');
    const p = k.parcels[0];
    assert.deepEqual(
      [p.code, p.name, p.areaMuCenti, p.areaM2Centi, p.contractAreaMuCenti, p.landClass, p.category, p.use, p.basicFarmland],
      [`${FBF}00001`, '塘背田', 135, 90_000, 135, 'paddy', 'contracted', 'crops', true],
    );
    assert.deepEqual([p.east, p.south, p.west, p.north], ['水渠', '村道', '山林', '河堤']);
  });

  it('when areas are converted, then 1 亩 is exactly 10000/15 m² (666.67 m² is 1.00 亩, 10000 m² is 15.00 亩)', () => {
    assert.equal(m2CentiToMuCenti(66_667), 100);
    assert.equal(m2CentiToMuCenti(1_000_000), 1500);
    assert.equal(m2CentiToMuCenti(666_667), 1000, '6666.67 m² is 10.00 亩');
    assert.equal(m2CentiToMuCenti(666_666_667), 1_000_000, '6,666,666.67 m² is 10,000.00 亩 (with 666.67 m² a mu it would be 9,999.95)');
    const onlyM2 = mapNyt2539({ tables: tables(), dk: dk({ SCMJM: null, SCMJ: 666.67 }), today: TODAY });
    assert.equal(onlyM2.collectives[0].households[0].contracts[0].parcels[0].areaMuCenti, 100);
    const wrong = mapNyt2539({ tables: tables(), dk: dk({ SCMJ: 900, SCMJM: 13.5 }), today: TODAY });
    assert.deepEqual(problemsOf(wrong), [['DK', 1, 'SCMJM', 'dk.areaUnits']]);
    assert.match(say(wrong.problems[0], 'zh'), /实测面积 900 平方米应为 1.35 亩，填写为 13.5 亩/);
  });

  it('when ID numbers are read, then an 18-digit number is checked (GB 11643), a 15-digit one is kept and flagged with its 18-digit form', () => {
    const old = parseResidentId('440205600501001', TODAY)!;
    assert.deepEqual([old.legacy15, old.birthDate, old.sex], [true, '1960-05-01', 'M']);
    assert.match(old.upgraded, /^44020519600501001[0-9X]$/);
    assert.equal(parseResidentId(old.upgraded, TODAY)?.birthDate, '1960-05-01', 'the upgraded form passes the 18-digit check');
    assert.equal(parseResidentId(HEAD.slice(0, 17) + (HEAD[17] === '0' ? '1' : '0'), TODAY), null, 'a wrong check character');
    const r = mapNyt2539({
      tables: tables({
        CBF_JTCY: rows(
          { CBFBM: CBF, CYXM: '陈建国', CYXB: '1', CYZJLX: '1', CYZJHM: '440205600501001', YHZGX: '户主' },
          { CBFBM: CBF, CYXM: '李秀英', CYXB: '1', CYZJLX: '1', CYZJHM: WIFE, YHZGX: '12' },
        ),
      }),
      dk: dk(),
      today: TODAY,
    });
    assert.deepEqual(problemsOf(r), [
      ['CBF_JTCY', 2, 'CYZJHM', 'member.id15'],
      ['CBF_JTCY', 3, 'CYXB', 'member.sexMismatch'],
    ]);
    assert.equal(r.collectives[0].households[0].members[0].idNumber, '440205600501001');
  });

  it("when a member is identified by a passport or officer's card (C.15), or is noted deceased (C.18), then the row says so at its field", () => {
    const r = mapNyt2539({
      tables: tables({
        CBF_JTCY: rows(
          { CBFBM: CBF, CYXM: '陈建国', CYXB: '1', CYZJLX: '1', CYZJHM: HEAD, YHZGX: '02' },
          { CBFBM: CBF, CYXM: '李秀英', CYXB: '2', CYZJLX: '5', CYZJHM: 'E12345678', YHZGX: '12' },
          {
            CBFBM: CBF,
            CYXM: '陈德',
            CYXB: '1',
            CYZJLX: '1',
            CYZJHM: makeIdNumber('440205', '1930-01-01', 3, 'M'),
            YHZGX: '51',
            CYBZ: '7',
          },
        ),
      }),
      dk: dk(),
      today: TODAY,
    });
    assert.deepEqual(problemsOf(r), [
      ['CBF_JTCY', 3, 'CYZJLX', 'member.idNotStorable'],
      ['CBF_JTCY', 4, 'CYBZ', 'member.deceased'],
    ]);
    assert.deepEqual(
      r.collectives[0].households[0].members.map((m) => m.name),
      ['陈建国', '陈德'],
      'the deceased kept (flagged), the passport holder not',
    );
    assert.match(say(r.problems[0], 'zh'), /证件类型为「护照」/);
  });

  it('when codes, dates and code-table values are malformed, then each is reported at its table, row and field', () => {
    const r = mapNyt2539({
      tables: tables({
        CBF: rows(
          { CBFBM: CBF, CBFLX: '1', CBFMC: '陈建国', CBFCYSL: 2 },
          { CBFBM: 440205100210000000, CBFLX: '1', CBFMC: '数字' },
          { CBFBM: '4402051002100', CBFLX: '1', CBFMC: '短码' },
        ),
        CBHT: rows({ CBHTBM: `${CBF}J`, FBFBM: FBF, CBFBM: CBF, CBFS: '110', CBQXQ: '1998-13-01', CBQXZ: '20271231' }),
      }),
      dk: dk({ DKLB: '77' }),
      today: TODAY,
    });
    assert.deepEqual(problemsOf(r), [
      ['CBF', 3, 'CBFBM', 'value.lostDigits'],
      ['CBF', 4, 'CBFBM', 'value.codeForm'],
      ['CBHT', 2, 'CBQXQ', 'value.badDate'],
      ['DK', 1, 'DKLB', 'value.badCode'],
    ]);
    assert.equal(
      r.collectives[0].households[0].contracts.length,
      0,
      'the contract with a bad date is refused; its parcel rows say nothing more',
    );
    assert.match(say(r.problems[3], 'en'), /^DK row 1, DKLB: "77" is not a code of C.7 地块类别$/);
  });

  it('when rows point at what is not there, then the pointing row is reported: unknown 发包方, household, contract; no shape', () => {
    const stranger = '440205100299000001';
    const r = mapNyt2539({
      tables: tables({
        CBF: rows({ CBFBM: CBF, CBFLX: '1', CBFMC: '陈建国', CBFCYSL: 2 }, { CBFBM: stranger, CBFLX: '1', CBFMC: '外人' }),
        CBF_JTCY: rows(...tables().CBF_JTCY!.map((x) => x.values), {
          CBFBM: '440205100210009999',
          CYXM: '无户',
          CYZJLX: '1',
          CYZJHM: makeIdNumber('440205', '1990-01-01', 5, 'M'),
          YHZGX: '02',
        }),
      }),
      dk: [],
      today: TODAY,
    });
    assert.deepEqual(problemsOf(r), [
      ['CBF', 3, 'CBFBM', 'cbf.unknownFbf'],
      ['CBF_JTCY', 4, 'CBFBM', 'jtcy.unknownCbf'],
      ['CBF', 3, 'CBFBM', 'cbf.noMembers'],
      ['CBDKXX', 2, 'DKBM', 'cbdk.noShape'],
    ]);
    assert.equal(r.problems[0].collective, '44020510029900', 'attributed to the 发包方 its code names');
  });

  it('when a table or a required field is missing, or the registry does not know the collective, then that is said once', () => {
    const noJtcy = tables();
    delete noJtcy.CBF_JTCY;
    assert.deepEqual(problemsOf(mapNyt2539({ tables: noJtcy, dk: dk(), today: TODAY })), [['CBF_JTCY', 0, null, 'table.missing']]);
    const noName = tables({ CBF: rows({ CBFBM: CBF, CBFLX: '1' }) });
    const r = mapNyt2539({ tables: noName, dk: null, today: TODAY });
    assert.deepEqual(problemsOf(r), [
      ['CBF', 0, 'CBFMC', 'field.missing'],
      ['DK', 0, null, 'layer.missing'],
    ]);
    assert.equal(say(r.problems[0], 'zh'), 'CBF CBFMC：表 CBF 缺少字段 CBFMC（承包方名称）');
    const unknown = mapNyt2539({ tables: tables(), dk: dk(), today: TODAY, knownCollectives: new Set(['44020510021100']) });
    assert.deepEqual(problemsOf(unknown), [['FBF', 2, 'FBFBM', 'fbf.unknownToRegistry']]);
  });

  it("when relations and land classes are written as codes or words, then they map to the registry's values (GB/T 4761, GB/T 21010)", () => {
    assert.deepEqual(['01', '02', '户主', '11', '妻', '22', '38', '女婿', '41', '51', '岳母', '61', '73', '97', '99'].map(relationOf), [
      'head',
      'head',
      'head',
      'spouse',
      'spouse',
      'child',
      'child_in_law',
      'child_in_law',
      'grandchild',
      'parent',
      'parent',
      'grandparent',
      'sibling',
      'other',
      'other',
    ]);
    assert.equal(relationOf('03'), null);
    assert.deepEqual(['011', '0101', '012', '013', '021', '0204', '031', '999', null].map(landClassOf), [
      'paddy',
      'paddy',
      'irrigated',
      'dry',
      'orchard',
      'orchard',
      'forest',
      'other',
      'other',
    ]);
  });

  it('when a parcel of the layer is reserve land (C.7 22) or a listed parcel is not contracted land, then it is kept out or flagged', () => {
    const reserve = { row: 2, geometry: square, properties: { DKBM: `${FBF}90001`, DKMC: '机动地', DKLB: '22', SCMJ: 500 } };
    const unlisted = { row: 3, geometry: square, properties: { DKBM: `${FBF}00002`, DKMC: '新开田', DKLB: '10', SCMJ: 500 } };
    const r = mapNyt2539({ tables: tables(), dk: [...dk({ DKLB: '21' }), reserve, unlisted], today: TODAY });
    assert.deepEqual(problemsOf(r), [
      ['CBDKXX', 2, 'DKBM', 'cbdk.notContractLand'],
      ['DK', 3, 'DKBM', 'dk.unreferenced'],
    ]);
    assert.match(say(r.problems[0], 'zh'), /地块类别为「自留地」/);
    assert.equal(r.collectives[0].households[0].contracts[0].parcels.length, 1);
  });
});
