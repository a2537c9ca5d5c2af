import assert from 'node:assert/strict';
import { and, eq, inArray } from 'drizzle-orm';
import { auditLog } from '../../models/audit';
import { certificates } from '../../models/certificates';
import { householdEndings, householdEvents } from '../../models/household-life';
import { households, members } from '../../models/households';
import { landContracts, parcels, rights } from '../../models/rights';
import type { Handle } from '../../server/platform/db';
import type { Actor } from '../../server/kernel/actor';
import { issueCertificate } from '../../server/registry/certificates';
import { addMember } from '../../server/registry/households';
import { registerHomestead, registerLand, registerShares } from '../../server/registry/rights';
import { changeHead, mergeHouseholds, splitHousehold } from '../../server/registry/household-life';
import { freshDb } from '../helpers/db';
import {
  homesteadInput,
  householdCode,
  idNumber,
  landInput,
  makeCollective,
  makeHousehold,
  makeUser,
  parcelCode,
} from '../helpers/factories';

// A household's life (issue 16): 户主变更, 分户, 合户. Each keeps the history (events, trail,
// superseded certificates) and no right is ever held by two households or by none.

const AT = new Date('2026-06-01T02:00:00Z');

describe('A household’s life: head change, split and merge (农村土地承包法 §16, §24, §27; 土地管理法 §62)', () => {
  let h: Handle;
  let officer: Actor;
  let c: Awaited<ReturnType<typeof makeCollective>>;
  before(async () => {
    h = await freshDb();
    c = await makeCollective(h.db);
    officer = (await makeUser(h.db, 'officer', { collectiveId: c.id })).actor;
  });
  after(async () => {
    await h?.close();
  });

  async function family() {
    const hh = await makeHousehold(h.db, officer, c);
    const son = await addMember(h.db, officer, hh.id, { name: '测试儿子', idNumber: idNumber('2000-05-05'), relation: 'child' }, AT);
    const land = await registerLand(
      h.db,
      officer,
      hh.id,
      {
        ...landInput(c),
        parcels: [0, 1, 2].map((i) => ({
          code: parcelCode(c),
          name: `田${i}`,
          areaMu: '1.00',
          landClass: 'paddy',
          east: '路',
          south: '河',
          west: '沟',
          north: '山',
        })),
      },
      AT,
    );
    const landCert = await issueCertificate(h.db, officer, land.id, {}, AT);
    const home = await registerHomestead(h.db, officer, hh.id, homesteadInput(c));
    const homeCert = await issueCertificate(h.db, officer, home.id, {}, AT);
    const shares = await registerShares(h.db, officer, hh.id, { shares: 10 });
    const all = await h.db.select().from(members).where(eq(members.householdId, hh.id));
    return { hh, son, land, landCert, home, homeCert, shares, head: all.find((m) => m.relation === 'head')!, all };
  }

  /** Every right ever made is held by exactly one household (the column is never null and points at a household). */
  async function eachRightOneHousehold(ids: string[]) {
    const rows = await h.db.select().from(rights).where(inArray(rights.id, ids));
    assert.equal(rows.length, ids.length);
    for (const r of rows) assert.ok(r.householdId, 'held by a household');
  }

  it('户主变更: an adult member becomes head, code and rights stay, the certificates are reissued and the trail names it', async () => {
    const f = await family();
    const { household, certificates: re } = await changeHead(
      h.db,
      officer,
      f.hh.id,
      { memberId: f.son.id, formerHeadRelation: 'parent', occurredOn: '2026-05-30', reason: '原户主年迈' },
      AT,
    );
    assert.equal(household.code, f.hh.code);
    assert.equal(household.headName, '测试儿子');
    const ms = await h.db.select().from(members).where(eq(members.householdId, f.hh.id));
    assert.deepEqual(
      ms.filter((m) => m.relation === 'head').map((m) => m.id),
      [f.son.id],
    );
    assert.equal(ms.find((m) => m.id === f.head.id)?.relation, 'parent');
    const old = await h.db
      .select()
      .from(certificates)
      .where(inArray(certificates.id, [f.landCert.id, f.homeCert.id]));
    assert.deepEqual(
      old.map((x) => x.status),
      ['superseded', 'superseded'],
    );
    assert.equal(re.length, 2);
    const valid = await h.db
      .select()
      .from(certificates)
      .where(and(inArray(certificates.rightId, [f.land.id, f.home.id]), eq(certificates.status, 'valid')));
    assert.equal(valid.length, 2);
    assert.ok(valid.every((v) => v.replacesId));
    const held = await h.db.select().from(rights).where(eq(rights.householdId, f.hh.id));
    assert.equal(held.length, 3);
    const trail = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.householdId, f.hh.id), eq(auditLog.action, 'household.headChange')));
    assert.equal(trail.length, 1);
  });

  it('户主变更 (民法典 §17): a minor cannot become head; nothing changes', async () => {
    const f = await family();
    const kid = await addMember(h.db, officer, f.hh.id, { name: '小孩', idNumber: idNumber('2015-01-01'), relation: 'grandchild' }, AT);
    await assert.rejects(
      changeHead(h.db, officer, f.hh.id, { memberId: kid.id, formerHeadRelation: 'parent', occurredOn: '2026-05-30', reason: '试' }, AT),
      (e: Error & { code?: string }) => e.code === 'life.headMustBeAdult',
    );
    const [row] = await h.db.select().from(households).where(eq(households.id, f.hh.id));
    assert.equal(row.headName, f.hh.headName);
    const [cert] = await h.db.select().from(certificates).where(eq(certificates.id, f.landCert.id));
    assert.equal(cert.status, 'valid');
  });

  it('分户 (承包法 §27): the son leaves with the shares and one parcel carved into a new contract; each right is held by exactly one household', async () => {
    const f = await family();
    const [p0] = await h.db.select().from(parcels).where(eq(parcels.rightId, f.land.id)).limit(1);
    const code = householdCode(c);
    const out = await splitHousehold(
      h.db,
      officer,
      f.hh.id,
      {
        newHouseholdCode: code,
        newHeadMemberId: f.son.id,
        memberIds: [f.son.id],
        rightIds: [f.shares.id],
        parcelIds: [p0.id],
        newContractNo: `S-${code.slice(-6)}`,
        collectiveConsent: '村委会 2026-05 同意',
        occurredOn: '2026-05-30',
        reason: '儿子结婚另立户',
      },
      AT,
    );
    assert.equal(out.created.code, code);
    assert.equal(out.created.headName, '测试儿子');
    const [son] = await h.db.select().from(members).where(eq(members.id, f.son.id));
    assert.equal(son.householdId, out.created.id);
    assert.equal(son.relation, 'head');
    const [sharesRow] = await h.db.select().from(rights).where(eq(rights.id, f.shares.id));
    assert.equal(sharesRow.householdId, out.created.id);
    const newLand = await h.db
      .select()
      .from(rights)
      .where(and(eq(rights.householdId, out.created.id), eq(rights.kind, 'land')));
    assert.equal(newLand.length, 1);
    assert.equal(newLand[0].sourceRightId, f.land.id);
    const oldActive = await h.db
      .select()
      .from(parcels)
      .where(and(eq(parcels.rightId, f.land.id), eq(parcels.status, 'active')));
    assert.equal(oldActive.length, 2);
    const newActive = await h.db.select().from(parcels).where(eq(parcels.rightId, newLand[0].id));
    assert.deepEqual(
      newActive.map((p) => p.code),
      [p0.code],
    );
    // The parcel code is held by one live contract only.
    const live = await h.db
      .select()
      .from(parcels)
      .where(and(eq(parcels.code, p0.code), eq(parcels.status, 'active')));
    assert.equal(live.length, 1);
    const [contract] = await h.db.select().from(landContracts).where(eq(landContracts.rightId, newLand[0].id));
    assert.equal(contract.endDate, '2047-12-31');
    // The source contract's certificate is reissued and the new one gets its first.
    const validNew = await h.db
      .select()
      .from(certificates)
      .where(and(eq(certificates.rightId, newLand[0].id), eq(certificates.status, 'valid')));
    assert.equal(validNew.length, 1);
    await eachRightOneHousehold([f.land.id, f.home.id, f.shares.id, newLand[0].id]);
    const ev = await h.db.select().from(householdEvents).where(eq(householdEvents.householdId, f.hh.id));
    assert.deepEqual(
      ev.map((e) => [e.kind, e.otherHouseholdId]),
      [['split', out.created.id]],
    );
    const trail = await h.db.select().from(auditLog).where(eq(auditLog.householdId, out.created.id));
    assert.ok(trail.some((t) => t.action === 'household.splitFrom'));
  });

  it('分户 is all or nothing: a duplicate household code refuses the whole split and nothing moved', async () => {
    const f = await family();
    const other = await makeHousehold(h.db, officer, c);
    await assert.rejects(
      splitHousehold(
        h.db,
        officer,
        f.hh.id,
        {
          newHouseholdCode: other.code,
          newHeadMemberId: f.son.id,
          memberIds: [f.son.id],
          rightIds: [f.shares.id],
          parcelIds: [],
          occurredOn: '2026-05-30',
          reason: '分户',
        },
        AT,
      ),
    );
    const [son] = await h.db.select().from(members).where(eq(members.id, f.son.id));
    assert.equal(son.householdId, f.hh.id);
    const [s] = await h.db.select().from(rights).where(eq(rights.id, f.shares.id));
    assert.equal(s.householdId, f.hh.id);
  });

  it('分户: the head stays, and parcels need the collective’s consent (承包法 §27); refused with the field named', async () => {
    const f = await family();
    await assert.rejects(
      splitHousehold(
        h.db,
        officer,
        f.hh.id,
        {
          newHouseholdCode: householdCode(c),
          newHeadMemberId: f.head.id,
          memberIds: [f.head.id],
          rightIds: [],
          parcelIds: [],
          occurredOn: '2026-05-30',
          reason: '分户',
        },
        AT,
      ),
      (e: Error & { fields?: Record<string, { code: string }> }) => e.fields?.memberIds?.code === 'life.headStays',
    );
    const [p0] = await h.db.select().from(parcels).where(eq(parcels.rightId, f.land.id)).limit(1);
    await assert.rejects(
      splitHousehold(
        h.db,
        officer,
        f.hh.id,
        {
          newHouseholdCode: householdCode(c),
          newHeadMemberId: f.son.id,
          memberIds: [f.son.id],
          rightIds: [],
          parcelIds: [p0.id],
          newContractNo: 'X-1',
          occurredOn: '2026-05-30',
          reason: '分户',
        },
        AT,
      ),
      (e: Error & { fields?: Record<string, { code: string }> }) => e.fields?.collectiveConsent?.code === 'life.consentNeeded',
    );
  });

  it('合户 (土地管理法 §62): two households with a homestead each cannot merge; nothing changes', async () => {
    const a = await family();
    const b = await family();
    await assert.rejects(
      mergeHouseholds(
        h.db,
        officer,
        a.hh.id,
        { absorbedHouseholdCode: b.hh.code, formerHeadRelation: 'sibling', occurredOn: '2026-05-30', reason: '合户' },
        AT,
      ),
      (e: Error & { code?: string }) => e.code === 'rule4.secondHomestead',
    );
    const bm = await h.db.select().from(members).where(eq(members.householdId, b.hh.id));
    assert.equal(bm.length, 3);
  });

  it('合户: the other household joins with its members and rights; it reads as merged, never deleted', async () => {
    const a = await family();
    const b = await makeHousehold(h.db, officer, c);
    const bLand = await registerLand(h.db, officer, b.id, landInput(c), AT);
    const bCert = await issueCertificate(h.db, officer, bLand.id, {}, AT);
    const out = await mergeHouseholds(
      h.db,
      officer,
      a.hh.id,
      { absorbedHouseholdCode: b.code, formerHeadRelation: 'sibling', occurredOn: '2026-05-30', reason: '兄弟合户' },
      AT,
    );
    const [moved] = await h.db.select().from(rights).where(eq(rights.id, bLand.id));
    assert.equal(moved.householdId, a.hh.id);
    const bMembers = await h.db.select().from(members).where(eq(members.householdId, b.id));
    assert.equal(bMembers.length, 0);
    const [end] = await h.db.select().from(householdEndings).where(eq(householdEndings.householdId, b.id));
    assert.deepEqual([end.kind, end.intoHouseholdId], ['merged', a.hh.id]);
    const [stillThere] = await h.db.select().from(households).where(eq(households.id, b.id));
    assert.ok(stillThere);
    const [oldCert] = await h.db.select().from(certificates).where(eq(certificates.id, bCert.id));
    assert.equal(oldCert.status, 'superseded');
    assert.equal(out.certificates.length, 1);
    await eachRightOneHousehold([bLand.id, a.land.id]);
    // A merged household takes no further step.
    await assert.rejects(
      mergeHouseholds(
        h.db,
        officer,
        a.hh.id,
        { absorbedHouseholdCode: b.code, formerHeadRelation: 'sibling', occurredOn: '2026-05-30', reason: '再合' },
        AT,
      ),
      (e: Error & { code?: string }) => e.code === 'life.householdEnded',
    );
  });
});
