import assert from 'node:assert/strict';
import { and, count, eq } from 'drizzle-orm';
import request from 'supertest';
import { users } from '../../models/accounts';
import { auditLog } from '../../models/audit';
import { checkPassword, passwordAcceptable } from '../../server/accounts/passwords';
import type { Handle } from '../../server/platform/db';
import { freshDb } from '../helpers/db';
import { makeCollective, makeHousehold, makeUser, PASSWORD } from '../helpers/factories';
import { csrfFrom, loginAs, postForm, testApp, type Agent } from '../helpers/http';

/** The temporary password as the page shows it (once). */
const secretOf = (html: string) => /<p class="secret mono" id="secret">([^<]+)<\/p>/.exec(html)?.[1] ?? '';

describe('Admin: staff accounts (temporary passwords, first-login change, deactivation)', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  let admin: Agent;
  let adminId: string;
  before(async () => {
    h = await freshDb();
    app = testApp(h.db);
    const { user } = await makeUser(h.db, 'admin');
    adminId = user.id;
    admin = await loginAs(app, user.username);
  });
  after(async () => {
    await h.close();
  });
  const userCount = async () => (await h.db.select({ n: count() }).from(users))[0].n;
  async function firstLogin(username: string, password: string) {
    const agent = request.agent(app);
    const csrf = csrfFrom((await agent.get('/login')).text);
    const login = await agent.post('/login').type('form').send({ _csrf: csrf, username, password });
    return { agent, login };
  }
  const byName = async (username: string) => (await h.db.select().from(users).where(eq(users.username, username)))[0];

  it('when an admin creates an officer, then a strong temporary password is shown once, only its hash is stored and the trail records the account', async () => {
    const c = await makeCollective(h.db);
    const res = await postForm(admin, '/admin/users', {
      role: 'officer',
      username: 'officer.new-1',
      displayName: '新经办人',
      collectiveId: c.id,
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    const temp = secretOf(res.text);
    assert.ok(passwordAcceptable(temp) && temp.length >= 14, 'the temporary password passes the password rules');
    const u = await byName('officer.new-1');
    assert.deepEqual([u.role, u.collectiveId, u.mustChangePassword, u.active], ['officer', c.id, true, true]);
    assert.ok(!u.passwordHash.includes(temp) && (await checkPassword(u.passwordHash, temp)));
    const [a] = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'user.create'), eq(auditLog.entityId, u.id)));
    assert.equal((a.after as { username: string }).username, 'officer.new-1');
    assert.ok(!JSON.stringify(a.after).includes('argon2') && !JSON.stringify(a.after).includes(temp), 'no password or hash in the trail');
    const list = await admin.get('/admin/users?role=officer').expect(200);
    assert.ok(list.text.includes('officer.new-1') && !list.text.includes(temp), 'the list never shows the password');
  });

  it('when a new officer logs in, then they must change the temporary password before any other page', async () => {
    const c = await makeCollective(h.db);
    const created = await postForm(admin, '/admin/users', {
      role: 'officer',
      username: 'first_login',
      displayName: '首登',
      collectiveId: c.id,
    });
    const temp = secretOf(created.text);
    const { agent, login } = await firstLogin('first_login', temp);
    assert.equal(login.status, 302);
    assert.equal(login.headers.location, '/account/password');
    for (const url of ['/', '/households', '/households/new']) {
      const res = await agent.get(url);
      assert.equal(res.status, 302, url);
      assert.equal(res.headers.location, '/account/password', url);
    }
    const form = await agent.get('/account/password').expect(200);
    assert.match(form.text, /首次登录须先设置新密码/);
    const changed = await agent
      .post('/account/password')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), current: temp, newPassword: 'Mountain7river3', repeat: 'Mountain7river3' });
    assert.equal(changed.status, 302);
    assert.equal((await byName('first_login')).mustChangePassword, false);
    await agent.get('/households').expect(200);
  });

  it('when the username is taken (in any letter case) or malformed, then the account is refused with the reason and nothing is written', async () => {
    const { user } = await makeUser(h.db, 'bureau', { regionCode: '440205' });
    const before = await userCount();
    for (const username of [user.username, user.username.toUpperCase()]) {
      const res = await postForm(admin, '/admin/users', { role: 'bureau', username, displayName: '重复', regionCode: '440205' });
      assert.equal(res.status, 422, username);
      assert.match(res.text, /该用户名已被使用/);
      assert.match(res.text, /value="重复"/);
    }
    for (const username of ['ab', 'has space', '中文名', 'x'.repeat(65), 'semi;colon']) {
      const res = await postForm(admin, '/admin/users', { role: 'admin', username, displayName: '格式' });
      assert.equal(res.status, 422, username);
      assert.match(res.text, /用户名只能包含字母、数字、点、下划线和连字符，3 到 64 位/);
    }
    assert.equal(await userCount(), before);
  });

  it('when a bureau account lacks a city or county region, or an officer account lacks a collective, then it is refused', async () => {
    const before = await userCount();
    const town = await postForm(admin, '/admin/users', {
      role: 'bureau',
      username: 'bureau_town',
      displayName: '镇',
      regionCode: '440205100',
    });
    assert.equal(town.status, 422);
    assert.match(town.text, /农业农村局账户须选择市或县（区、市）级区划/);
    const none = await postForm(admin, '/admin/users', { role: 'bureau', username: 'bureau_none', displayName: '无', regionCode: '' });
    assert.equal(none.status, 422);
    const officer = await postForm(admin, '/admin/users', {
      role: 'officer',
      username: 'officer_none',
      displayName: '无',
      collectiveId: '00000000-0000-4000-8000-000000000000',
    });
    assert.equal(officer.status, 422);
    assert.match(officer.text, /经办人账户须选择一个已登记的集体经济组织/);
    const farmer = await postForm(admin, '/admin/users', { role: 'farmer', username: 'farmer_admin', displayName: '农户' });
    assert.equal(farmer.status, 422, 'farmer accounts are opened by officers, per household');
    assert.equal(await userCount(), before);
    const city = await postForm(admin, '/admin/users', {
      role: 'bureau',
      username: 'bureau_city2',
      displayName: '市局',
      regionCode: '440200',
    });
    assert.equal(city.status, 200);
    assert.equal((await byName('bureau_city2')).regionCode, '440200');
  });

  it('when the list is filtered by role, then only accounts of that role are shown', async () => {
    const { user: b } = await makeUser(h.db, 'bureau', { regionCode: '440203' });
    const c = await makeCollective(h.db);
    const { user: o } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    const bureau = await admin.get('/admin/users?role=bureau').expect(200);
    assert.ok(bureau.text.includes(b.username) && !bureau.text.includes(o.username));
    assert.match(bureau.text, /<option value="bureau" selected>/, 'the filter shows the role chosen');
    assert.equal((bureau.text.match(/<option value="[a-z]+" selected>/g) ?? []).length, 1);
    const search = await admin.get(`/admin/users?q=${encodeURIComponent(o.username)}`).expect(200);
    assert.ok(search.text.includes(o.username) && !search.text.includes(b.username));
  });

  it('when an account is deactivated, then its open session ends, it cannot log in, and reactivation restores it; both are in the trail', async () => {
    const { user } = await makeUser(h.db, 'bureau', { regionCode: '440205' });
    const agent = await loginAs(app, user.username);
    await agent.get('/households').expect(200);
    const off = await postForm(admin, `/admin/users/${user.id}/deactivate`, { reason: '调离岗位' });
    assert.equal(off.status, 302);
    assert.equal((await byName(user.username)).active, false);
    const after = await agent.get('/households');
    assert.equal(after.status, 302);
    assert.match(after.headers.location, /^\/login/);
    await assert.rejects(loginAs(app, user.username), /login failed/);
    const [a] = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'user.deactivate'), eq(auditLog.entityId, user.id)));
    assert.equal(a.reason, '调离岗位');
    assert.deepEqual([a.before, a.after], [{ active: true }, { active: false, tokensRevoked: 0 }]);
    assert.equal((await postForm(admin, `/admin/users/${user.id}/reactivate`, {})).status, 302);
    await loginAs(app, user.username, PASSWORD);
    assert.equal(
      (
        await h.db
          .select({ n: count() })
          .from(auditLog)
          .where(and(eq(auditLog.action, 'user.reactivate'), eq(auditLog.entityId, user.id)))
      )[0].n,
      1,
    );
  });

  it('when an admin tries to deactivate their own account, then it is refused and the account stays active', async () => {
    const res = await postForm(admin, `/admin/users/${adminId}/deactivate`, {});
    assert.equal(res.status, 422);
    assert.match(res.text, /不能停用自己正在使用的账户/);
    assert.equal((await h.db.select().from(users).where(eq(users.id, adminId)))[0].active, true);
  });

  it('when an admin resets a password, then the old one stops working, the new one is shown once and must be changed at login', async () => {
    const { user } = await makeUser(h.db, 'bureau', { regionCode: '440205' });
    const res = await postForm(admin, `/admin/users/${user.id}/password`, {});
    assert.equal(res.status, 200);
    const temp = secretOf(res.text);
    assert.ok(passwordAcceptable(temp));
    await assert.rejects(loginAs(app, user.username, PASSWORD), /login failed/);
    const { login } = await firstLogin(user.username, temp);
    assert.equal(login.headers.location, '/account/password');
    const row = await byName(user.username);
    assert.equal(row.mustChangePassword, true);
    const [a] = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'user.password_reset'), eq(auditLog.entityId, user.id)));
    assert.ok(a && !JSON.stringify(a).includes(temp));
    assert.equal((await postForm(admin, '/admin/users/00000000-0000-4000-8000-000000000000/password', {})).status, 404);
  });

  it('when the list shows a farmer account, then a sealed slip is offered for it while it is active; never for staff accounts', async () => {
    const c = await makeCollective(h.db);
    const { user: o, actor } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    const hh = await makeHousehold(h.db, actor, c);
    const { user: f } = await makeUser(h.db, 'farmer', { householdId: hh.id });
    const slip = (id: string) => `action="/admin/users/${id}/activation-slip"`;
    const active = await admin.get(`/admin/users?role=farmer&q=${f.username}`).expect(200);
    assert.ok(active.text.includes(slip(f.id)));
    const officer = await admin.get(`/admin/users?role=officer&q=${o.username}`).expect(200);
    assert.ok(officer.text.includes(o.username) && !officer.text.includes(slip(o.id)), 'not for an officer');
    assert.equal((await postForm(admin, `/admin/users/${f.id}/deactivate`, { reason: '迁出' })).status, 302);
    const inactive = await admin.get(`/admin/users?role=farmer&q=${f.username}`).expect(200);
    assert.ok(inactive.text.includes(f.username) && !inactive.text.includes(slip(f.id)), 'not once deactivated');
  });
});
