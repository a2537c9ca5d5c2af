import type { RouterDeps } from '../../server/platform/deps';
import { Router } from 'express';
import { actorOf, requireRole } from '../../server/platform/auth/guards';
import { exportNyt2539 } from '../../server/registry/index';

// The collective's data as a NY/T 2539 package for the county (issue 17 item 4): read by whoever
// may read the collective (its officer, the bureau of its county, admins).
export function exportNyt2539Router(deps: RouterDeps): Router {
  const r = Router();
  r.get('/collectives/:id/export/nyt2539', requireRole('officer', 'bureau', 'admin'), async (req, res) => {
    const out = await exportNyt2539(deps.db, actorOf(req), req.params.id as string);
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Disposition', `attachment; filename="${out.fileName}"`);
    // Personal data (rule 14): not to be kept by shared caches or the browser's cache.
    res.setHeader('Cache-Control', 'no-store');
    res.end(out.zip);
  });
  return r;
}
