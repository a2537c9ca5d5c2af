import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import type { Express } from 'express';
import { jobs } from '../../models/audit';
import { householdEndings, householdEventDocuments } from '../../models/household-life';
import { households, members } from '../../models/households';
import { landContracts, rights } from '../../models/rights';
import type { Handle } from '../../server/platform/db';
import { issueCertificate } from '../../server/registry/certificates';
import { addMember } from '../../server/registry/households';
import { registerLand, registerShares } from '../../server/registry/rights';
import { testClock } from '../helpers/clock';
import { freshDb } from '../helpers/db';
import { householdCode, idNumber, landInput, makeHousehold, makeUser } from '../helpers/factories';
import { loginAs, officerSession, postForm, testApp } from '../helpers/http';

// The household-life pages as an officer uses them (issue 16): the forms post typed values,
// a refusal shows the same page with the message beside the field and the values kept, and
// what the page says is what the database holds.

describe('Household life pages (户主变更, 分户, 继承, 二轮延包)', () => {
  let h: Handle;
  let app: Express;
  let s: Awaited<ReturnType<typeof officerSession>>;
  const clock = testClock('2026-09-01T02:00:00Z');
  before(async () => {
    h = await freshDb();
    app = testApp(h.db, {}, clock);
    s = await officerSession(app, h.db);
  });
  after(async () => {
    await h?.close();
  });

  it('户主变更 from the page: the head changes and the page names the change; a minor is refused beside the field, nothing changed', async () => {
    const hh = await makeHousehold(h.db, s.actor, s.c);
    const son = await addMember(h.db, s.actor, hh.id, { name: '长子', idNumber: idNumber('1995-01-01'), relation: 'child' }, clock.now());
    const kid = await addMember(h.db, s.actor, hh.id, { name: '幼子', idNumber: idNumber('2016-01-01'), relation: 'child' }, clock.now());
    const page = await s.agent.get(`/households/${hh.id}/life`);
    assert.equal(page.status, 200);
    assert.match(page.text, /action="\/households\/[^"]+\/head"/);
    const refused = await postForm(s.agent, `/households/${hh.id}/head`, {
      form: 'head',
      memberId: kid.id,
      formerHeadRelation: 'parent',
      occurredOn: '2026-08-30',
      reason: '户主年迈',
    });
    assert.equal(refused.status, 422);
    assert.match(refused.text, /未满十八周岁/);
    assert.match(refused.text, /value="户主年迈"/);
    const [same] = await h.db.select().from(households).where(eq(households.id, hh.id));
    assert.equal(same.headName, hh.headName);
    const ok = await postForm(s.agent, `/households/${hh.id}/head`, {
      memberId: son.id,
      formerHeadRelation: 'parent',
      occurredOn: '2026-08-30',
      reason: '户主年迈',
    });
    assert.equal(ok.status, 302);
    const [after] = await h.db.select().from(households).where(eq(households.id, hh.id));
    assert.equal(after.headName, '长子');
    const shown = await s.agent.get(`/households/${hh.id}/life`);
    assert.match(shown.text, /户主变更/);
    assert.match(shown.text, /户主年迈/);
  });

  it('分户 from the page: the son’s new household is registered with the shares; the officer lands on its page', async () => {
    const hh = await makeHousehold(h.db, s.actor, s.c);
    const son = await addMember(h.db, s.actor, hh.id, { name: '次子', idNumber: idNumber('1998-01-01'), relation: 'child' }, clock.now());
    const shares = await registerShares(h.db, s.actor, hh.id, { shares: 3 });
    const code = householdCode(s.c);
    const res = await postForm(s.agent, `/households/${hh.id}/split`, {
      newHouseholdCode: code,
      memberIds: son.id,
      newHeadMemberId: son.id,
      rightIds: shares.id,
      occurredOn: '2026-08-30',
      reason: '结婚分户',
    });
    assert.equal(res.status, 302);
    const [created] = await h.db.select().from(households).where(eq(households.code, code));
    assert.equal(res.headers.location, `/households/${created.id}/life`);
    const [r] = await h.db.select().from(rights).where(eq(rights.id, shares.id));
    assert.equal(r.householdId, created.id);
  });

  it('继承 from the page: the scan is uploaded with the form, the household reads as died out, the land goes back', async () => {
    const hh = await makeHousehold(h.db, s.actor, s.c, { members: [{ name: '孤老', idNumber: idNumber('1938-01-01'), relation: 'head' }] });
    const land = await registerLand(h.db, s.actor, hh.id, landInput(s.c), clock.now());
    await issueCertificate(h.db, s.actor, land.id, {}, clock.now());
    const [m] = await h.db.select().from(members).where(eq(members.householdId, hh.id));
    const form = await s.agent.get(`/households/${hh.id}/inheritance`);
    assert.equal(form.status, 200);
    const res = await s.agent
      .post(`/households/${hh.id}/inheritance`)
      .field('_csrf', await s.agent.csrf())
      .field('deceasedMemberIds', m.id)
      .field('diedOn', '2026-08-01')
      .field('deathReason', '病故，死亡证明 2026-0801')
      .field('decidedBy', '村民委员会 2026-08-20')
      .field('heirs[0][name]', '外甥')
      .field('heirs[0][relation]', '外甥')
      .field('sharesOutcome', 'back_to_collective')
      .attach('documents', Buffer.from('%PDF-1.4\n%%EOF\n'), { filename: '死亡证明.pdf', contentType: 'application/pdf' });
    assert.equal(res.status, 302, res.text.slice(0, 500));
    const [r] = await h.db.select().from(rights).where(eq(rights.id, land.id));
    assert.equal(r.status, 'exited');
    const [end] = await h.db.select().from(householdEndings).where(eq(householdEndings.householdId, hh.id));
    assert.equal(end.kind, 'died_out');
    const docs = await h.db.select().from(householdEventDocuments).where(eq(householdEventDocuments.eventId, end.eventId));
    assert.equal(docs[0].name, '死亡证明.pdf');
    const page = await s.agent.get(`/households/${hh.id}/life`);
    assert.match(page.text, /最后一名成员已于 2026-08-01 去世/);
    const doc = await s.agent.get(`/household-documents/${docs[0].id}`);
    assert.equal(doc.status, 200);
    assert.equal(doc.headers['cache-control'], 'no-store');
  });

  it('二轮延包 from the page: the dry run lists the contract and changes nothing; the run extends it and the job page shows the certificate', async () => {
    const hh = await makeHousehold(h.db, s.actor, s.c);
    const land = await registerLand(h.db, s.actor, hh.id, landInput(s.c, { startDate: '1998-01-01', endDate: '2027-12-31' }), clock.now());
    await issueCertificate(h.db, s.actor, land.id, {}, clock.now());
    const start = await s.agent.get('/extension');
    assert.equal(start.headers.location, `/collectives/${s.c.id}/extension`);
    const dry = await postForm(s.agent, `/collectives/${s.c.id}/extension`, {
      mode: 'plan',
      oldTermEndsBy: '2028-12-31',
      decisionRef: '成员大会决议',
    });
    assert.equal(dry.status, 200);
    assert.match(dry.text, /2057-12-31/);
    const [before] = await h.db.select().from(landContracts).where(eq(landContracts.rightId, land.id));
    assert.equal(before.endDate, '2027-12-31');
    const run = await postForm(s.agent, `/collectives/${s.c.id}/extension`, {
      mode: 'run',
      oldTermEndsBy: '2028-12-31',
      decisionRef: '成员大会决议',
    });
    assert.equal(run.status, 303);
    const jobId = run.headers.location.split('/').pop()!;
    // The job runs in the background of this process: wait for its row to finish (no sleep, a DB poll on a yielded tick).
    for (let i = 0; i < 500; i++) {
      const [j] = await h.db.select().from(jobs).where(eq(jobs.id, jobId));
      if (j.status !== 'running') break;
      await new Promise((r) => setImmediate(r));
    }
    const page = await s.agent.get(run.headers.location);
    assert.equal(page.status, 200);
    assert.match(page.text, /延包完成/);
    const [after] = await h.db.select().from(landContracts).where(eq(landContracts.rightId, land.id));
    assert.equal(after.endDate, '2057-12-31');
    const { user: bureau } = await makeUser(h.db, 'bureau', { regionCode: s.c.regionCode.slice(0, 6) });
    const b = await loginAs(app, bureau.username);
    const counties = await b.get('/extension-counties');
    assert.equal(counties.status, 200);
    assert.match(counties.text, new RegExp(s.c.regionCode.slice(0, 6)));
  });

  it('when an address carries a malformed id, then the answer is 404, never 500', async () => {
    const dashes = '-'.repeat(36);
    for (const url of [
      `/household-documents/${dashes}`,
      `/collectives/${dashes}/extension/${dashes}`,
      `/collectives/x/extension/00000000-0000-4000-8000-000000000000`,
      `/households/${dashes}/life`,
      `/households/${dashes}/inheritance`,
      `/collectives/${dashes}/extension`,
    ])
      assert.equal((await s.agent.get(url)).status, 404, url);
    assert.equal((await postForm(s.agent, `/households/${dashes}/head`, {})).status, 404);
  });

  it('when the inheritance upload comes without its token or from another site, then it is refused (403) and nothing is stored', async () => {
    const hh = await makeHousehold(h.db, s.actor, s.c, {
      members: [{ name: '独居老人', idNumber: idNumber('1936-01-01'), relation: 'head' }],
    });
    const [m] = await h.db.select().from(members).where(eq(members.householdId, hh.id));
    const send = (token: string | null, origin?: string) => {
      let req = s.agent.post(`/households/${hh.id}/inheritance`);
      if (origin) req = req.set('Origin', origin);
      if (token) req = req.field('_csrf', token);
      return req
        .field('deceasedMemberIds', m.id)
        .field('diedOn', '2026-08-01')
        .field('deathReason', '病故')
        .field('decidedBy', '村委会')
        .field('heirs[0][name]', '侄子')
        .field('heirs[0][relation]', '侄子')
        .field('sharesOutcome', 'back_to_collective')
        .attach('documents', Buffer.from('%PDF-1.4\n%%EOF\n'), { filename: 'a.pdf', contentType: 'application/pdf' });
    };
    assert.equal((await send(null)).status, 403);
    assert.equal((await send(await s.agent.csrf(), 'https://evil.example')).status, 403);
    assert.equal((await h.db.select().from(householdEndings).where(eq(householdEndings.householdId, hh.id))).length, 0);
  });
});
