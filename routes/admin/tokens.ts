import type { RouterDeps } from '../../server/platform/deps';
import { Router, type Request } from 'express';
import { DEFAULT_TOKEN_DAYS } from '../../server/platform/auth/api-token-scopes';
import {
  defaultExpiryDate,
  getUser,
  issueToken,
  listTokens,
  reasonCommand,
  revokeToken,
  tokenCommand,
  tokenUserOptions,
} from '../../server/accounts/index';
import { actorOf } from '../../server/platform/auth/guards';
import { submitted } from '../../server/kernel/commands';
import { formPost, pageNumber, str } from '../../server/platform/http/forms';
import { renderSecret } from '../../server/platform/http/secret-once';
import { fmt } from '../../server/platform/format';

export function tokensAdminRouter(deps: RouterDeps): Router {
  const r = Router();

  const listLocals = async (req: Request) => ({
    title: req.t('admin.tokens.title'),
    result: await listTokens(deps.db, pageNumber(req.query.page), deps.clock.now()),
  });
  r.get('/tokens', async (req, res) => res.render('admin/tokens', { ...(await listLocals(req)), values: {}, errors: {} }));

  const newLocals = async (req: Request) => ({
    title: req.t('admin.tokens.new'),
    users: await tokenUserOptions(deps.db),
    defaultDays: DEFAULT_TOKEN_DAYS,
  });
  // Read-only and the default expiry are proposed: the admin widens either on purpose.
  r.get('/tokens/new', async (req, res) =>
    res.render('admin/token-new', {
      ...(await newLocals(req)),
      values: { userId: str(req.query.userId), access: 'read', expiresOn: defaultExpiryDate(deps.clock.now()) },
      errors: {},
    }),
  );
  r.post(
    '/tokens',
    formPost('admin/token-new', newLocals, async (req, res) => {
      const { token, row } = await issueToken(deps.db, actorOf(req), submitted(tokenCommand, req.body), deps.clock.now());
      const owner = await getUser(deps.db, row.userId);
      renderSecret(res, {
        heading: req.t('admin.tokens.issuedTitle'),
        message: req.t('admin.tokens.issued'),
        secretLabel: req.t('admin.tokens.token'),
        secret: token,
        facts: [
          { label: req.t('admin.tokens.name'), value: row.name },
          { label: req.t('admin.tokens.user'), value: owner ? `${owner.displayName}（${owner.username}）` : row.userId },
          {
            label: req.t('admin.tokens.scopes'),
            value: req.t(`admin.tokens.accessChoices.${row.scopes.includes('write') ? 'write' : 'read'}`),
          },
          { label: req.t('admin.tokens.expiresAt'), value: row.expiresAt ? fmt.datetime(row.expiresAt) : req.t('admin.tokens.never') },
          { label: req.t('admin.tokens.usage'), value: 'Authorization: Bearer …' },
        ],
        back: '/admin/tokens',
      });
    }),
  );

  r.post(
    '/tokens/:id/revoke',
    formPost('admin/tokens', listLocals, async (req, res) => {
      const cmd = submitted(reasonCommand, req.body);
      const t = await revokeToken(deps.db, actorOf(req), req.params.id as string, cmd, deps.clock.now());
      req.flash('success', req.t('admin.tokens.revoked', { name: t.name }));
      res.redirect('/admin/tokens');
    }),
  );
  return r;
}
