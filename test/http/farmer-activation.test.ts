import assert from 'node:assert/strict';
import { and, eq, inArray } from 'drizzle-orm';
import { activationCodes } from '../../models/activation';
import { users } from '../../models/accounts';
import { auditLog } from '../../models/audit';
import { members } from '../../models/households';
import { outbox } from '../../models/outbox';
import { checkPassword } from '../../server/accounts/passwords';
import type { Handle } from '../../server/platform/db';
import { MAX_CODE_ATTEMPTS, SMS_HOURS } from '../../server/accounts/activation-codes';
import { testClock } from '../helpers/clock';
import { freshDb } from '../helpers/db';
import { makeCollective, makeHousehold, makeUser } from '../helpers/factories';
import { loginAs, postForm, testApp } from '../helpers/http';
import { activateForm, codeIn, deliver } from '../helpers/activation';

// Rule 2 (voluntary): the officer who opens a farmer's account must not be able to act as the
// farmer. The officer never sees a password or a code: the code goes by SMS to the member's
// own phone (queued, sent by the outbox sender) and the farmer sets the password at /activate.

const PASSWORD = 'Longgang2027cun';
let phoneSeq = 0;
const newPhone = () => `139${String(10_000_000 + ++phoneSeq * 7919).slice(-8)}`;
const masked = (p: string) => `${p.slice(0, 3)}****${p.slice(-4)}`;

