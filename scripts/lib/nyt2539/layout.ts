import { shaoguanGk } from '../../../server/platform/files/projection';
import type { Rand } from '../gen/random';

// Where a collective's parcels lie: fields in strips along farm roads near a village centre
// close to Shaoguan (113.6°E 24.8°N), in CGCS2000 3° Gauss-Krüger metres (zone 38). Within a
// strip neighbours share their boundary line (same two corner points, as a survey records
// them); strips are separated by a 4 m road. The shapes never overlap, and their areas are
// near, not equal to, the parcel's nominal area: the surveyed area (实测面积) is computed
// from the shape, as a survey would.

export type Pt = [number, number];
export type PlacedParcel = { ring: Pt[]; areaM2: number };
export type Block = { parcels: PlacedParcel[]; boundary: Pt[] };

export const CENTRE_LONLAT: Pt = [113.6, 24.8];
const STRIP_HEIGHT = 40;
const ROAD = 4;
const STRIP_LENGTH = 1000;
const JITTER = 1.5;
const MARGIN = 15;

/** Shoelace area of a closed ring (planar metres): the survey's own formula, for the fixture's 实测面积. */
export function ringArea(ring: Pt[]): number {
  let a = 0;
  for (let i = 0; i + 1 < ring.length; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return Math.abs(a / 2);
}

/** The centre of collective `index` of `count`, side by side 1.6 km apart (metres, no zone prefix). */
export function blockOrigin(index: number, count: number): Pt {
  const [e, n] = shaoguanGk(false).fromWgs84(CENTRE_LONLAT);
  return [e + (index - (count - 1) / 2) * (STRIP_LENGTH + 600) - STRIP_LENGTH / 2, n];
}

/**
 * Lays out parcels of the given nominal areas (m²) from `origin` (south-west corner).
 * Rings are clockwise (the shapefile's outer-ring order) and closed.
 */
export function layOut(r: Rand, areas: number[], origin: Pt): Block {
  const parcels: PlacedParcel[] = [];
  let strip = 0,
    cursor = 0;
  // Each strip's boundary lines, shared by the parcels on either side: [bottom x, top x].
  let left: [number, number] = [0, 0];
  const jit = () => (r.next() * 2 - 1) * JITTER;
  for (const area of areas) {
    const width = Math.max(8, area / STRIP_HEIGHT);
    if (cursor > 0 && cursor + width > STRIP_LENGTH) {
      strip++;
      cursor = 0;
      left = [0, 0];
    }
    const y0 = origin[1] + strip * (STRIP_HEIGHT + ROAD),
      y1 = y0 + STRIP_HEIGHT;
    const right: [number, number] = [cursor + width + jit(), cursor + width + jit()];
    const x = (v: number) => origin[0] + v;
    const midTop: Pt = [x((left[1] + right[1]) / 2), y1 + (r.next() * 2 - 1) * 0.8];
    const ring: Pt[] = [[x(left[0]), y0], [x(left[1]), y1], midTop, [x(right[1]), y1], [x(right[0]), y0], [x(left[0]), y0]];
    parcels.push({ ring, areaM2: ringArea(ring) });
    cursor += width;
    left = right;
  }
  const top = origin[1] + (strip + 1) * (STRIP_HEIGHT + ROAD);
  const [w, s, e, n] = [origin[0] - MARGIN, origin[1] - MARGIN, origin[0] + STRIP_LENGTH + MARGIN + 10, top + MARGIN];
  return {
    parcels,
    boundary: [
      [w, s],
      [w, n],
      [e, n],
      [e, s],
      [w, s],
    ],
  };
}

/** Boundary points (界址点) and lines (界址线): each shared corner and edge once. */
export function boundaryNet(rings: { code: string; ring: Pt[] }[]): {
  points: { at: Pt; code: string }[];
  lines: { from: number; to: number; code: string }[];
} {
  const points: { at: Pt; code: string }[] = [];
  const index = new Map<string, number>();
  const lines: { from: number; to: number; code: string }[] = [];
  const seenLine = new Set<string>();
  const key = (p: Pt) => `${p[0].toFixed(3)},${p[1].toFixed(3)}`;
  for (const { code, ring } of rings) {
    const ids = ring.slice(0, -1).map((p) => {
      let i = index.get(key(p));
      if (i === undefined) {
        i = points.length;
        points.push({ at: p, code });
        index.set(key(p), i);
      }
      return i;
    });
    ids.forEach((a, k) => {
      const b = ids[(k + 1) % ids.length];
      const lk = a < b ? `${a}-${b}` : `${b}-${a}`;
      if (!seenLine.has(lk)) {
        seenLine.add(lk);
        lines.push({ from: a, to: b, code });
      }
    });
  }
  return { points, lines };
}
