import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { householdEndings } from '../../models/household-life';
import { households, members } from '../../models/households';
import { landContracts, rights } from '../../models/rights';
import { LIFE_TAGS } from '../../routes/api/openapi-life';
import type { Handle } from '../../server/platform/db';
import { issueCertificate } from '../../server/registry/certificates';
import { addMember } from '../../server/registry/households';
import { registerHomestead, registerLand, registerShares } from '../../server/registry/rights';
import { apiClient, token } from '../helpers/api-market';
import { testClock } from '../helpers/clock';
import { freshDb } from '../helpers/db';
import {
  homesteadInput,
  householdCode,
  idNumber,
  landInput,
  makeCollective,
  makeHousehold,
  makeUser,
  VILLAGE_B,
} from '../helpers/factories';
import { testApp } from '../helpers/http';

// A household's life through /api/v1 (issue 16): every answer is checked against the OpenAPI
// document, and the last test demands that every operation of the part was called.

describe('JSON API: a household’s life (承包法 §16, §27, §32; 土地管理法 §62; rule 11)', () => {
  let h: Handle;
  let api: Awaited<ReturnType<typeof apiClient>>;
  let c: Awaited<ReturnType<typeof makeCollective>>;
  let officer: Awaited<ReturnType<typeof makeUser>>;
  let tok: string;
  let outsiderTok: string;
  let bureauTok: string;
  const clock = testClock('2026-09-01T02:00:00Z');
  before(async () => {
    h = await freshDb();
    api = await apiClient(testApp(h.db, {}, clock));
    c = await makeCollective(h.db, { totalShares: 1000 });
    officer = await makeUser(h.db, 'officer', { collectiveId: c.id });
    tok = await token(h.db, officer.user.id);
    const other = await makeCollective(h.db, { regionCode: VILLAGE_B });
    outsiderTok = await token(h.db, (await makeUser(h.db, 'officer', { collectiveId: other.id })).user.id);
    bureauTok = await token(h.db, (await makeUser(h.db, 'bureau', { regionCode: c.regionCode.slice(0, 6) })).user.id);
  });
  after(async () => {
    await h?.close();
  });

  it('POST /households/{id}/head: the adult son becomes head; another collective’s officer gets 404 and nothing changes', async () => {
    const hh = await makeHousehold(h.db, officer.actor, c);
    const son = await addMember(
      h.db,
      officer.actor,
      hh.id,
      { name: '儿子', idNumber: idNumber('1990-01-01'), relation: 'child' },
      clock.now(),
    );
    const land = await registerLand(h.db, officer.actor, hh.id, landInput(c), clock.now());
    await issueCertificate(h.db, officer.actor, land.id, {}, clock.now());
    const body = { memberId: son.id, formerHeadRelation: 'parent', occurredOn: '2026-08-01', reason: '年迈' };
    const out = await api.post(`/api/v1/households/${hh.id}/head`, outsiderTok, body);
    assert.equal(out.status, 404);
    const bad = await api.post(`/api/v1/households/${hh.id}/head`, tok, { ...body, occurredOn: '2026-13-01' });
    assert.equal(bad.status, 422);
    assert.match(bad.body.error.fields.occurredOn, /有效日期/);
    const res = await api.post(`/api/v1/households/${hh.id}/head`, tok, body);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.household.headName, '儿子');
    assert.equal(res.body.certificates.length, 1);
  });

  it('POST /households/{id}/split and /households/merge: a split then a merge back; the homestead rule is checked on the result', async () => {
    const hh = await makeHousehold(h.db, officer.actor, c);
    const son = await addMember(
      h.db,
      officer.actor,
      hh.id,
      { name: '二儿子', idNumber: idNumber('1992-01-01'), relation: 'child' },
      clock.now(),
    );
    const shares = await registerShares(h.db, officer.actor, hh.id, { shares: 2 });
    await registerHomestead(h.db, officer.actor, hh.id, homesteadInput(c));
    const code = householdCode(c);
    const res = await api.post(`/api/v1/households/${hh.id}/split`, tok, {
      newHouseholdCode: code,
      newHeadMemberId: son.id,
      memberIds: [son.id],
      rightIds: [shares.id],
      parcelIds: [],
      occurredOn: '2026-08-01',
      reason: '分户',
    });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.created.code, code);
    assert.equal(res.headers.location, `/api/v1/households/${res.body.created.id}`);
    // The son's household gets a homestead of its own; merging back would make two.
    await registerHomestead(h.db, officer.actor, res.body.created.id, homesteadInput(c));
    const refused = await api.post('/api/v1/households/merge', tok, {
      householdId: hh.id,
      absorbedHouseholdCode: code,
      formerHeadRelation: 'child',
      occurredOn: '2026-08-02',
      reason: '合户',
    });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.error.code, 'rule4.secondHomestead');
    const [still] = await h.db.select().from(members).where(eq(members.id, son.id));
    assert.equal(still.householdId, res.body.created.id);
  });

  it('POST /households/merge: the small household joins; it reads as merged', async () => {
    const a = await makeHousehold(h.db, officer.actor, c);
    const b = await makeHousehold(h.db, officer.actor, c);
    const res = await api.post('/api/v1/households/merge', tok, {
      householdId: a.id,
      absorbedHouseholdCode: b.code,
      formerHeadRelation: 'sibling',
      occurredOn: '2026-08-02',
      reason: '兄弟合户',
    });
    assert.equal(res.status, 200, res.text);
    const [end] = await h.db.select().from(householdEndings).where(eq(householdEndings.householdId, b.id));
    assert.equal(end.intoHouseholdId, a.id);
  });

  it('POST /households/{id}/inheritance: refused while a member remains; with the last member’s death the land returns', async () => {
    const hh = await makeHousehold(h.db, officer.actor, c, {
      members: [{ name: '老人', idNumber: idNumber('1935-01-01'), relation: 'head' }],
    });
    const land = await registerLand(h.db, officer.actor, hh.id, landInput(c), clock.now());
    const [m] = await h.db.select().from(members).where(eq(members.householdId, hh.id));
    const body = {
      deceasedMemberIds: [m.id],
      diedOn: '2026-07-01',
      deathReason: '病故',
      decidedBy: '村委会',
      heirs: [{ name: '侄女', relation: '侄女', member: false }],
      sharesOutcome: 'back_to_collective',
      documents: [{ name: 'death.pdf', mime: 'application/pdf', contentBase64: Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64') }],
    };
    const noDocs = await api.post(`/api/v1/households/${hh.id}/inheritance`, tok, { ...body, documents: [] });
    assert.equal(noDocs.status, 422);
    const res = await api.post(`/api/v1/households/${hh.id}/inheritance`, tok, body);
    assert.equal(res.status, 201, res.text);
    assert.deepEqual(res.body.outcomes, [{ rightId: land.id, outcome: 'back_to_collective' }]);
    const [r] = await h.db.select().from(rights).where(eq(rights.id, land.id));
    assert.equal(r.status, 'exited');
  });

  it('POST /collectives/{id}/extensions: the dry run lists, the job extends, GET …/{jobId} reports; the bureau reads the job', async () => {
    const hh = await makeHousehold(h.db, officer.actor, c);
    const land = await registerLand(
      h.db,
      officer.actor,
      hh.id,
      landInput(c, { startDate: '1998-01-01', endDate: '2028-06-30' }),
      clock.now(),
    );
    const body = { oldTermEndsBy: '2028-12-31', decisionRef: '成员大会决议' };
    const dry = await api.post(`/api/v1/collectives/${c.id}/extensions`, tok, { ...body, dryRun: true });
    assert.equal(dry.status, 200, dry.text);
    assert.ok(dry.body.rows.some((r: { rightId: string; newEndDate: string }) => r.rightId === land.id && r.newEndDate === '2058-06-30'));
    const odd = await api.post(`/api/v1/collectives/${c.id}/extensions`, tok, { ...body, dryRun: 'false' });
    assert.equal(odd.status, 422);
    const forbidden = await api.post(`/api/v1/collectives/${c.id}/extensions`, bureauTok, { ...body, dryRun: true });
    assert.equal(forbidden.status, 403);
    const run = await api.post(`/api/v1/collectives/${c.id}/extensions`, tok, body);
    assert.equal(run.status, 202, run.text);
    let job = await api.get(run.headers.location, tok);
    for (let i = 0; i < 500 && job.body.status === 'running'; i++) {
      await new Promise((r) => setImmediate(r));
      job = await api.get(run.headers.location, tok);
    }
    assert.equal(job.status, 200);
    assert.equal(job.body.status, 'succeeded');
    const [lc] = await h.db.select().from(landContracts).where(eq(landContracts.rightId, land.id));
    assert.equal(lc.endDate, '2058-06-30');
    const seen = await api.get(run.headers.location, bureauTok);
    assert.equal(seen.status, 200);
    const hidden = await api.get(run.headers.location, outsiderTok);
    assert.equal(hidden.status, 404);
    const [hhRow] = await h.db.select().from(households).where(eq(households.id, hh.id));
    assert.ok(hhRow);
  });

  it('when all tests ran, then every household-life operation in the document was called', () => {
    assert.deepEqual(api.check.unexercised({ tags: LIFE_TAGS }), []);
  });
});
