import { write } from '@mapbox/shp-write';
import poly from '@mapbox/shp-write/src/poly.js';

// @mapbox/shp-write (0.4.3, the latest) sizes a line or polygon layer and takes its extent by
// flattening every coordinate of the layer with `memo.concat(...)` inside a reduce: a new array
// per feature, so the work grows with the square of the layer's size. A township's 界址线 layer
// (63,000 lines) took over six minutes of that alone. The writer looks both up on its poly module
// at call time, so they are replaced here, once, by the same two functions written linearly; the
// bytes written are the same (test/unit/shp-write-linear.test.ts). Everything else is the library's.

type Coords = unknown[];

function eachPoint(coords: Coords, visit: (p: number[]) => void): void {
  if (typeof (coords[0] as unknown[])[0] === 'object') for (const c of coords) eachPoint(c as Coords, visit);
  else for (const p of coords) visit(p as number[]);
}

/** The library's own byte count of the records (56 per feature, 16 per point), without the copies. */
export function shpLength(geometries: Coords): number {
  let points = 0;
  eachPoint(geometries, () => {
    points++;
  });
  return geometries.length * 56 + points * 16;
}

/** The layer's bounding box, as the library's extent() gives it. */
export function extent(geometries: Coords): { xmin: number; ymin: number; xmax: number; ymax: number } {
  const e = { xmin: Number.MAX_VALUE, ymin: Number.MAX_VALUE, xmax: -Number.MAX_VALUE, ymax: -Number.MAX_VALUE };
  eachPoint(geometries, (p) => {
    if (p[0] < e.xmin) e.xmin = p[0];
    if (p[0] > e.xmax) e.xmax = p[0];
    if (p[1] < e.ymin) e.ymin = p[1];
    if (p[1] > e.ymax) e.ymax = p[1];
  });
  return e;
}

/** The library's functions as shipped, kept for the test that compares the bytes. */
export const shippedPoly = { shpLength: poly.shpLength, extent: poly.extent };

poly.shpLength = shpLength;
poly.extent = extent;

export { write as shpWrite };
