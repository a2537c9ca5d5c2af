import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { users } from '../../models/accounts';
import { hashPassword } from '../../server/accounts/passwords';
import type { Handle } from '../../server/platform/db';
import { freshDb } from '../helpers/db';
import { makeCollective, makeHousehold, makeUser } from '../helpers/factories';
import { loginAs, testApp } from '../helpers/http';

// Issue 18 item 14: a farmer logs in with the mobile number on the account or with the
// username. Family members may share a number: the password says whose account it is.
describe('Logging in with a mobile number (issue 18 item 14)', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  before(async () => {
    h = await freshDb();
    app = testApp(h.db);
  });
  after(async () => {
    await h.close();
  });

  async function tryLogin(name: string, password: string) {
    const agent = request.agent(app);
    const page = await agent.get('/login').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const res = await agent.post('/login').type('form').send({ _csrf: csrf, username: name, password });
    return { res, agent };
  }

  it('when a farmer enters their mobile number and password, then they are in; a wrong password or an officer’s number is refused alike', async () => {
    const c = await makeCollective(h.db);
    const { actor: officer, user: officerUser } = await makeUser(h.db, 'officer', { collectiveId: c.id, phone: '13900139009' });
    const hh = await makeHousehold(h.db, officer, c);
    const { user: father } = await makeUser(h.db, 'farmer', { householdId: hh.id, phone: '13800138000' });
    const { user: son } = await makeUser(h.db, 'farmer', { householdId: hh.id, phone: '13800138000' });
    await h.db
      .update(users)
      .set({ passwordHash: await hashPassword('Longgang2026son') })
      .where(eq(users.id, son.id));

    const ok = await tryLogin('138 0013 8000', 'TestPassw0rd');
    assert.equal(ok.res.status, 302);
    assert.match((await ok.agent.get('/my').expect(200)).text, new RegExp(father.displayName));
    const sonIn = await tryLogin('13800138000', 'Longgang2026son');
    assert.equal(sonIn.res.status, 302, 'a family member on the same number logs in with their own password');
    assert.match((await sonIn.agent.get('/account/password').expect(200)).text, new RegExp(son.displayName));

    const wrong = await tryLogin('13800138000', 'wrong-password-1');
    assert.notEqual(wrong.res.status, 302);
    const staff = await tryLogin('13900139009', 'TestPassw0rd');
    assert.notEqual(staff.res.status, 302, 'staff log in by username only');
    await loginAs(app, officerUser.username);
    await loginAs(app, father.username);
  });
});
