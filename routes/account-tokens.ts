import type { RouterDeps } from '../server/platform/deps';
import { Router, type Request } from 'express';
import { issueOwnToken, listOwnTokens, OWN_TOKEN_DAYS, ownTokenCommand, revokeOwnToken } from '../server/accounts';
import { submitted } from '../server/kernel/commands';
import { actorOf, requireRole } from '../server/platform/auth/guards';
import { formPost } from '../server/platform/http/forms';

// A farmer's personal API tokens, made and revoked on their own account page (issue 18 item 16).
export function accountTokensRouter(deps: RouterDeps): Router {
  const r = Router();
  const locals = async (req: Request) => ({
    title: req.t('desk.tokens.title'),
    tokens: await listOwnTokens(deps.db, actorOf(req), deps.clock.now()),
    days: OWN_TOKEN_DAYS,
  });
  r.get('/account/tokens', requireRole('farmer'), async (req, res) => {
    res.render('accounts/own-tokens', { ...(await locals(req)), values: {}, errors: {} });
  });
  r.post(
    '/account/tokens',
    requireRole('farmer'),
    formPost('accounts/own-tokens', locals, async (req, res) => {
      const { token } = await issueOwnToken(deps.db, actorOf(req), submitted(ownTokenCommand, req.body), deps.clock.now());
      res.set('Cache-Control', 'no-store');
      res.render('accounts/secret', {
        heading: req.t('desk.tokens.made'),
        message: req.t('desk.tokens.madeNote'),
        facts: [{ label: req.t('desk.tokens.name'), value: String(req.body.name ?? '') }],
        secretLabel: req.t('desk.tokens.token'),
        secret: token,
        back: '/account/tokens',
      });
    }),
  );
  r.post(
    '/account/tokens/:id/revoke',
    requireRole('farmer'),
    formPost('accounts/own-tokens', locals, async (req, res) => {
      await revokeOwnToken(deps.db, actorOf(req), req.params.id as string, deps.clock.now());
      req.flash('success', req.t('desk.tokens.revoked'));
      res.redirect('/account/tokens');
    }),
  );
  return r;
}
