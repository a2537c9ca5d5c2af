import { now } from '../../server/kernel/clock';
import assert from 'node:assert/strict';
import { and, count, eq } from 'drizzle-orm';
import { members } from '../../models/households';
import { rights } from '../../models/rights';
import { certificates } from '../../models/certificates';
import type { Handle } from '../../server/platform/db';
import { issueCertificate } from '../../server/registry/certificates';
import { updateHousehold } from '../../server/registry/households';
import { loadHousehold } from '../../server/registry/households';
import { registerHomestead, registerLand, registerShares } from '../../server/registry/rights';
import { DomainError, NotFound, ValidationError, Forbidden } from '../../server/kernel/errors';
import { freshDb } from '../helpers/db';
import { homesteadInput, idNumber, landInput, makeCollective, makeHousehold, makeUser, VILLAGE_B } from '../helpers/factories';

async function rejects<T extends Error>(p: Promise<unknown>, type: new (...a: never[]) => T, check?: (e: T) => void) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof type, `expected ${type.name}, got ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    check?.(e as T);
    return true;
  });
}

describe('Registry rules (DOMAIN rules 4, 12, 13)', () => {
  let h: Handle;
  before(async () => {
    h = await freshDb();
  });
  after(async () => {
    await h.close();
  });

  async function setup() {
    const c = await makeCollective(h.db);
    const { actor: officer } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    const hh = await makeHousehold(h.db, officer, c);
    return { c, officer, hh };
  }

  it('when a household already holds a homestead, then a second one is refused (rule 4) and none is added', async () => {
    const { c, officer, hh } = await setup();
    await registerHomestead(h.db, officer, hh.id, homesteadInput(c));
    await rejects(registerHomestead(h.db, officer, hh.id, homesteadInput(c)), DomainError, (e) =>
      assert.equal(e.code, 'rule4.secondHomestead'),
    );
    const [{ n }] = await h.db
      .select({ n: count() })
      .from(rights)
      .where(and(eq(rights.householdId, hh.id), eq(rights.kind, 'homestead')));
    assert.equal(n, 1);
  });

  it('when the code check is bypassed, then the database still refuses a second live homestead (rule 4)', async () => {
    const { hh } = await setup();
    const base = { kind: 'homestead' as const, collectiveId: hh.collectiveId, regionCode: hh.regionCode, householdId: hh.id };
    await h.db.insert(rights).values(base);
    await assert.rejects(
      h.db.insert(rights).values(base),
      (e: { cause?: { code?: string }; code?: string }) => (e.cause?.code ?? e.code) === '23505',
    );
  });

  it('when a homestead exceeds the limit for its terrain, then it is refused with the limit (rule 4)', async () => {
    const { c, officer, hh } = await setup();
    await rejects(registerHomestead(h.db, officer, hh.id, homesteadInput(c, { terrain: 'plain', areaM2: '80.01' })), DomainError, (e) => {
      assert.equal(e.code, 'rule4.oversize');
      assert.equal(e.params.limit, 80);
    });
    // Exactly at the limit is allowed; hill and mountain limits are larger.
    await registerHomestead(h.db, officer, hh.id, homesteadInput(c, { terrain: 'plain', areaM2: '80.00' }));
  });

  it('when the collective sets a different limit, then that limit applies (rule 4, configurable)', async () => {
    const c = await makeCollective(h.db, { homesteadLimitMountainM2: 100 });
    const { actor: officer } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    const hh = await makeHousehold(h.db, officer, c);
    await rejects(registerHomestead(h.db, officer, hh.id, homesteadInput(c, { terrain: 'mountain', areaM2: '120' })), DomainError);
  });

  it("when an officer acts on another collective's household, then it is not found (rule 12)", async () => {
    const { hh, c } = await setup();
    const other = await makeCollective(h.db, { regionCode: VILLAGE_B });
    const { actor: stranger } = await makeUser(h.db, 'officer', { collectiveId: other.id });
    await rejects(loadHousehold(h.db, stranger, hh.id), NotFound);
    await rejects(registerShares(h.db, stranger, hh.id, { shares: 1 }), NotFound);
    await rejects(registerLand(h.db, stranger, hh.id, landInput(c), now()), NotFound);
  });

  it('when a bureau reads inside its region, then it may; outside, not found; and it changes nothing (rule 12)', async () => {
    const { hh } = await setup();
    const { actor: county } = await makeUser(h.db, 'bureau', { regionCode: '440205' });
    const { actor: otherCounty } = await makeUser(h.db, 'bureau', { regionCode: '440203' });
    const { actor: city } = await makeUser(h.db, 'bureau', { regionCode: '440200' });
    assert.equal((await loadHousehold(h.db, county, hh.id)).id, hh.id);
    assert.equal((await loadHousehold(h.db, city, hh.id)).id, hh.id);
    await rejects(loadHousehold(h.db, otherCounty, hh.id), NotFound);
    await rejects(registerShares(h.db, county, hh.id, { shares: 1 }), Forbidden);
  });

  it('when a farmer reads a household, then only their own (rule 12)', async () => {
    const { c, officer, hh } = await setup();
    const neighbour = await makeHousehold(h.db, officer, c);
    const { actor: farmer } = await makeUser(h.db, 'farmer', { householdId: hh.id });
    assert.equal((await loadHousehold(h.db, farmer, hh.id)).id, hh.id);
    await rejects(loadHousehold(h.db, farmer, neighbour.id), NotFound);
    await rejects(registerShares(h.db, farmer, hh.id, { shares: 1 }), Forbidden);
  });

  it('when an ID number is invalid or already registered, then the household is refused and nothing written (rule 13)', async () => {
    const { c, officer } = await setup();
    const before = (await h.db.select({ n: count() }).from(members))[0].n;
    await rejects(
      makeHousehold(h.db, officer, c, { members: [{ name: '甲', idNumber: '440205198001010010', relation: 'head' }] }),
      ValidationError,
      (e) => assert.equal(e.fields['members.0.idNumber'].code, 'invalidIdNumber'),
    );
    const taken = idNumber();
    await makeHousehold(h.db, officer, c, { members: [{ name: '乙', idNumber: taken, relation: 'head' }] });
    await rejects(makeHousehold(h.db, officer, c, { members: [{ name: '丙', idNumber: taken, relation: 'head' }] }), ValidationError, (e) =>
      assert.equal(e.fields.idNumber.code, 'duplicateIdNumber'),
    );
    const after = (await h.db.select({ n: count() }).from(members))[0].n;
    assert.equal(after, before + 1);
  });

  it('when areas are negative, zero, absurd or have three decimals, then they are refused (rule 13)', async () => {
    const { c, officer, hh } = await setup();
    for (const areaMu of ['-1', '0', '0.00', '1.234', '99999999', 'abc', '']) {
      const input = landInput(c);
      (input.parcels[0] as Record<string, unknown>).areaMu = areaMu;
      await rejects(registerLand(h.db, officer, hh.id, input, now()), ValidationError, (e) =>
        assert.ok(e.fields['parcels.0.areaMu'], `areaMu ${areaMu}`),
      );
    }
    await rejects(
      registerLand(h.db, officer, hh.id, landInput(c, { startDate: '2030-01-01', endDate: '2020-01-01' }), now()),
      ValidationError,
      (e) => assert.equal(e.fields.endDate.code, 'endBeforeStart'),
    );
  });

  it('when a certificate number is already used, then issuing it again is refused (rule 13)', async () => {
    const { c, officer, hh } = await setup();
    const r1 = await registerShares(h.db, officer, hh.id, { shares: 5 });
    const r2 = await registerLand(h.db, officer, hh.id, landInput(c), now());
    await issueCertificate(h.db, officer, r1.id, { number: 'GZ-2026-0001' }, now());
    await rejects(issueCertificate(h.db, officer, r2.id, { number: 'GZ-2026-0001' }, now()), ValidationError, (e) =>
      assert.equal(e.fields.number.code, 'duplicateCertificate'),
    );
    const [{ n }] = await h.db.select({ n: count() }).from(certificates).where(eq(certificates.rightId, r2.id));
    assert.equal(n, 0);
  });

  it('when shares would exceed the collective total, then they are refused', async () => {
    const c = await makeCollective(h.db, { totalShares: 10 });
    const { actor: officer } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    const hh = await makeHousehold(h.db, officer, c);
    await registerShares(h.db, officer, hh.id, { shares: 8 });
    await rejects(registerShares(h.db, officer, hh.id, { shares: 3 }), ValidationError, (e) =>
      assert.equal(e.fields.shares.code, 'sharesExceedTotal'),
    );
  });

  it('when a household settles in a city, then its rights are untouched (rule 3)', async () => {
    const { c, officer, hh } = await setup();
    const r = await registerLand(h.db, officer, hh.id, landInput(c), now());
    await updateHousehold(h.db, officer, hh.id, { hukouStatus: 'settled_city', settledOn: '2024-05-01', settledCity: '广州市' }, now());
    const [after] = await h.db.select().from(rights).where(eq(rights.id, r.id));
    assert.equal(after.status, 'active');
    assert.equal(after.version, r.version);
    assert.equal(after.householdId, hh.id);
  });
});
