import type { RouterDeps } from '../../server/platform/deps';
import { Router, type Request } from 'express';
import { actorOf } from '../../server/platform/auth/guards';
import { groupCode, issueActivationSlip, unlockAccount, type UserRow } from '../../server/accounts/index';
import {
  createStaffUser,
  deactivateCommand,
  listUsers,
  resetPassword,
  setUserActive,
  staffCommand,
  staffFormOptions,
} from '../../server/admin/index';
import { submitted } from '../../server/kernel/commands';
import { formPost, pageNumber, str } from '../../server/platform/http/forms';
import { renderSecret } from '../../server/platform/http/secret-once';

export function usersAdminRouter(deps: RouterDeps): Router {
  const r = Router();

  const listLocals = async (req: Request) => {
    const filter = { role: str(req.query.role), q: str(req.query.q).slice(0, 40) };
    const result = await listUsers(deps.db, actorOf(req), { ...filter, page: pageNumber(req.query.page) }, deps.clock.now());
    return { title: req.t('admin.users.title'), filter, result };
  };
  r.get('/users', async (req, res) => res.render('admin/users', { ...(await listLocals(req)), values: {}, errors: {} }));

  const newLocals = async (req: Request) => ({ title: req.t('admin.users.new'), options: await staffFormOptions(deps.db) });
  r.get('/users/new', async (req, res) => {
    const values = {
      role: str(req.query.role) || 'officer',
      collectiveId: str(req.query.collectiveId),
      regionCode: str(req.query.regionCode),
    };
    res.render('admin/user-new', { ...(await newLocals(req)), values, errors: {} });
  });
  r.post(
    '/users',
    formPost('admin/user-new', newLocals, async (req, res) => {
      const { user, password } = await createStaffUser(deps.db, actorOf(req), submitted(staffCommand, req.body), deps.clock.now());
      showPassword(req, res, user, password, req.t('admin.users.created'));
    }),
  );

  r.post(
    '/users/:id/deactivate',
    formPost('admin/users', listLocals, async (req, res) => {
      const cmd = submitted(deactivateCommand, req.body);
      const u = await setUserActive(deps.db, actorOf(req), req.params.id as string, false, cmd, deps.clock.now());
      req.flash('success', req.t('admin.users.deactivated', { username: u.username }));
      res.redirect('/admin/users');
    }),
  );
  r.post(
    '/users/:id/reactivate',
    formPost('admin/users', listLocals, async (req, res) => {
      const u = await setUserActive(deps.db, actorOf(req), req.params.id as string, true, {}, deps.clock.now());
      req.flash('success', req.t('admin.users.reactivated', { username: u.username }));
      res.redirect('/admin/users');
    }),
  );
  r.post(
    '/users/:id/unlock',
    formPost('admin/users', listLocals, async (req, res) => {
      const u = await unlockAccount(deps.db, actorOf(req), req.params.id as string);
      req.flash('success', req.t('security.unlocked', { username: u.username }));
      res.redirect('/admin/users');
    }),
  );
  r.post('/users/:id/password', async (req, res) => {
    const { user, password } = await resetPassword(deps.db, actorOf(req), req.params.id as string, deps.clock.now());
    showPassword(req, res, user, password, req.t('admin.users.passwordReset'));
  });
  // Rule 2: for a member without a mobile phone, a sealed slip with an activation code, made by
  // an admin (not the officer who opened the account), shown once in this POST's answer.
  r.post('/users/:id/activation-slip', async (req, res) => {
    const slip = await issueActivationSlip(deps.db, actorOf(req), req.params.id as string, deps.clock.now());
    res.set('Cache-Control', 'no-store');
    res.render('accounts/sealed-slip', {
      title: req.t('activation.sealed.title'),
      username: slip.user.username,
      displayName: slip.user.displayName,
      household: slip.household,
      code: groupCode(slip.code),
      expiresAt: slip.expiresAt,
      baseUrl: deps.config.publicBaseUrl,
    });
  });
  return r;
}

function showPassword(req: Request, res: Parameters<typeof renderSecret>[0], user: UserRow, password: string, message: string): void {
  renderSecret(res, {
    heading: req.t('admin.secret.passwordTitle'),
    message,
    secretLabel: req.t('admin.secret.password'),
    secret: password,
    mustChange: true,
    facts: [
      { label: req.t('admin.users.username'), value: user.username },
      { label: req.t('admin.users.displayName'), value: user.displayName },
      { label: req.t('admin.users.role'), value: req.t(`roles.${user.role}`) },
    ],
    back: '/admin/users',
  });
}
