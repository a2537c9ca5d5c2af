import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { certificates } from '../../models/certificates';
import { households } from '../../models/households';
import { dividends } from '../../models/regions';
import type { Handle } from '../../server/platform/db';
import { registerLand } from '../../server/registry/rights';
import { testClock } from '../helpers/clock';
import { freshDb } from '../helpers/db';
import { landInput, makeHousehold } from '../helpers/factories';
import { officerSession, postForm, testApp } from '../helpers/http';

// Issue 14, item 7: "today" and "this year" are in Beijing (Asia/Shanghai, UTC+8), read from the
// app's clock by the route. Before, from 00:00 to 08:00 Beijing time a settlement dated today was
// refused as "in the future", and certificate numbers took the UTC year.
describe('Registry dates in Beijing time, at 01:00 on New Year’s Day (issue 14)', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  // 2025-12-31 17:00 UTC is 2026-01-01 01:00 in Beijing (the UTC date and year are still 2025-12-31, 2025).
  const clock = testClock('2025-12-31T17:00:00Z');
  before(async () => {
    h = await freshDb();
    app = testApp(h.db, {}, clock);
  });
  after(async () => {
    await h.close();
  });

  const settle = (settledOn: string) => ({
    phone: '13800138000',
    address: '',
    hukouStatus: 'settled_city',
    settledOn,
    settledCity: '广州市',
    reason: '进城落户',
  });

  it('when a settlement dated today (Beijing) is recorded at 01:00, then it is accepted; a date tomorrow is refused and nothing changes (rule 3)', async () => {
    const { c, actor, agent } = await officerSession(app, h.db);
    const hh = await makeHousehold(h.db, actor, c);
    const refused = await postForm(agent, `/households/${hh.id}`, settle('2026-01-02'));
    assert.equal(refused.status, 422);
    assert.match(refused.text, /2026-01-02/, 'the form keeps the typed date');
    assert.equal((await h.db.select().from(households).where(eq(households.id, hh.id)))[0].settledOn, null);

    const res = await postForm(agent, `/households/${hh.id}`, settle('2026-01-01'));
    assert.equal(res.status, 302, res.text.slice(0, 400));
    const [row] = await h.db.select().from(households).where(eq(households.id, hh.id));
    assert.equal(row.hukouStatus, 'settled_city');
    assert.equal(row.settledOn, '2026-01-01');
    assert.equal(row.updatedAt.toISOString(), clock.now().toISOString(), 'the change is dated by the app clock');
  });

  it('when a certificate is issued at 01:00 on New Year’s Day in Beijing, then its number carries the new year (证书编号)', async () => {
    const { c, actor, agent } = await officerSession(app, h.db);
    const hh = await makeHousehold(h.db, actor, c);
    const land = await registerLand(h.db, actor, hh.id, landInput(c), clock.now());
    const res = await postForm(agent, `/rights/${land.id}/certificates`, { number: '' });
    assert.equal(res.status, 302, res.text.slice(0, 400));
    const [cert] = await h.db.select().from(certificates).where(eq(certificates.rightId, land.id));
    assert.match(cert.number, new RegExp(`^${c.regionCode}J2026\\d{6}$`));
  });

  it('when the dividend of the year just begun in Beijing is recorded at 01:00, then it is accepted, and next year’s is refused', async () => {
    const { c, agent } = await officerSession(app, h.db);
    const page = await agent.get('/dividends').expect(200);
    assert.match(page.text, /value="2025"/, 'the form proposes last year, in Beijing');
    const refused = await postForm(agent, '/dividends', { year: '2027', perShareYuan: '1.00' });
    assert.equal(refused.status, 422);
    const res = await postForm(agent, '/dividends', { year: '2026', perShareYuan: '1.00' });
    assert.equal(res.status, 302, res.text.slice(0, 400));
    const list = await h.db.select().from(dividends).where(eq(dividends.collectiveId, c.id));
    assert.deepEqual(
      list.map((d) => [d.year, d.perShareFen]),
      [[2026, 100]],
    );
  });
});
