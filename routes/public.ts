import { Router } from 'express';
import { verifyPublic } from '../server/domain/certificates';

/** Pages that need no login: the certificate check behind the QR code. */
export function publicRouter(): Router {
  const r = Router();
  r.get('/verify/:token', async (req, res) => {
    const result = await verifyPublic(req.db, req.params.token);
    res.status(result ? 200 : 404).render('public/verify', { result, title: req.t('registry.verify.title') });
  });
  r.get('/healthz', (_req, res) => { res.json({ ok: true }); });
  return r;
}
