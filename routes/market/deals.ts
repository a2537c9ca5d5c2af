import { registrationApplicationPage } from '../../server/market';
import type { RouterDeps } from '../../server/platform/deps';
import { Router, type Request } from 'express';
import { actorOf, requireRole } from '../../server/platform/auth/guards';
import {
  attestationPage,
  confirmPayment,
  contractPage,
  dealPage,
  recordSettlement,
  registerDeal,
  Sent,
  signatureCommand,
  signOnScreen,
  withdrawalCommand,
  withdrawFromDeal,
} from '../../server/market';
import { formPost } from '../../server/platform/http/forms';
import { MARKET_REFUSED } from './lib';

/** The deal: signing, payment, settlement, the registration change, the printable papers. */
export function dealRouter(deps: RouterDeps): Router {
  const r = Router();
  const { db, clock } = deps;
  const id = (req: Request) => req.params.id as string;
  const locals = async (req: Request) => {
    const page = await dealPage(db, actorOf(req), id(req));
    return { title: req.t('market.deal.title', { number: page.deal.number }), ...page };
  };
  /** A step on the deal at the request's time, then back to the deal page. */
  const act = (flash: string, work: (req: Request, at: Date) => Promise<unknown>) =>
    formPost(
      'market/deal',
      locals,
      async (req, res) => {
        await work(req, clock.now());
        req.flash('success', req.t(flash));
        res.redirect(`/deals/${id(req)}`);
      },
      MARKET_REFUSED,
    );

  r.get('/deals/:id', async (req, res) => res.render('market/deal', { ...(await locals(req)), values: {}, errors: {} }));
  r.get('/deals/:id/contract', async (req, res) => {
    const page = await contractPage(db, actorOf(req), id(req));
    res.render('market/contract', {
      title: req.t('market.contract.title', { number: page.deal.number }),
      ...page,
      bodyClass: 'print-page',
    });
  });
  // The 变更登记 application the parties take to the issuing authority (issue 15 item 5).
  r.get('/deals/:id/registration-application', async (req, res) => {
    const page = await registrationApplicationPage(db, actorOf(req), id(req));
    res.render('market/registration-application', { title: req.t('market.changeApplication.title'), ...page, bodyClass: 'print-page' });
  });
  r.get('/deals/:id/attestation', async (req, res) => {
    const page = await attestationPage(db, actorOf(req), id(req));
    res.render('market/attestation', { title: req.t('market.attestation.title'), ...page, bodyClass: 'print-page' });
  });

  r.post(
    '/deals/:id/sign',
    requireRole('farmer', 'officer'),
    // 电子签名法 §13: the password re-entered (issue 18 item 6).
    act('market.flash.signed', (req, at) => signOnScreen(db, actorOf(req), id(req), Sent.form(signatureCommand, req.body), at)),
  );
  r.post(
    '/deals/:id/paid',
    requireRole('farmer'),
    act('market.flash.paid', (req, at) => confirmPayment(db, actorOf(req), id(req), at)),
  );
  r.post(
    '/deals/:id/settle',
    requireRole('officer'),
    act('market.flash.settled', (req, at) => recordSettlement(db, actorOf(req), id(req), at)),
  );
  r.post(
    '/deals/:id/register',
    requireRole('officer'),
    act('market.flash.registered', (req, at) => registerDeal(db, actorOf(req), id(req), at)),
  );
  r.post(
    '/deals/:id/withdraw',
    requireRole('farmer'),
    act('market.flash.withdrawn', (req, at) => withdrawFromDeal(db, actorOf(req), id(req), Sent.form(withdrawalCommand, req.body), at)),
  );
  return r;
}
