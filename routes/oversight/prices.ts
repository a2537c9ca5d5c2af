import type { RouterDeps } from '../../server/platform/deps';
import { Router, type Request } from 'express';
import { actorOf } from '../../server/platform/auth/guards';
import { RIGHT_KINDS } from '../../models/rights';
import { priceForm, pricesPage, setAlertSettings, setReferencePrice, settingsCommand } from '../../server/oversight/index';
import { submitted } from '../../server/kernel/commands';
import { formPost } from '../../server/platform/http/forms';

// Reference prices (rule 10) and alert thresholds, set by the bureau for its region.

export function pricesRouter(deps: RouterDeps): Router {
  const r = Router();
  const locals = async (req: Request) => ({
    title: req.t('oversight.prices.title'),
    ...(await pricesPage(deps.db, actorOf(req))),
    kinds: RIGHT_KINDS,
    form: null as string | null,
  });
  r.get('/prices', async (req, res) => {
    res.render('oversight/prices', { ...(await locals(req)), values: {}, errors: {} });
  });
  r.post(
    '/prices',
    formPost(
      'oversight/prices',
      async (req) => ({ ...(await locals(req)), form: 'price' }),
      async (req, res) => {
        await setReferencePrice(deps.db, actorOf(req), submitted(priceForm, req.body), deps.clock.now());
        req.flash('success', req.t('oversight.prices.saved'));
        res.redirect(303, '/oversight/prices');
      },
    ),
  );
  const settingsLocals = async (req: Request) => ({ ...(await locals(req)), title: req.t('oversight.settings.title') });
  r.get('/settings', async (req, res) => {
    res.render('oversight/settings', { ...(await settingsLocals(req)), values: {}, errors: {} });
  });
  r.post(
    '/settings',
    formPost('oversight/settings', settingsLocals, async (req, res) => {
      await setAlertSettings(deps.db, actorOf(req), submitted(settingsCommand, req.body), deps.clock.now());
      req.flash('success', req.t('oversight.settings.saved'));
      res.redirect(303, '/oversight/settings');
    }),
  );
  return r;
}
