import type { RouterDeps } from '../../server/platform/deps';
import { Router, type Request } from 'express';
import { actorOf, requireRole } from '../../server/platform/auth/guards';
import { collectiveMap, featureCollection, mapCollectives, type MapParcel } from '../../server/registry';
import { collectiveOverview } from '../../server/platform/drawing/collective-overview';
import { formatCenti } from '../../server/kernel/money';
import { pageNumber } from '../../server/platform/http/forms';

const STAFF = ['officer', 'bureau', 'admin'] as const;

/** A collective's parcels on one map (Leaflet from our own server), its GeoJSON, and the list of maps in scope. */
export function collectiveMapRouter(deps: RouterDeps): Router {
  const r = Router();
  const labels = (req: Request) => ({
    kind: (k: MapParcel['kind']) => req.t(`registry.kindShort.${k}`),
    status: (s: MapParcel['status']) => req.t(`registry.status.${s}`),
    area: (p: MapParcel) => req.t(p.unit === 'mu' ? 'maps.sketch.areaMu' : 'maps.sketch.areaM2', { area: formatCenti(p.areaCenti) }),
  });

  // An officer has one collective; the bureau and admins choose from those in their scope.
  r.get('/maps', requireRole(...STAFF), async (req, res) => {
    const actor = actorOf(req);
    if (actor.role === 'officer' && actor.collectiveId) return res.redirect(`/collectives/${actor.collectiveId}/map`);
    const result = await mapCollectives(deps.db, actor, pageNumber(req.query.page));
    res.render('registry/maps', { title: req.t('maps.map.link'), result });
  });

  r.get('/collectives/:id/map', requireRole(...STAFF), async (req, res) => {
    const { collective, parcels } = await collectiveMap(deps.db, actorOf(req), req.params.id as string);
    res.render('registry/collective-map', {
      title: req.t('maps.map.title', { collective: collective.name }),
      collective,
      parcels,
      overview: collectiveOverview(parcels),
      labels: labels(req),
      tiles: deps.config.mapTiles ?? null,
      styles: ['/vendor/leaflet/leaflet.css'],
    });
  });

  r.get('/collectives/:id/parcels.geojson', requireRole(...STAFF), async (req, res) => {
    const { parcels } = await collectiveMap(deps.db, actorOf(req), req.params.id as string);
    res.set('Cache-Control', 'private, no-store');
    res.type('application/geo+json').send(JSON.stringify(featureCollection(parcels, labels(req))));
  });
  return r;
}
