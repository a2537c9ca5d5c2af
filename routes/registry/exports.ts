import { Router } from 'express';
import { actorOf, requireRole } from '../../server/auth/guards';
import { registerFileName, registerOf, writeRegister } from '../../server/domain/export';
import { fmt } from '../../server/lib/format';

/** RFC 5987 value: percent-encoded UTF-8, with the characters encodeURIComponent leaves alone but the RFC does not allow. */
const rfc5987 = (s: string) => encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function exportsRouter(): Router {
  const r = Router();

  r.get('/exports', requireRole('officer'), async (req, res) => {
    const c = await registerOf(req.db, actorOf(req));
    res.render('registry/exports', { title: req.t('exports.title'), collectiveName: c.name });
  });

  for (const format of ['xlsx', 'csv'] as const) {
    r.get(`/exports/register.${format}`, requireRole('officer'), async (req, res) => {
      const actor = actorOf(req);
      const c = await registerOf(req.db, actor);
      const name = registerFileName(c, format, fmt.date(new Date()));
      res.setHeader('Content-Type', format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${name.ascii}"; filename*=UTF-8''${rfc5987(name.utf8)}`);
      // Personal data (rule 14): not to be kept by shared caches or the browser's cache.
      res.setHeader('Cache-Control', 'no-store');
      try {
        await writeRegister(req.db, actor, c, format, res);
      } catch (err) {
        // Headers are gone; the half-written file must not look complete.
        req.log.error({ err }, 'export failed');
        res.destroy(err as Error);
        return;
      }
      res.end();
    });
  }
  return r;
}
