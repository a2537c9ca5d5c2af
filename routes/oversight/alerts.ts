import type { RouterDeps } from '../../server/platform/deps';
import { Router, type Request } from 'express';
import { actorOf } from '../../server/platform/auth/guards';
import { ALERT_KINDS } from '../../models/oversight';
import { ackCommand, acknowledgeAlert, alertsPage, parseAlertQuery } from '../../server/oversight/index';
import { submitted } from '../../server/kernel/commands';
import { ValidationError } from '../../server/kernel/errors';
import { translateErrors } from '../../server/platform/messages';
import { formPost, pageNumber } from '../../server/platform/http/forms';
import { queryOf } from './view-data';

export function alertsRouter(deps: RouterDeps): Router {
  const r = Router();
  const locals = async (req: Request) => {
    const result = await alertsPage(deps.db, actorOf(req), parseAlertQuery(req.query), pageNumber(req.query.page));
    const base = `/oversight/alerts?${queryOf({ kind: result.filter.kind, state: result.filter.state })}&`;
    return { title: req.t('oversight.alerts.title'), result, kinds: ALERT_KINDS, base, ackId: null };
  };

  r.get('/alerts', async (req, res) => {
    try {
      res.render('oversight/alerts', { ...(await locals(req)), values: req.query, errors: {} });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(422).render('oversight/alerts', {
        title: req.t('oversight.alerts.title'),
        result: null,
        kinds: ALERT_KINDS,
        base: '',
        ackId: null,
        values: req.query,
        errors: translateErrors(req.t, err),
      });
    }
  });

  r.post(
    '/alerts/:id/ack',
    formPost(
      'oversight/alerts',
      async (req) => ({ ...(await locals(req)), ackId: req.params.id }),
      async (req, res) => {
        await acknowledgeAlert(deps.db, actorOf(req), req.params.id as string, submitted(ackCommand, req.body), deps.clock.now());
        req.flash('success', req.t('oversight.alerts.acknowledged'));
        res.redirect(303, '/oversight/alerts');
      },
    ),
  );
  return r;
}
