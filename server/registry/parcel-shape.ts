import turfArea from '@turf/area';
import { multiPolygon, polygon } from '@turf/helpers';
import kinks from '@turf/kinks';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { DEFAULT_TOPO } from './import/nyt2539/topology';
import { M2_PER_MU } from './import/nyt2539/values';

// A parcel's outline as an officer draws it on the form's map (issue 17 item 3), checked again
// on the server: a shape that crosses itself is refused (turf's kinks, as the NY/T 2539 import's
// topology check does), and a shape whose area is far from the recorded area is let through
// with a warning that the trail records and the officer sees — the same tolerance the import
// check uses (DEFAULT_TOPO.areaTolerancePercent), which the form's map also gets, so the browser
// warns at the same point. Outlines here are lon/lat degrees (WGS84), so the area is turf's
// geodesic area, as the browser computes it with the same library.

/** Computed vs recorded area, in percent of the recorded area, above which a warning is given. */
export const AREA_TOLERANCE_PERCENT = DEFAULT_TOPO.areaTolerancePercent;
export { M2_PER_MU };

export type Outline = { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown[] };

/** Whether an outline crosses itself (a bow-tie, an edge folded back); a shape turf cannot read counts as crossing. */
export function selfIntersects(g: Outline): boolean {
  try {
    const found =
      g.type === 'Polygon' ? kinks(polygon(g.coordinates as Position[][])) : kinks(multiPolygon(g.coordinates as Position[][][]));
    return found.features.length > 0;
  } catch {
    return true;
  }
}

/** The outline's area in m² (geodesic, lon/lat degrees). */
export function outlineAreaM2(g: Outline): number {
  return turfArea(g as Polygon | MultiPolygon);
}

export type AreaWarning = { code: string; computedM2: number; recordedM2: number; percent: number };

const round = (n: number, d: number) => Math.round(n * 10 ** d) / 10 ** d;

/** A warning when the drawn outline's area differs from the recorded one by more than the tolerance; null otherwise. */
export function areaWarning(code: string, g: Outline | undefined | null, recordedM2: number): AreaWarning | null {
  if (!g || !(recordedM2 > 0)) return null;
  const computed = outlineAreaM2(g);
  const percent = (Math.abs(computed - recordedM2) / recordedM2) * 100;
  if (!(percent > AREA_TOLERANCE_PERCENT)) return null;
  return { code, computedM2: round(computed, 2), recordedM2: round(recordedM2, 2), percent: round(percent, 1) };
}

/** A land parcel's recorded area (hundredths of a mu) in m². */
export const muCentiToM2 = (centi: number) => (centi / 100) * M2_PER_MU;
