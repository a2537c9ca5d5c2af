import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { sessions, users } from '../../models/accounts';
import { checkPassword } from '../../server/accounts/passwords';
import { SESSION_HOURS } from '../../server/platform/auth/session-life';
import type { Handle } from '../../server/platform/db';
import { freshDb } from '../helpers/db';
import { makeUser, PASSWORD } from '../helpers/factories';
import { csrfFrom, loginAs, postForm, testApp, type Agent } from '../helpers/http';
import { testClock } from '../helpers/clock';

// Issue 13 (low): a password change, a reset or a deactivation ends the account's other
// sessions; every session ends SESSION_HOURS after its login, however busy it is kept.

const HOUR = 3600_000;

describe('Sessions end: password change, reset, deactivation, absolute lifetime', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  let admin: Agent;
  // The app's clock: time passes between a login and what ends it only when the test says so.
  const clock = testClock('2026-03-10T02:00:00Z');
  const later = () => clock.advance(60_000);
  before(async () => {
    h = await freshDb();
    app = testApp(h.db, {}, clock);
    admin = await loginAs(app, (await makeUser(h.db, 'admin')).user.username);
  });
  after(async () => {
    await h.close();
  });

  const rowsOf = (userId: string) => h.db.select().from(sessions).where(sql`${sessions.sess} -> 'passport' ->> 'user' = ${userId}`);
  const signedIn = async (agent: Agent) => (await agent.get('/account/password')).status === 200;
  /** The session ids of `userId`'s sessions made by `login` (the rows that were not there before). */
  async function loginNew(username: string, userId: string, password = PASSWORD) {
    const before = new Set((await rowsOf(userId)).map((r) => r.sid));
    const agent = await loginAs(app, username, password);
    const sid = (await rowsOf(userId)).map((r) => r.sid).find((s) => !before.has(s))!;
    return { agent, sid };
  }

  it("when a user changes the password, then the account's other sessions end (rows gone, pages ask for a login) and this one goes on", async () => {
    const { user } = await makeUser(h.db, 'bureau', { regionCode: '440205' });
    const { user: bystander } = await makeUser(h.db, 'bureau', { regionCode: '440205' });
    const here = await loginNew(user.username, user.id);
    const phone = await loginNew(user.username, user.id);
    const theirs = await loginAs(app, bystander.username);
    assert.ok(await signedIn(phone.agent));
    later();
    const form = await here.agent.get('/account/password').expect(200);
    const res = await here.agent
      .post('/account/password')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), current: PASSWORD, newPassword: 'Qiaotou8cun5lu', repeat: 'Qiaotou8cun5lu' });
    assert.equal(res.status, 302);
    assert.deepEqual(
      (await rowsOf(user.id)).map((r) => r.sid),
      [here.sid],
      "only the changing session's row is left",
    );
    const away = await phone.agent.get('/oversight');
    assert.equal(away.status, 302);
    assert.match(away.headers.location, /^\/login/);
    assert.ok(await signedIn(here.agent), 'the session that changed the password stays signed in');
    assert.equal((await here.agent.get('/oversight')).status, 200);
    assert.ok(await signedIn(theirs), "another account's session is untouched");
  });

  it("when a request in flight saves an ended session's row again, then that session stays ended", async () => {
    const { user } = await makeUser(h.db, 'bureau', { regionCode: '440205' });
    const here = await loginNew(user.username, user.id);
    const other = await loginNew(user.username, user.id);
    const [saved] = await h.db.select().from(sessions).where(eq(sessions.sid, other.sid));
    later();
    const form = await here.agent.get('/account/password').expect(200);
    await here.agent
      .post('/account/password')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), current: PASSWORD, newPassword: 'Qiaotou8cun5lu', repeat: 'Qiaotou8cun5lu' })
      .expect(302);
    // What express-session's store.set does at the end of a request that began before the change.
    await h.db
      .insert(sessions)
      .values(saved)
      .onConflictDoUpdate({ target: sessions.sid, set: { sess: saved.sess, expiresAt: saved.expiresAt } });
    const res = await other.agent.get('/oversight');
    assert.equal(res.status, 302);
    assert.match(res.headers.location, /^\/login/);
    assert.ok(await signedIn(here.agent));
  });

  it('when an admin resets a password, then every session of the account ends', async () => {
    const { user } = await makeUser(h.db, 'bureau', { regionCode: '440205' });
    const a = await loginNew(user.username, user.id);
    const b = await loginNew(user.username, user.id);
    later();
    const res = await postForm(admin, `/admin/users/${user.id}/password`, {});
    assert.equal(res.status, 200);
    assert.equal((await rowsOf(user.id)).length, 0);
    for (const s of [a, b]) assert.equal(await signedIn(s.agent), false);
    const [row] = await h.db.select().from(users).where(eq(users.id, user.id));
    assert.equal(row.mustChangePassword, true);
    assert.equal(await checkPassword(row.passwordHash, PASSWORD), false);
  });

  it('when an admin deactivates and then reactivates an account, then its old sessions do not come back', async () => {
    const { user } = await makeUser(h.db, 'bureau', { regionCode: '440205' });
    const s = await loginNew(user.username, user.id);
    const [saved] = await h.db.select().from(sessions).where(eq(sessions.sid, s.sid));
    later();
    assert.equal((await postForm(admin, `/admin/users/${user.id}/deactivate`, {})).status, 302);
    assert.equal((await rowsOf(user.id)).length, 0);
    await h.db
      .insert(sessions)
      .values(saved)
      .onConflictDoUpdate({ target: sessions.sid, set: { sess: saved.sess, expiresAt: saved.expiresAt } }); // even if the row were saved again meanwhile
    assert.equal((await postForm(admin, `/admin/users/${user.id}/reactivate`, {})).status, 302);
    assert.equal(await signedIn(s.agent), false, 'the old session is over');
    assert.ok(await signedIn(await loginAs(app, user.username)), 'a new login works');
  });

  it(`when a session is kept busy for more than ${SESSION_HOURS} hours after its login, then it ends; just before, it goes on`, async () => {
    const { user } = await makeUser(h.db, 'bureau', { regionCode: '440205' });
    const s = await loginNew(user.username, user.id);
    // Busy all along: a page every hour, so no idle timeout ends it, until 5 minutes before the limit.
    for (let n = 1; n < SESSION_HOURS; n++) {
      clock.advance(HOUR);
      assert.equal((await s.agent.get('/oversight')).status, 200, `${n} hours after the login`);
    }
    clock.advance(HOUR - 5 * 60_000);
    assert.equal((await s.agent.get('/oversight')).status, 200);
    clock.advance(6 * 60_000);
    const res = await s.agent.get('/oversight');
    assert.equal(res.status, 302);
    assert.match(res.headers.location, /^\/login\?next=%2Foversight/);
  });

  it('when a session has no login time (made before the lifetime rule), then it counts as ended', async () => {
    const { user } = await makeUser(h.db, 'bureau', { regionCode: '440205' });
    const s = await loginNew(user.username, user.id);
    await h.db
      .update(sessions)
      .set({ sess: sql`${sessions.sess} - 'loginAt' - 'validFrom'` })
      .where(eq(sessions.sid, s.sid));
    assert.equal(await signedIn(s.agent), false);
  });
});
