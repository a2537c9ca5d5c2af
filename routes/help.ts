import type { RouterDeps } from '../server/platform/deps';
import { Router, type Request, type Response } from 'express';
import { HELP_ROLES, helpRoleFor, toActor, type HelpRole } from '../server/accounts/index';
import { NotFound } from '../server/kernel/errors';

const RULES = Array.from({ length: 14 }, (_, i) => i + 1);

/**
 * Help in plain words, public so that a farmer can read it before logging in. /help shows the
 * reader's own role first (farmers when not logged in); every page carries the rules (#rule-N).
 */
export function helpRouter(_deps: RouterDeps): Router {
  const r = Router();
  const show = (req: Request, res: Response, role: HelpRole) => {
    res.render('help/index', { title: req.t('help.title'), role, roles: HELP_ROLES, rules: RULES });
  };
  r.get('/help', (req, res) => {
    // A public page: the session's account, if any, without requireLogin's redirect.
    show(req, res, helpRoleFor(req.user ? toActor(req.user) : null));
  });
  r.get('/help/:role', (req, res) => {
    const role = req.params.role as HelpRole;
    if (!HELP_ROLES.includes(role)) throw new NotFound();
    show(req, res, role);
  });
  return r;
}
