import assert from 'node:assert/strict';
import type { Polygon } from 'geojson';
import { checkNyt2539 } from '../../server/registry/import/nyt2539/check';
import { describe as say } from '../../server/registry/import/nyt2539/messages';
import { checkTopology, DEFAULT_TOPO, type TopoParcel } from '../../server/registry/import/nyt2539/topology';
import type { Variant } from '../../scripts/lib/nyt2539/variants';
import { nytFixture, TODAY } from '../helpers/nyt2539';

// Topology of one collective's parcels in CGCS2000 GK metres (JSTS areas and relations, turf
// kinks, an R-tree for candidates): the planted mistakes are found, the clean layout is not
// flagged, and tolerances mean what they say.

const E = 38_459_000,
  N = 2_743_000;
/** A clockwise rectangle of w × h metres whose south-west corner is (x, y) metres from (E, N). */
const rect = (x: number, y: number, w: number, h: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [E + x, N + y],
      [E + x, N + y + h],
      [E + x + w, N + y + h],
      [E + x + w, N + y],
      [E + x, N + y],
    ],
  ],
});
const parcel = (n: number, geometry: Polygon, recordedM2: number | null = null): TopoParcel => ({
  code: `44020510021000${String(n).padStart(5, '0')}`,
  row: n,
  geometry,
  recordedM2,
});
const codes = (ps: ReturnType<typeof checkTopology>) => ps.map((p) => `${p.row}:${p.code}`);

async function planted(variant: Variant) {
  const f = await nytFixture(variant);
  const r = await checkNyt2539(f.zip, `${variant}.zip`, { today: TODAY });
  return { f, problems: r.collectives.flatMap((c) => c.problems), blocked: r.collectives.filter((c) => !c.ok).length };
}

describe('NY/T 2539 topology checks per collective', () => {
  it('when a parcel is drawn 6 m into its neighbour, then the overlap is reported on it with the other parcel and the area in m²', async () => {
    const { f, problems, blocked } = await planted('overlap');
    assert.deepEqual(
      problems.map((p) => [p.table, p.row, p.field, p.code]),
      [['DK', f.planted!.row, 'geometry', 'topo.overlap']],
    );
    assert.equal(problems[0].params?.other, f.planted!.other);
    assert.ok(
      Number(problems[0].params?.area) > 200 && Number(problems[0].params?.area) < 260,
      `6 m × 40 m strip, got ${problems[0].params?.area}`,
    );
    assert.match(say(problems[0], 'zh'), /^DK 第 \d+ 行 geometry：地块 \d{19} 与地块 \d{19}（第 \d+ 条记录）重叠 [\d.]+ 平方米$/);
    assert.equal(blocked, 1);
  });

  it('when two corners are swapped (a bow tie), then the self-intersection is reported with where it is, and no area is compared', async () => {
    const { f, problems } = await planted('kink');
    assert.deepEqual(
      problems.map((p) => [p.table, p.row, p.code]),
      [['DK', f.planted!.row, 'topo.selfIntersection']],
    );
    assert.ok(Number(problems[0].params?.x) > 38_400_000, 'the location is given in the recorded coordinates');
    assert.match(say(problems[0], 'en'), /crosses itself \(near X=3\d{7}(\.\d+)?, Y=27\d{5}(\.\d+)?\)/);
  });

  it("when the surveyed area is 20% above the shape's, then an area warning names both areas; the collective may still be written", async () => {
    const { f, problems, blocked } = await planted('area-mismatch');
    assert.deepEqual(
      problems.map((p) => [p.table, p.row, p.field, p.code, p.severity]),
      [['DK', f.planted!.row, 'SCMJ', 'topo.area', 'warning']],
    );
    assert.ok(Math.abs(Number(problems[0].params?.percent) - 16.7) < 0.2, 'recorded = 1.2 × computed: 16.7% of the recorded area');
    assert.equal(blocked, 0);
  });

  it('when a parcel is moved out of its village, then it is reported outside the 村级区域 boundary', async () => {
    const { f, problems } = await planted('outside');
    assert.deepEqual(
      problems.map((p) => [p.row, p.code]),
      [[f.planted!.row, 'topo.outside']],
    );
    assert.match(say(problems[0], 'zh'), /在村级区域界线之外/);
  });

  it('when neighbours share an edge, or overlap within the tolerance, then nothing is reported; past it, the overlap is', () => {
    const shared = [parcel(1, rect(0, 0, 20, 40)), parcel(2, rect(20, 0, 30, 40)), parcel(3, rect(0, 40, 50, 10))];
    assert.deepEqual(checkTopology(shared, 'c', null), []);
    const sliver = [parcel(1, rect(0, 0, 20, 40)), parcel(2, rect(19.99, 0, 30, 40))]; // 0.4 m²
    assert.deepEqual(checkTopology(sliver, 'c', null), []);
    const over = [parcel(1, rect(0, 0, 20, 40)), parcel(2, rect(19.9, 0, 30, 40))]; // 4 m²
    const found = checkTopology(over, 'c', null);
    assert.deepEqual(codes(found), ['1:topo.overlap']);
    assert.equal(found[0].params?.area, 4);
    assert.deepEqual(codes(checkTopology(over, 'c', null, { ...DEFAULT_TOPO, overlapToleranceM2: 5 })), []);
    const twice = [parcel(1, rect(0, 0, 20, 40)), parcel(2, rect(0, 0, 20, 40))];
    assert.equal(checkTopology(twice, 'c', null)[0].params?.area, 800, 'a parcel digitised twice overlaps in full');
  });

  it('when areas are compared, then they are planar areas in the GK metres, with the tolerance in percent', () => {
    const square = rect(0, 0, 100, 100);
    assert.deepEqual(checkTopology([parcel(1, square, 10_000)], 'c', null), [], '100 m × 100 m is 10,000 m² on the plane');
    assert.deepEqual(checkTopology([parcel(1, square, 10_400)], 'c', null), [], '3.8% apart: within 5%');
    const off = checkTopology([parcel(1, square, 10_600)], 'c', null);
    assert.deepEqual(codes(off), ['1:topo.area']);
    assert.deepEqual([off[0].params?.computed, off[0].params?.recorded, off[0].params?.percent], [10_000, 10_600, 5.7]);
  });

  it('when a boundary is given, then only the part outside beyond the tolerance counts; an unclosed ring is an invalid shape', () => {
    const village = { geometry: rect(0, 0, 100, 100), label: '村级区域' };
    assert.deepEqual(checkTopology([parcel(1, rect(10, 10, 20, 20))], 'c', village), []);
    assert.deepEqual(
      checkTopology([parcel(1, rect(99.99, 10, 20, 20))], 'c', village).map((p) => p.code),
      ['topo.outside'],
    );
    assert.deepEqual(checkTopology([parcel(1, rect(99.99, 10, 0.02, 20))], 'c', village), [], '0.2 m² outside is within 1 m²');
    const outside = checkTopology([parcel(1, rect(90, 10, 20, 5))], 'c', village);
    assert.equal(outside[0].params?.area, 50);
    const open: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [E, N],
          [E, N + 10],
          [E + 10, N + 10],
          [E + 10, N],
        ],
      ],
    };
    assert.deepEqual(codes(checkTopology([parcel(1, open)], 'c', null)), ['1:topo.invalid']);
  });
});