describe("Farmer accounts are activated by the farmer, out of the officer's sight (rule 2)", function () {
  this.timeout(60_000);
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  // The app's clock: codes expire when the test moves it, not by rows written back.
  const clock = testClock('2026-03-10T02:00:00Z');
  before(async () => {
    h = await freshDb();
    app = testApp(h.db, {}, clock);
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
      officer: await loginAs(app, user.username),
    };
  }
  const accountOf = async (username: string) => (await h.db.select().from(users).where(eq(users.username, username)))[0];

  it("when an officer opens an account with the member's phone, then no page shows a password or code, the code goes by SMS to that phone, and only its hash is kept", async () => {
    const { hh, head, officer } = await setup();
    const phone = newPhone();
    const seen: string[] = [];
    const res = await postForm(officer, `/households/${hh.id}/accounts/new`, {
      memberId: head.id,
      username: `farmer_${hh.code}`,
      phone: `+86 ${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`,
    });
    seen.push(res.text);
    assert.equal(res.status, 303, 'the officer is sent to the account slip, not shown a secret');
    const u = await accountOf(`farmer_${hh.code}`);
    assert.deepEqual([u.role, u.householdId, u.memberId, u.phone, u.awaitingActivation], ['farmer', hh.id, head.id, phone, true]);
    assert.equal(res.headers.location, `/households/${hh.id}/accounts/${u.id}`);
    const slip = await officer.get(res.headers.location).expect(200);
    seen.push(slip.text, (await officer.get(`/households/${hh.id}`)).text);
    assert.ok(slip.text.includes(`激活码已用短信发到 ${masked(phone)}`), 'the slip says where the code went');
    assert.ok(slip.text.includes(`farmer_${hh.code}`) && slip.text.includes('/activate') && slip.text.includes('/login'));
    assert.ok(!slip.text.includes(phone), 'the slip shows the number masked');
    assert.ok(!/class="secret/.test(slip.text), 'no secret block');

    // Nothing has been sent yet: the action did not wait for a provider.
    const [queued] = await h.db.select().from(outbox).where(eq(outbox.userId, u.id));
    assert.equal(queued.status, 'pending');
    assert.equal(queued.recipient, phone);
    const sms = (await deliver(h.db, clock.now())).filter((m) => m.userId === u.id);
    assert.equal(sms.length, 1);
    assert.equal(sms[0].to, phone);
    const code = codeIn(sms[0].text);
    assert.match(sms[0].text, /激活码 \d{8}，72 小时内有效/);
    assert.match(sms[0].text, /Activation code \d{8}/, 'Chinese first, English second');
    assert.ok(sms[0].text.includes('http://localhost:3000/activate'));
    for (const page of seen) assert.ok(!page.includes(code), 'no page the officer saw carries the code');

    const [row] = await h.db.select().from(activationCodes).where(eq(activationCodes.userId, u.id));
    assert.ok(!row.codeHash.includes(code) && (await checkPassword(row.codeHash, code)), 'only a hash of the code is stored');
    const [sent] = await h.db.select().from(outbox).where(eq(outbox.id, queued.id));
    assert.deepEqual([sent.status, sent.sealed], ['sent', null], 'the sealed code is erased once sent');
    assert.ok(!JSON.stringify(queued).includes(code), 'the queued row never held the code in clear');
    const trail = await h.db.select().from(auditLog).where(eq(auditLog.entityId, u.id));
    assert.deepEqual(trail.map((e) => e.action).sort(), ['user.activation_code', 'user.create']);
    assert.ok(
      !JSON.stringify(trail).includes(code) && !JSON.stringify(trail).includes(phone),
      'the trail has neither the code nor the full number',
    );
    assert.ok(JSON.stringify(trail).includes(masked(phone)));
  });

  it('when the farmer activates with the code, then the password is theirs and they are logged in; the code works once, and typed values are kept on a refusal', async () => {
    const { hh, head, officer } = await setup();
    const phone = newPhone();
    await postForm(officer, `/households/${hh.id}/accounts/new`, { memberId: head.id, username: `act_${hh.code}`, phone });
    const u = await accountOf(`act_${hh.code}`);
    const code = codeIn((await deliver(h.db, clock.now())).find((m) => m.userId === u.id)!.text);

    const page = await activateForm(app, {});
    assert.equal(page.res.status, 422);
    const form = await (await import('supertest')).default(app).get('/activate').expect(200);
    assert.match(form.text, /至少 10 位，要同时有字母和数字/);
    assert.match(form.text, /例如“我家住在龙岗村 3 组”可以写成 wjzzLgc3zu2019/, 'the rule is explained with an example');
    assert.match(form.text, /inputmode="numeric"/);

    const wrong = await activateForm(app, {
      login: phone,
      code: code === '12345678' ? '87654321' : '12345678',
      newPassword: PASSWORD,
      repeat: PASSWORD,
    });
    assert.equal(wrong.res.status, 422);
    assert.match(wrong.res.text, /用户名（手机号）或激活码不正确/);
    assert.ok(wrong.res.text.includes(`value="${phone}"`), 'the typed name is kept');
    assert.ok(!wrong.res.text.includes(PASSWORD), 'a password is never written back into the page');
    const mismatch = await activateForm(app, { login: `act_${hh.code}`, code, newPassword: PASSWORD, repeat: PASSWORD + 'x' });
    assert.equal(mismatch.res.status, 422);
    assert.match(mismatch.res.text, /两次输入的新密码不一致/);
    assert.ok(mismatch.res.text.includes(`value="${code}"`), 'the typed code is kept');
    const weak = await activateForm(app, { login: `act_${hh.code}`, code, newPassword: 'short1', repeat: 'short1' });
    assert.match(weak.res.text, /密码至少 10 个字符/);
    assert.equal(
      (await h.db.select().from(activationCodes).where(eq(activationCodes.userId, u.id)))[0].attempts,
      1,
      'only the wrong code counted a try',
    );

    const ok = await activateForm(app, {
      login: phone,
      code: `${code.slice(0, 4)} ${code.slice(4)}`,
      newPassword: PASSWORD,
      repeat: PASSWORD,
    });
    assert.equal(ok.res.status, 303);
    assert.equal(ok.res.headers.location, '/my');
    const my = await ok.agent.get('/my').expect(200);
    assert.match(my.text, /账户 act_\d+ 已激活，您已登录/);
    const after = await accountOf(`act_${hh.code}`);
    assert.deepEqual([after.awaitingActivation, after.mustChangePassword], [false, false]);
    assert.ok(await checkPassword(after.passwordHash, PASSWORD));
    await loginAs(app, after.username, PASSWORD);
    const [entry] = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'user.activate'), eq(auditLog.entityId, u.id)));
    assert.deepEqual([entry.actorId, entry.householdId, entry.collectiveId], [u.id, hh.id, hh.collectiveId]);

    const again = await activateForm(app, { login: phone, code, newPassword: 'Another2027pw', repeat: 'Another2027pw' });
    assert.equal(again.res.status, 422, 'a code works once');
    assert.ok(await checkPassword((await accountOf(after.username)).passwordHash, PASSWORD));
    const slip = await officer.get(`/households/${hh.id}/accounts/${u.id}`).expect(200);
    assert.match(slip.text, /已激活/);
  });

  it(`when a code is typed wrong ${MAX_CODE_ATTEMPTS} times, or has expired, then it no longer works, and a dead code is in the trail`, async () => {
    const { hh, head, spouse, officer } = await setup();
    await postForm(officer, `/households/${hh.id}/accounts/new`, { memberId: head.id, username: `guess_${hh.code}`, phone: newPhone() });
    await postForm(officer, `/households/${hh.id}/accounts/new`, { memberId: spouse.id, username: `late_${hh.code}`, phone: newPhone() });
    const [guess, late] = [await accountOf(`guess_${hh.code}`), await accountOf(`late_${hh.code}`)];
    const sent = await deliver(h.db, clock.now());
    const code = codeIn(sent.find((m) => m.userId === guess.id)!.text);
    const lateCode = codeIn(sent.find((m) => m.userId === late.id)!.text);
    for (let i = 0; i < MAX_CODE_ATTEMPTS; i++) {
      const wrong = String((Number(code) + 1 + i) % 1e8).padStart(8, '0');
      assert.equal(
        (await activateForm(app, { login: guess.username, code: wrong, newPassword: PASSWORD, repeat: PASSWORD })).res.status,
        422,
      );
    }
    assert.equal(
      (await activateForm(app, { login: guess.username, code, newPassword: PASSWORD, repeat: PASSWORD })).res.status,
      422,
      'the right code is dead now',
    );
    const [dead] = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'user.activation_code_dead'), eq(auditLog.entityId, guess.id)));
    assert.equal(dead.householdId, hh.id);

    // Past the code's 72 hours: every later test logs in afresh.
    clock.advance(SMS_HOURS * 3600_000 + 1000);
    const expired = await activateForm(app, { login: late.username, code: lateCode, newPassword: PASSWORD, repeat: PASSWORD });
    assert.equal(expired.res.status, 422);
    assert.match(expired.res.text, /激活码已过期、已作废/);
    assert.equal((await accountOf(late.username)).awaitingActivation, true);
  });

  it("when the officer sends a new code, then the old one dies and its unsent SMS is cancelled; after activation the phone can no longer be changed by the officer, and a code for a forgotten password ends the old password's sessions", async () => {
    const { hh, head, officer } = await setup();
    const first = newPhone(),
      second = newPhone();
    await postForm(officer, `/households/${hh.id}/accounts/new`, { memberId: head.id, username: `re_${hh.code}`, phone: first });
    const u = await accountOf(`re_${hh.code}`);
    const oldCode = codeIn((await deliver(h.db, clock.now())).find((m) => m.userId === u.id)!.text);
    // A second code is queued and, before it is sent, replaced by a third to a corrected number.
    assert.equal((await postForm(officer, `/households/${hh.id}/accounts/${u.id}/code`, {})).status, 303);
    const fixed = await postForm(officer, `/households/${hh.id}/accounts/${u.id}/code`, { phone: second });
    assert.equal(fixed.status, 303);
    const flash = await officer.get(fixed.headers.location).expect(200);
    assert.ok(flash.text.includes(`新的激活码已用短信发到 ${masked(second)}，原来的激活码已作废`));
    const queue = await h.db.select().from(outbox).where(eq(outbox.userId, u.id)).orderBy(outbox.createdAt);
    assert.deepEqual(
      queue.map((m) => m.status),
      ['sent', 'cancelled', 'pending'],
    );
    assert.equal(queue[1].sealed, null, 'a cancelled message keeps no code');
    const sms = (await deliver(h.db, clock.now())).filter((m) => m.userId === u.id);
    assert.deepEqual(
      sms.map((m) => m.to),
      [second],
    );
    assert.match(sms[0].text, /新激活码 \d{8}/);
    assert.equal(
      (await activateForm(app, { login: u.username, code: oldCode, newPassword: PASSWORD, repeat: PASSWORD })).res.status,
      422,
      'the old code died',
    );
    const farmerSession = await activateForm(app, { login: second, code: codeIn(sms[0].text), newPassword: PASSWORD, repeat: PASSWORD });
    assert.equal(farmerSession.res.status, 303);

    const moved = await postForm(officer, `/households/${hh.id}/accounts/${u.id}/code`, { phone: newPhone() });
    assert.equal(moved.status, 422);
    assert.match(moved.text, /农户已经使用过这个账户，手机号不能再由经办人更改/);
    assert.equal((await accountOf(u.username)).phone, second);
    // A farmer who forgot the password gets a new code at the same number; the password stays until it is used.
    assert.equal((await postForm(officer, `/households/${hh.id}/accounts/${u.id}/code`, {})).status, 303);
    const reset = (await deliver(h.db, clock.now())).filter((m) => m.userId === u.id);
    assert.deepEqual(
      reset.map((m) => m.to),
      [second],
    );
    await loginAs(app, u.username, PASSWORD);
    await farmerSession.agent.get('/my').expect(200);
    const renewed = await activateForm(app, {
      login: u.username,
      code: codeIn(reset[0].text),
      newPassword: 'Renewed2027pass',
      repeat: 'Renewed2027pass',
    });
    assert.equal(renewed.res.status, 303);
    const ended = await farmerSession.agent.get('/my');
    assert.match(ended.headers.location ?? '', /^\/login/, 'the sessions the old password opened have ended');
    await loginAs(app, u.username, 'Renewed2027pass');
    await renewed.agent.get('/my').expect(200);
  });

  it("when the phone is not a mainland mobile number, or is on another household's account, then the account is refused with the typed values kept", async () => {
    const { hh, head, spouse, officer } = await setup();
    const other = await setup();
    const taken = newPhone();
    await postForm(other.officer, `/households/${other.hh.id}/accounts/new`, {
      memberId: other.head.id,
      username: `own_${other.hh.code}`,
      phone: taken,
    });
    const before = (await h.db.select().from(users)).length;
    for (const bad of ['0751-8888888', '12345678901', '1381234567', '2'.repeat(11)]) {
      const res = await postForm(officer, `/households/${hh.id}/accounts/new`, {
        memberId: head.id,
        username: `bad_${hh.code}`,
        phone: bad,
      });
      assert.equal(res.status, 422, bad);
      assert.match(res.text, /请输入有效的中国大陆手机号/);
      assert.ok(res.text.includes(`value="${bad}"`) && res.text.includes(`value="bad_${hh.code}"`));
    }
    const shared = await postForm(officer, `/households/${hh.id}/accounts/new`, {
      memberId: head.id,
      username: `dup_${hh.code}`,
      phone: taken,
    });
    assert.equal(shared.status, 422);
    assert.match(shared.text, /这个手机号已登记在其他农户的账户上/);
    assert.equal((await h.db.select().from(users)).length, before);
    // One household may share a phone (an elderly couple).
    const mine = newPhone();
    await postForm(officer, `/households/${hh.id}/accounts/new`, { memberId: head.id, username: `he_${hh.code}`, phone: mine });
    assert.equal(
      (await postForm(officer, `/households/${hh.id}/accounts/new`, { memberId: spouse.id, username: `she_${hh.code}`, phone: mine }))
        .status,
      303,
    );
  });

  it('when a member has no mobile phone, then no SMS goes out, and an admin (not the officer) prints a sealed slip whose code is shown once and works', async () => {
    const { hh, head, officer } = await setup();
    const res = await postForm(officer, `/households/${hh.id}/accounts/new`, {
      memberId: head.id,
      username: `nophone_${hh.code}`,
      phone: '',
    });
    assert.equal(res.status, 303);
    const u = await accountOf(`nophone_${hh.code}`);
    const slip = await officer.get(res.headers.location).expect(200);
    assert.match(slip.text, /该成员没有登记手机号：请联系系统管理员为其打印密封激活单/);
    assert.equal((await h.db.select().from(outbox).where(eq(outbox.userId, u.id))).length, 0);
    assert.equal((await postForm(officer, `/households/${hh.id}/accounts/${u.id}/code`, {})).status, 422, 'no SMS without a phone');
    assert.equal((await postForm(officer, `/admin/users/${u.id}/activation-slip`, {})).status, 403, 'the officer cannot make a slip');

    const admin = await loginAs(app, (await makeUser(h.db, 'admin')).user.username);
    const list = await admin.get('/admin/users?role=farmer&q=nophone_').expect(200);
    assert.match(list.text, /待激活/);
    assert.ok(list.text.includes(`/admin/users/${u.id}/activation-slip`));
    const made = await postForm(admin, `/admin/users/${u.id}/activation-slip`, {});
    assert.equal(made.status, 200);
    assert.equal(made.headers['cache-control'], 'no-store');
    const code = /id="code">([0-9 ]+)</.exec(made.text)![1].replace(/ /g, '');
    assert.equal(code.length, 8);
    assert.match(made.text, /沿此线折叠并封口/);
    const [trail] = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'user.activation_slip'), eq(auditLog.entityId, u.id)));
    assert.equal(trail.actorRole, 'admin');
    assert.ok(!JSON.stringify(trail).includes(code));
    const ok = await activateForm(app, { login: u.username, code, newPassword: PASSWORD, repeat: PASSWORD });
    assert.equal(ok.res.status, 303);
    const staff = await makeUser(h.db, 'bureau', { regionCode: '440200' });
    assert.equal(
      (await postForm(admin, `/admin/users/${staff.user.id}/activation-slip`, {})).status,
      422,
      'only farmer accounts get codes',
    );
  });

  it('when someone sends many wrong activation forms from one address, then further forms are refused (429) without being checked', async () => {
    const { hh, head, officer } = await setup();
    await postForm(officer, `/households/${hh.id}/accounts/new`, { memberId: head.id, username: `rl_${hh.code}`, phone: newPhone() });
    const u = await accountOf(`rl_${hh.code}`);
    const code = codeIn((await deliver(h.db, clock.now())).find((m) => m.userId === u.id)!.text);
    const { ACTIVATE_LIMIT } = await import('../../routes/activate');
    const from = { 'x-forwarded-for': '203.0.113.77' };
    const request = (await import('supertest')).default;
    const agent = request.agent(app);
    const token = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/activate').set(from)).text)![1];
    for (let i = 0; i < ACTIVATE_LIMIT; i++)
      await agent
        .post('/activate')
        .set(from)
        .type('form')
        .send({ _csrf: token, login: 'nobody_here', code: '00000000', newPassword: PASSWORD, repeat: PASSWORD });
    const blocked = await agent
      .post('/activate')
      .set(from)
      .type('form')
      .send({ _csrf: token, login: u.username, code, newPassword: PASSWORD, repeat: PASSWORD });
    assert.equal(blocked.status, 429);
    assert.equal((await accountOf(u.username)).awaitingActivation, true);
    assert.equal(
      (await activateForm(app, { login: u.username, code, newPassword: PASSWORD, repeat: PASSWORD })).res.status,
      303,
      'another address is not held up',
    );
  });

  it('when the officer of another collective asks for the account page or a new code, then it answers 404 and nothing is sent', async () => {
    const mine = await setup();
    const theirs = await setup();
    await postForm(theirs.officer, `/households/${theirs.hh.id}/accounts/new`, {
      memberId: theirs.head.id,
      username: `x_${theirs.hh.code}`,
      phone: newPhone(),
    });
    const u = await accountOf(`x_${theirs.hh.code}`);
    const before = await h.db.select().from(activationCodes).where(eq(activationCodes.userId, u.id));
    await mine.officer.get(`/households/${theirs.hh.id}/accounts/${u.id}`).expect(404);
    assert.equal((await postForm(mine.officer, `/households/${theirs.hh.id}/accounts/${u.id}/code`, {})).status, 404);
    assert.equal(
      (await postForm(mine.officer, `/households/${mine.hh.id}/accounts/${u.id}/code`, {})).status,
      404,
      'an account of another household',
    );
    await mine.officer.get(`/households/${mine.hh.id}/accounts/not-a-uuid`).expect(404);
    assert.deepEqual(
      (await h.db.select().from(activationCodes).where(eq(activationCodes.userId, u.id))).map((c) => c.id),
      before.map((c) => c.id),
    );
    assert.equal(
      (
        await h.db
          .select()
          .from(outbox)
          .where(and(eq(outbox.userId, u.id), inArray(outbox.status, ['pending'])))
      ).length,
      1,
    );
  });
});
