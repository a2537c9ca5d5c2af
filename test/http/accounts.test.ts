import { now } from '../../server/kernel/clock';
import assert from 'node:assert/strict';
import { and, count, eq } from 'drizzle-orm';
import request from 'supertest';
import { users } from '../../models/accounts';
import { auditLog } from '../../models/audit';
import { members } from '../../models/households';
import type { Handle } from '../../server/platform/db';
import { accountCandidates, createFarmerAccount } from '../../server/accounts/farmer-accounts';
import { addMember } from '../../server/registry/households';
import { freshDb } from '../helpers/db';
import { idNumber, makeCollective, makeHousehold, makeUser, VILLAGE_B } from '../helpers/factories';
import { loginAs, postForm, testApp, type Agent } from '../helpers/http';

const secretOf = (html: string) => /<p class="secret mono" id="secret">([^<]+)<\/p>/.exec(html)?.[1] ?? '';

// Rules 2 and 12: a farmer account belongs to one adult member of one household, and only
// the officer of that household's collective opens it.
describe('Officers open farmer accounts for adult household members', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  before(async () => {
    h = await freshDb();
    app = testApp(h.db);
  });
  after(async () => {
    await h.close();
  });

  async function setup() {
    const c = await makeCollective(h.db);
    const { user, actor } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    const hh = await makeHousehold(h.db, actor, c);
    const list = await h.db.select().from(members).where(eq(members.householdId, hh.id));
    return {
      c,
      actor,
      hh,
      head: list.find((m) => m.relation === 'head')!,
      spouse: list.find((m) => m.relation === 'spouse')!,
      agent: await loginAs(app, user.username),
    };
  }
  const userCount = async () => (await h.db.select({ n: count() }).from(users))[0].n;

  it('when an officer opens an account for an adult member, then it is a farmer account of that member, waiting for the farmer to activate it, and in the trail', async () => {
    const { hh, head, agent } = await setup();
    const form = await agent.get(`/households/${hh.id}/accounts/new`).expect(200);
    assert.ok(form.text.includes(head.name) && form.text.includes(`value="${head.id}"`));
    assert.match(form.text, /系统不会生成、也不会显示任何密码/);
    const res = await postForm(agent, `/households/${hh.id}/accounts/new`, {
      memberId: head.id,
      username: `farmer_${hh.code}`,
      phone: '13800990011',
    });
    assert.equal(res.status, 303);
    assert.ok(!secretOf(res.text), 'no temporary password is shown (rule 2: activation, test/http/farmer-activation.test.ts)');
    const [u] = await h.db
      .select()
      .from(users)
      .where(eq(users.username, `farmer_${hh.code}`));
    assert.deepEqual([u.role, u.householdId, u.memberId, u.displayName, u.awaitingActivation], ['farmer', hh.id, head.id, head.name, true]);
    const [a] = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'user.create'), eq(auditLog.entityId, u.id)));
    assert.deepEqual([a.householdId, a.collectiveId], [hh.id, hh.collectiveId]);
    const page = await agent.get(`/households/${hh.id}`).expect(200);
    assert.ok(page.text.includes(`farmer_${hh.code}`), 'the household page lists the account');
    assert.ok(page.text.includes(`/households/${hh.id}/accounts/${u.id}`) && page.text.includes('待激活'));
  });

  it('when the member already has an account, is under 18, or belongs to another household, then no account is opened', async () => {
    const { hh, head, actor, agent } = await setup();
    assert.equal(
      (await postForm(agent, `/households/${hh.id}/accounts/new`, { memberId: head.id, username: `first_${hh.code}` })).status,
      303,
    );
    const child = await addMember(h.db, actor, hh.id, { name: '小孩', idNumber: idNumber('2015-06-01', 'F'), relation: 'child' }, now());
    const other = await setup();
    const before = await userCount();
    const again = await postForm(agent, `/households/${hh.id}/accounts/new`, { memberId: head.id, username: `second_${hh.code}` });
    assert.equal(again.status, 422);
    assert.ok(again.text.includes(`该成员已有账户（first_${hh.code}），每人最多一个账户`));
    assert.ok(again.text.includes(`value="second_${hh.code}"`), 'the typed username is kept');
    const minor = await postForm(agent, `/households/${hh.id}/accounts/new`, { memberId: child.id, username: `child_${hh.code}` });
    assert.equal(minor.status, 422);
    assert.match(minor.text, /只能为年满 18 周岁的成员开设账户/);
    const foreign = await postForm(agent, `/households/${hh.id}/accounts/new`, { memberId: other.head.id, username: `foreign_${hh.code}` });
    assert.equal(foreign.status, 422);
    assert.match(foreign.text, /请从列表中选择/);
    assert.equal(await userCount(), before);
    const form = await agent.get(`/households/${hh.id}/accounts/new`).expect(200);
    assert.match(form.text, /小孩：未满 18 周岁/);
    assert.ok(form.text.includes(`${head.name}：已有账户`));
    assert.ok(!form.text.includes(`value="${head.id}"`), 'members who cannot get one are not offered');
  });

  it('when the username is taken, then the account is refused with the reason and nothing is written', async () => {
    const { hh, spouse, agent } = await setup();
    const { user: staff } = await makeUser(h.db, 'admin');
    const before = await userCount();
    const res = await postForm(agent, `/households/${hh.id}/accounts/new`, { memberId: spouse.id, username: staff.username });
    assert.equal(res.status, 422);
    assert.match(res.text, /该用户名已被使用/);
    const bad = await postForm(agent, `/households/${hh.id}/accounts/new`, { memberId: spouse.id, username: 'a b' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /用户名只能包含字母、数字、点、下划线和连字符/);
    assert.equal(await userCount(), before);
  });

  it("when an officer asks for another collective's household, then it answers 404 and nothing is written", async () => {
    const mine = await setup();
    const c2 = await makeCollective(h.db, { regionCode: VILLAGE_B });
    const { actor: officer2 } = await makeUser(h.db, 'officer', { collectiveId: c2.id });
    const theirs = await makeHousehold(h.db, officer2, c2);
    const [theirHead] = await h.db
      .select()
      .from(members)
      .where(and(eq(members.householdId, theirs.id), eq(members.relation, 'head')));
    const before = await userCount();
    await mine.agent.get(`/households/${theirs.id}/accounts/new`).expect(404);
    const res = await postForm(mine.agent, `/households/${theirs.id}/accounts/new`, {
      memberId: theirHead.id,
      username: 'cross_collective',
    });
    assert.equal(res.status, 404);
    await mine.agent.get('/households/not-a-uuid/accounts/new').expect(404);
    assert.equal(await userCount(), before);
  });

  it('when a bureau, admin, farmer or anonymous visitor asks for the form, then it is refused (403, or the login form)', async () => {
    const { hh, head } = await setup();
    const before = await userCount();
    const others: Agent[] = [
      await loginAs(app, (await makeUser(h.db, 'bureau', { regionCode: '440200' })).user.username),
      await loginAs(app, (await makeUser(h.db, 'admin')).user.username),
      await loginAs(app, (await makeUser(h.db, 'farmer', { householdId: hh.id, memberId: head.id })).user.username),
    ];
    for (const agent of others) {
      await agent.get(`/households/${hh.id}/accounts/new`).expect(403);
      assert.equal(
        (await postForm(agent, `/households/${hh.id}/accounts/new`, { memberId: head.id, username: 'not_allowed' })).status,
        403,
      );
    }
    const anon = await request(app).get(`/households/${hh.id}/accounts/new`).expect(302);
    assert.match(anon.headers.location, /^\/login/);
    assert.equal(await userCount(), before + 3);
  });

  it('when a member turns 18 today in Beijing, then at 01:30 there (still yesterday in UTC) the account is opened; at 23:59 the evening before, not (rule 2)', async () => {
    const c = await makeCollective(h.db);
    const { actor } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    const hh = await makeHousehold(h.db, actor, c, {
      members: [
        { name: '测试户主', idNumber: idNumber(), relation: 'head' },
        { name: '满十八', idNumber: idNumber('2008-03-10', 'F'), relation: 'child' },
      ],
    });
    const [member] = await h.db
      .select()
      .from(members)
      .where(and(eq(members.householdId, hh.id), eq(members.name, '满十八')));
    const eve = new Date('2026-03-09T15:59:00Z'); // 23:59 on 9 March in Beijing
    const night = new Date('2026-03-09T17:30:00Z'); // 01:30 on 10 March in Beijing, 9 March in UTC
    const offered = async (at: Date) => (await accountCandidates(h.db, actor, hh.id, at)).members.find((m) => m.id === member.id)!;
    assert.deepEqual([(await offered(eve)).age, (await offered(eve)).reason], [17, 'minor']);
    await assert.rejects(
      createFarmerAccount(h.db, actor, hh.id, { memberId: member.id, username: `eve_${hh.code}`, phone: null }, eve),
      (e: { fields?: Record<string, { code: string }> }) => e.fields?.memberId?.code === 'accountMinor',
    );
    assert.deepEqual([(await offered(night)).age, (await offered(night)).eligible], [18, true]);
    const { user } = await createFarmerAccount(
      h.db,
      actor,
      hh.id,
      { memberId: member.id, username: `night_${hh.code}`, phone: null },
      night,
    );
    assert.deepEqual([user.memberId, user.role, user.createdAt.toISOString()], [member.id, 'farmer', night.toISOString()]);
    assert.equal(
      (
        await h.db
          .select()
          .from(users)
          .where(eq(users.username, `eve_${hh.code}`))
      ).length,
      0,
    );
  });
});
