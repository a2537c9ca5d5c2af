import assert from 'node:assert/strict';
import { checkNyt2539, type PackageCheck } from '../../server/registry/import/nyt2539/check';
import { describe as say, type Problem } from '../../server/registry/import/nyt2539/messages';
import type { Variant } from '../../scripts/lib/nyt2539/variants';
import { nytFixture, TODAY } from '../helpers/nyt2539';

// Whole packages through read → map → check (the dry run), clean and with each planted
// mistake: the problem must name its table, row and field, in Chinese and English, and keep
// only its own collective out of the write.

const checked = new Map<string, Promise<PackageCheck>>();
async function check(variant: Variant, extra = {}): Promise<PackageCheck> {
  const key = variant + JSON.stringify(extra);
  if (!checked.has(key))
    checked.set(
      key,
      nytFixture(variant, extra).then((f) => checkNyt2539(f.zip, `${variant}.zip`, { today: TODAY })),
    );
  return checked.get(key)!;
}
const everyProblem = (r: PackageCheck): Problem[] => [...r.problems, ...r.collectives.flatMap((c) => c.problems)];

describe('NY/T 2539 packages: the dry run on generated packages', () => {
  it('when the package is clean, then every household, member and parcel maps with no problem and every collective may be written', async () => {
    const f = await nytFixture();
    const r = await check('clean');
    assert.equal(r.fatal, null);
    assert.deepEqual(everyProblem(r), []);
    assert.equal(r.collectives.length, 2);
    assert.ok(r.collectives.every((c) => c.ok));
    const sum = (k: 'households' | 'members' | 'parcels') => r.collectives.reduce((s, c) => s + c.counts[k], 0);
    assert.deepEqual([sum('households'), sum('members'), sum('parcels')], [f.summary.households, f.summary.members, f.summary.parcels]);
    assert.equal(r.loaded?.crs?.zonePrefix, true);
    assert.deepEqual(r.loaded?.counts, { DK: f.summary.dk, JZD: f.summary.jzd, JZX: f.summary.jzx, CJQY: 2 });
    const c = r.collectives[0].collective;
    assert.match(c.collective.code, /^44020510021000$/);
    assert.equal(c.collective.regionCode, '440205100210');
    assert.equal(c.collective.groupCode, '00');
    const h = c.households[0];
    assert.ok(h.code.startsWith(c.collective.code) && h.code.length === 18);
    assert.equal(h.members.filter((m) => m.relation === 'head').length, 1);
    assert.equal(h.members[0].name, h.headName);
    const p = h.contracts[0].parcels[0];
    assert.ok(p.code.startsWith(c.collective.code) && p.code.length === 19);
    assert.equal(p.category, 'contracted');
    assert.equal(p.areaMuCenti, Math.round((p.areaM2Centi! * 15) / 10_000), '亩 = m² × 15 / 10000');
    assert.equal(p.geometry?.type, 'Polygon');
    assert.ok(h.contracts[0].certificate?.number, 'the certificate joins its contract through CBDKXX.CBJYQZBM');
  });

  it('when the tables come as GBK CSV files instead of a workbook, then the dry run finds the same rows', async () => {
    const [a, b] = [await check('clean'), await check('clean', { tables: 'csv' })];
    assert.deepEqual(everyProblem(b), []);
    assert.deepEqual(
      b.collectives.map((c) => c.counts),
      a.collectives.map((c) => c.counts),
    );
  });

  it("when the DK layer's .prj is Xian 1980, then the package is refused as a whole, naming the .prj, in Chinese and English", async () => {
    const r = await check('wrong-prj');
    assert.equal(r.fatal?.code, 'prj.notCgcs2000');
    assert.match(String(r.fatal?.params.file), /矢量数据\/DK4402052016\.prj$/);
    assert.match(r.fatal!.zh, /Xian_1980.*不是 CGCS2000/);
    assert.match(r.fatal!.en, /not CGCS2000/);
  });

  it('when the .prj has no zone prefix but the eastings do, then the package is read as zone 38 without a problem', async () => {
    const r = await check('prefix-mismatch');
    assert.deepEqual(everyProblem(r), []);
    assert.equal(r.loaded?.crs?.falseEasting, 38_500_000);
  });

  it('when the DK .dbf is cut short, then the package is refused naming that .dbf, not a crash', async () => {
    const r = await check('broken-dbf');
    assert.equal(r.fatal?.code, 'shp.unreadable');
    assert.match(String(r.fatal?.params.file), /DK4402052016\.dbf$/);
    assert.match(r.fatal!.zh, /DK4402052016\.dbf 无法读取/);
  });

  const cases: [Variant, Partial<Problem>, RegExp, RegExp][] = [
    [
      'unknown-fbf',
      { table: 'CBHT', row: 4, field: 'FBFBM', code: 'cbht.unknownFbf', severity: 'error' },
      /CBHT 第 4 行 FBFBM：发包方 44020510099900 不在 FBF 表中/,
      /CBHT row 4, FBFBM: Collective 44020510099900 is not in table FBF/,
    ],
    [
      'duplicate-cbf',
      { table: 'CBF', row: 6, field: 'CBFBM', code: 'cbf.duplicate', severity: 'error' },
      /CBF 第 6 行 CBFBM：承包方编码 \d{18} 重复（第 3 行已有）/,
      /appears twice \(already on row 3\)/,
    ],
    [
      'id15',
      { table: 'CBF_JTCY', field: 'CYZJHM', code: 'member.id15', severity: 'warning' },
      /15 位旧身份证号 \d{15}：原样保留并标记，对应的 18 位号码为 \d{17}[\dX]/,
      /Old 15-digit ID \d{15}: kept as it is and flagged/,
    ],
  ];
  for (const [variant, expected, zh, en] of cases) {
    it(`when the package has "${variant}", then exactly that problem is reported at its table, row and field`, async () => {
      const f = await nytFixture(variant);
      const r = await check(variant);
      assert.equal(r.fatal, null);
      const found = everyProblem(r);
      assert.equal(found.length, 1, found.map((p) => say(p, 'en')).join('\n'));
      const [p] = found;
      assert.deepEqual(
        { table: p.table, row: p.row, field: p.field, code: p.code, severity: p.severity },
        { row: f.planted!.row, ...expected },
      );
      assert.match(say(p, 'zh'), zh);
      assert.match(say(p, 'en'), en);
      const blocked = r.collectives.filter((c) => !c.ok).map((c) => c.collective.collective.code);
      assert.deepEqual(blocked, p.severity === 'error' ? [p.collective] : [], 'only the collective of an error is kept out');
    });
  }

  it('when a 15-digit ID is kept, then the member row holds it as recorded, flagged, with its 18-digit form', async () => {
    const f = await nytFixture('id15');
    const r = await check('id15');
    const m = r.collectives.flatMap((c) => c.collective.households.flatMap((h) => h.members)).find((x) => x.idNumber === f.planted!.code)!;
    assert.equal(m.legacyId15, true);
    assert.match(m.idNumber18!, new RegExp(`^${m.idNumber.slice(0, 6)}19${m.idNumber.slice(6, 15)}[0-9X]$`));
    assert.equal(m.birthDate?.slice(0, 2), '19');
  });
});
