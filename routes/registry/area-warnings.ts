import type { Request } from 'express';
import type { RouterDeps } from '../../server/platform/deps';
import { AREA_TOLERANCE_PERCENT, M2_PER_MU, type AreaWarning } from '../../server/registry';

// The land and homestead forms' parcel maps (issue 17 item 3): what the page's script needs, and
// the warning shown after a save whose drawn outline is far from the recorded area.

export const DRAW_STYLES = ['/vendor/leaflet/leaflet.css', '/vendor/geoman/leaflet-geoman.css'];

/** The collective's outlines to pick from, the base map, and the import check's area tolerance, for views/registry/_draw-config.ejs. */
export function drawLocals(deps: RouterDeps, collectiveId: string) {
  return { collectiveId, tiles: deps.config.mapTiles ?? null, tolerance: AREA_TOLERANCE_PERCENT, m2PerMu: M2_PER_MU };
}

/** A saved outline whose area is far from the recorded one: the officer is told on the next page. */
export function flashAreaWarnings(req: Request, warnings: AreaWarning[]): void {
  for (const w of warnings)
    req.flash(
      'warning',
      req.t('draw.saved', {
        code: w.code,
        computed: w.computedM2,
        recorded: w.recordedM2,
        percent: w.percent,
        tolerance: AREA_TOLERANCE_PERCENT,
      }),
    );
}
