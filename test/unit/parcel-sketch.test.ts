import assert from 'node:assert/strict';
import { loadConfig, ConfigError } from '../../server/platform/config';
import { fitText, parcelSketch } from '../../server/platform/drawing/parcel-sketch';
import { polygonsOf, projectionAround, roundLength } from '../../server/platform/drawing/geo';
import { errorHelp, ruleOf } from '../../server/platform/messages';
import { tileCspSource } from '../../server/platform/map-tiles';
import { DomainError, ValidationError } from '../../server/kernel/errors';

// A 100 m × 50 m rectangle near Maba (曲江区马坝镇), as lon/lat.
const LAT = 24.68;
const dLon = (m: number) => m / (111_195 * Math.cos((LAT * Math.PI) / 180));
const dLat = (m: number) => m / 111_195;
const rect = (w: number, h: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [113.6, LAT],
      [113.6 + dLon(w), LAT],
      [113.6 + dLon(w), LAT + dLat(h)],
      [113.6, LAT + dLat(h)],
      [113.6, LAT],
    ],
  ],
});

const points = (d: string) => [...d.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);

describe('Parcel sketch (宗地图) geometry', () => {
  it('when a parcel has a lon/lat polygon, then it is drawn to scale with north up and a round scale bar', () => {
    const sk = parcelSketch(rect(100, 50), { east: '东至 河堤', north: '北至 村道' });
    assert.equal(sk.surveyed, true);
    const pts = points(sk.path);
    assert.equal(pts.length, 4, 'the closing point is replaced by Z');
    const xs = pts.map((p) => p[0]),
      ys = pts.map((p) => p[1]);
    const w = Math.max(...xs) - Math.min(...xs),
      h = Math.max(...ys) - Math.min(...ys);
    assert.ok(Math.abs(w / h - 2) < 0.02, `100 m × 50 m keeps its 2:1 shape (cos(lat) scaling), got ${w / h}`);
    // The second point is east of the first; the third is north of the second, so higher up (smaller y).
    assert.ok(pts[1][0] > pts[0][0] && pts[2][1] < pts[1][1]);
    assert.ok(sk.scale);
    assert.match(sk.scale.label, /^(1|2|5)0* m$/);
    const pxPerMetre = w / 100;
    assert.ok(Math.abs(sk.scale.px / pxPerMetre - Number.parseInt(sk.scale.label, 10)) < 0.5, 'the bar is as long as its label says');
    assert.equal(sk.sides.east?.text, '东至 河堤');
    assert.equal(sk.sides.east?.vertical, true);
    assert.equal(sk.sides.north?.vertical, false);
    assert.equal(sk.sides.south, undefined, 'no label where no neighbour was given');
  });

  it('when a parcel has no polygon, or one in projected metres, then a plain schematic box is drawn without a scale bar', () => {
    for (const g of [
      null,
      '',
      { type: 'Point', coordinates: [113, 24] },
      {
        type: 'Polygon',
        coordinates: [
          [
            [38_500_000, 2_730_000],
            [38_500_100, 2_730_000],
            [38_500_100, 2_730_100],
            [38_500_000, 2_730_000],
          ],
        ],
      },
    ]) {
      const sk = parcelSketch(g, { west: '西至 水渠' });
      assert.equal(sk.surveyed, false);
      assert.equal(sk.scale, null);
      assert.match(sk.path, /^M[\d.]+,[\d.]+ H[\d.]+ V[\d.]+ H[\d.]+ Z$/);
      assert.equal(sk.sides.west?.text, '西至 水渠');
    }
  });

  it('when a polygon is degenerate or has a hole, or comes as a JSON string, then the sketch still draws', () => {
    const line = {
      type: 'Polygon',
      coordinates: [
        [
          [113.6, LAT],
          [113.6001, LAT],
          [113.6, LAT],
          [113.6, LAT],
        ],
      ],
    };
    assert.equal(parcelSketch(line).surveyed, true);
    assert.ok(!parcelSketch(line).path.includes('NaN'));
    const holed = { type: 'Polygon', coordinates: [...rect(100, 100).coordinates, rect(10, 10).coordinates[0]] };
    assert.equal((parcelSketch(JSON.stringify(holed)).path.match(/Z/g) ?? []).length, 2);
    const multi = { type: 'MultiPolygon', coordinates: [rect(20, 20).coordinates, rect(30, 10).coordinates] };
    assert.equal(polygonsOf(multi)?.length, 2);
  });

  it('when a neighbour name is too long for its side, then it is shortened with an ellipsis', () => {
    assert.equal(fitText('机耕路', 12), '机耕路');
    const long = fitText('东至 李家村第三村民小组集体所有的荒山坡地和林地', 12);
    assert.ok(long.endsWith('…') && [...long].length <= 13, long);
  });

  it('when a length is asked for, then a 1-2-5 round number not above it comes back', () => {
    assert.deepEqual([0.7, 3, 19.9, 20, 74, 250, 999].map(roundLength), [0.5, 2, 10, 20, 50, 200, 500]);
    const p = projectionAround([
      [113.6, LAT],
      [113.61, LAT],
    ]);
    const [x] = p.toMetres([113.61, LAT]);
    assert.ok(Math.abs(x - 505) < 2, `0.01° of longitude at 24.68° N is about 1,010 m, half of it from the centre: ${x}`);
  });
});

describe('Refusals link to their rule; map tile configuration', () => {
  it('when a rule refuses (rule4.secondHomestead, duplicateIdNumber), then the field links to /help#rule-N; a plain format error links nowhere', () => {
    assert.equal(ruleOf('rule4.secondHomestead'), 4);
    assert.equal(ruleOf('rule11.locked'), 11);
    assert.equal(ruleOf('required'), null);
    assert.deepEqual(errorHelp(new DomainError('rule1.outsider', {}, 'buyer')), { buyer: '/help#rule-1' });
    assert.deepEqual(errorHelp(new ValidationError({ idNumber: { code: 'duplicateIdNumber' }, name: { code: 'required' } })), {
      idNumber: '/help#rule-13',
    });
  });

  it('when MAP_TILE_URL is set, then it must be an http(s) template with {z}/{x}/{y}, and the CSP allows its host', () => {
    assert.equal(loadConfig({}).mapTiles, undefined);
    assert.deepEqual(
      loadConfig({ MAP_TILE_URL: 'https://{s}.tiles.example.cn/{z}/{x}/{y}.png', MAP_TILE_ATTRIBUTION: '© 测绘' }).mapTiles,
      { url: 'https://{s}.tiles.example.cn/{z}/{x}/{y}.png', attribution: '© 测绘' },
    );
    for (const bad of ['tiles/{z}/{x}/{y}.png', 'https://tiles.example.cn/tile.png', 'javascript:alert(1)//{z}/{x}/{y}']) {
      assert.throws(
        () => loadConfig({ MAP_TILE_URL: bad }),
        (e: Error) => e instanceof ConfigError && /MAP_TILE_URL/.test(e.message),
        bad,
      );
    }
    assert.equal(tileCspSource('https://{s}.tiles.example.cn/{z}/{x}/{y}.png'), 'https://*.tiles.example.cn');
    assert.equal(tileCspSource('http://10.1.2.3:8080/wmts/{z}/{x}/{y}.png'), 'http://10.1.2.3:8080');
  });
});
