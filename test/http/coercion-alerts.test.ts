import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { users } from '../../models/accounts';
import { alerts } from '../../models/oversight';
import { requestOrigins } from '../../models/origins';
import type { Handle } from '../../server/platform/db';
import { listMembers } from '../../server/registry/households';
import { registerShares } from '../../server/registry/rights';
import { certified } from '../helpers/market';
import { freshDb } from '../helpers/db';
import { makeCollective, makeHousehold, makeUser, PASSWORD, VILLAGE_A } from '../helpers/factories';
import { csrfFrom, testApp, type Agent } from '../helpers/http';
import { codeIn, deliver } from '../helpers/activation';
import { testClock } from '../helpers/clock';

// Rule 2: signs that one officer acted as a farmer, raised for the bureau like its other alerts.
// quickFirstAction: an account an officer opened whose first act is a listing within days;
// sameAddress: a farmer's step sent from an address that served an officer of the collective.

const OFFICE = '198.51.100.10';
const FARM = ['203.0.113.21', '203.0.113.22', '203.0.113.23', '203.0.113.24'];
const NEW_PASSWORD = 'Shaoguan2027tian';

describe('Coercion alerts: one officer acting as a farmer (rule 2)', function () {
  this.timeout(90_000);
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  // The app's clock: "days after the account was opened" pass when the test moves it.
  const clock = testClock('2026-03-10T02:00:00Z');
  before(async () => {
    h = await freshDb();
    app = testApp(h.db, {}, clock);
  });
  after(async () => {
    await h.close();
  });

  /** A browser at one address (X-Forwarded-For from the loopback proxy is trusted, as behind nginx). */
  function from(ip: string) {
    const agent = request.agent(app).set('X-Forwarded-For', ip) as unknown as Agent;
    const post = async (url: string, body: Record<string, string>) => {
      const token = csrfFrom((await agent.get(url.startsWith('/activate') ? '/activate' : '/login')).text);
      return agent
        .post(url)
        .type('form')
        .send({ _csrf: token, ...body });
    };
    return {
      agent,
      post,
      csrfPost: async (url: string, body: Record<string, string>) => {
        const token = csrfFrom((await agent.get('/account/password')).text);
        return agent
          .post(url)
          .type('form')
          .send({ _csrf: token, ...body });
      },
    };
  }

  async function world() {
    const c = await makeCollective(h.db, { regionCode: VILLAGE_A });
    const { user, actor } = await makeUser(h.db, 'officer', { collectiveId: c.id, displayName: '李经办' });
    const officer = from(OFFICE);
    assert.equal((await officer.post('/login', { username: user.username, password: PASSWORD })).status, 302);
    return { c, actor, officer };
  }

  /** The officer opens an account on the web; the farmer activates it from `ip`. */
  async function farmer(w: Awaited<ReturnType<typeof world>>, ip: string) {
    const hh = await makeHousehold(h.db, w.actor, w.c);
    const [head] = await listMembers(h.db, hh.id);
    const right = await registerShares(h.db, w.actor, hh.id, { shares: '30' });
    await certified(h.db, w.actor, right.id);
    const username = `coerce_${hh.code}`;
    const phone = `136${hh.code.slice(-8)}`;
    assert.equal((await w.officer.csrfPost(`/households/${hh.id}/accounts/new`, { memberId: head.id, username, phone })).status, 303);
    const [u] = await h.db.select().from(users).where(eq(users.username, username));
    const code = codeIn((await deliver(h.db, clock.now())).find((m) => m.userId === u.id)!.text);
    const f = from(ip);
    assert.equal((await f.post('/activate', { login: username, code, newPassword: NEW_PASSWORD, repeat: NEW_PASSWORD })).status, 303);
    return { hh, u, right, f };
  }

  const list = (f: { csrfPost: (u: string, b: Record<string, string>) => Promise<request.Response> }, rightId: string) =>
    f.csrfPost(`/rights/${rightId}/listings`, { path: 'transfer', askingPrice: '1000', shares: '10' });
  const alertsOf = (kind: 'quickFirstAction' | 'sameAddress', householdId: string) =>
    h.db
      .select()
      .from(alerts)
      .where(and(eq(alerts.kind, kind), eq(alerts.householdId, householdId)));

  it('when an account an officer opened lists a right within days, then the bureau sees a quickFirstAction alert naming the account, the officer and the act; later, or for an account no officer opened, none', async () => {
    const w = await world();
    const soon = await farmer(w, FARM[0]);
    assert.equal((await list(soon.f, soon.right.id)).status, 302);
    const late = await farmer(w, FARM[1]);
    // Eight days later (the activation's session long over), the farmer logs in and lists.
    clock.advance(8 * 86_400_000);
    assert.equal((await late.f.post('/login', { username: late.u.username, password: NEW_PASSWORD })).status, 302);
    assert.equal((await list(late.f, late.right.id)).status, 302);
    // An account not opened by an officer (seeded, imported): the rule does not apply.
    const hh = await makeHousehold(h.db, w.actor, w.c);
    const [head] = await listMembers(h.db, hh.id);
    const seeded = await makeUser(h.db, 'farmer', { householdId: hh.id, memberId: head.id });
    const right = await registerShares(h.db, w.actor, hh.id, { shares: '30' });
    await certified(h.db, w.actor, right.id);
    const s = from(FARM[2]);
    assert.equal((await s.post('/login', { username: seeded.user.username, password: PASSWORD })).status, 302);
    assert.equal((await list(s, right.id)).status, 302);

    const bureau = await makeUser(h.db, 'bureau', { regionCode: VILLAGE_A.slice(0, 6) });
    const b = from('192.0.2.50');
    await b.post('/login', { username: bureau.user.username, password: PASSWORD });
    const page = await b.agent.get('/oversight/alerts?kind=quickFirstAction').expect(200);
    const [alert] = await alertsOf('quickFirstAction', soon.hh.id);
    assert.ok(alert, 'raised for the account listed at once');
    assert.deepEqual(
      { ...(alert.params as object) },
      { username: soon.u.username, officer: '李经办', action: 'listing.create', hours: 0, max: 7 },
    );
    assert.match(page.text, /新开账户很快挂牌/);
    assert.ok(page.text.includes(`农户账户 ${soon.u.username} 由经办人 李经办 开设，开设后 0 小时的第一个操作就是“发起挂牌”`));
    assert.ok(page.text.includes(`href="${alert.link}"`) && alert.link === `/oversight/listings/${alert.listingId}`);
    assert.equal((await alertsOf('quickFirstAction', late.hh.id)).length, 0, 'more than 7 days after opening');
    assert.equal((await alertsOf('quickFirstAction', hh.id)).length, 0, 'not opened by an officer');
    assert.equal((await alertsOf('sameAddress', soon.hh.id)).length, 0, 'farmer and officer at different addresses');
  });

  it('when a farmer activates or lists from the address the officer works from, then a sameAddress alert names both and the address; the addresses are kept beside the trail', async () => {
    const w = await world();
    const atDesk = await farmer(w, OFFICE);
    assert.equal((await list(atDesk.f, atDesk.right.id)).status, 302);
    const away = await farmer(w, FARM[3]);
    assert.equal((await list(away.f, away.right.id)).status, 302);
    const origins = await h.db.select().from(requestOrigins).where(eq(requestOrigins.actorId, atDesk.u.id));
    assert.ok(origins.length >= 2 && origins.every((o) => o.ip === OFFICE && o.actorRole === 'farmer'));

    const bureau = await makeUser(h.db, 'bureau', { regionCode: VILLAGE_A.slice(0, 6) });
    const b = from('192.0.2.51');
    await b.post('/login', { username: bureau.user.username, password: PASSWORD });
    const page = await b.agent.get('/oversight/alerts?kind=sameAddress').expect(200);
    const got = await alertsOf('sameAddress', atDesk.hh.id);
    assert.deepEqual(got.map((a) => (a.params as { action: string }).action).sort(), ['listing.create', 'user.activate']);
    for (const a of got)
      assert.deepEqual(
        { ...(a.params as object), action: undefined, minutes: undefined },
        { username: atDesk.u.username, officer: '李经办', ip: OFFICE, action: undefined, minutes: undefined },
      );
    assert.match(page.text, /农户与经办人同一网络地址/);
    assert.ok(page.text.includes(`农户账户 ${atDesk.u.username} 的“发起挂牌”与经办人 李经办 的操作来自同一网络地址 ${OFFICE}`));
    assert.equal((await alertsOf('sameAddress', away.hh.id)).length, 0);
  });
});
