import type { RouterDeps } from '../../server/platform/deps';
import { Router, type Request } from 'express';
import QRCode from 'qrcode';
import { actorOf } from '../../server/platform/auth/guards';
import {
  cancelCertificate,
  certificateForPrint,
  certificateHouseholdId,
  issueCertificate,
  reissueCertificate,
  getCollective,
  loadRight,
} from '../../server/registry';
import { householdMembers } from '../../server/kernel/personal-reads';
import { requireRole } from '../../server/platform/auth/guards';
import { formPost, str } from '../../server/platform/http/forms';
import { householdLocals } from './household-locals';

export function certificatesRouter(deps: RouterDeps): Router {
  const r = Router();
  // A refused form shows the household of the right, or of the certificate, again.
  const rightPage = async (req: Request) =>
    householdLocals(deps, req, (await loadRight(deps.db, actorOf(req), req.params.rightId as string)).householdId);
  const certificatePage = async (req: Request) =>
    householdLocals(deps, req, await certificateHouseholdId(deps.db, actorOf(req), req.params.id as string));

  r.post(
    '/rights/:rightId/certificates',
    requireRole('officer'),
    formPost('registry/household', rightPage, async (req, res) => {
      const c = await issueCertificate(
        deps.db,
        actorOf(req),
        req.params.rightId as string,
        { number: str(req.body.number) },
        deps.clock.now(),
      );
      req.flash('success', req.t('registry.cert.issued'));
      res.redirect(`/certificates/${c.id}`);
    }),
  );
  r.post(
    '/certificates/:id/reissue',
    requireRole('officer'),
    formPost('registry/household', certificatePage, async (req, res) => {
      const c = await reissueCertificate(
        deps.db,
        actorOf(req),
        req.params.id as string,
        {
          reason: str(req.body.reason),
          number: str(req.body.number),
        },
        deps.clock.now(),
      );
      req.flash('success', req.t('registry.cert.reissued'));
      res.redirect(`/certificates/${c.id}`);
    }),
  );
  r.post(
    '/certificates/:id/cancel',
    requireRole('officer'),
    formPost('registry/household', certificatePage, async (req, res) => {
      // Back to the holder's household as the registry knows it, never to an address the form sent.
      const { householdId } = await cancelCertificate(
        deps.db,
        actorOf(req),
        req.params.id as string,
        { reason: str(req.body.reason) },
        deps.clock.now(),
      );
      req.flash('success', req.t('registry.cert.cancelled'));
      res.redirect(`/households/${householdId}#rights`);
    }),
  );

  // Printable A4 certificate, for every role that may read the right (farmers: their own).
  r.get('/certificates/:id', async (req, res) => {
    const actor = actorOf(req);
    const data = await certificateForPrint(deps.db, actor, req.params.id as string);
    const [collective, members] = await Promise.all([
      getCollective(deps.db, data.holder.collectiveId),
      householdMembers(deps.db, actor, data.holder, 'certificate'),
    ]);
    const verifyUrl = `${deps.config.publicBaseUrl}/verify/${data.certificate.verifyToken}`;
    const qr = await QRCode.toDataURL(verifyUrl, { errorCorrectionLevel: 'M', margin: 1, width: 180 });
    res.render('registry/certificate', {
      title: data.certificate.number,
      ...data,
      collective,
      members,
      qr,
      verifyUrl,
      bodyClass: 'print-page',
    });
  });
  return r;
}
