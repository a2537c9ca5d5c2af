import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { sessions } from '../../models/accounts';
import { households } from '../../models/households';
import { listings } from '../../models/market';
import type { Handle } from '../../server/platform/db';
import { registerShares } from '../../server/registry/rights';
import { certified, farmerOf } from '../helpers/market';
import { freshDb } from '../helpers/db';
import { householdCode, idNumber, makeHousehold, PASSWORD } from '../helpers/factories';
import { testClock } from '../helpers/clock';
import { csrfFrom, officerSession, testApp } from '../helpers/http';

// Issue 18 item 13: a form posted after its session ended is not lost and not carried out.
// The typed fields (never the CSRF token, never a password) wait in the new anonymous session;
// the user logs in and is taken back to the same form, filled in, to check and submit again.

const HOST = 'localhost:3000';
const HOUR = 3600_000;

describe('A form posted after the session ended is kept for after the login (issue 18 item 13)', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  const clock = testClock();
  before(async () => {
    h = await freshDb();
    app = testApp(h.db, {}, clock);
  });
  after(async () => {
    await h.close();
  });

  /** The browser's login: the form at /login?next=…, then its POST. */
  async function logIn(agent: ReturnType<typeof request.agent>, username: string, next: string) {
    const page = await agent.get(`/login?next=${encodeURIComponent(next)}`).expect(200);
    return agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username, password: PASSWORD, next });
  }
  const drafts = async () =>
    (await h.db.select({ sess: sessions.sess }).from(sessions)).map((r) => JSON.stringify(r.sess)).filter((s) => s.includes('formDraft'));

  it("when the officer's session row is gone and the new-household form is posted, then nothing is registered, the login leads back to the form filled in, once", async () => {
    const s = await officerSession(app, h.db);
    const form = await s.agent.get('/households/new').expect(200);
    const code = householdCode(s.c);
    const id = idNumber('1975-06-01');
    await h.db.delete(sessions).where(sql`${sessions.sess} -> 'passport' ->> 'user' = ${s.user.id}`);

    const posted = await s.agent
      .post('/households')
      .set('Host', HOST)
      .set('Referer', `http://${HOST}/households/new`)
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        code,
        'members[0][name]': '欧阳伟强',
        'members[0][idNumber]': id,
        'members[0][relation]': 'head',
      });
    assert.equal(posted.status, 303);
    assert.equal(posted.headers.location, '/login?next=%2Fhouseholds%2Fnew');
    assert.equal((await h.db.select().from(households).where(eq(households.code, code))).length, 0, 'the POST was not carried out');
    const [kept] = await drafts();
    assert.ok(kept?.includes('欧阳伟强') && kept.includes(code), 'the typed fields wait in the session');
    assert.ok(!kept.includes('_csrf'), 'not the old token');

    const login = await s.agent.get('/login?next=%2Fhouseholds%2Fnew').expect(200);
    assert.match(login.text, /您的登录已过期，刚才填写的内容没有提交/);
    const back = await logIn(s.agent, s.user.username, '/households/new');
    assert.equal(back.status, 302);
    assert.equal(back.headers.location, '/households/new');

    const again = await s.agent.get('/households/new').expect(200);
    assert.match(again.text, /已恢复您登录过期前填写的内容。请核对后再次提交/);
    assert.match(again.text, new RegExp(`value="${code}"`));
    assert.match(again.text, /value="欧阳伟强"/);
    assert.match(again.text, new RegExp(`value="${id}"`));
    assert.equal((await h.db.select().from(households).where(eq(households.code, code))).length, 0, 'still nothing registered');
    assert.deepEqual(await drafts(), [], 'shown once, then gone');
    const later = await s.agent.get('/households/new').expect(200);
    assert.doesNotMatch(later.text, /欧阳伟强/);
  });

  it("when a farmer's session passed its 12 hours and the listing form is posted, then the owner gets the form back without the password, and someone else logging in on that browser does not", async () => {
    const s = await officerSession(app, h.db, { totalShares: 100 });
    const hh = await makeHousehold(h.db, s.actor, s.c);
    const farmer = await farmerOf(h.db, hh);
    const right = await registerShares(h.db, s.actor, hh.id, { shares: 10 });
    await certified(h.db, s.actor, right.id, clock.now());
    const neighbour = await farmerOf(h.db, await makeHousehold(h.db, s.actor, s.c));
    const formUrl = `/rights/${right.id}/list`;

    for (const who of ['owner', 'neighbour'] as const) {
      clock.set('2026-03-10T02:00:00Z');
      const agent = request.agent(app);
      assert.equal((await logIn(agent, farmer.user.username, '/')).status, 302);
      clock.advance(6 * HOUR);
      const form = await agent.get(formUrl).expect(200);
      // Past the 12 hours from login (the idle timeout moved with the last page view).
      clock.advance(7 * HOUR);
      const posted = await agent
        .post(`/rights/${right.id}/listings`)
        .set('Host', HOST)
        .set('Referer', `http://${HOST}${formUrl}`)
        .type('form')
        .send({ _csrf: csrfFrom(form.text), path: 'transfer', shares: '4', askingPrice: '8765', password: PASSWORD });
      assert.equal(posted.status, 303);
      assert.equal(posted.headers.location, `/login?next=${encodeURIComponent(formUrl)}`);
      const [kept] = await drafts();
      assert.ok(kept?.includes('8765'), 'the asking price is kept');
      assert.ok(!kept.includes(PASSWORD), 'a password is never kept');
      assert.equal((await h.db.select().from(listings).where(eq(listings.rightId, right.id))).length, 0, 'no listing was made');

      if (who === 'owner') {
        assert.equal((await logIn(agent, farmer.user.username, formUrl)).headers.location, formUrl);
        const again = await agent.get(formUrl).expect(200);
        assert.match(again.text, /已恢复您登录过期前填写的内容/);
        assert.match(again.text, /id="f-askingPrice"[^>]*value="8765"|value="8765"[^>]*id="f-askingPrice"/);
        assert.match(again.text, /id="f-shares"[^>]*value="4"|value="4"[^>]*id="f-shares"/);
      } else {
        await logIn(agent, neighbour.user.username, formUrl);
        assert.deepEqual(await drafts(), [], "another account's login drops the draft");
        const theirs = await agent.get('/my').expect(200);
        assert.doesNotMatch(theirs.text, /8765|已恢复/);
      }
    }
  });
});
