import assert from 'node:assert/strict';
import { count } from 'drizzle-orm';
import request from 'supertest';
import { apiTokens, users } from '../../models/accounts';
import { collectives, regions } from '../../models/regions';
import type { Handle } from '../../server/platform/db';
import { freshDb } from '../helpers/db';
import { makeCollective, makeHousehold, makeUser } from '../helpers/factories';
import { csrfFrom, loginAs, postForm, testApp, type Agent } from '../helpers/http';

// Rule 12 for the admin area: the menu hides it, and every route refuses it, too.
describe('Admin area access (rule 12: only admins manage regions, collectives, accounts and tokens)', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  let ids: { collective: string; user: string; token: string };
  before(async () => {
    h = await freshDb();
    app = testApp(h.db);
    const c = await makeCollective(h.db);
    const { user } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    const [t] = await h.db
      .insert(apiTokens)
      .values({ userId: user.id, name: 'x', tokenHash: 'a'.repeat(64), createdBy: user.id })
      .returning();
    ids = { collective: c.id, user: user.id, token: t.id };
  });
  after(async () => {
    await h.close();
  });

  const gets = () => [
    '/admin',
    '/admin/regions',
    '/admin/regions/440205',
    '/admin/collectives',
    '/admin/collectives/new',
    `/admin/collectives/${ids.collective}/edit`,
    '/admin/users',
    '/admin/users/new',
    '/admin/tokens',
    '/admin/tokens/new',
  ];
  const posts = (): [string, Record<string, string>][] => [
    ['/admin/regions/440205/children', { code: '190', name: '新镇' }],
    [
      '/admin/collectives',
      { name: '越权合作社', regionCode: '440205100201', groupCode: '01', level: 'group', registrationCode: 'N2440205000000001X' },
    ],
    [`/admin/collectives/${ids.collective}`, { name: '改名' }],
    ['/admin/users', { role: 'admin', username: 'sneaky_admin', displayName: '越权' }],
    [`/admin/users/${ids.user}/deactivate`, {}],
    [`/admin/users/${ids.user}/reactivate`, {}],
    [`/admin/users/${ids.user}/password`, {}],
    ['/admin/tokens', { userId: ids.user, name: '越权令牌' }],
    [`/admin/tokens/${ids.token}/revoke`, {}],
  ];
  const snapshot = async () =>
    Promise.all([
      h.db.select({ n: count() }).from(regions),
      h.db.select({ n: count() }).from(collectives),
      h.db.select({ n: count() }).from(users),
      h.db.select({ n: count() }).from(apiTokens),
      h.db.select().from(users),
      h.db.select().from(apiTokens),
      h.db.select().from(collectives),
    ]).then((r) => JSON.stringify(r));

  it('when a visitor is not logged in, then every admin page and form sends them to the login form and nothing changes', async () => {
    const before = await snapshot();
    for (const url of gets()) {
      const res = await request(app).get(url);
      assert.equal(res.status, 302, url);
      assert.match(res.headers.location, /^\/login/, url);
    }
    const anon = request.agent(app);
    const csrf = csrfFrom((await anon.get('/login')).text);
    for (const [url, body] of posts()) {
      const res = await anon
        .post(url)
        .type('form')
        .send({ _csrf: csrf, ...body });
      assert.equal(res.status, 302, url);
      assert.equal(res.headers.location, '/login', url);
    }
    assert.equal(await snapshot(), before);
  });

  for (const role of ['officer', 'bureau', 'farmer'] as const) {
    it(`when ${role === 'officer' ? 'an' : 'a'} ${role} opens or posts any admin route, then it is refused with 403 and nothing changes`, async () => {
      let agent: Agent;
      if (role === 'officer') agent = await loginAs(app, (await makeUser(h.db, 'officer', { collectiveId: ids.collective })).user.username);
      else if (role === 'bureau') agent = await loginAs(app, (await makeUser(h.db, 'bureau', { regionCode: '440200' })).user.username);
      else {
        const c = await makeCollective(h.db);
        const { actor } = await makeUser(h.db, 'officer', { collectiveId: c.id });
        const hh = await makeHousehold(h.db, actor, c);
        agent = await loginAs(app, (await makeUser(h.db, 'farmer', { householdId: hh.id })).user.username);
      }
      const before = await snapshot();
      for (const url of gets()) {
        const res = await agent.get(url);
        assert.equal(res.status, 403, `${role} GET ${url}`);
        assert.match(res.text, /无权/);
      }
      for (const [url, body] of posts()) {
        const res = await postForm(agent, url, body);
        assert.equal(res.status, 403, `${role} POST ${url}`);
      }
      assert.equal(await snapshot(), before);
      const home = await agent.get(role === 'farmer' ? '/my' : '/');
      assert.doesNotMatch(home.text, /href="\/admin\//, 'no admin links in the menu');
    });
  }

  it('when an admin opens the admin pages, then each one answers 200 and the menu links all four areas', async () => {
    const agent = await loginAs(app, (await makeUser(h.db, 'admin')).user.username);
    for (const url of gets()) {
      const res = await agent.get(url).redirects(1);
      assert.equal(res.status, 200, url);
    }
    const home = await agent.get('/');
    for (const href of ['/admin/regions', '/admin/collectives', '/admin/users', '/admin/tokens'])
      assert.ok(home.text.includes(`href="${href}"`), href);
  });
});
