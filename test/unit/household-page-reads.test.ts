import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { users } from '../../models/accounts';
import type { Handle } from '../../server/platform/db';
import { issueCertificate } from '../../server/registry/certificates';
import { getCollective } from '../../server/registry/collectives';
import { dividendCommandIn, recordDividend } from '../../server/registry/dividends';
import { now } from '../../server/kernel/clock';
import { submitted } from '../../server/kernel/commands';
import { readHouseholdDetail, readHouseholdPage } from '../../server/registry/household-page-reads';
import { listMembers } from '../../server/registry/households';
import { membersWithStatus, recordMembership } from '../../server/registry/membership';
import { allocatedSharesSummary, registerHomestead, registerLand, registerShares } from '../../server/registry/rights';
import { householdHistory, rightDetails } from '../../server/registry/rights-view';
import { freshDb } from '../helpers/db';
import { homesteadInput, landInput, makeCollective, makeHousehold, makeUser, parcelCode } from '../helpers/factories';

// The household page reads everything in one prepared JSON statement (issue 19). What it returns
// must be exactly what the separate reads return — same rows, same order, same types (dates as
// Date, bigint as number, JSON columns as they are) — so that the page shows what the registry
// holds (rule 14's masking is applied to these rows afterwards, unchanged).
describe('The household page read in one statement', () => {
  let h: Handle;
  before(async () => {
    h = await freshDb();
  });
  after(async () => {
    await h.close();
  });

  it('when a household has members, land with parcels, a homestead, shares, certificates, an account and dividends, then the folded read equals the separate reads', async () => {
    const c = await makeCollective(h.db);
    const { actor } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    const hh = await makeHousehold(h.db, actor, c);
    const land = await registerLand(
      h.db,
      actor,
      hh.id,
      landInput(c, {
        parcels: [
          { code: parcelCode(c), name: '东田', areaMu: '1.25', landClass: 'paddy', east: '路', south: '河', west: '沟', north: '山' },
          { code: parcelCode(c), name: '西田', areaMu: '0.75', landClass: 'dry', east: '路', south: '河', west: '沟', north: '山' },
        ],
      }),
      now(),
    );
    await registerHomestead(h.db, actor, hh.id, homesteadInput(c));
    await registerShares(h.db, actor, hh.id, { shares: 9 });
    await issueCertificate(h.db, actor, land.id, {}, now());
    await recordDividend(h.db, actor, submitted(dividendCommandIn(2026), { year: '2025', perShareYuan: '12.34' }), now());
    await makeUser(h.db, 'farmer', { householdId: hh.id });
    const empty = await makeHousehold(h.db, actor, c);
    // Membership (集体经济组织法 §12, §17): one person confirmed, another ended from 2026-01-05 on.
    const [first, second] = await listMembers(h.db, hh.id);
    await recordMembership(h.db, actor, first.id, { kind: 'confirmed', ground: 'original', effectiveOn: '2025-06-20' }, now());
    await recordMembership(h.db, actor, second.id, { kind: 'ended', ground: 'other_organisation', effectiveOn: '2026-01-05' }, now());

    for (const id of [hh.id, empty.id]) {
      const p = await readHouseholdPage(h.db, id, now());
      assert.ok(p);
      assert.deepEqual(p.collective, await getCollective(h.db, c.id));
      assert.deepEqual(p.members, await listMembers(h.db, id));
      assert.deepEqual(p.rights, await rightDetails(h.db, { householdIds: [id] }));
      const history = await householdHistory(h.db, id);
      assert.deepEqual(p.history, history.history);
      assert.deepEqual(p.actorNames, history.actorNames);
      assert.equal(p.allocated, await allocatedSharesSummary(h.db, c.id));
      const accounts = await h.db
        .select({
          id: users.id,
          username: users.username,
          displayName: users.displayName,
          memberId: users.memberId,
          active: users.active,
          awaitingActivation: users.awaitingActivation,
          lastLoginAt: users.lastLoginAt,
        })
        .from(users)
        .where(eq(users.householdId, id));
      assert.deepEqual(p.accounts, accounts);
      // Each person's latest membership event, on the day of the read and on a day before the exit.
      for (const at of [now(), new Date('2025-12-01T04:00:00Z')]) {
        const latest = (await readHouseholdPage(h.db, id, at))!.memberLatest;
        assert.deepEqual(latest, new Map((await membersWithStatus(h.db, id, at)).map((m) => [m.id, m.latest])));
      }
      const d = await readHouseholdDetail(h.db, id);
      assert.deepEqual(d, { household: p.household, members: p.members, rights: p.rights });
    }
    const full = await readHouseholdPage(h.db, hh.id, now());
    assert.equal(full!.memberLatest.get(second.id)?.kind, 'ended', 'the exit is in force on the day of the read');
    const before = await readHouseholdPage(h.db, hh.id, new Date('2025-12-01T04:00:00Z'));
    assert.equal(before!.memberLatest.get(second.id)?.kind ?? null, null, 'the exit is not yet in force on 2025-12-01');
    assert.equal(full!.rights.length, 3);
    assert.equal(full!.rights.find((r) => r.right.kind === 'land')!.parcels!.length, 2);
    assert.ok(full!.rights.find((r) => r.right.kind === 'land')!.validCertificate, 'the certificate is read');
    assert.ok(full!.history[0].at instanceof Date);
    assert.equal(full!.accounts.length, 1);
    assert.equal(full!.dividends[0].perShareFen, 1234);
    assert.equal(await readHouseholdPage(h.db, '00000000-0000-4000-8000-000000000000', now()), null, 'no such household: null');
  });
});
