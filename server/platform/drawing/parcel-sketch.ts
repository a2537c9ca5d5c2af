import { allPoints, formatMetres, polygonsOf, projectionAround, ringArea, ringCentroid, roundLength } from './geo';

// 宗地图 / 地块示意图: the numbers an SVG sketch of one parcel is drawn from. Pure computation, no
// markup: views/partials/parcel-sketch.ejs writes the <svg> and escapes every text.

export type Side = 'east' | 'south' | 'west' | 'north';
export type SketchText = { x: number; y: number; text: string; vertical: boolean };
export type ParcelSketch = {
  width: number;
  height: number;
  /** True when drawn from a surveyed polygon; false for the plain schematic box. */
  surveyed: boolean;
  path: string;
  centre: { x: number; y: number };
  north: { arrow: string; x: number; y: number };
  scale: { x: number; y: number; px: number; label: string } | null;
  sides: Partial<Record<Side, SketchText>>;
};

const W = 400;
const H = 320;
// Room around the drawing for the four neighbours, the north arrow and the scale bar.
const FRAME = { x: 40, y: 40, w: W - 80, h: H - 40 - 64 };

/**
 * The sketch of a parcel or homestead. sides holds the already-worded neighbour labels
 * (e.g. "东至 陈志强田"); long ones are shortened to fit (the full text is in the table beside it).
 */
export function parcelSketch(geojson: unknown, sides: Partial<Record<Side, string>> = {}): ParcelSketch {
  const polys = polygonsOf(geojson);
  const base = { width: W, height: H, north: northArrow(), sides: sideLabels(sides) };
  if (!polys)
    return { ...base, surveyed: false, path: schematicBox(), centre: { x: FRAME.x + FRAME.w / 2, y: FRAME.y + FRAME.h / 2 }, scale: null };

  const proj = projectionAround(allPoints(polys));
  const metres = polys.map((p) => p.map((r) => r.map(proj.toMetres)));
  const pts = metres.flat(2);
  const minX = Math.min(...pts.map((p) => p[0])),
    maxX = Math.max(...pts.map((p) => p[0]));
  const minY = Math.min(...pts.map((p) => p[1])),
    maxY = Math.max(...pts.map((p) => p[1]));
  // A degenerate outline (a line or a point) still draws, at a scale of a few metres.
  const bw = Math.max(maxX - minX, 1),
    bh = Math.max(maxY - minY, 1);
  const s = Math.min(FRAME.w / bw, FRAME.h / bh) * 0.9; // pixels per metre
  const mx = (minX + maxX) / 2,
    my = (minY + maxY) / 2;
  const px = ([x, y]: [number, number]): [number, number] => [FRAME.x + FRAME.w / 2 + (x - mx) * s, FRAME.y + FRAME.h / 2 - (y - my) * s];

  const path = metres
    .map((p) =>
      p
        .map((ring) => ring.map(px))
        .map(ringPath)
        .join(' '),
    )
    .join(' ');
  // The label goes at the centroid of the largest outer ring.
  const largest = metres.map((p) => p[0]).sort((a, b) => Math.abs(ringArea(b)) - Math.abs(ringArea(a)))[0];
  const [cx, cy] = px(ringCentroid(largest));

  const length = roundLength((FRAME.w * 0.3) / s);
  return {
    ...base,
    surveyed: true,
    path,
    centre: { x: r1(cx), y: r1(cy) },
    scale: { x: 12, y: H - 16, px: r1(length * s), label: formatMetres(length) },
  };
}

function ringPath(ring: [number, number][]): string {
  // GeoJSON rings repeat their first point at the end; Z closes the shape instead.
  const open = ring.length > 1 && ring[0][0] === ring.at(-1)![0] && ring[0][1] === ring.at(-1)![1] ? ring.slice(0, -1) : ring;
  return `M${open.map(([x, y]) => `${r1(x)},${r1(y)}`).join(' L')} Z`;
}

function schematicBox(): string {
  const x = FRAME.x + FRAME.w * 0.2,
    y = FRAME.y + FRAME.h * 0.15,
    w = FRAME.w * 0.6,
    h = FRAME.h * 0.7;
  return `M${r1(x)},${r1(y)} H${r1(x + w)} V${r1(y + h)} H${r1(x)} Z`;
}

function northArrow(): ParcelSketch['north'] {
  const ax = W - 22,
    ay = 6;
  return { arrow: `M${ax},${ay} L${ax + 7},${ay + 22} L${ax},${ay + 16} L${ax - 7},${ay + 22} Z`, x: ax, y: ay + 38 };
}

function sideLabels(sides: Partial<Record<Side, string>>): ParcelSketch['sides'] {
  const out: ParcelSketch['sides'] = {};
  const midX = FRAME.x + FRAME.w / 2,
    midY = FRAME.y + FRAME.h / 2;
  const at: Record<Side, Omit<SketchText, 'text'> & { em: number }> = {
    // East and west are written top to bottom, as on Chinese maps (upright characters).
    north: { x: midX, y: FRAME.y - 14, vertical: false, em: 19 },
    south: { x: midX, y: FRAME.y + FRAME.h + 24, vertical: false, em: 22 },
    west: { x: 20, y: midY, vertical: true, em: 12 },
    east: { x: W - 20, y: midY, vertical: true, em: 12 },
  };
  for (const side of ['north', 'east', 'south', 'west'] as const) {
    const text = sides[side]?.trim();
    if (!text) continue;
    const { em, ...pos } = at[side];
    out[side] = { ...pos, text: fitText(text, em) };
  }
  return out;
}

/** Shortens text to about `em` full-width characters (Latin letters count as about half). */
export function fitText(text: string, em: number): string {
  let used = 0;
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    used += chars[i].codePointAt(0)! > 0x2e80 ? 1 : 0.6;
    if (used > em) return chars.slice(0, Math.max(i - 1, 1)).join('') + '…';
  }
  return text;
}

function r1(n: number): number {
  return Math.round(n * 10) / 10;
}
