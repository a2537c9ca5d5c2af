// Plain geometry for parcel outlines stored as GeoJSON (lon/lat, WGS84 or CGCS2000, which differ by
// centimetres). Parcels are a few hundred metres across at most, so an equirectangular projection
// around their centre, with cos(latitude) scaling, is exact enough for a sketch and needs no library.

export type Ring = [number, number][];
/** Outer ring first, then holes; several polygons for a MultiPolygon. */
export type Polygons = Ring[][];

const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** The polygons of a stored GeoJSON value, or null when it is missing or not lon/lat degrees. */
export function polygonsOf(geojson: unknown): Polygons | null {
  const g = typeof geojson === 'string' ? safeParse(geojson) : geojson;
  if (!g || typeof g !== 'object') return null;
  const { type, coordinates } = g as { type?: unknown; coordinates?: unknown };
  const raw = type === 'Polygon' ? [coordinates] : type === 'MultiPolygon' ? coordinates : null;
  if (!Array.isArray(raw) || !raw.length) return null;
  const polys: Polygons = [];
  for (const p of raw) {
    if (!Array.isArray(p) || !p.length) return null;
    const rings: Ring[] = [];
    for (const ring of p) {
      if (!Array.isArray(ring) || ring.length < 4) return null;
      const pts: Ring = [];
      for (const pt of ring) {
        if (!Array.isArray(pt) || pt.length < 2) return null;
        const [lon, lat] = pt;
        // Projected metres (e.g. a Gauss-Krüger survey pasted as is) are not degrees: no outline.
        if (
          typeof lon !== 'number' ||
          typeof lat !== 'number' ||
          !Number.isFinite(lon) ||
          !Number.isFinite(lat) ||
          Math.abs(lon) > 180 ||
          Math.abs(lat) > 85
        )
          return null;
        pts.push([lon, lat]);
      }
      rings.push(pts);
    }
    polys.push(rings);
  }
  return polys;
}

function safeParse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

export type Projection = { lon0: number; lat0: number; toMetres: (pt: [number, number]) => [number, number] };

/** Equirectangular projection around the middle of the given points: x east, y north, in metres. */
export function projectionAround(points: [number, number][]): Projection {
  let minLon = Infinity,
    maxLon = -Infinity,
    minLat = Infinity,
    maxLat = -Infinity;
  for (const [lon, lat] of points) {
    minLon = Math.min(minLon, lon);
    maxLon = Math.max(maxLon, lon);
    minLat = Math.min(minLat, lat);
    maxLat = Math.max(maxLat, lat);
  }
  const lon0 = (minLon + maxLon) / 2;
  const lat0 = (minLat + maxLat) / 2;
  const kx = Math.cos(lat0 * RAD) * EARTH_RADIUS_M * RAD;
  const ky = EARTH_RADIUS_M * RAD;
  return { lon0, lat0, toMetres: ([lon, lat]) => [(lon - lon0) * kx, (lat - lat0) * ky] };
}

export function allPoints(polys: Polygons): [number, number][] {
  return polys.flatMap((p) => p.flat());
}

/** Signed area (shoelace) of a ring in projected metres; positive when counter-clockwise. */
export function ringArea(ring: [number, number][]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  return a / 2;
}

/** Area centroid of a ring (projected), or the mean of its points when the ring is degenerate. */
export function ringCentroid(ring: [number, number][]): [number, number] {
  const a = ringArea(ring);
  if (Math.abs(a) < 1e-9) {
    const n = ring.length || 1;
    return [ring.reduce((s, p) => s + p[0], 0) / n, ring.reduce((s, p) => s + p[1], 0) / n];
  }
  let cx = 0,
    cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const f = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
    cx += (ring[j][0] + ring[i][0]) * f;
    cy += (ring[j][1] + ring[i][1]) * f;
  }
  return [cx / (6 * a), cy / (6 * a)];
}

/** A round scale-bar length (1, 2 or 5 × 10ⁿ metres) no longer than maxMetres. */
export function roundLength(maxMetres: number): number {
  if (!(maxMetres > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(maxMetres));
  for (const m of [5, 2, 1]) if (m * p <= maxMetres) return m * p;
  return p;
}

export function formatMetres(m: number): string {
  return m >= 1000 ? `${m / 1000} km` : `${m} m`;
}
