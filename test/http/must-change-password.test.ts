import assert from 'node:assert/strict';
import { eq, inArray } from 'drizzle-orm';
import request from 'supertest';
import { users } from '../../models/accounts';
import type { Handle } from '../../server/platform/db';
import { freshDb } from '../helpers/db';
import { changedTables, fingerprint } from '../helpers/db-fingerprint';
import { csrfFrom, loginAs, testApp, type Agent } from '../helpers/http';
import { securityWorld, type SecurityWorld } from '../helpers/security-world';
import { WEB } from './access-matrix';

// Issue 13: an account with a one-time password (a new account, a reset, npm run create-admin)
// reaches nothing but the password change and the logout until it has set its own password.
// Every page and form of the access matrix is tried: where an anonymous visitor is sent to the
// login form, such an account is sent to the password page, and no form changes anything.
// (Its API tokens, issued by an admin, stay valid: the token is the credential there; api.test.ts.)

const ROLES = ['farmer', 'officer', 'bureau', 'admin'] as const;
// Public forms, the same for anyone (/activate: a farmer sets a password with a code, rule 2).
const OWN_FORMS = ['POST /account/password', 'POST /logout', 'POST /login', 'POST /activate'];

describe('One-time passwords: nothing but the password page until it is changed', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  let w: SecurityWorld;
  const agents = {} as Record<(typeof ROLES)[number], Agent>;
  before(async function () {
    this.timeout(120_000);
    h = await freshDb();
    app = testApp(h.db);
    w = await securityWorld(h.db);
    await h.db
      .update(users)
      .set({ mustChangePassword: true })
      .where(
        inArray(
          users.id,
          ROLES.map((r) => w.users[r].id),
        ),
      );
    for (const r of ROLES) agents[r] = await loginAs(app, w.users[r].username);
  });
  after(async () => {
    await h?.close();
  });

  it('when such an account opens any signed-in page, then it is sent to the password page; public pages stay as for anyone', async function () {
    this.timeout(120_000);
    const anon = request.agent(app);
    const wrong: string[] = [];
    let guarded = 0;
    for (const [key, e] of Object.entries(WEB)) {
      if (!key.startsWith('GET ')) continue;
      const url = e.url(w.own, w);
      const a = await anon.get(url);
      const toLogin = a.status === 302 && /^\/login/.test(a.headers.location ?? '');
      if (!toLogin) continue; // public (help, verify, login): the same for everyone
      if (url === '/account/password') continue;
      guarded++;
      for (const r of ROLES) {
        const res = await agents[r].get(url);
        if (res.status !== 302 || res.headers.location !== '/account/password')
          wrong.push(`${key} as ${r}: ${res.status} ${res.headers.location ?? ''}`);
      }
    }
    assert.ok(guarded > 40, `signed-in pages were tried (${guarded})`);
    assert.deepEqual(wrong, []);
  });

  it('when such an account posts any form with its CSRF token, then it is sent to the password page and nothing changes', async function () {
    this.timeout(120_000);
    const wrong: string[] = [];
    const before = await fingerprint(h.db);
    for (const [key, e] of Object.entries(WEB)) {
      if (key.startsWith('GET ') || OWN_FORMS.includes(key)) continue;
      const url = e.url(w.own, w);
      for (const r of ROLES) {
        const token = csrfFrom((await agents[r].get('/account/password')).text);
        const res = await agents[r]
          .post(url)
          .type('form')
          .send({ ...(e.body?.(w.own, w) ?? {}), _csrf: token });
        if (res.status !== 302 || res.headers.location !== '/account/password')
          wrong.push(`${key} as ${r}: ${res.status} ${res.headers.location ?? ''}`);
      }
    }
    assert.deepEqual(wrong, []);
    assert.deepEqual(changedTables(before, await fingerprint(h.db)), []);
  });

  it('when such an account sets its own password, then every page opens again', async () => {
    const form = await agents.officer.get('/account/password').expect(200);
    assert.match(form.text, /首次登录须先设置新密码/);
    const res = await agents.officer
      .post('/account/password')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), current: 'TestPassw0rd', newPassword: 'Qiaotou8cun5lu', repeat: 'Qiaotou8cun5lu' });
    assert.equal(res.status, 302);
    const [row] = await h.db.select().from(users).where(eq(users.id, w.users.officer.id));
    assert.equal(row.mustChangePassword, false);
    assert.equal((await agents.officer.get(`/households/${w.own.hh.id}`)).status, 200);
  });
});
