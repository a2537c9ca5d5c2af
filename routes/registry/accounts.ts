import type { RouterDeps } from '../../server/platform/deps';
import { Router, type Request } from 'express';
import { actorOf, requireRole } from '../../server/platform/auth/guards';
import {
  accountCandidates,
  createFarmerAccount,
  farmerAccountCommand,
  farmerAccountPage,
  resendActivationCode,
  resendCodeCommand,
  SMS_HOURS,
  unlockAccount,
} from '../../server/accounts/index';
import { submitted } from '../../server/kernel/commands';
import { formPost } from '../../server/platform/http/forms';

/**
 * Officers open farmer accounts for adult members of their own collective's households. The
 * officer never sees a password (rule 2): the farmer gets an activation code by SMS (or a
 * sealed slip from an admin) and sets the password at /activate.
 */
export function farmerAccountsRouter(deps: RouterDeps): Router {
  const r = Router();
  const locals = async (req: Request) => ({
    title: req.t('admin.accounts.title'),
    ...(await accountCandidates(deps.db, actorOf(req), req.params.id as string, deps.clock.now())),
  });
  r.get('/households/:id/accounts/new', requireRole('officer'), async (req, res) => {
    res.render('accounts/farmer-new', { ...(await locals(req)), values: {}, errors: {} });
  });
  r.post(
    '/households/:id/accounts/new',
    requireRole('officer'),
    formPost('accounts/farmer-new', locals, async (req, res) => {
      const cmd = submitted(farmerAccountCommand, req.body);
      const { user, sentTo } = await createFarmerAccount(deps.db, actorOf(req), req.params.id as string, cmd, deps.clock.now());
      req.flash(
        'success',
        sentTo
          ? req.t('activation.officer.createdSent', { username: user.username, phone: sentTo })
          : req.t('activation.officer.createdNoPhone', { username: user.username }),
      );
      res.redirect(303, `/households/${req.params.id}/accounts/${user.id}`);
    }),
  );

  // The account slip: printed for the farmer; says where the code went, never the code.
  const slipLocals = async (req: Request) => ({
    ...(await farmerAccountPage(deps.db, actorOf(req), req.params.id as string, req.params.userId as string, deps.clock.now())),
    title: req.t('activation.slip.title'),
    baseUrl: deps.config.publicBaseUrl,
    hours: SMS_HOURS,
    smsSink: deps.config.sms.provider === 'file',
  });
  r.get('/households/:id/accounts/:userId', requireRole('officer'), async (req, res) => {
    res.render('accounts/farmer-slip', { ...(await slipLocals(req)), values: {}, errors: {} });
  });
  r.post(
    '/households/:id/accounts/:userId/code',
    requireRole('officer'),
    formPost('accounts/farmer-slip', slipLocals, async (req, res) => {
      const { id, userId } = req.params as { id: string; userId: string };
      const { sentTo } = await resendActivationCode(
        deps.db,
        actorOf(req),
        id,
        userId,
        submitted(resendCodeCommand, req.body),
        deps.clock.now(),
      );
      req.flash('success', req.t('activation.officer.resent', { phone: sentTo }));
      res.redirect(303, `/households/${req.params.id}/accounts/${req.params.userId}`);
    }),
  );

  // A farmer held up by login delays (server/platform/auth/login-throttle.ts) asks the officer, who knows them.
  r.post('/households/:id/accounts/:userId/unlock', requireRole('officer'), async (req, res) => {
    const u = await unlockAccount(deps.db, actorOf(req), req.params.userId as string, req.params.id as string);
    req.flash('success', req.t('security.unlocked', { username: u.username }));
    res.redirect(`/households/${req.params.id}#accounts`);
  });
  return r;
}
