import { and, eq, inArray, sql } from 'drizzle-orm';
import { householdEndings } from '../../../models/household-life';
import { households, members } from '../../../models/households';
import { landContracts, parcels, rights } from '../../../models/rights';
import { assertCanWriteRegistry, type Actor } from '../../kernel/actor';
import { recordAudit } from '../../kernel/audit';
import { isHouseholdCodeOf } from '../../kernel/codes';
import { accept, type Submitted } from '../../kernel/commands';
import { DomainError, ValidationError } from '../../kernel/errors';
import { withDbErrors } from '../../kernel/tx';
import type { Db, Tx } from '../../platform/db';
import { getCollective, issuerCode } from '../collectives';
import { householdPlace, loadHousehold, type Household } from '../households';
import { reissueBatch, type Reissued } from './certs';
import { type Merge, mergeSchema, type Split, splitSchema } from './commands';
import { householdTrail, recordEvent } from './events';
import { homesteadsFit, isAdultOn, notInFuture } from './rules';
import { assertLive, heldRights, householdMembersNow, lockHouseholds } from './state';

type RightRow = typeof rights.$inferSelect;

/**
 * Moves some parcels of a contract into a new contract held by another household (a split, or
 * the 林地 parcels of an inheritance): same term, a new contract number; the old parcel rows
 * stay in history ('transferred'), the new household holds copies. Returns the new right.
 */
