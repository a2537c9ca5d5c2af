import assert from 'node:assert/strict';
import poly from '@mapbox/shp-write/src/poly.js';
import { extent, shippedPoly, shpLength, shpWrite } from '../../server/platform/files/shp-write';

// @mapbox/shp-write flattens a whole layer with a quadratic concat to size it and take its extent;
// server/platform/files/shp-write.ts swaps in linear versions of those two. The rule: the files
// written are the same bytes as the library's own functions write, for every kind of layer.

type Files = { shp: DataView; shx: DataView };
const bytes = (v: DataView) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);

function written(kind: 'POINT' | 'POLYLINE' | 'POLYGON', geometries: unknown[]): Promise<{ shp: Buffer; shx: Buffer }> {
  return new Promise((resolve, reject) =>
    shpWrite([], kind, geometries as never, (err: unknown, f: Files) =>
      err ? reject(err) : resolve({ shp: bytes(f.shp), shx: bytes(f.shx) }),
    ),
  );
}

async function withShipped<T>(run: () => Promise<T>): Promise<T> {
  poly.shpLength = shippedPoly.shpLength;
  poly.extent = shippedPoly.extent;
  try {
    return await run();
  } finally {
    poly.shpLength = shpLength;
    poly.extent = extent;
  }
}

const square = (x: number, y: number, s: number) => [
  [x, y],
  [x, y + s],
  [x + s, y + s],
  [x + s, y],
  [x, y],
];
const polygons = Array.from({ length: 300 }, (_, i) => [
  square(38_500_000 + (i % 20) * 30.5, 2_740_000 + Math.floor(i / 20) * 41.25, 20 + (i % 7)),
]);
// A polygon with a hole and a multipolygon, as ringsOf() hands them over.
polygons.push([square(38_501_000, 2_741_000, 100), square(38_501_010, 2_741_010, 10).reverse()]);
const lines = Array.from({ length: 400 }, (_, i) => [
  [
    [38_500_000 + i * 3.5, 2_740_000 - i],
    [38_500_010 + i * 3.5, 2_740_020 + i * 0.5],
  ],
]);

describe('shapefile writer sized in linear time (shp-write.ts)', () => {
  it('when a polygon layer is written, then the .shp and .shx are byte for byte what the library alone writes', async () => {
    const ours = await written('POLYGON', polygons);
    const theirs = await withShipped(() => written('POLYGON', polygons));
    assert.ok(ours.shp.length > 100 * 56);
    assert.deepEqual(ours.shp, theirs.shp);
    assert.deepEqual(ours.shx, theirs.shx);
  });

  it('when a line layer (界址线) is written, then the bytes are the same as the library alone writes', async () => {
    const ours = await written('POLYLINE', lines);
    const theirs = await withShipped(() => written('POLYLINE', lines));
    assert.deepEqual(ours.shp, theirs.shp);
    assert.deepEqual(ours.shx, theirs.shx);
  });

  it('when the writer runs, then it sizes the layer with the replaced functions (the same module instance)', async () => {
    let sized = 0,
      bounded = 0;
    poly.shpLength = (g) => {
      sized++;
      return shpLength(g);
    };
    poly.extent = (g) => {
      bounded++;
      return extent(g);
    };
    try {
      await written('POLYGON', polygons.slice(0, 3));
    } finally {
      poly.shpLength = shpLength;
      poly.extent = extent;
    }
    assert.equal(sized, 1);
    assert.equal(bounded, 1);
    assert.equal(poly.shpLength, shpLength);
  });

  it('when a layer spans negative and positive coordinates, then the extent is its bounding box', () => {
    assert.deepEqual(
      extent([
        [
          [
            [-5, 2],
            [3, -7],
            [1, 9],
            [-5, 2],
          ],
        ],
      ]),
      { xmin: -5, ymin: -7, xmax: 3, ymax: 9 },
    );
    assert.equal(
      shpLength([
        [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 0],
          ],
        ],
        [
          [
            [0, 0],
            [2, 2],
          ],
        ],
      ]),
      2 * 56 + 6 * 16,
    );
  });
});
