import { multiPolygon, polygon } from '@turf/helpers';
import kinks from '@turf/kinks';
import type { Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import GeometryFactory from 'jsts/org/locationtech/jts/geom/GeometryFactory.js';
import GeoJSONReader from 'jsts/org/locationtech/jts/io/GeoJSONReader.js';
import OverlayOp from 'jsts/org/locationtech/jts/operation/overlay/OverlayOp.js';
import RelateOp from 'jsts/org/locationtech/jts/operation/relate/RelateOp.js';
import RBush from 'rbush';
import { Problems, type Params, type Problem } from './messages';

// Topology checks on the parcels of one collective, with turf (kinks: where an outline crosses
// itself, found by a segment sweep) and JSTS (the JavaScript port of JTS: planar area, DE-9IM
// relations, overlay) — JSTS's own validity test costs ~0.6 ms a parcel, turf's kinks ~1 µs:
// a shape that crosses itself or is otherwise invalid, two parcels whose interiors overlap by
// more than a tolerance, a computed area far from the surveyed 实测面积, a parcel outside the
// village (or group) boundary. Coordinates are the projected CGCS2000 Gauss-Krüger metres as
// recorded, so areas are planar areas in m², the way the survey computed 实测面积 (on WGS84
// degrees they would need a geodesic formula and still not match the survey's plane).
// Overlap candidates come from an R-tree of bounding boxes (rbush), so 10,000 parcels cost a
// few neighbours each, not 50 million pairs.

export type TopoParcel = { code: string; row: number; geometry: Geometry | null; recordedM2: number | null };
export type Boundary = { geometry: Geometry; label: string };

export type TopoOptions = {
  /** Overlaps up to this area (m²) are digitising noise along a shared boundary. */
  overlapToleranceM2: number;
  /** Computed vs surveyed area, in percent of the surveyed area. */
  areaTolerancePercent: number;
  /** Area outside the boundary (m²) that is still taken as on it. */
  outsideToleranceM2: number;
};
export const DEFAULT_TOPO: TopoOptions = { overlapToleranceM2: 1, areaTolerancePercent: 5, outsideToleranceM2: 1 };

type Geom = ReturnType<GeoJSONReader['read']>;
type Item = { minX: number; minY: number; maxX: number; maxY: number; i: number };
type Checked = { p: TopoParcel; g: Geom; valid: boolean };

const reader = new GeoJSONReader(new GeometryFactory());
const round2 = (n: number) => Math.round(n * 100) / 100;

/** Large eastings (38 459 554 m) are moved near 0 first: JTS's snapping works relative to magnitude. */
function shifted(g: Geometry, [ox, oy]: [number, number]): Geometry {
  const move = (c: unknown): unknown =>
    typeof (c as number[])[0] === 'number' ? [(c as number[])[0] - ox, (c as number[])[1] - oy] : (c as unknown[]).map(move);
  return { ...g, coordinates: move((g as { coordinates: Position[] }).coordinates) } as Geometry;
}

function originOf(parcels: TopoParcel[]): [number, number] {
  for (const p of parcels) {
    let c: unknown = (p.geometry as { coordinates?: unknown } | null)?.coordinates;
    while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
    if (Array.isArray(c) && typeof c[0] === 'number') return [Math.floor(c[0] / 1000) * 1000, Math.floor((c[1] as number) / 1000) * 1000];
  }
  return [0, 0];
}

export function checkTopology(
  parcels: TopoParcel[],
  collective: string,
  boundary: Boundary | null,
  opts: TopoOptions = DEFAULT_TOPO,
): Problem[] {
  const problems = new Problems();
  const origin = originOf(parcels);
  const at = (p: TopoParcel, field: string, code: Parameters<Problems['add']>[3], params: Params) =>
    problems.add('DK', p.row, field, code, { code: p.code, ...params }, collective);
  const where = (c: { x: number; y: number } | null) => ({ x: c ? round2(c.x + origin[0]) : '?', y: c ? round2(c.y + origin[1]) : '?' });

  const checked: Checked[] = [];
  for (const p of parcels) {
    if (!p.geometry || (p.geometry.type !== 'Polygon' && p.geometry.type !== 'MultiPolygon')) continue;
    const geometry = shifted(p.geometry, origin) as Polygon | MultiPolygon;
    let g: Geom;
    let crossing: Position | undefined;
    try {
      // turf's constructors refuse rings that are not closed or have fewer than four points.
      const found = geometry.type === 'Polygon' ? kinks(polygon(geometry.coordinates)) : kinks(multiPolygon(geometry.coordinates));
      crossing = found.features[0]?.geometry.coordinates;
      g = reader.read(geometry);
    } catch (err) {
      at(p, 'geometry', 'topo.invalid', { reason: err instanceof Error ? err.message : String(err), ...where(firstPoint(geometry)) });
      continue;
    }
    if (crossing) at(p, 'geometry', 'topo.selfIntersection', where({ x: crossing[0], y: crossing[1] }));
    const valid = !crossing;
    // The area of a shape that crosses itself is not its surveyed area: compare valid shapes only.
    if (valid && p.recordedM2 && p.recordedM2 > 0) {
      const area = g.getArea();
      const percent = (Math.abs(area - p.recordedM2) / p.recordedM2) * 100;
      if (percent > opts.areaTolerancePercent)
        at(p, 'SCMJ', 'topo.area', { computed: round2(area), recorded: round2(p.recordedM2), percent: Math.round(percent * 10) / 10 });
    }
    checked.push({ p, g, valid });
  }

  const tree = new RBush<Item>();
  tree.load(
    checked.map((c, i) => {
      const e = c.g.getEnvelopeInternal();
      return { minX: e.getMinX(), minY: e.getMinY(), maxX: e.getMaxX(), maxY: e.getMaxY(), i };
    }),
  );
  for (const [i, a] of checked.entries()) {
    if (!a.valid) continue;
    const e = a.g.getEnvelopeInternal();
    for (const hit of tree.search({ minX: e.getMinX(), minY: e.getMinY(), maxX: e.getMaxX(), maxY: e.getMaxY() })) {
      if (hit.i <= i || !checked[hit.i].valid) continue;
      const b = checked[hit.i];
      // Neighbours share edges: only interiors that meet ('T' in the DE-9IM's first cell) can overlap.
      if (!RelateOp.relate(a.g, b.g).matches('T********')) continue;
      const area = overlapArea(a.g, b.g);
      if (!(area <= opts.overlapToleranceM2))
        at(a.p, 'geometry', 'topo.overlap', { other: b.p.code, otherRow: b.p.row, area: Number.isNaN(area) ? '?' : round2(area) });
    }
  }

  if (boundary) {
    // (JSTS 2.12's prepared geometries fail to construct, so the plain covers test it is.)
    const b = reader.read(shifted(boundary.geometry, origin));
    for (const c of checked) {
      if (!c.valid || RelateOp.covers(b, c.g)) continue;
      const outside = c.g.getArea() - overlapArea(c.g, b);
      if (!(outside <= opts.outsideToleranceM2))
        at(c.p, 'geometry', 'topo.outside', { area: Number.isNaN(outside) ? '?' : round2(outside), boundary: boundary.label });
    }
  }
  return problems.list;
}

function firstPoint(g: Polygon | MultiPolygon): { x: number; y: number } | null {
  let c: unknown = g.coordinates;
  while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
  return Array.isArray(c) && typeof c[0] === 'number' ? { x: c[0], y: c[1] as number } : null;
}

/** NaN when JTS cannot compute it (a robustness failure): reported rather than passed. */
function overlapArea(a: Geom, b: Geom): number {
  try {
    return OverlayOp.intersection(a, b).getArea();
  } catch {
    return Number.NaN;
  }
}
