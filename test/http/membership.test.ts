import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { and, eq, sql } from 'drizzle-orm';
import type { Express } from 'express';
import { members } from '../../models/households';
import { memberDecisions, membershipEvents } from '../../models/membership';
import { collectives } from '../../models/regions';
import { MEMBERSHIP_TAGS } from '../../routes/api/openapi-membership';
import type { Handle } from '../../server/platform/db';
import { recordMembership } from '../../server/registry/membership';
import { freshDb } from '../helpers/db';
import { makeCollective, makeHousehold, makeUser, VILLAGE_B } from '../helpers/factories';
import { loginAs, officerSession, postForm, testApp } from '../helpers/http';
import { apiClient, token } from '../helpers/api-market';
import { testClock } from '../helpers/clock';
import { farmerOf } from '../helpers/market';

// The 成员名册 and the members' meeting on the pages and in the API (农村集体经济组织法, in force
// 2025-05-01): what the officer records, what the household page and the register show, what
// the law's thresholds refuse (with the article, nothing written), and the data migration.

describe('成员名册 and members’ meeting decisions (集体经济组织法 §12, §16–18, §27–28; pages and API)', () => {
  let h: Handle;
  let app: Express;
  let s: Awaited<ReturnType<typeof officerSession>>;
  let api: Awaited<ReturnType<typeof apiClient>>;
  const clock = testClock('2026-03-10T02:00:00Z');
  before(async () => {
    h = await freshDb();
    app = testApp(h.db, {}, clock);
    s = await officerSession(app, h.db);
    api = await apiClient(app);
  });
  after(async () => {
    await h?.close();
  });

  const personsOf = (householdId: string) => h.db.select().from(members).where(eq(members.householdId, householdId));
  const decisionBody = (over: Record<string, string> = {}) => ({
    decidedOn: '2026-02-15',
    meetingType: 'general',
    matter: 'charter',
    title: '修改章程：股份上限',
    text: '股份上限调整为平均持股的 250%。',
    entitled: '30',
    presentInPerson: '18',
    presentOnline: '2',
    presentByProxy: '1',
    votesFor: '20',
    votesAgainst: '1',
    votesAbstain: '0',
    shareCapPercent: '250',
    ...over,
  });

  it('#16.3 (§17): when the officer records a death on the form, then the person stays, the event names ground, date and recorder, and the household page lists her under past members', async () => {
    const hh = await makeHousehold(h.db, s.actor, s.c);
    const [, wife] = await personsOf(hh.id);
    const form = await s.agent.get(`/households/${hh.id}/members/${wife.id}/membership`).expect(200);
    assert.match(form.text, /第十六条、第十七条/);
    const res = await postForm(s.agent, `/households/${hh.id}/members/${wife.id}/membership`, {
      kind: 'ended',
      ground: 'death',
      effectiveOn: '2026-03-01',
      note: '病故',
    });
    assert.equal(res.status, 302);
    const events = await h.db.select().from(membershipEvents).where(eq(membershipEvents.memberId, wife.id));
    assert.equal(events.length, 1);
    assert.deepEqual(
      [events[0].kind, events[0].ground, events[0].effectiveOn, events[0].recordedBy],
      ['ended', 'death', '2026-03-01', s.user.id],
    );
    assert.equal((await personsOf(hh.id)).length, 2, 'never deleted');
    const page = await s.agent.get(`/households/${hh.id}`).expect(200);
    const past = page.text.slice(page.text.indexOf('过去的家庭成员'));
    assert.match(past, /测试配偶/);
    assert.match(past, /死亡/);
    const history = await s.agent.get(`/households/${hh.id}/members/${wife.id}/membership`).expect(200);
    assert.match(history.text, /成员身份已终止/);
    assert.match(history.text, /病故/);
  });

  it('§8, §31, §18: when the form ends a membership on marriage, then it is refused with the articles, the typed values stay, and nothing is written', async () => {
    const hh = await makeHousehold(h.db, s.actor, s.c);
    const [, wife] = await personsOf(hh.id);
    const res = await postForm(s.agent, `/households/${hh.id}/members/${wife.id}/membership`, {
      kind: 'ended',
      ground: 'marriage',
      effectiveOn: '2026-01-08',
      note: '嫁往外村',
    });
    assert.equal(res.status, 422);
    assert.match(res.text, /第十八条/);
    assert.match(res.text, /value="嫁往外村"/);
    assert.equal((await h.db.select().from(membershipEvents).where(eq(membershipEvents.memberId, wife.id))).length, 0);
  });

  it('§27: when a decision has 2/3 − 1 votes of all members, then the form answers 422 naming 第二十七条 and neither the decision nor the charter changes', async () => {
    const [before] = await h.db.select().from(collectives).where(eq(collectives.id, s.c.id));
    const res = await postForm(s.agent, `/collectives/${s.c.id}/decisions`, decisionBody({ votesFor: '19', votesAgainst: '2' }));
    assert.equal(res.status, 422);
    assert.match(res.text, /第二十七条/);
    assert.match(res.text, /至少 20 票/);
    assert.equal((await h.db.select().from(memberDecisions).where(eq(memberDecisions.collectiveId, s.c.id))).length, 0);
    const [after] = await h.db.select().from(collectives).where(eq(collectives.id, s.c.id));
    assert.equal(after.shareCapPercent, before.shareCapPercent);
  });

  it('承包法 §30: when a charter decision sets a land-return notice of 5 months, then it is refused naming 第三十条 (configurable upward only)', async () => {
    const res = await postForm(s.agent, `/collectives/${s.c.id}/decisions`, decisionBody({ landReturnNoticeMonths: '5' }));
    assert.equal(res.status, 422);
    assert.match(res.text, /第三十条/);
    const [c] = await h.db.select().from(collectives).where(eq(collectives.id, s.c.id));
    assert.equal(c.landReturnNoticeMonths, 6);
  });

  it('the share cap rests on a decision: at two thirds the charter decision is recorded, sets the cap, and a farmer of the collective can read it (§13(3))', async () => {
    const res = await postForm(s.agent, `/collectives/${s.c.id}/decisions`, decisionBody());
    assert.equal(res.status, 302);
    const [c] = await h.db.select().from(collectives).where(eq(collectives.id, s.c.id));
    assert.equal(c.shareCapPercent, 250);
    const hh = await makeHousehold(h.db, s.actor, s.c);
    const f = await farmerOf(h.db, hh);
    const farmer = await loginAs(app, f.user.username);
    const page = await farmer.get(`/collectives/${s.c.id}/decisions`).expect(200);
    assert.match(page.text, /修改章程：股份上限/);
    assert.match(page.text, /21 \/ 30/);
  });

  it('§57 (keep the records): a decision is recorded with its scanned minutes, which a member of the collective can open; a file that is no scan is refused and nothing is stored', async () => {
    const send = async (file: Buffer, name: string) => {
      let req = s.agent.post(`/collectives/${s.c.id}/decisions`).field('_csrf', await s.agent.csrf());
      for (const [k, v] of Object.entries(decisionBody({ title: `会议记录测试 ${name}`, matter: 'other', shareCapPercent: '' })))
        req = req.field(k, v);
      return req.attach('minutes', file, { filename: name, contentType: 'application/pdf' });
    };
    const bad = await send(Buffer.from('MZ not a scan'), 'bad.pdf');
    assert.equal(bad.status, 422);
    assert.match(bad.text, /PDF, JPEG, PNG/);
    assert.equal((await h.db.select().from(memberDecisions).where(eq(memberDecisions.title, '会议记录测试 bad.pdf'))).length, 0);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(100, 0x20), Buffer.from('\n%%EOF\n')]);
    const ok = await send(pdf, 'minutes.pdf');
    assert.equal(ok.status, 302);
    const [d] = await h.db.select().from(memberDecisions).where(eq(memberDecisions.title, '会议记录测试 minutes.pdf'));
    assert.equal(d.minutesMime, 'application/pdf');
    const f = await farmerOf(h.db, await makeHousehold(h.db, s.actor, s.c));
    const farmer = await loginAs(app, f.user.username);
    const got = await farmer.get(`/decisions/${d.id}/minutes`).buffer(true).expect(200);
    assert.equal(got.headers['content-type'], 'application/pdf');
    assert.equal(Buffer.compare(Buffer.from(got.body), pdf), 0);
  });

  it('rule 14: the register shows full ID numbers to the officer and masked ones to the bureau; the CSV for filing has the standard columns', async () => {
    const hh = await makeHousehold(h.db, s.actor, s.c);
    const [head] = await personsOf(hh.id);
    const own = await s.agent.get(`/collectives/${s.c.id}/members`).expect(200);
    assert.ok(own.text.includes(head.idNumber));
    const bureau = await makeUser(h.db, 'bureau', { regionCode: s.c.regionCode.slice(0, 6) });
    const b = await loginAs(app, bureau.user.username);
    const masked = await b.get(`/collectives/${s.c.id}/members`).expect(200);
    assert.ok(!masked.text.includes(head.idNumber));
    assert.ok(masked.text.includes(`${head.idNumber.slice(0, 6)}***********${head.idNumber.slice(-1)}`));
    const csv = await s.agent.get(`/collectives/${s.c.id}/members.csv`).expect(200);
    const text = csv.text.replace(/^\uFEFF/, '');
    assert.match(text.split('\n')[0], /^承包方编码,姓名,性别,与户主关系,公民身份号码,成员状态,最近变动,依据,生效日期,决定编号/);
    assert.ok(text.includes(head.idNumber));
    const xlsx = await s.agent.get(`/collectives/${s.c.id}/members.xlsx`).buffer(true).expect(200);
    assert.equal(xlsx.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });

  it('the register read back: the exported CSV re-imported changes nothing; a row adding a death is recorded; a row ending a membership on marriage refuses the whole file with its row and article', async () => {
    const c2 = await officerSession(app, h.db);
    const hh = await makeHousehold(h.db, c2.actor, c2.c);
    const [head, wife] = await personsOf(hh.id);
    await recordMembership(h.db, c2.actor, head.id, { kind: 'confirmed', ground: 'original', effectiveOn: '2025-06-20' }, clock.now());
    const exported = (await c2.agent.get(`/collectives/${c2.c.id}/members.csv`).expect(200)).text.replace(/^\uFEFF/, '');
    const upload = async (csv: string) =>
      c2.agent
        .post(`/collectives/${c2.c.id}/members/import`)
        .field('_csrf', await c2.agent.csrf())
        .attach('file', Buffer.from(`\uFEFF${csv}`, 'utf8'), { filename: 'register.csv', contentType: 'text/csv' });
    const same = await upload(exported);
    assert.equal(same.status, 302);
    const count = async () => (await h.db.select().from(membershipEvents).where(eq(membershipEvents.householdId, hh.id))).length;
    assert.equal(await count(), 1, 'the exported register read back changes nothing');

    const header = exported.split('\n')[0].trim();
    const row = (p: { idNumber: string; name: string }, kind: string, ground: string, date: string) =>
      [hh.code, p.name, '女', '配偶', p.idNumber, '', kind, ground, date, ''].join(',');
    const refused = await upload(
      [header, row(head, '保留成员身份', '外出务工', '2026-01-02'), row(wife, '成员身份终止', '结婚', '2026-01-05')].join('\n'),
    );
    assert.equal(refused.status, 422);
    assert.match(refused.text, /第 3 行/);
    assert.match(refused.text, /第十八条/);
    assert.equal(await count(), 1, 'one refused row: nothing of the file is recorded');

    const ok = await upload([header, row(wife, '成员身份终止', '死亡', '2026-01-05')].join('\n'));
    assert.equal(ok.status, 302);
    const [e] = await h.db.select().from(membershipEvents).where(eq(membershipEvents.memberId, wife.id));
    assert.deepEqual([e.kind, e.ground, e.effectiveOn, e.recordedBy], ['ended', 'death', '2026-01-05', c2.user.id]);
  });

  it('API: the register (masked for the bureau), a decision below §27 answers 422 naming the article, and a membership change answers 201; every answer matches the document', async () => {
    const tok = await token(h.db, s.user.id);
    const reg = await api.get(`/api/v1/collectives/${s.c.id}/members`, tok);
    assert.equal(reg.status, 200);
    assert.equal(reg.body.idNumbersMasked, false);
    const bureau = await makeUser(h.db, 'bureau', { regionCode: s.c.regionCode.slice(0, 6) });
    const bReg = await api.get(`/api/v1/collectives/${s.c.id}/members`, await token(h.db, bureau.user.id));
    assert.equal(bReg.status, 200);
    assert.equal(bReg.body.idNumbersMasked, true);
    assert.ok(bReg.body.items.every((m: { idNumber: string }) => m.idNumber.includes('*')));

    const low = await api.post(`/api/v1/collectives/${s.c.id}/decisions`, tok, {
      decidedOn: '2026-02-20',
      meetingType: 'general',
      matter: 'membership',
      title: '确认新成员',
      text: '确认嫁入的李某为本组织成员。',
      entitled: 30,
      presentInPerson: 19,
      votesFor: 19,
    });
    assert.equal(low.status, 422);
    assert.equal(low.body.error.code, 'decision.quorum');
    assert.match(low.body.error.message, /第二十七条/);
    const rep = await api.post(`/api/v1/collectives/${s.c.id}/decisions`, tok, {
      decidedOn: '2026-02-20',
      meetingType: 'representative',
      matter: 'membership',
      title: '确认新成员',
      text: '代表大会确认成员。',
      entitled: 15,
      presentInPerson: 15,
      votesFor: 15,
    });
    assert.equal(rep.status, 422);
    assert.match(rep.body.error.message, /第二十八条/);
    const d = await api.post(`/api/v1/collectives/${s.c.id}/decisions`, tok, {
      decidedOn: '2026-02-20',
      meetingType: 'general',
      matter: 'membership',
      title: '确认新成员',
      text: '确认嫁入的测试配偶为本组织成员。',
      entitled: 30,
      presentInPerson: 25,
      votesFor: 22,
      votesAgainst: 3,
    });
    assert.equal(d.status, 201);
    const list = await api.get(`/api/v1/collectives/${s.c.id}/decisions`, tok);
    assert.ok(list.body.items.some((x: { id: string }) => x.id === d.body.id));

    const hh = await makeHousehold(h.db, s.actor, s.c);
    const [, wife] = await personsOf(hh.id);
    await h.db.update(members).set({ isCollectiveMember: false }).where(eq(members.id, wife.id));
    const noDecision = await api.post(`/api/v1/members/${wife.id}/membership`, tok, {
      kind: 'confirmed',
      ground: 'marriage',
      effectiveOn: '2026-02-21',
    });
    assert.equal(noDecision.status, 422);
    assert.equal(noDecision.body.error.code, 'membership.decisionNeeded.confirmed');
    const e = await api.post(`/api/v1/members/${wife.id}/membership`, tok, {
      kind: 'confirmed',
      ground: 'marriage',
      effectiveOn: '2026-02-21',
      decisionId: d.body.id,
    });
    assert.equal(e.status, 201);
    const [after] = await h.db.select().from(members).where(eq(members.id, wife.id));
    assert.equal(after.isCollectiveMember, true, 'the cached flag follows the register');

    // Another collective's officer: 404, nothing written.
    const other = await makeCollective(h.db, { regionCode: VILLAGE_B });
    const officerB = await makeUser(h.db, 'officer', { collectiveId: other.id });
    const foreign = await api.post(`/api/v1/members/${wife.id}/membership`, await token(h.db, officerB.user.id), {
      kind: 'ended',
      ground: 'death',
      effectiveOn: '2026-02-22',
    });
    assert.equal(foreign.status, 404);
    assert.equal((await h.db.select().from(membershipEvents).where(eq(membershipEvents.memberId, wife.id))).length, 1);

    // #16.3 API: a member dies; marriage is no ground to end (§8, §31); the person stays, ended.
    const badGround = await api.post(`/api/v1/members/${wife.id}/end`, tok, { ground: 'marriage', date: '2026-03-01', reason: '出嫁' });
    assert.equal(badGround.status, 422);
    const noReason = await api.post(`/api/v1/members/${wife.id}/end`, tok, { ground: 'death', date: '2026-03-01' });
    assert.equal(noReason.status, 422);
    assert.equal(
      (await h.db.select().from(membershipEvents).where(eq(membershipEvents.memberId, wife.id))).length,
      1,
      'refusals change nothing',
    );
    const died = await api.post(`/api/v1/members/${wife.id}/end`, tok, { ground: 'death', date: '2026-03-01', reason: '病故' });
    assert.equal(died.status, 201);
    assert.equal(died.body.kind, 'ended');
    assert.equal(died.body.ground, 'death');
    assert.equal(died.body.effectiveOn, '2026-03-01');
    assert.equal(died.body.note, '病故');
    const [still] = await h.db.select().from(members).where(eq(members.id, wife.id));
    assert.equal(still.isCollectiveMember, false, 'the person stays on record, no longer a member');
    assert.deepEqual(api.check.unexercised({ tags: MEMBERSHIP_TAGS }), []);
  });

  it('the migration moves today’s flag: every person flagged a member becomes 原始成员, confirmed, undated, with a note that it predates the register', async () => {
    const hh = await makeHousehold(h.db, s.actor, s.c);
    const [head, wife] = await personsOf(hh.id);
    await h.db.update(members).set({ isCollectiveMember: false }).where(eq(members.id, wife.id));
    // The data statement of the migration file, run again on rows made after it (it is the last statement).
    const name = readdirSync('models/migrations').find((f) => f.endsWith('_membership_register.sql'))!;
    const file = readFileSync(`models/migrations/${name}`, 'utf8');
    const insert = file.slice(file.lastIndexOf('INSERT INTO "membership_events"'));
    await h.db.execute(sql.raw(`${insert.trim().replace(/;$/, '')} AND m."household_id" = '${hh.id}'`));
    const [e] = await h.db.select().from(membershipEvents).where(eq(membershipEvents.memberId, head.id));
    assert.deepEqual([e.kind, e.ground, e.effectiveOn], ['confirmed', 'original', null]);
    assert.match(e.note ?? '', /名册建立前/);
    const none = await h.db
      .select()
      .from(membershipEvents)
      .where(and(eq(membershipEvents.memberId, wife.id)));
    assert.equal(none.length, 0, 'a person not flagged is not made a member');
  });
});
