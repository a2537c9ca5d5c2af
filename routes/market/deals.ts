import type { RouterDeps } from '../../server/platform/deps';
import { Router, type Request } from 'express';
import { actorOf, requireRole } from '../../server/platform/auth/guards';
import { attestationPage, contractPage, dealPage } from '../../server/market/deal-view';
import { confirmPayment, recordSettlement, signDeal } from '../../server/market/deals';
import { withdrawListing } from '../../server/market/listings';
import { registerDeal } from '../../server/market/registration';
import { MARKET_REFUSED } from './lib';
import { formPost } from '../../server/platform/http/forms';

/** The deal: signing, payment, settlement, the registration change, the printable papers. */
export function dealRouter(deps: RouterDeps): Router {
  const r = Router();
  const id = (req: Request) => req.params.id as string;
  const locals = async (req: Request) => {
    const page = await dealPage(deps.db, actorOf(req), id(req));
    return { title: req.t('market.deal.title', { number: page.deal.number }), ...page };
  };
  const act = (flash: string, work: (req: Request) => Promise<unknown>) =>
    formPost(
      'market/deal',
      locals,
      async (req, res) => {
        await work(req);
        req.flash('success', req.t(flash));
        res.redirect(`/deals/${id(req)}`);
      },
      MARKET_REFUSED,
    );

  r.get('/deals/:id', async (req, res) => res.render('market/deal', { ...(await locals(req)), values: {}, errors: {} }));
  r.get('/deals/:id/contract', async (req, res) => {
    const page = await contractPage(deps.db, actorOf(req), id(req));
    res.render('market/contract', {
      title: req.t('market.contract.title', { number: page.deal.number }),
      ...page,
      bodyClass: 'print-page',
    });
  });
  r.get('/deals/:id/attestation', async (req, res) => {
    const page = await attestationPage(deps.db, actorOf(req), id(req));
    res.render('market/attestation', { title: req.t('market.attestation.title'), ...page, bodyClass: 'print-page' });
  });

  r.post(
    '/deals/:id/sign',
    requireRole('farmer', 'officer'),
    act('market.flash.signed', (req) => signDeal(deps.db, actorOf(req), id(req))),
  );
  r.post(
    '/deals/:id/paid',
    requireRole('farmer'),
    act('market.flash.paid', (req) => confirmPayment(deps.db, actorOf(req), id(req))),
  );
  r.post(
    '/deals/:id/settle',
    requireRole('officer'),
    act('market.flash.settled', (req) => recordSettlement(deps.db, actorOf(req), id(req))),
  );
  r.post(
    '/deals/:id/register',
    requireRole('officer'),
    act('market.flash.registered', (req) => registerDeal(deps.db, actorOf(req), id(req))),
  );
  r.post(
    '/deals/:id/withdraw',
    requireRole('farmer'),
    act('market.flash.withdrawn', async (req) => {
      const page = await dealPage(deps.db, actorOf(req), id(req));
      return withdrawListing(deps.db, actorOf(req), page.deal.listingId, { reason: req.body.reason });
    }),
  );
  return r;
}
