import assert from 'node:assert/strict';
import { and, eq, inArray } from 'drizzle-orm';
import { auditLog, jobs } from '../../models/audit';
import { certificates } from '../../models/certificates';
import { contractExtensions, householdEvents } from '../../models/household-life';
import { landContracts, parcels, rights } from '../../models/rights';
import type { Actor } from '../../server/kernel/actor';
import { createListing } from '../../server/market/listings';
import type { Handle } from '../../server/platform/db';
import { issueCertificate } from '../../server/registry/certificates';
import { extensionByCounty, extensionJob, planExtension, startExtension } from '../../server/registry/household-life';
import { registerLand } from '../../server/registry/rights';
import { freshDb } from '../helpers/db';
import { landInput, makeCollective, makeHousehold, makeUser, VILLAGE_A } from '../helpers/factories';
import { farmerOf, listed } from '../helpers/market';

// 二轮延包 (the 2026 central opinion on extending second-round contracts by 30 years): the dry
// run lists every contract ending in the old term; the officer excludes or adjusts; the job
// extends the rest in one transaction, reissues their certificates, and the bureau counts them.

const AT = new Date('2026-09-01T02:00:00Z');
const noLog = () => undefined;

describe('The 2026 thirty-year extension (二轮延包)', () => {
  let h: Handle;
  let officer: Actor;
  let c: Awaited<ReturnType<typeof makeCollective>>;
  const contracts: { id: string; household: string }[] = [];
  let later: string;
  let listedRight: string;
  before(async () => {
    h = await freshDb();
    c = await makeCollective(h.db, { totalShares: 1000 });
    officer = (await makeUser(h.db, 'officer', { collectiveId: c.id })).actor;
    for (let i = 0; i < 4; i++) {
      const hh = await makeHousehold(h.db, officer, c);
      const r = await registerLand(h.db, officer, hh.id, landInput(c, { startDate: '1998-01-01', endDate: '2027-12-31' }), AT);
      await issueCertificate(h.db, officer, r.id, {}, AT);
      contracts.push({ id: r.id, household: hh.id });
    }
    const hh = await makeHousehold(h.db, officer, c);
    later = (await registerLand(h.db, officer, hh.id, landInput(c, { startDate: '2018-01-01', endDate: '2047-12-31' }), AT)).id;
    // A listed contract stays still (rule 11): listed, not extended.
    const seller = await farmerOf(h.db, { id: contracts[3].household });
    listedRight = contracts[3].id;
    const [p] = await h.db.select().from(parcels).where(eq(parcels.rightId, listedRight));
    await createListing(h.db, seller.actor, listedRight, listed({ path: 'transfer', askingPriceFen: 5000_00, parcelIds: [p.id] }), AT);
  });
  after(async () => {
    await h?.close();
  });

  it('the dry run lists the contracts ending in the old term, marks the excluded and the listed, and changes nothing', async () => {
    const plan = await planExtension(h.db, officer, c.id, {
      oldTermEndsBy: '2028-12-31',
      decisionRef: '成员大会 2026-08-20 决议',
      excluded: [{ rightId: contracts[0].id, reason: '已自愿交回承包地' }],
      adjusted: [],
      dryRun: true,
    });
    assert.equal(plan.rows.length, 4);
    assert.ok(!plan.rows.some((r) => r.rightId === later));
    assert.equal(plan.rows.find((r) => r.rightId === contracts[0].id)?.skip?.code, 'excluded');
    assert.equal(plan.rows.find((r) => r.rightId === listedRight)?.skip?.code, 'rule11');
    assert.equal(plan.extend, 2);
    assert.equal(plan.rows.find((r) => r.rightId === contracts[1].id)?.newEndDate, '2057-12-31');
    const [lc] = await h.db.select().from(landContracts).where(eq(landContracts.rightId, contracts[1].id));
    assert.equal(lc.endDate, '2027-12-31');
  });

  it('an adjustment to an earlier end is refused before any job exists', async () => {
    const before = await h.db.select().from(jobs).where(eq(jobs.kind, 'extension'));
    await assert.rejects(
      startExtension(
        h.db,
        officer,
        c.id,
        {
          oldTermEndsBy: '2028-12-31',
          decisionRef: '决议',
          excluded: [],
          adjusted: [{ rightId: contracts[1].id, newEndDate: '2020-01-01', reason: '错' }],
          dryRun: false,
        },
        AT,
        noLog,
      ),
      (e: Error & { fields?: Record<string, { code: string }> }) => e.fields?.adjusted?.code === 'life.extensionEndsEarlier',
    );
    assert.equal((await h.db.select().from(jobs).where(eq(jobs.kind, 'extension'))).length, before.length);
  });

  it('the job extends the rest by 30 years (one adjusted), reissues their certificates, and the bureau counts the county', async () => {
    const { jobId, done } = await startExtension(
      h.db,
      officer,
      c.id,
      {
        oldTermEndsBy: '2028-12-31',
        decisionRef: '成员大会 2026-08-20 决议',
        excluded: [{ rightId: contracts[0].id, reason: '已自愿交回承包地' }],
        adjusted: [{ rightId: contracts[2].id, newEndDate: '2056-12-31', reason: '与林地承包期一致' }],
        dryRun: false,
      },
      AT,
      noLog,
    );
    await done;
    const job = await extensionJob(h.db, officer, c.id, jobId, AT);
    assert.deepEqual([job.status, job.extended, job.skipped, job.certificates.length], ['succeeded', 2, 2, 2]);
    const ends = await h.db
      .select()
      .from(landContracts)
      .where(
        inArray(
          landContracts.rightId,
          contracts.map((x) => x.id),
        ),
      );
    const end = (id: string) => ends.find((e) => e.rightId === id)?.endDate;
    assert.deepEqual(
      [end(contracts[0].id), end(contracts[1].id), end(contracts[2].id), end(contracts[3].id)],
      ['2027-12-31', '2057-12-31', '2056-12-31', '2027-12-31'],
    );
    const valid = await h.db
      .select()
      .from(certificates)
      .where(and(eq(certificates.rightId, contracts[1].id), eq(certificates.status, 'valid')));
    assert.equal(valid.length, 1);
    assert.ok(valid[0].replacesId, 'the new certificate replaces the old');
    const ext = await h.db.select().from(contractExtensions).where(eq(contractExtensions.jobId, jobId));
    assert.deepEqual(
      ext.map((e) => e.regionCode),
      [VILLAGE_A, VILLAGE_A],
    );
    const ev = await h.db.select().from(householdEvents).where(eq(householdEvents.householdId, contracts[1].household));
    assert.deepEqual(
      ev.map((e) => e.kind),
      ['extension'],
    );
    const trail = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.rightId, contracts[1].id), eq(auditLog.action, 'contract.extend')));
    assert.equal(trail.length, 1);
    const [listedRow] = await h.db.select().from(rights).where(eq(rights.id, listedRight));
    assert.equal(listedRow.status, 'listed');

    const { actor: bureau } = await makeUser(h.db, 'bureau', { regionCode: VILLAGE_A.slice(0, 6) });
    const byCounty = await extensionByCounty(h.db, bureau);
    assert.deepEqual(byCounty, [{ county: VILLAGE_A.slice(0, 6), collectives: 1, contracts: 2 }]);
    const { actor: elsewhere } = await makeUser(h.db, 'bureau', { regionCode: '440203' });
    assert.deepEqual(await extensionByCounty(h.db, elsewhere), []);
  });
});