export async function carveContract(
  tx: Tx,
  from: RightRow,
  parcelIds: string[],
  to: Household,
  contractNo: string,
  at: Date,
): Promise<RightRow> {
  const [contract] = await tx.select().from(landContracts).where(eq(landContracts.rightId, from.id));
  const moving = await tx
    .select()
    .from(parcels)
    .where(and(eq(parcels.rightId, from.id), inArray(parcels.id, parcelIds), eq(parcels.status, 'active')));
  await tx
    .update(parcels)
    .set({ status: 'transferred' })
    .where(
      inArray(
        parcels.id,
        moving.map((p) => p.id),
      ),
    );
  const [r] = await tx
    .insert(rights)
    .values({
      kind: 'land',
      collectiveId: to.collectiveId,
      regionCode: to.regionCode,
      householdId: to.id,
      sourceRightId: from.id,
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  await tx.insert(landContracts).values({ rightId: r.id, contractNo, startDate: contract.startDate, endDate: contract.endDate });
  await tx
    .insert(parcels)
    .values(
      moving.map(({ id: _id, rightId: _r, createdAt: _c, ...p }) => ({ ...p, rightId: r.id, status: 'active' as const, createdAt: at })),
    );
  await tx
    .update(rights)
    .set({ version: sql`${rights.version} + 1`, updatedAt: at })
    .where(eq(rights.id, from.id));
  return r;
}

async function homesteadCount(tx: Tx, householdId: string): Promise<number> {
  return (await heldRights(tx, householdId)).filter((r) => r.kind === 'homestead').length;
}

/**
 * 分户: some members set up their own household, taking the rights the officer records (each
 * right goes whole to exactly one household) and, with the collective's consent as 发包方
 * (承包法 §27), some parcels of a contract as a new contract. All or nothing. One homestead per
 * household is checked on the result (土地管理法 §62); the new household without a homestead
 * may apply for one unless the family gave one up (实施条例 §34: it inherits the eligibility).
 */
export async function splitHousehold(
  db: Db,
  actor: Actor,
  householdId: string,
  cmd: Submitted<Split>,
  at: Date,
): Promise<{ original: Household; created: Household; certificates: Reissued[] }> {
  const seen = await loadHousehold(db, actor, householdId);
  assertCanWriteRegistry(actor, householdPlace(seen));
  const c = accept(splitSchema, cmd);
  if (!notInFuture(c.occurredOn, at)) throw new ValidationError({ occurredOn: { code: 'dateInFuture' } });
  const collective = await getCollective(db, seen.collectiveId);
  if (!isHouseholdCodeOf(c.newHouseholdCode, collective.regionCode, collective.groupCode))
    throw new ValidationError({ newHouseholdCode: { code: 'invalidHouseholdCode', params: { prefix: issuerCode(collective) } } });
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const [h] = await lockHouseholds(tx, [householdId]);
      await assertLive(tx, h);
      const now = await householdMembersNow(tx, h.id);
      const moving = now.filter((m) => c.memberIds.includes(m.id));
      if (moving.length !== new Set(c.memberIds).size) throw new ValidationError({ memberIds: { code: 'life.notAMember' } });
      if (moving.length === 0) throw new ValidationError({ memberIds: { code: 'life.splitNeedsMembers' } });
      if (moving.length === now.length) throw new ValidationError({ memberIds: { code: 'life.splitLeavesNone' } });
      if (moving.some((m) => m.relation === 'head')) throw new ValidationError({ memberIds: { code: 'life.headStays' } });
      const newHead = moving.find((m) => m.id === c.newHeadMemberId);
      if (!newHead) throw new ValidationError({ newHeadMemberId: { code: 'life.headAmongMoving' } });
      if (!isAdultOn(newHead.birthDate, at)) throw new DomainError('life.headMustBeAdult', { name: newHead.name }, 'newHeadMemberId');

      const held = await heldRights(tx, h.id);
      const whole = held.filter((r) => c.rightIds.includes(r.id));
      if (whole.length !== new Set(c.rightIds).size) throw new ValidationError({ rightIds: { code: 'life.notHeld' } });
      let carvedFrom: RightRow | null = null;
      if (c.parcelIds.length) {
        const ps = await tx
          .select({ id: parcels.id, rightId: parcels.rightId })
          .from(parcels)
          .where(and(inArray(parcels.id, c.parcelIds), eq(parcels.status, 'active')));
        const contracts = new Set(ps.map((p) => p.rightId));
        if (ps.length !== new Set(c.parcelIds).size || contracts.size !== 1)
          throw new ValidationError({ parcelIds: { code: 'life.parcelsOneContract' } });
        carvedFrom = held.find((r) => r.id === ps[0].rightId && r.kind === 'land') ?? null;
        if (!carvedFrom || whole.some((r) => r.id === carvedFrom!.id))
          throw new ValidationError({ parcelIds: { code: 'life.parcelsOneContract' } });
        const [{ n }] = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(parcels)
          .where(and(eq(parcels.rightId, carvedFrom.id), eq(parcels.status, 'active')));
        if (n === ps.length) throw new ValidationError({ parcelIds: { code: 'life.parcelsAllOfContract' } });
      }

      const [created] = await tx
        .insert(households)
        .values({
          collectiveId: h.collectiveId,
          regionCode: h.regionCode,
          code: c.newHouseholdCode,
          headName: newHead.name,
          address: h.address,
          homesteadEligible: h.homesteadEligible,
          createdAt: at,
          updatedAt: at,
        })
        .returning();
      await tx
        .update(members)
        .set({ householdId: created.id, updatedAt: at })
        .where(
          inArray(
            members.id,
            moving.map((m) => m.id),
          ),
        );
      await tx.update(members).set({ relation: 'head' }).where(eq(members.id, newHead.id));
      if (whole.length)
        await tx
          .update(rights)
          .set({ householdId: created.id, version: sql`${rights.version} + 1`, updatedAt: at })
          .where(
            inArray(
              rights.id,
              whole.map((r) => r.id),
            ),
          );
      const carved = carvedFrom ? await carveContract(tx, carvedFrom, c.parcelIds, created, c.newContractNo!, at) : null;

      if (!homesteadsFit([await homesteadCount(tx, h.id), await homesteadCount(tx, created.id)]))
        throw new DomainError('rule4.secondHomestead', {}, 'rightIds');
      const [after] = await tx
        .update(households)
        .set({ version: sql`${households.version} + 1`, updatedAt: at })
        .where(eq(households.id, h.id))
        .returning();

      // Moved rights name a new head; the carved contract lost parcels; the new contract gets its first certificate if its source had one.
      const movedRows = await tx
        .select()
        .from(rights)
        .where(inArray(rights.id, whole.map((r) => r.id).concat(carvedFrom ? [carvedFrom.id] : [])));
      const reissued = await reissueBatch(tx, actor.id, movedRows, 'life.split', at);
      const sourceHadCert = carvedFrom && reissued.some((r) => r.rightId === carvedFrom!.id);
      const fresh = carved && sourceHadCert ? await reissueBatch(tx, actor.id, [], 'life.split', at, [carved]) : [];
      const certificates = [...reissued, ...fresh];

      const details = {
        newHousehold: { id: created.id, code: created.code, headName: created.headName },
        members: moving.map((m) => ({ id: m.id, name: m.name })),
        rights: whole.map((r) => ({ id: r.id, kind: r.kind })),
        carved: carved ? { from: carvedFrom!.id, to: carved.id, parcelIds: c.parcelIds, contractNo: c.newContractNo } : null,
        collectiveConsent: c.collectiveConsent ?? null,
        certificates,
      };
      await recordEvent(
        tx,
        actor,
        h,
        { kind: 'split', other: created.id, occurredOn: c.occurredOn, decidedBy: c.collectiveConsent ?? null, reason: c.reason, details },
        at,
      );
      await recordAudit(tx, actor, { action: 'household.split', ...householdTrail(h), after: details, reason: c.reason });
      await recordAudit(tx, actor, {
        action: 'household.splitFrom',
        ...householdTrail(created),
        after: { from: { id: h.id, code: h.code }, ...details },
        reason: c.reason,
      });
      return { original: after, created, certificates };
    }),
  );
}

