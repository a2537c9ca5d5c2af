import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { users } from '../../models/accounts';
import { auditLog } from '../../models/audit';
import { LOCK_AFTER } from '../../server/auth/lockout';
import type { Handle } from '../../server/db';
import { freshDb } from '../helpers/db';
import { makeCollective, makeHousehold, makeUser, PASSWORD, VILLAGE_B } from '../helpers/factories';
import { csrfFrom, loginAs, postForm, testApp } from '../helpers/http';
import { farmerOf } from '../helpers/market';

// Account lock-out (server/auth/lockout.ts): five wrong passwords in a row lock the account for
// 15 minutes; the login page says the same for a locked account, a wrong password and an
// unknown name; an admin, or the officer of a farmer's collective, lifts the lock; all in the trail.

describe('Account lock-out after repeated wrong passwords (no user enumeration; lifted by admin or officer)', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  before(async () => { h = await freshDb(); app = testApp(h.db); });
  after(async () => { await h.close(); });

  async function attempt(username: string, password: string) {
    const agent = request.agent(app);
    const page = await agent.get('/login');
    return agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), username, password });
  }
  const userRow = async (id: string) => (await h.db.select().from(users).where(eq(users.id, id)))[0];
  const trail = async (id: string, action: string) => h.db.select().from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.action, action)));
  const lockOut = async (username: string) => { for (let i = 0; i < LOCK_AFTER; i++) assert.equal((await attempt(username, `wrong-guess-${i}`)).status, 401); };

  async function farmerWorld() {
    const c = await makeCollective(h.db);
    const officer = await makeUser(h.db, 'officer', { collectiveId: c.id });
    const hh = await makeHousehold(h.db, officer.actor, c);
    const farmer = await farmerOf(h.db, hh);
    return { c, officer, hh, farmer };
  }

  it('when an account gets five wrong passwords in a row, then even the right one is refused for 15 minutes, with the message an unknown name gets, and the trail has each failure and the lock', async () => {
    const { user } = await makeUser(h.db, 'officer', { collectiveId: (await makeCollective(h.db)).id });
    await lockOut(user.username);
    const locked = await userRow(user.id);
    assert.ok(locked.lockedUntil && locked.lockedUntil.getTime() > Date.now() + 14 * 60_000, 'locked for about 15 minutes');
    const right = await attempt(user.username, PASSWORD);
    const unknown = await attempt('nobody_at_all', PASSWORD);
    assert.equal(right.status, 401);
    const message = (html: string) => /<p class="flash err" role="alert">([^<]*)<\/p>/.exec(html)?.[1];
    assert.equal(message(right.text), message(unknown.text), 'a locked account looks like any failed login');
    assert.match(right.text, /用户名或密码不正确。连续 5 次输错密码后，账户将锁定 15 分钟/);
    assert.equal((await trail(user.id, 'auth.login_failed')).length, LOCK_AFTER + 1);
    assert.deepEqual((await trail(user.id, 'auth.login_failed')).at(-1)!.after, { cause: 'locked' });
    assert.equal((await trail(user.id, 'auth.lock')).length, 1);
    assert.equal((await trail(user.id, 'auth.login')).length, 0);
  });

  it('when the lock has run out, then the right password logs in and the count starts again; a failure after the end counts from one', async () => {
    const { user } = await makeUser(h.db, 'bureau', { regionCode: '440200' });
    await h.db.update(users).set({ failedLogins: LOCK_AFTER, lockedUntil: new Date(Date.now() - 1000) }).where(eq(users.id, user.id));
    assert.equal((await attempt(user.username, 'still-wrong-1')).status, 401);
    assert.equal((await userRow(user.id)).failedLogins, 1);
    assert.equal((await userRow(user.id)).lockedUntil, null);
    assert.equal((await attempt(user.username, PASSWORD)).status, 302);
    assert.equal((await userRow(user.id)).failedLogins, 0);
  });

  it('when the officer of the farmer\'s collective lifts the lock from the household page, then the farmer logs in again and the trail names the officer', async () => {
    const { officer, hh, farmer } = await farmerWorld();
    await lockOut(farmer.user.username);
    const agent = await loginAs(app, officer.user.username);
    const page = await agent.get(`/households/${hh.id}`).expect(200);
    assert.match(page.text, /已锁定至/);
    assert.ok(page.text.includes(`/households/${hh.id}/accounts/${farmer.user.id}/unlock`));
    const res = await postForm(agent, `/households/${hh.id}/accounts/${farmer.user.id}/unlock`, {});
    assert.equal(res.status, 302);
    assert.equal(res.headers.location, `/households/${hh.id}#accounts`);
    assert.equal((await userRow(farmer.user.id)).lockedUntil, null);
    const [entry] = await trail(farmer.user.id, 'user.unlock');
    assert.equal(entry.actorId, officer.user.id);
    assert.equal(entry.householdId, hh.id);
    assert.equal((await attempt(farmer.user.username, PASSWORD)).status, 302);
  });

  it('when another collective\'s officer, a farmer or the bureau tries to lift a lock, or an officer a staff account\'s, then it is refused and the lock stays (rule 12)', async () => {
    const { hh, farmer } = await farmerWorld();
    const other = await makeCollective(h.db, { regionCode: VILLAGE_B });
    const otherOfficer = await makeUser(h.db, 'officer', { collectiveId: other.id });
    const staff = await makeUser(h.db, 'bureau', { regionCode: '440200' });
    await lockOut(farmer.user.username);
    await lockOut(staff.user.username);
    const outsider = await loginAs(app, otherOfficer.user.username);
    assert.equal((await postForm(outsider, `/households/${hh.id}/accounts/${farmer.user.id}/unlock`, {})).status, 404);
    const sameOfficer = await loginAs(app, (await makeUser(h.db, 'officer', { collectiveId: hh.collectiveId })).user.username);
    assert.equal((await postForm(sameOfficer, `/households/${hh.id}/accounts/${staff.user.id}/unlock`, {})).status, 404);
    assert.equal((await postForm(sameOfficer, `/admin/users/${farmer.user.id}/unlock`, {})).status, 403);
    const bureau = await loginAs(app, (await makeUser(h.db, 'bureau', { regionCode: '440200' })).user.username);
    assert.equal((await postForm(bureau, `/households/${hh.id}/accounts/${farmer.user.id}/unlock`, {})).status, 403);
    assert.ok((await userRow(farmer.user.id)).lockedUntil);
    assert.ok((await userRow(staff.user.id)).lockedUntil);
    assert.equal((await trail(farmer.user.id, 'user.unlock')).length, 0);
  });

  it('when an admin lifts a lock from the accounts page, then the account logs in again and the trail names the admin', async () => {
    const { user } = await makeUser(h.db, 'officer', { collectiveId: (await makeCollective(h.db)).id });
    await lockOut(user.username);
    const admin = await makeUser(h.db, 'admin');
    const agent = await loginAs(app, admin.user.username);
    const list = await agent.get(`/admin/users?q=${user.username}`).expect(200);
    assert.ok(list.text.includes(`/admin/users/${user.id}/unlock`));
    assert.match(list.text, /已锁定至/);
    const res = await postForm(agent, `/admin/users/${user.id}/unlock`, {});
    assert.equal(res.status, 302);
    assert.equal((await trail(user.id, 'user.unlock'))[0].actorId, admin.user.id);
    assert.equal((await attempt(user.username, PASSWORD)).status, 302);
  });
});
