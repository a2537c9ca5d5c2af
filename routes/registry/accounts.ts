import { Router, type Request } from 'express';
import { actorOf, requireRole } from '../../server/auth/guards';
import { unlockAccount } from '../../server/auth/lockout';
import { accountCandidates, createFarmerAccount } from '../../server/domain/farmer-accounts';
import { formPost } from '../lib/forms';
import { renderSecret } from '../lib/secret-once';

/** Officers open farmer accounts for adult members of their own collective's households. */
export function farmerAccountsRouter(): Router {
  const r = Router();
  const locals = async (req: Request) => ({
    title: req.t('admin.accounts.title'), ...(await accountCandidates(req.db, actorOf(req), req.params.id as string)),
  });
  r.get('/households/:id/accounts/new', requireRole('officer'), async (req, res) => {
    res.render('accounts/farmer-new', { ...(await locals(req)), values: {}, errors: {} });
  });
  r.post('/households/:id/accounts/new', requireRole('officer'), formPost('accounts/farmer-new', locals, async (req, res) => {
    const { user, password } = await createFarmerAccount(req.db, actorOf(req), req.params.id as string, req.body);
    renderSecret(res, {
      heading: req.t('admin.secret.passwordTitle'), message: req.t('admin.accounts.created'), secretLabel: req.t('admin.secret.password'),
      secret: password, mustChange: true,
      facts: [
        { label: req.t('admin.users.username'), value: user.username },
        { label: req.t('admin.accounts.member'), value: user.displayName },
        { label: req.t('admin.users.role'), value: req.t('roles.farmer') },
      ],
      back: `/households/${req.params.id}#accounts`,
    });
  }));
  // A farmer held up by login delays (server/auth/login-throttle.ts) asks the officer, who knows them.
  r.post('/households/:id/accounts/:userId/unlock', requireRole('officer'), async (req, res) => {
    const u = await unlockAccount(req.db, actorOf(req), req.params.userId as string, req.params.id as string);
    req.flash('success', req.t('security.unlocked', { username: u.username }));
    res.redirect(`/households/${req.params.id}#accounts`);
  });
  return r;
}
