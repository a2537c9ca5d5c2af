import { now } from '../../server/kernel/clock';
import assert from 'node:assert/strict';
import { and, asc, eq } from 'drizzle-orm';
import { auditLog } from '../../models/audit';
import { landContracts, parcels, rights, shareHoldings } from '../../models/rights';
import type { Handle } from '../../server/platform/db';
import { registerHomestead, registerLand, registerShares } from '../../server/registry/rights';
import { freshDb } from '../helpers/db';
import { homesteadInput, landInput, makeHousehold, parcelCode, VILLAGE_A } from '../helpers/factories';
import { officerSession, postForm, testApp } from '../helpers/http';

// Issue 18 item 8: 更正登记. A registered right's details are corrected with a reason, in the
// trail (before → after), instead of cancelled and registered again; the same rules hold as at
// registration (rule 4 homestead limits, rule 13 codes, the collective's share total), and a
// right in the market cannot be corrected (rule 11).
describe('Correcting a registration (更正登记, issue 18 item 8)', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  before(async () => {
    h = await freshDb();
    app = testApp(h.db);
  });
  after(async () => {
    await h.close();
  });

  async function landRight() {
    const s = await officerSession(app, h.db, { regionCode: VILLAGE_A });
    const hh = await makeHousehold(h.db, s.actor, s.c);
    const two = landInput(s.c, {
      parcels: [
        { code: parcelCode(s.c), name: '东田', areaMu: '1.50', landClass: 'paddy', east: '路', south: '河', west: '沟', north: '山' },
        { code: parcelCode(s.c), name: '西田', areaMu: '0.80', landClass: 'dry', east: '路', south: '河', west: '沟', north: '山' },
      ],
    });
    const r = await registerLand(h.db, s.actor, hh.id, two, now());
    return { ...s, hh, r };
  }
  const parcelsOf = (id: string) =>
    h.db.select().from(parcels).where(eq(parcels.rightId, id)).orderBy(asc(parcels.createdAt), asc(parcels.name));

  it('when an officer corrects a parcel’s area, removes a parcel and adds one with a reason, then the register and the trail show it and the right keeps its identity', async () => {
    const { c, agent, r } = await landRight();
    const form = await agent.get(`/rights/${r.id}/correct`).expect(200);
    assert.match(form.text, /value="1.50"/, 'the form starts from the registered details');
    const [east, west] = await parcelsOf(r.id);
    const added = parcelCode(c);
    const res = await postForm(agent, `/rights/${r.id}/correct`, {
      version: '1',
      contractNo: 'HT-2018-0001',
      startDate: '2018-01-01',
      endDate: '2047-12-31',
      'parcels[0][id]': east.id,
      'parcels[0][code]': east.code,
      'parcels[0][name]': '东田',
      'parcels[0][areaMu]': '1.05',
      'parcels[0][landClass]': 'paddy',
      'parcels[0][east]': '路',
      'parcels[0][south]': '河',
      'parcels[0][west]': '沟',
      'parcels[0][north]': '山',
      'parcels[1][id]': west.id,
      'parcels[1][remove]': '1',
      'parcels[1][code]': west.code,
      'parcels[2][code]': added,
      'parcels[2][name]': '南坡',
      'parcels[2][areaMu]': '0.30',
      'parcels[2][landClass]': 'orchard',
      'parcels[2][east]': '林',
      'parcels[2][south]': '林',
      'parcels[2][west]': '路',
      'parcels[2][north]': '东田',
      reason: '面积录入错误，按承包合同更正',
    });
    assert.equal(res.status, 302, res.text.slice(0, 500));
    const after = await parcelsOf(r.id);
    assert.equal(after.find((p) => p.id === east.id)?.areaMuCenti, 105);
    assert.equal(after.find((p) => p.id === west.id)?.status, 'removed', 'a removed parcel keeps its row for the history');
    assert.equal(after.find((p) => p.code === added)?.status, 'active');
    const [contract] = await h.db.select().from(landContracts).where(eq(landContracts.rightId, r.id));
    assert.equal(contract.contractNo, 'HT-2018-0001');
    const [right] = await h.db.select().from(rights).where(eq(rights.id, r.id));
    assert.equal(right.status, 'active');
    assert.equal(right.version, 2);
    const [entry] = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'right.correct'), eq(auditLog.entityId, r.id)));
    assert.equal(entry.reason, '面积录入错误，按承包合同更正');
    assert.match(String((entry.before as { parcels: string }).parcels), /西田 0\.80/);
    assert.match(String((entry.after as { parcels: string }).parcels), /东田 1\.05.*南坡 0\.30/);
    assert.doesNotMatch(String((entry.after as { parcels: string }).parcels), /西田/);
    const page = await agent.get(res.headers.location).expect(200);
    assert.match(page.text, /更正时删除/);
  });

  it('when the reason is missing, or the form is stale, then nothing changes and the form comes back with the typed values', async () => {
    const { agent, r } = await landRight();
    const [east] = await parcelsOf(r.id);
    const base = {
      contractNo: 'HT-X-1',
      startDate: '2018-01-01',
      endDate: '2047-12-31',
      'parcels[0][id]': east.id,
      'parcels[0][code]': east.code,
      'parcels[0][name]': '改名田',
      'parcels[0][areaMu]': '2.00',
      'parcels[0][landClass]': 'paddy',
      'parcels[0][east]': '路',
      'parcels[0][south]': '河',
      'parcels[0][west]': '沟',
      'parcels[0][north]': '山',
    };
    const noReason = await postForm(agent, `/rights/${r.id}/correct`, { ...base, version: '1', reason: '' });
    assert.equal(noReason.status, 422);
    assert.match(noReason.text, /value="改名田"/);
    const stale = await postForm(agent, `/rights/${r.id}/correct`, { ...base, version: '7', reason: '旧表单' });
    assert.equal(stale.status, 409);
    assert.equal((await parcelsOf(r.id)).find((p) => p.id === east.id)?.name, '东田');
    assert.equal(
      (await h.db.select().from(auditLog).where(eq(auditLog.entityId, r.id))).filter((e) => e.action === 'right.correct').length,
      0,
    );
  });

  it('when a homestead is corrected beyond its terrain limit, then it is refused (rule 4); within the limit it is corrected', async () => {
    const s = await officerSession(app, h.db, { regionCode: VILLAGE_A });
    const hh = await makeHousehold(h.db, s.actor, s.c);
    const input = homesteadInput(s.c);
    const r = await registerHomestead(h.db, s.actor, hh.id, input);
    const body = { ...input, version: '1', reason: '面积更正' } as Record<string, string>;
    const over = await postForm(s.agent, `/rights/${r.id}/correct`, { ...body, terrain: 'plain', areaM2: '200' });
    assert.equal(over.status, 422);
    assert.match(over.text, /规则 4/);
    const ok = await postForm(s.agent, `/rights/${r.id}/correct`, { ...body, terrain: 'plain', areaM2: '75.5', floorAreaM2: '120' });
    assert.equal(ok.status, 302);
    const trail = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, r.id), eq(auditLog.action, 'right.correct')));
    assert.equal((trail[0].after as { areaM2: string }).areaM2, '75.50');
  });

  it('when shares are corrected above the collective’s total, then it is refused; the right’s own shares do not count twice', async () => {
    const s = await officerSession(app, h.db, { regionCode: VILLAGE_A, totalShares: 100 });
    const hh = await makeHousehold(h.db, s.actor, s.c);
    const r = await registerShares(h.db, s.actor, hh.id, { shares: 60 });
    const over = await postForm(s.agent, `/rights/${r.id}/correct`, { version: '1', shares: '101', reason: '股数更正' });
    assert.equal(over.status, 422);
    const ok = await postForm(s.agent, `/rights/${r.id}/correct`, { version: '1', shares: '100', reason: '股数更正' });
    assert.equal(ok.status, 302);
    const [held] = await h.db.select().from(shareHoldings).where(eq(shareHoldings.rightId, r.id));
    assert.equal(held.shares, 100);
  });

  it('when the right is listed, then it cannot be corrected (rule 11) and the household page offers no correction', async () => {
    const { agent, r, hh } = await landRight();
    await h.db.update(rights).set({ status: 'listed' }).where(eq(rights.id, r.id));
    const res = await postForm(agent, `/rights/${r.id}/correct`, {
      version: '1',
      contractNo: 'X-1',
      startDate: '2018-01-01',
      endDate: '2047-12-31',
      reason: '试',
    });
    assert.equal(res.status, 422);
    const page = await agent.get(`/households/${hh.id}`).expect(200);
    assert.doesNotMatch(page.text, new RegExp(`/rights/${r.id}/correct`));
  });
});
