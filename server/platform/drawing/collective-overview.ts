import type { MapParcel } from '../../registry/collective-map';
import { allPoints, formatMetres, projectionAround, roundLength } from './geo';

// The collective map drawn on the server as plain SVG: what a browser without JavaScript (or
// before the map library has loaded) shows. Same projection as the parcel sketches.

export type Overview = {
  width: number;
  height: number;
  shapes: { parcel: MapParcel; path: string }[];
  scale: { x: number; y: number; px: number; label: string };
};

const W = 800;
const H = 500;
const PAD = 24;

export function collectiveOverview(list: MapParcel[]): Overview | null {
  const mapped = list.filter((p) => p.polygons);
  if (!mapped.length) return null;
  const proj = projectionAround(mapped.flatMap((p) => allPoints(p.polygons!)));
  const metric = mapped.map((p) => ({ parcel: p, polys: p.polygons!.map((poly) => poly.map((ring) => ring.map(proj.toMetres))) }));
  const pts = metric.flatMap((m) => m.polys.flat(2));
  const xs = pts.map((p) => p[0]),
    ys = pts.map((p) => p[1]);
  const minX = Math.min(...xs),
    maxX = Math.max(...xs),
    minY = Math.min(...ys),
    maxY = Math.max(...ys);
  const bw = Math.max(maxX - minX, 10),
    bh = Math.max(maxY - minY, 10);
  const s = Math.min((W - 2 * PAD) / bw, (H - 2 * PAD - 24) / bh); // pixels per metre
  const mx = (minX + maxX) / 2,
    my = (minY + maxY) / 2;
  const px = ([x, y]: [number, number]) => `${r1(W / 2 + (x - mx) * s)},${r1((H - 24) / 2 - (y - my) * s)}`;
  const shapes = metric.map(({ parcel, polys }) => ({
    parcel,
    path: polys.map((poly) => poly.map((ring) => `M${ring.map(px).join(' L')} Z`).join(' ')).join(' '),
  }));
  const length = roundLength((W * 0.25) / s);
  return { width: W, height: H, shapes, scale: { x: PAD, y: H - 14, px: r1(length * s), label: formatMetres(length) } };
}

function r1(n: number): number {
  return Math.round(n * 10) / 10;
}
