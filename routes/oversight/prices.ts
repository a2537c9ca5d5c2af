import type { RouterDeps } from '../../server/platform/deps';
import { Router, type Request } from 'express';
import { actorOf } from '../../server/platform/auth/guards';
import { RIGHT_KINDS } from '../../models/rights';
import {
  DEFAULT_SETTINGS,
  referencePricePage,
  regionOptions,
  setAlertSettings,
  setReferencePrice,
} from '../../server/oversight/reference-prices';
import { formPost } from '../../server/platform/http/forms';

// Reference prices (rule 10) and alert thresholds, set by the bureau for its region.

export function pricesRouter(deps: RouterDeps): Router {
  const r = Router();
  const locals = async (req: Request) => {
    const actor = actorOf(req);
    return {
      title: req.t('oversight.prices.title'),
      page: await referencePricePage(deps.db, actor),
      regions: await regionOptions(deps.db, actor),
      kinds: RIGHT_KINDS,
      defaults: DEFAULT_SETTINGS,
      canSet: actor.role === 'bureau',
      form: null as string | null,
    };
  };
  r.get('/prices', async (req, res) => {
    res.render('oversight/prices', { ...(await locals(req)), values: {}, errors: {} });
  });
  r.post(
    '/prices',
    formPost(
      'oversight/prices',
      async (req) => ({ ...(await locals(req)), form: 'price' }),
      async (req, res) => {
        await setReferencePrice(deps.db, actorOf(req), req.body);
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
      await setAlertSettings(deps.db, actorOf(req), req.body);
      req.flash('success', req.t('oversight.settings.saved'));
      res.redirect(303, '/oversight/settings');
    }),
  );
  return r;
}
