import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { auditLog } from '../../models/audit';
import { loginFailures, sessions } from '../../models/accounts';
import type { Handle } from '../../server/platform/db';
import { testClock } from '../helpers/clock';
import { freshDb } from '../helpers/db';
import { makeCollective, makeUser, PASSWORD } from '../helpers/factories';
import { csrfFrom, loginAs, testApp } from '../helpers/http';

describe('Logging in and sessions', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  before(async () => {
    h = await freshDb();
    app = testApp(h.db);
  });
  after(async () => {
    await h.close();
  });

  it('when a visitor is not logged in, then pages send them to the login form', async () => {
    const res = await request(app).get('/households').expect(302);
    assert.match(res.headers.location, /^\/login\?next=%2Fhouseholds/);
  });

  it('when the login form is posted without its CSRF token, then it is refused with 403', async () => {
    const { user } = await makeUser(h.db, 'admin');
    const agent = request.agent(app);
    await agent.get('/login');
    const res = await agent.post('/login').type('form').send({ username: user.username, password: PASSWORD });
    assert.equal(res.status, 403);
    assert.match(res.text, /表单已过期/);
  });

  it('when a user logs in, then a session starts (an anonymous visit has none), is stored in the database and the login is in the trail', async () => {
    const { user } = await makeUser(h.db, 'admin');
    const agent = request.agent(app);
    const page = await agent.get('/login');
    assert.doesNotMatch(String(page.headers['set-cookie']), /sq\.sid=/, 'the login form starts no session');
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username: user.username, password: PASSWORD })
      .expect(302);
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('sq.sid='));
    assert.match(String(cookie), /HttpOnly/i);
    assert.match(String(cookie), /SameSite=Lax/i);
    const rows = await h.db.select().from(sessions);
    assert.ok(rows.some((r) => JSON.stringify(r.sess).includes(user.id)));
    const trail = await h.db.select().from(auditLog).where(eq(auditLog.entityId, user.id));
    assert.ok(trail.some((e) => e.action === 'auth.login'));
  });

  it('when a browser brings a session id along and logs in (session fixation), then it gets a new session id and the old one is gone', async () => {
    const planted = await loginAs(app, (await makeUser(h.db, 'admin')).user.username);
    const sid = (a: typeof planted) =>
      (a as unknown as { jar: { getCookie: (n: string, o: object) => { value: string } | undefined } }).jar.getCookie('sq.sid', {
        domain: '127.0.0.1',
        path: '/',
        secure: false,
        script: false,
      })?.value;
    const before = sid(planted);
    const { user } = await makeUser(h.db, 'admin');
    const res = await planted
      .post('/login')
      .type('form')
      .send({ _csrf: await planted.csrf(), username: user.username, password: PASSWORD })
      .expect(302);
    const after = /sq\.sid=([^;]+)/.exec(String(res.headers['set-cookie']))?.[1];
    assert.ok(before && after && before !== after, 'a new session id at login');
    const stored = (await h.db.select().from(sessions)).map((r) => r.sid);
    assert.ok(!stored.some((s) => decodeURIComponent(before).includes(s)), 'the session the browser brought is destroyed');
  });

  it('when the password is wrong or the user unknown, then the same message is shown (no user enumeration)', async () => {
    const { user } = await makeUser(h.db, 'admin');
    const agent = request.agent(app);
    const page = await agent.get('/login');
    const wrong = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username: user.username, password: 'nope-nope-1' });
    const unknown = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username: 'nobody-here', password: 'nope-nope-1' });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.match(wrong.text, /用户名或密码不正确/);
    assert.match(unknown.text, /用户名或密码不正确/);
    assert.match(wrong.text, new RegExp(`value="${user.username}"`), 'the username is kept in the form');
  });

  it('when the username holds a control character, then the login is refused like any wrong one (401), counted against the account it names and in the trail', async () => {
    // Control characters are dropped from the name before it is counted, looked up or recorded (loginName).
    const { user } = await makeUser(h.db, 'admin');
    const agent = request.agent(app);
    const page = await agent.get('/login');
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username: `\u0001${user.username}\u0007`, password: 'nope-nope-1' });
    assert.equal(res.status, 401);
    assert.match(res.text, /用户名或密码不正确/);
    const counted = await h.db.select().from(loginFailures).where(eq(loginFailures.name, user.username.toLowerCase()));
    assert.deepEqual(
      counted.map((c) => [c.kind, c.failures]).sort(),
      [
        ['account', 1],
        ['pair', 1],
      ],
      'the failure counts against the account it names, from its source',
    );
    const trail = await h.db.select().from(auditLog).where(eq(auditLog.entityId, user.id));
    assert.ok(trail.some((e) => e.action === 'auth.login_failed'));
  });

  it('when the username or password holds a NUL, then the request is refused (400) before any password is checked, and nothing is written, never a 500', async () => {
    // Found by the hostile-input test (seed 1912594871 on PostgreSQL): a NUL in the rate-limit key made the server answer 500.
    // PostgreSQL refuses NUL in text; no password can be tried this way, so there is nothing to count.
    const { user } = await makeUser(h.db, 'admin');
    const agent = request.agent(app);
    const page = await agent.get('/login');
    for (const [username, password] of [
      [`\u0000${user.username}`, 'nope-nope-1'],
      [user.username, `${PASSWORD}\u0000`],
    ]) {
      const res = await agent
        .post('/login')
        .type('form')
        .send({ _csrf: csrfFrom(page.text), username, password });
      assert.equal(res.status, 400);
      assert.match(res.text, /提交的值不符合要求/);
    }
    assert.equal((await h.db.select().from(loginFailures).where(eq(loginFailures.name, user.username.toLowerCase()))).length, 0);
    assert.equal(
      (await h.db.select().from(auditLog).where(eq(auditLog.entityId, user.id))).filter((e) => e.action.startsWith('auth.')).length,
      0,
    );
    assert.equal((await agent.get('/')).status, 302, 'not logged in');
  });

  it('when one source keeps failing on an account, then after three failures it must wait, even with the right password, and is told until when (429)', async () => {
    const { user } = await makeUser(h.db, 'admin');
    // An app whose clock stands still: no second passes unless the test says so.
    const agent = request.agent(testApp(h.db, {}, testClock('2026-03-10T02:00:00Z')));
    const token = csrfFrom((await agent.get('/login')).text);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push(
        (
          await agent
            .post('/login')
            .type('form')
            .send({ _csrf: token, username: user.username, password: `bad-guess-${i}` })
        ).status,
      );
    assert.deepEqual(statuses, [401, 401, 401, 429], 'the third failure makes the source wait a second');
    const res = await agent.post('/login').type('form').send({ _csrf: token, username: user.username, password: PASSWORD });
    assert.equal(res.status, 429, 'nothing is checked before the time');
    assert.match(res.text, /登录尝试过于频繁，请于 10:00:01（北京时间）之后再试/);
    assert.equal(res.headers['retry-after'], '1');
  });

  it('when a page is served, then security headers and a CSP without inline scripts are set', async () => {
    const res = await request(app).get('/login').expect(200);
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN');
    assert.equal(res.headers['x-powered-by'], undefined);
  });

  it('when a new account logs in, then it must change its password first, and a weak one is refused', async () => {
    const c = await makeCollective(h.db);
    const { user } = await makeUser(h.db, 'officer', { collectiveId: c.id }, true);
    const agent = await loginAs(app, user.username);
    const home = await agent.get('/households');
    assert.equal(home.status, 302);
    assert.equal(home.headers.location, '/account/password');
    const page = await agent.get('/account/password');
    const weak = await agent
      .post('/account/password')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), current: PASSWORD, newPassword: 'short', repeat: 'short' });
    assert.equal(weak.status, 422);
    assert.match(weak.text, /至少 10 个字符/);
    const ok = await agent
      .post('/account/password')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), current: PASSWORD, newPassword: 'NewPassw0rd2026', repeat: 'NewPassw0rd2026' });
    assert.equal(ok.status, 302);
    assert.equal((await agent.get('/households')).status, 200);
  });

  it('when the language is switched, then pages and messages are in English', async () => {
    const agent = request.agent(app);
    await agent.get('/lang/en?back=/login').expect(302);
    const page = await agent.get('/login');
    assert.match(page.text, /Log in/);
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username: 'x', password: 'y' });
    assert.match(res.text, /Wrong username or password/);
  });

  it('when ?next= points to another site, then login goes home instead', async () => {
    const { user } = await makeUser(h.db, 'admin');
    const agent = request.agent(app);
    const page = await agent.get('/login?next=//evil.example/');
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username: user.username, password: PASSWORD, next: '//evil.example/' });
    assert.equal(res.headers.location, '/');
  });
});
