import { now } from '../../server/kernel/clock';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../models/audit';
import { certificates } from '../../models/certificates';
import type { Handle } from '../../server/platform/db';
import { issueCertificate } from '../../server/registry/certificates';
import { registerHomestead, registerLand, registerShares } from '../../server/registry/rights';
import { freshDb } from '../helpers/db';
import { homesteadInput, landInput, makeHousehold, makeUser, VILLAGE_A } from '../helpers/factories';
import { loginAs, officerSession, postForm, testApp } from '../helpers/http';

// Issue 18 item 9: certificates for all uncertified rights of a collective, in one job with
// progress, after the officer confirmed the count; each certificate has its trail entry
// (rule 12), none is issued twice (rule 13: one valid certificate per right).
describe('Batch certificates (issue 18 item 9)', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  before(async () => {
    h = await freshDb();
    app = testApp(h.db);
  });
  after(async () => {
    await h.close();
  });

  /** Polls the job page the way the browser's refresh does, without sleeping: each GET lets the background work run. */
  async function finished(agent: Awaited<ReturnType<typeof loginAs>>, url: string) {
    for (let i = 0; i < 500; i++) {
      const page = await agent.get(url).expect(200);
      if (!/http-equiv="refresh"/.test(page.text)) return page;
      await new Promise((r) => setImmediate(r));
    }
    throw new Error('the batch did not finish');
  }

  it('when an officer confirms the count, then every active uncertified right gets one certificate, the others are left alone, and the batch prints as one document', async () => {
    const s = await officerSession(app, h.db, { regionCode: VILLAGE_A, totalShares: 1000 });
    const a = await makeHousehold(h.db, s.actor, s.c);
    const b = await makeHousehold(h.db, s.actor, s.c);
    const land = await registerLand(h.db, s.actor, a.id, landInput(s.c), now());
    const home = await registerHomestead(h.db, s.actor, b.id, homesteadInput(s.c, { floorAreaM2: '96.5' }));
    const shares = await registerShares(h.db, s.actor, a.id, { shares: 10 });
    const already = await registerShares(h.db, s.actor, b.id, { shares: 5 });
    await issueCertificate(h.db, s.actor, already.id, {}, now());

    const page = await s.agent.get('/certificate-batches').expect(200);
    assert.match(page.text, /将为 3 项权利发证/);
    assert.match(page.text, /name="expected" value="3"/);

    const unconfirmed = await postForm(s.agent, '/certificate-batches', { expected: '3' });
    assert.equal(unconfirmed.status, 422);
    assert.match(unconfirmed.text, /请勾选确认/);
    const stale = await postForm(s.agent, '/certificate-batches', { expected: '2', confirm: '1' });
    assert.equal(stale.status, 422);
    assert.match(stale.text, /已从 2 项变为 3 项/);
    assert.equal((await h.db.select().from(certificates).where(eq(certificates.collectiveId, s.c.id))).length, 1, 'nothing issued yet');

    const started = await postForm(s.agent, '/certificate-batches', { expected: '3', confirm: '1' });
    assert.equal(started.status, 303);
    const done = await finished(s.agent, started.headers.location);
    assert.match(done.text, /发证 3 本，跳过 0 项/);
    for (const r of [land, home, shares, already]) {
      const valid = await h.db
        .select()
        .from(certificates)
        .where(and(eq(certificates.rightId, r.id), eq(certificates.status, 'valid')));
      assert.equal(valid.length, 1, `one valid certificate for ${r.kind}`);
    }
    const issued = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'certificate.issue'), eq(auditLog.collectiveId, s.c.id)));
    assert.equal(issued.filter((e) => (e.after as { batch?: boolean }).batch).length, 3);
    assert.equal((await h.db.select().from(auditLog).where(eq(auditLog.action, 'certificate.batch'))).length, 1);

    const print = await s.agent.get(`${started.headers.location}/print`).expect(200);
    assert.equal((print.text.match(/<article class="certificate a4 cert-sheet"/g) ?? []).length, 3);
    assert.match(print.text, /房屋建筑面积[\s\S]*96\.50/, 'the homestead shows the house floor area');
    assert.match(print.text, /发证机关（盖章）/);
    assert.match(print.text, /曲江区人民政府/, 'land and homestead certificates name the county government');

    // Nothing left: the page says so, and starting again is refused.
    assert.match((await s.agent.get('/certificate-batches').expect(200)).text, /都已发证/);
    const again = await postForm(s.agent, '/certificate-batches', { expected: '0', confirm: '1' });
    assert.equal(again.status, 422);

    // Another collective's officer cannot see the batch.
    const other = await officerSession(app, h.db, { regionCode: VILLAGE_A });
    assert.equal((await other.agent.get(started.headers.location)).status, 404);
    const farmer = await loginAs(app, (await makeUser(h.db, 'farmer', { householdId: a.id })).user.username);
    assert.equal((await farmer.get(`${started.headers.location}/print`)).status, 404);
  });
});
