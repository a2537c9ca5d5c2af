import { systemClock } from '../../server/kernel/clock';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import request from 'supertest';
import { sessions, users } from '../../models/accounts';
import { createApp } from '../../server/app';
import { checkPassword } from '../../server/accounts/passwords';
import { loadConfig } from '../../server/platform/config';
import type { Handle } from '../../server/platform/db';
import { freshDb } from '../helpers/db';
import { makeUser, PASSWORD } from '../helpers/factories';
import { csrfFrom, loginAs, testApp } from '../helpers/http';

// What auth.test.ts does not cover yet: the password rules beyond length (common passwords,
// the username) on the real form, and the Secure flag of the session cookie in production.
describe('Session cookie in production and password rules on the form', () => {
  let h: Handle;
  before(async () => {
    h = await freshDb();
  });
  after(async () => {
    await h.close();
  });

  it('when the app runs in production behind an HTTPS proxy, then the session cookie is Secure, HttpOnly and SameSite=Lax, and HSTS is sent', async () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(40),
      AUDIT_KEY: 'k'.repeat(40),
      PUBLIC_BASE_URL: 'https://sanquan.example.cn',
    });
    const app = createApp({ db: h.db, clock: systemClock, config, logger: pino({ level: 'silent' }) });
    const { user } = await makeUser(h.db, 'admin');
    // The proxy on the same machine (trust proxy: loopback) says the browser used HTTPS. The test
    // client keeps Secure cookies off plain http, so the cookie is carried by hand, as a browser would over HTTPS.
    // The login form's token cookie (no session yet) is __Host- prefixed: Secure, for this host only.
    const page = await request(app).get('/login').set('X-Forwarded-Proto', 'https').expect(200);
    const first = /__Host-sq\.csrf=[^;]+/.exec(String(page.headers['set-cookie']))![0];
    assert.match(String(page.headers['set-cookie']), /;\s*Secure/i);
    assert.doesNotMatch(String(page.headers['set-cookie']), /sq\.sid=/);
    const res = await request(app)
      .post('/login')
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', first)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username: user.username, password: PASSWORD });
    assert.equal(res.status, 302);
    const cookie = String(res.headers['set-cookie']);
    assert.match(cookie, /sq\.sid=/);
    for (const flag of [/;\s*Secure/i, /;\s*HttpOnly/i, /;\s*SameSite=Lax/i]) assert.match(cookie, flag);
    assert.match(String(res.headers['strict-transport-security']), /max-age=\d+/);
    assert.match(String(page.headers['content-security-policy']), /upgrade-insecure-requests/);
  });

  for (const [why, pick, message] of [
    ['a common password', () => 'Password2026', /太常见/],
    ['a leaked word with a year and a symbol (issue 13)', () => 'Sanquan2026!', /太常见.*例如 Tian7ming-qiao3/],
    ['a password containing the username', (u: string) => `${u}X9`, /不能包含用户名/],
  ] as const) {
    it(`when a user chooses ${why}, then the form refuses it with 422, says why, and the old password still works`, async () => {
      const { user } = await makeUser(h.db, 'admin', {}, true);
      const app = testApp(h.db);
      const agent = await loginAs(app, user.username);
      const form = await agent.get('/account/password').expect(200);
      const next = pick(user.username);
      const res = await agent
        .post('/account/password')
        .type('form')
        .send({ _csrf: csrfFrom(form.text), current: PASSWORD, newPassword: next, repeat: next });
      assert.equal(res.status, 422);
      assert.match(res.text, message);
      const [row] = await h.db.select().from(users).where(eq(users.id, user.id));
      assert.ok(await checkPassword(row.passwordHash, PASSWORD));
      assert.equal(row.mustChangePassword, true);
    });
  }

  it("when anonymous visitors open the login form 20 times (and a few fail to log in), then no session row is stored; the form still refuses a post without its token or with another browser's", async () => {
    const app = testApp(h.db);
    const { user } = await makeUser(h.db, 'admin');
    const count = async () => (await h.db.select().from(sessions)).length;
    const before = await count();
    for (let i = 0; i < 20; i++) {
      const res = await request(app)
        .get(i % 2 ? '/login' : '/login?next=/households')
        .expect(200);
      assert.doesNotMatch(String(res.headers['set-cookie']), /sq\.sid=/);
    }
    await request(app).get('/').expect(302);
    await request(app).get('/healthz').expect(200);
    const visitor = request.agent(app);
    // Two: a third failure would make this browser wait a second before its right password (login-throttle.ts).
    for (let i = 0; i < 2; i++) {
      const page = await visitor.get('/login').expect(200);
      await visitor
        .post('/login')
        .type('form')
        .send({ _csrf: csrfFrom(page.text), username: user.username, password: 'wrong-guess-1' })
        .expect(401);
    }
    assert.equal(await count(), before, 'no session row for anonymous visits');
    const other = await request.agent(app).get('/login');
    for (const body of [{}, { _csrf: csrfFrom(other.text) }, { _csrf: 'x'.repeat(64) }]) {
      const res = await visitor
        .post('/login')
        .type('form')
        .send({ ...body, username: user.username, password: PASSWORD });
      assert.equal(res.status, 403, JSON.stringify(body));
      assert.match(res.text, /表单已过期/);
    }
    assert.equal(await count(), before);
    const page = await visitor.get('/login');
    await visitor
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username: user.username, password: PASSWORD })
      .expect(302);
    assert.equal(await count(), before + 1, 'the session starts at login');
  });
});