/**
 * 合户: another household of the same collective joins this one with its members and rights.
 * All or nothing; refused when the result would hold two homesteads (土地管理法 §62); the
 * joined household keeps its history and reads as merged, never deleted.
 */
export async function mergeHouseholds(
  db: Db,
  actor: Actor,
  householdId: string,
  cmd: Submitted<Merge>,
  at: Date,
): Promise<{ household: Household; certificates: Reissued[] }> {
  const seen = await loadHousehold(db, actor, householdId);
  assertCanWriteRegistry(actor, householdPlace(seen));
  const c = accept(mergeSchema, cmd);
  if (!notInFuture(c.occurredOn, at)) throw new ValidationError({ occurredOn: { code: 'dateInFuture' } });
  if (c.absorbedHouseholdCode === seen.code) throw new ValidationError({ absorbedHouseholdCode: { code: 'life.mergeSelf' } });
  const [other] = await db
    .select()
    .from(households)
    .where(and(eq(households.code, c.absorbedHouseholdCode), eq(households.collectiveId, seen.collectiveId)))
    .limit(1);
  if (!other) throw new ValidationError({ absorbedHouseholdCode: { code: 'life.mergeUnknown' } });
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const [h, o] = await lockHouseholds(tx, [householdId, other.id]);
      await assertLive(tx, h);
      await assertLive(tx, o);
      if (!homesteadsFit([(await homesteadCount(tx, h.id)) + (await homesteadCount(tx, o.id))]))
        throw new DomainError('rule4.secondHomestead', {}, 'absorbedHouseholdCode');
      const joining = await householdMembersNow(tx, o.id);
      const moved = await heldRights(tx, o.id);
      const formerHead = joining.find((m) => m.relation === 'head');
      if (joining.length)
        await tx
          .update(members)
          .set({ householdId: h.id, updatedAt: at })
          .where(
            inArray(
              members.id,
              joining.map((m) => m.id),
            ),
          );
      if (formerHead)
        await tx
          .update(members)
          .set({ relation: c.formerHeadRelation as never })
          .where(eq(members.id, formerHead.id));
      if (moved.length)
        await tx
          .update(rights)
          .set({ householdId: h.id, version: sql`${rights.version} + 1`, updatedAt: at })
          .where(
            inArray(
              rights.id,
              moved.map((r) => r.id),
            ),
          );
      const [after] = await tx
        .update(households)
        .set({
          // 实施条例 §34: a household that gave up a homestead stays barred after joining another.
          homesteadEligible: h.homesteadEligible && o.homesteadEligible,
          version: sql`${households.version} + 1`,
          updatedAt: at,
        })
        .where(eq(households.id, h.id))
        .returning();
      const movedRows = moved.length
        ? await tx
            .select()
            .from(rights)
            .where(
              inArray(
                rights.id,
                moved.map((r) => r.id),
              ),
            )
        : [];
      const certificates = await reissueBatch(tx, actor.id, movedRows, 'life.merge', at);
      const details = {
        absorbed: { id: o.id, code: o.code, headName: o.headName },
        members: joining.map((m) => ({ id: m.id, name: m.name })),
        rights: moved.map((r) => ({ id: r.id, kind: r.kind })),
        certificates,
      };
      const event = await recordEvent(
        tx,
        actor,
        h,
        { kind: 'merge', other: o.id, occurredOn: c.occurredOn, reason: c.reason, details },
        at,
      );
      await tx
        .insert(householdEndings)
        .values({ householdId: o.id, kind: 'merged', intoHouseholdId: h.id, endedOn: c.occurredOn, eventId: event.id });
      await recordAudit(tx, actor, { action: 'household.merge', ...householdTrail(h), after: details, reason: c.reason });
      await recordAudit(tx, actor, {
        action: 'household.mergedInto',
        ...householdTrail(o),
        after: { into: { id: h.id, code: h.code }, members: details.members, rights: details.rights },
        reason: c.reason,
      });
      return { household: after, certificates };
    }),
  );
}
