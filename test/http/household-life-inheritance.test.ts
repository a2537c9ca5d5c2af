import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { certificates } from '../../models/certificates';
import { householdEndings, householdEventDocuments, householdEvents } from '../../models/household-life';
import { members } from '../../models/households';
import { parcels, rights } from '../../models/rights';
import type { Actor } from '../../server/kernel/actor';
import { createListing } from '../../server/market/listings';
import type { Handle } from '../../server/platform/db';
import { cancelCertificate, issueCertificate, reissueCertificate } from '../../server/registry/certificates';
import { mergeHouseholds, recordInheritance, recordMarriageOut, splitHousehold } from '../../server/registry/household-life';
import { registerLand, registerShares } from '../../server/registry/rights';
import { freshDb } from '../helpers/db';
import { householdCode, idNumber, landInput, makeCollective, makeHousehold, makeUser, parcelCode } from '../helpers/factories';
import { farmerOf, listed } from '../helpers/market';

// 继承 (承包法 §16, §32; 集体经济组织法 §15), a marriage out (承包法 §31, 集体经济组织法 §18, §31),
// and rule 11 (rights in a listing stay still) as issue 16 has them.

const AT = new Date('2026-06-01T02:00:00Z');
const SCAN = { name: '死亡证明.pdf', mime: 'application/pdf', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') };
const parcel = (c: { regionCode: string; groupCode: string }, landClass: string) => ({
  code: parcelCode(c),
  name: landClass === 'forest' ? '山林' : '水田',
  areaMu: '2.00',
  landClass,
  east: '路',
  south: '河',
  west: '沟',
  north: '山',
});

describe('Inheritance, marriage and rights held still (承包法 §31, §32; rule 11)', () => {
  let h: Handle;
  let officer: Actor;
  let c: Awaited<ReturnType<typeof makeCollective>>;
  before(async () => {
    h = await freshDb();
    c = await makeCollective(h.db, { totalShares: 1000 });
    officer = (await makeUser(h.db, 'officer', { collectiveId: c.id })).actor;
  });
  after(async () => {
    await h?.close();
  });

  async function elderly() {
    const hh = await makeHousehold(h.db, officer, c, {
      members: [{ name: '五保老人', idNumber: idNumber('1940-01-01'), relation: 'head' }],
    });
    const [m] = await h.db.select().from(members).where(eq(members.householdId, hh.id));
    return { hh, m };
  }

  it('承包法 §16: while a member remains the contract continues; recording an inheritance is refused and nothing changes', async () => {
    const hh = await makeHousehold(h.db, officer, c);
    const land = await registerLand(h.db, officer, hh.id, landInput(c), AT);
    const ms = await h.db.select().from(members).where(eq(members.householdId, hh.id));
    const head = ms.find((m) => m.relation === 'head')!;
    await assert.rejects(
      recordInheritance(
        h.db,
        officer,
        hh.id,
        {
          deceasedMemberIds: [head.id],
          diedOn: '2026-05-01',
          deathReason: '病故',
          decidedBy: '村委会',
          heirs: [{ name: '女儿', relation: '女', member: false }],
          landHeir: 0,
          sharesOutcome: 'back_to_collective',
          sharesHeir: 0,
        },
        [SCAN],
        AT,
      ),
      (e: Error & { code?: string }) => e.code === 'life.membersRemain',
    );
    const [r] = await h.db.select().from(rights).where(eq(rights.id, land.id));
    assert.equal(r.status, 'active');
    assert.equal((await h.db.select().from(householdEvents).where(eq(householdEvents.householdId, hh.id))).length, 0);
  });

  it('承包法 §32: the last member dies; the 林地 parcels pass to the heir’s household, the paddy returns, shares go to the member heir as the charter says', async () => {
    const { hh, m } = await elderly();
    const heirHh = await makeHousehold(h.db, officer, c);
    const land = await registerLand(h.db, officer, hh.id, { ...landInput(c), parcels: [parcel(c, 'forest'), parcel(c, 'paddy')] }, AT);
    const cert = await issueCertificate(h.db, officer, land.id, {}, AT);
    const shares = await registerShares(h.db, officer, hh.id, { shares: 5 });
    const out = await recordInheritance(
      h.db,
      officer,
      hh.id,
      {
        deceasedMemberIds: [m.id],
        diedOn: '2026-05-01',
        deathReason: '病故',
        decidedBy: '村民委员会 2026-05-10 会议',
        heirs: [{ name: '侄子', idNumber: idNumber('1975-03-03'), relation: '侄', member: true, householdCode: heirHh.code }],
        landHeir: 0,
        sharesOutcome: 'to_member_heir',
        sharesHeir: 0,
      },
      [SCAN],
      AT,
    );
    const [old] = await h.db.select().from(rights).where(eq(rights.id, land.id));
    assert.equal(old.status, 'exited');
    const returned = await h.db.select().from(parcels).where(eq(parcels.rightId, land.id));
    assert.deepEqual(returned.map((p) => p.status).sort(), ['returned', 'transferred']);
    const heirLand = await h.db
      .select()
      .from(rights)
      .where(and(eq(rights.householdId, heirHh.id), eq(rights.kind, 'land')));
    assert.equal(heirLand.length, 1);
    const heirParcels = await h.db.select().from(parcels).where(eq(parcels.rightId, heirLand[0].id));
    assert.deepEqual(
      heirParcels.map((p) => p.landClass),
      ['forest'],
    );
    const [s] = await h.db.select().from(rights).where(eq(rights.id, shares.id));
    assert.equal(s.householdId, heirHh.id);
    const [oldCert] = await h.db.select().from(certificates).where(eq(certificates.id, cert.id));
    assert.equal(oldCert.status, 'cancelled');
    const [end] = await h.db.select().from(householdEndings).where(eq(householdEndings.householdId, hh.id));
    assert.equal(end.kind, 'died_out');
    const docs = await h.db.select().from(householdEventDocuments).where(eq(householdEventDocuments.eventId, out.eventId));
    assert.equal(docs.length, 1);
    const [ev] = await h.db.select().from(householdEvents).where(eq(householdEvents.id, out.eventId));
    assert.equal(ev.decidedBy, '村民委员会 2026-05-10 会议');
    const heirs = (ev.details as { heirs: { idNumber: string }[] }).heirs;
    assert.match(heirs[0].idNumber, /\*{4,}/, 'the heir’s ID number is kept masked in the event');
    // The member stays in the history, never deleted.
    assert.equal((await h.db.select().from(members).where(eq(members.id, m.id))).length, 1);
  });

  it('集体经济组织法 §15: a non-member heir cannot take the shares into a household; refused, nothing changed', async () => {
    const { hh, m } = await elderly();
    const shares = await registerShares(h.db, officer, hh.id, { shares: 5 });
    await assert.rejects(
      recordInheritance(
        h.db,
        officer,
        hh.id,
        {
          deceasedMemberIds: [m.id],
          diedOn: '2026-05-01',
          deathReason: '病故',
          decidedBy: '村委会',
          heirs: [{ name: '城里女儿', relation: '女', member: false }],
          landHeir: 0,
          sharesOutcome: 'to_member_heir',
          sharesHeir: 0,
        },
        [SCAN],
        AT,
      ),
      (e: Error & { code?: string }) => e.code === 'life.sharesOutcome',
    );
    const [s] = await h.db.select().from(rights).where(eq(rights.id, shares.id));
    assert.deepEqual([s.status, s.householdId], ['active', hh.id]);
  });

  it('继承 needs a scan of its documents (a PDF, JPEG or PNG by its bytes)', async () => {
    const { hh, m } = await elderly();
    const cmd = {
      deceasedMemberIds: [m.id],
      diedOn: '2026-05-01',
      deathReason: '病故',
      decidedBy: '村委会',
      heirs: [{ name: '女儿', relation: '女', member: false }],
      landHeir: 0,
      sharesOutcome: 'back_to_collective' as const,
      sharesHeir: 0,
    };
    await assert.rejects(
      recordInheritance(h.db, officer, hh.id, cmd, [], AT),
      (e: Error & { fields?: Record<string, { code: string }> }) => e.fields?.documents?.code === 'life.documentNeeded',
    );
    await assert.rejects(
      recordInheritance(h.db, officer, hh.id, cmd, [{ name: 'x.pdf', mime: 'application/pdf', bytes: Buffer.from('MZ not a pdf') }], AT),
      (e: Error & { fields?: Record<string, { code: string }> }) => e.fields?.documents?.code === 'life.documentType',
    );
  });

  it('承包法 §31: a daughter marrying into another village is recorded; she stays a member and the household keeps every right', async () => {
    const hh = await makeHousehold(h.db, officer, c);
    const land = await registerLand(h.db, officer, hh.id, landInput(c), AT);
    const ms = await h.db.select().from(members).where(eq(members.householdId, hh.id));
    const wife = ms.find((x) => x.sex === 'F')!;
    await recordMarriageOut(h.db, officer, hh.id, { memberId: wife.id, occurredOn: '2026-05-20', toPlace: '武江区西联镇沐溪村' }, AT);
    const [still] = await h.db.select().from(members).where(eq(members.id, wife.id));
    assert.deepEqual([still.householdId, still.isCollectiveMember], [hh.id, true]);
    const [r] = await h.db.select().from(rights).where(eq(rights.id, land.id));
    assert.deepEqual([r.status, r.householdId], ['active', hh.id]);
    const ev = await h.db.select().from(householdEvents).where(eq(householdEvents.householdId, hh.id));
    assert.deepEqual(
      ev.map((e) => e.kind),
      ['marriage_out'],
    );
  });

  it('rule 11: a listed right’s certificate cannot be cancelled or reissued, nor its household split or merged, until the listing ends', async () => {
    const hh = await makeHousehold(h.db, officer, c);
    await h.db.insert(members).values({
      householdId: hh.id,
      collectiveId: c.id,
      name: '成年儿子',
      idNumber: idNumber('1999-09-09'),
      sex: 'M',
      birthDate: '1999-09-09',
      relation: 'child',
    });
    const seller = await farmerOf(h.db, hh);
    const shares = await registerShares(h.db, officer, hh.id, { shares: 4 });
    const cert = await issueCertificate(h.db, officer, shares.id, {}, AT);
    await createListing(h.db, seller.actor, shares.id, listed({ path: 'transfer', askingPriceFen: 100_00, shares: 4 }), AT);
    await assert.rejects(
      cancelCertificate(h.db, officer, cert.id, { reason: '作废' }, AT),
      (e: Error & { code?: string }) => e.code === 'rule11.locked',
    );
    // A listed right is not active: its certificate is not reissued (rightNotActive, rule 11).
    await assert.rejects(
      reissueCertificate(h.db, officer, cert.id, { reason: '补发' }, AT),
      (e: Error & { code?: string }) => e.code === 'rightNotActive',
    );
    const son = (await h.db.select().from(members).where(eq(members.householdId, hh.id))).find((x) => x.name === '成年儿子')!;
    await assert.rejects(
      splitHousehold(
        h.db,
        officer,
        hh.id,
        {
          newHouseholdCode: householdCode(c),
          newHeadMemberId: son.id,
          memberIds: [son.id],
          rightIds: [],
          parcelIds: [],
          occurredOn: '2026-05-30',
          reason: '分户',
        },
        AT,
      ),
      (e: Error & { code?: string }) => e.code === 'rule11.householdFrozen',
    );
    const other = await makeHousehold(h.db, officer, c);
    await assert.rejects(
      mergeHouseholds(
        h.db,
        officer,
        other.id,
        { absorbedHouseholdCode: hh.code, formerHeadRelation: 'sibling', occurredOn: '2026-05-30', reason: '合户' },
        AT,
      ),
      (e: Error & { code?: string }) => e.code === 'rule11.householdFrozen',
    );
    const [still] = await h.db.select().from(certificates).where(eq(certificates.id, cert.id));
    assert.equal(still.status, 'valid');
  });
});
