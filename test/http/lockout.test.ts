import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { loginFailures } from '../../models/accounts';
import { auditLog } from '../../models/audit';
import { ACCOUNT_CAP_S, ADDRESS_FREE, PAIR_CAP_S, PAIR_FREE, purgeLoginFailures } from '../../server/platform/auth/login-throttle';
import type { Handle } from '../../server/platform/db';
import { testClock } from '../helpers/clock';
import { freshDb } from '../helpers/db';
import { makeCollective, makeHousehold, makeUser, PASSWORD, VILLAGE_B } from '../helpers/factories';
import { csrfFrom, loginAs, postForm, testApp } from '../helpers/http';
import { farmerOf } from '../helpers/market';

// Wrong passwords never lock an account (server/platform/auth/login-throttle.ts): their *source* waits,
// 1 s, 2 s, 4 s … up to 15 minutes; other sources wait a little at most; an address that tries
// many names waits before each new one, browsers that logged in before excepted. An admin, or the
// officer of a farmer's collective, clears every delay of an account. Every failure and clearing
// is in the trail, and an attack gets its own entry. The clock is set, never waited for.

const T0 = new Date('2026-03-10T02:00:00Z'); // 10:00:00 in Shanghai
const ATTACKER = '198.51.100.66';

describe('Login delays instead of a lock-out (an attacker cannot keep the owner out; no user enumeration)', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  let clock: Date,
    start: Date,
    day = 0;
  const appClock = testClock(T0);
  const move = (to: Date) => {
    clock = to;
    appClock.set(clock);
  };
  before(async () => {
    h = await freshDb();
    app = testApp(h.db, {}, appClock);
  });
  after(async () => {
    await h.close();
  });
  // Each test starts at 10:00:00 in Shanghai on a day of its own, so the clock only moves forward.
  beforeEach(() => {
    start = new Date(T0.getTime() + day++ * 24 * 3600_000);
    move(start);
  });

  async function attempt(username: string, password: string, from = ATTACKER, agent = request.agent(app)) {
    const page = await agent.get('/login');
    return agent
      .post('/login')
      .set('X-Forwarded-For', from)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username, password });
  }
  const logout = async (agent: ReturnType<typeof request.agent>) =>
    agent
      .post('/logout')
      .type('form')
      .send({ _csrf: csrfFrom((await agent.get('/account/password')).text) });
  const message = (html: string) => /<p class="flash err" role="alert">([^<]*)<\/p>/.exec(html)?.[1];
  const trail = async (id: string, action: string) =>
    h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, id), eq(auditLog.action, action)))
      .orderBy(auditLog.seq);
  const counters = async (name: string) => h.db.select().from(loginFailures).where(eq(loginFailures.name, name.toLowerCase()));
  const waitOf = async (name: string, source: string) =>
    (await counters(name)).find((r) => r.kind === 'pair' && r.source === source)?.waitUntil ?? null;
  /** `n` wrong passwords that are actually checked, stepping the clock over each wait. */
  async function fail(username: string, n: number, from = ATTACKER) {
    for (let checked = 0, tries = 0; checked < n; tries++) {
      assert.ok(tries < 3 * n, 'an attempt is checked once its wait is over');
      const res = await attempt(username, `wrong-guess-${tries}`, from);
      if (res.status === 401) {
        checked++;
        continue;
      }
      assert.equal(res.status, 429);
      const until = await waitOf(username, `ip:${from}`);
      assert.ok(until && until > clock, 'a refused attempt has a wait to sit out');
      move(until);
    }
  }
  async function farmerWorld() {
    const c = await makeCollective(h.db);
    const officer = await makeUser(h.db, 'officer', { collectiveId: c.id });
    const hh = await makeHousehold(h.db, officer.actor, c);
    return { c, officer, hh, farmer: await farmerOf(h.db, hh) };
  }

  it("when an attacker sends 50 wrong passwords from one address, then the owner logs in at once from another, and the trail shows each failure and the attack to the region's bureau", async () => {
    const c = await makeCollective(h.db);
    const { user } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    await fail(user.username, 50);
    assert.equal((await attempt(user.username, PASSWORD, '203.0.113.7')).status, 302);
    const failed = await trail(user.id, 'auth.login_failed');
    assert.equal(failed.length, 50);
    assert.deepEqual(failed[0].after, { cause: 'password', from: `ip:${ATTACKER}` });
    const attacks = await trail(user.id, 'auth.attack');
    assert.deepEqual(
      attacks.map((a) => (a.after as { failures: number }).failures),
      [20, 40],
      'one entry at 20 failures, one at each doubling',
    );
    assert.equal(attacks[0].regionCode, c.regionCode, 'placed where the bureau of the region sees it');
    assert.equal((await trail(user.id, 'auth.login')).length, 1);
  });

  it('when one source keeps failing, then it waits 1 s, 2 s, 4 s … up to 15 minutes, the page says until when, and an unknown name behaves exactly alike', async () => {
    const { user } = await makeUser(h.db, 'bureau', { regionCode: '440200' });
    const waits: number[] = [];
    for (let i = 0; i < 16; i++) {
      const known = await attempt(user.username, `wrong-${i}`);
      const unknown = await attempt('officer_nobody_here', `wrong-${i}`);
      assert.equal(known.status, 401);
      assert.equal(message(known.text), message(unknown.text), 'a wrong password and an unknown name read alike');
      const until = await waitOf(user.username, `ip:${ATTACKER}`);
      assert.deepEqual(until, await waitOf('officer_nobody_here', `ip:${ATTACKER}`), 'and wait alike');
      waits.push(until ? (until.getTime() - clock.getTime()) / 1000 : 0);
      if (!until) continue;
      move(new Date(until.getTime() - 1000));
      const early = await attempt(user.username, PASSWORD);
      assert.equal(early.status, 429, 'even the right password waits: nothing is checked before the time');
      assert.equal(early.headers['retry-after'], '1');
      assert.equal(message(early.text), message((await attempt('officer_nobody_here', PASSWORD)).text));
      move(until);
    }
    assert.equal(PAIR_FREE, 3);
    assert.deepEqual(waits, [0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, PAIR_CAP_S, PAIR_CAP_S, PAIR_CAP_S, PAIR_CAP_S]);
    // The third failure, at 10:00:00 in Shanghai: the next try from here after 10:00:01.
    move(start);
    const other = (await makeUser(h.db, 'bureau', { regionCode: '440200' })).user.username;
    for (let i = 0; i < 2; i++) assert.match((await attempt(other, 'nope-nope-1')).text, /用户名或密码不正确。多次输错后/);
    assert.match((await attempt(other, 'nope-nope-1')).text, /用户名或密码不正确。请于 10:00:01（北京时间）之后再试。/);
    assert.match((await attempt(other, PASSWORD)).text, /登录尝试过于频繁，请于 10:00:01（北京时间）之后再试。/);
    move(new Date(start.getTime() + 1000));
    assert.equal((await attempt(other, PASSWORD)).status, 302, 'the wait over, the right password works');
  });

  it('when 30 wrong passwords for one account come from a shared address (carrier NAT), then another user behind that address logs in at once', async () => {
    const nat = '100.64.0.9';
    const victim = (await makeUser(h.db, 'admin')).user;
    const neighbour = (await makeUser(h.db, 'bureau', { regionCode: '440200' })).user;
    await fail(victim.username, 30, nat);
    assert.equal((await attempt(neighbour.username, PASSWORD, nat)).status, 302);
    assert.equal((await attempt(victim.username, PASSWORD, nat)).status, 429, 'the attacked account waits there, and only it');
  });

  it('when failures come from many addresses, then the owner is slowed only mildly: after a mistake of their own, at most 30 s', async () => {
    const { user } = await makeUser(h.db, 'admin');
    for (let a = 1; a <= 12; a++) await fail(user.username, 3, `192.0.2.${a}`);
    move(new Date(clock.getTime() + 60_000));
    const home = '203.0.113.50';
    assert.equal((await attempt(user.username, 'typo-typo-1', home)).status, 401);
    assert.equal(((await waitOf(user.username, `ip:${home}`))!.getTime() - clock.getTime()) / 1000, ACCOUNT_CAP_S);
    move(new Date(clock.getTime() + ACCOUNT_CAP_S * 1000));
    assert.equal((await attempt(user.username, PASSWORD, home)).status, 302);
  });

  it("when the owner shares the attacker's address but their browser has logged in before, then the attacker's failures do not hold them up", async () => {
    const shared = '100.64.7.7';
    const { user } = await makeUser(h.db, 'admin');
    const phone = request.agent(app);
    assert.equal((await attempt(user.username, PASSWORD, shared, phone)).status, 302);
    await logout(phone);
    await fail(user.username, 12, shared);
    assert.equal((await attempt(user.username, PASSWORD, shared)).status, 429, 'a new browser at that address waits');
    assert.equal((await attempt(user.username, PASSWORD, shared, phone)).status, 302, "the owner's phone does not");
  });

  it('when one address tries many names (credential stuffing), then it waits before each new name, a browser that logged in before is not held up, and the admin sees it in the trail', async () => {
    const office = '100.64.20.20';
    const regular = (await makeUser(h.db, 'bureau', { regionCode: '440200' })).user;
    const newcomer = (await makeUser(h.db, 'bureau', { regionCode: '440200' })).user;
    const phone = request.agent(app);
    assert.equal((await attempt(regular.username, PASSWORD, office, phone)).status, 302);
    await logout(phone);
    for (let i = 0; i < ADDRESS_FREE; i++) assert.equal((await attempt(`stuffed_${i}`, 'Leaked-2024', office)).status, 401);
    const held = await attempt('stuffed_next', 'Leaked-2024', office);
    assert.equal(held.status, 429, 'a new name from that address waits');
    assert.equal((await attempt(newcomer.username, PASSWORD, office)).status, 429, 'so does a newcomer there, for a moment');
    assert.equal((await attempt(regular.username, PASSWORD, office, phone)).status, 302, 'a known browser does not');
    move(new Date(clock.getTime() + 1000));
    assert.equal((await attempt(newcomer.username, PASSWORD, office)).status, 302, 'after the wait, the right password works');
    const [entry] = await trail(`ip:${office}`, 'auth.stuffing');
    assert.deepEqual(entry.after, { names: ADDRESS_FREE });
  });

  it('when a burst of parallel wrong passwords comes from one address, then only the free attempts are checked', async () => {
    const { user } = await makeUser(h.db, 'admin');
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => attempt(user.username, `burst-${i}`, '198.51.100.99')));
    assert.equal(answers.filter((r) => r.status === 401).length, PAIR_FREE);
    assert.equal(answers.filter((r) => r.status === 429).length, 12 - PAIR_FREE);
    assert.equal((await trail(user.id, 'auth.login_failed')).length, PAIR_FREE);
  });

  it("when the officer of the farmer's collective clears the delays from the household page, then the right password works at once from every source, and the trail names the officer", async () => {
    const { officer, hh, farmer } = await farmerWorld();
    await fail(farmer.user.username, 8, '198.51.100.1');
    await fail(farmer.user.username, 8, '198.51.100.2');
    assert.equal((await attempt(farmer.user.username, PASSWORD, '198.51.100.2')).status, 429);
    const agent = await loginAs(app, officer.user.username);
    const page = await agent.get(`/households/${hh.id}`).expect(200);
    assert.match(page.text, /最近登录失败 16 次/);
    const res = await postForm(agent, `/households/${hh.id}/accounts/${farmer.user.id}/unlock`, {});
    assert.equal(res.headers.location, `/households/${hh.id}#accounts`);
    assert.deepEqual(await counters(farmer.user.username), []);
    const [entry] = await trail(farmer.user.id, 'user.unlock');
    assert.equal(entry.actorId, officer.user.id);
    assert.deepEqual(entry.before, { sources: 2, failures: 16 });
    assert.equal((await attempt(farmer.user.username, PASSWORD, '198.51.100.2')).status, 302, 'no wait left, at the same moment');
  });

  it("when another collective's officer, the bureau, or an officer for a staff account tries to clear delays, then it is refused and they stay (rule 12)", async () => {
    const { hh, farmer } = await farmerWorld();
    const staff = await makeUser(h.db, 'bureau', { regionCode: '440200' });
    await fail(farmer.user.username, 4);
    await fail(staff.user.username, 4);
    const other = await makeCollective(h.db, { regionCode: VILLAGE_B });
    const outsider = await loginAs(app, (await makeUser(h.db, 'officer', { collectiveId: other.id })).user.username);
    assert.equal((await postForm(outsider, `/households/${hh.id}/accounts/${farmer.user.id}/unlock`, {})).status, 404);
    const sameOfficer = await loginAs(app, (await makeUser(h.db, 'officer', { collectiveId: hh.collectiveId })).user.username);
    assert.equal((await postForm(sameOfficer, `/households/${hh.id}/accounts/${staff.user.id}/unlock`, {})).status, 404);
    assert.equal((await postForm(sameOfficer, `/admin/users/${farmer.user.id}/unlock`, {})).status, 403);
    const bureau = await loginAs(app, (await makeUser(h.db, 'bureau', { regionCode: '440200' })).user.username);
    assert.equal((await postForm(bureau, `/households/${hh.id}/accounts/${farmer.user.id}/unlock`, {})).status, 403);
    assert.equal((await counters(farmer.user.username)).length, 2);
    assert.equal((await counters(staff.user.username)).length, 2);
    assert.equal((await trail(farmer.user.id, 'user.unlock')).length, 0);
  });

  it("when an admin clears an account's delays from the accounts page, then it logs in again at once and the trail names the admin", async () => {
    const { user } = await makeUser(h.db, 'officer', { collectiveId: (await makeCollective(h.db)).id });
    await fail(user.username, 6);
    const admin = (await makeUser(h.db, 'admin')).user;
    const agent = await loginAs(app, admin.username);
    const list = await agent.get(`/admin/users?q=${user.username}`).expect(200);
    assert.ok(list.text.includes(`/admin/users/${user.id}/unlock`));
    assert.match(list.text, /最近登录失败 6 次 · 有来源须等待至 \d{4}-\d{2}-\d{2} 10:00/);
    assert.equal((await postForm(agent, `/admin/users/${user.id}/unlock`, {})).status, 302);
    assert.equal((await trail(user.id, 'user.unlock'))[0].actorId, admin.id);
    assert.equal((await attempt(user.username, PASSWORD)).status, 302);
    assert.ok(
      !(await agent.get(`/admin/users?q=${user.username}`)).text.includes(`/admin/users/${user.id}/unlock`),
      'nothing left to clear',
    );
  });

  it('when counters have been quiet past their period, then the hourly purge removes them and keeps the rest', async () => {
    const { user } = await makeUser(h.db, 'admin');
    await fail(user.username, 4, '198.51.100.123');
    await attempt('made_up_name', 'x-x-x-x-1', '198.51.100.124');
    move(new Date(clock.getTime() + 2 * 3600_000));
    await attempt(user.username, 'still-wrong-1', '198.51.100.125');
    await purgeLoginFailures(h.db, clock);
    const left = (await counters(user.username)).map((c) => `${c.kind} ${c.source}`).sort();
    assert.deepEqual(
      left,
      ['account ', 'pair ip:198.51.100.123', 'pair ip:198.51.100.125'],
      'a source keeps its count for a day, the account an hour',
    );
    assert.deepEqual(
      (await counters('made_up_name')).map((c) => c.kind),
      ['pair'],
      'a made-up name two hours quiet: its count for the source only',
    );
    move(new Date(clock.getTime() + 25 * 3600_000));
    await purgeLoginFailures(h.db, clock);
    assert.deepEqual([...(await counters(user.username)), ...(await counters('made_up_name'))], [], 'a day later, nothing');
  });
});
