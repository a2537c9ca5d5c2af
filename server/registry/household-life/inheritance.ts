import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { certificates } from '../../../models/certificates';
import { householdEndings, householdEventDocuments } from '../../../models/household-life';
import { households } from '../../../models/households';
import { landContracts, parcels, rights } from '../../../models/rights';
import { assertCanWriteRegistry, type Actor } from '../../kernel/actor';
import { recordAudit } from '../../kernel/audit';
import { accept, type Submitted } from '../../kernel/commands';
import { DomainError, ValidationError } from '../../kernel/errors';
import { maskIdNumber } from '../../kernel/personal-data';
import { withDbErrors } from '../../kernel/tx';
import type { Db, Tx } from '../../platform/db';
import { householdPlace, loadHousehold, type Household } from '../households';
import { reissueBatch } from './certs';
import { type DOCUMENT_MIMES, type Document, type Inheritance, inheritanceSchema, MAX_DOCUMENT_BYTES } from './commands';
import { householdTrail, recordEvent } from './events';
import { landOutcome, notInFuture, sharesOutcomeAllowed } from './rules';
import { carveContract } from './split-merge';
import { assertLive, heldRights, householdMembersNow, lockHouseholds } from './state';
import { endMembershipByDeathIn } from '../membership';

const MAGIC: Record<(typeof DOCUMENT_MIMES)[number], number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46],
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47],
};

/** A scan is a PDF, JPEG or PNG (by its bytes, not its name), up to 5 MB. */
export function checkDocuments(docs: Document[]): void {
  if (docs.length === 0) throw new ValidationError({ documents: { code: 'life.documentNeeded' } });
  if (docs.length > 10) throw new ValidationError({ documents: { code: 'life.tooManyDocuments', params: { max: 10 } } });
  for (const d of docs) {
    const magic = MAGIC[d.mime as keyof typeof MAGIC];
    if (!magic?.every((b, i) => d.bytes[i] === b)) throw new ValidationError({ documents: { code: 'life.documentType' } });
    if (d.bytes.length > MAX_DOCUMENT_BYTES) throw new ValidationError({ documents: { code: 'life.documentTooLarge' } });
  }
}

const cleanName = (name: string) => (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f<>]/g, '').slice(0, 120) || 'scan';

async function heirHousehold(tx: Tx, h: Household, code: string | undefined): Promise<Household | null> {
  if (!code) return null;
  const [row] = await tx
    .select()
    .from(households)
    .where(and(eq(households.code, code), eq(households.collectiveId, h.collectiveId)))
    .limit(1);
  return row ?? null;
}

/**
 * 继承, as the law has it. While a member of the household remains, its land contract simply
 * continues (the household is the contractor, 承包法 §16): recording an inheritance is refused.
 * When the last member dies: 承包收益 passes to the heirs; a 林地 contract passes to the heir
 * (承包法 §32), any other land returns to the collective; shares pass as the collective's
 * charter says (a non-member heir: income rights only where the charter says so). The heirs,
 * the scans and who decided are recorded; the household reads as died out, never deleted.
 *
 * The death is an input of this command (date and cause) until the 成员名册 records deaths.
 */
export async function recordInheritance(
  db: Db,
  actor: Actor,
  householdId: string,
  cmd: Submitted<Inheritance>,
  documents: Document[],
  at: Date,
) {
  const seen = await loadHousehold(db, actor, householdId);
  assertCanWriteRegistry(actor, householdPlace(seen));
  const c = accept(inheritanceSchema, cmd);
  if (!notInFuture(c.diedOn, at)) throw new ValidationError({ diedOn: { code: 'dateInFuture' } });
  checkDocuments(documents);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const [h] = await lockHouseholds(tx, [householdId]);
      await assertLive(tx, h);
      const now = await householdMembersNow(tx, h.id);
      const remaining = now.filter((m) => !c.deceasedMemberIds.includes(m.id));
      if (c.deceasedMemberIds.some((id) => !now.some((m) => m.id === id)))
        throw new ValidationError({ deceasedMemberIds: { code: 'life.notAMember' } });
      // 承包法 §16, §32: the contract is the household's and continues while one member remains.
      if (remaining.length > 0)
        throw new DomainError('life.membersRemain', { names: remaining.map((m) => m.name).join('、') }, 'deceasedMemberIds');
      // The deaths end the deceased's membership in the 成员名册 (集体经济组织法 §17), in this transaction.
      for (const id of c.deceasedMemberIds) await endMembershipByDeathIn(tx, actor, h, id, c.diedOn, c.deathReason, at);

      const heirs = await Promise.all(c.heirs.map(async (x) => ({ ...x, household: await heirHousehold(tx, h, x.householdCode) })));
      heirs.forEach((x, i) => {
        if (x.householdCode && !x.household)
          throw new ValidationError({ [`heirs.${i}.householdCode`]: { code: 'life.heirHouseholdUnknown' } });
        if (x.household?.id === h.id) throw new ValidationError({ [`heirs.${i}.householdCode`]: { code: 'life.heirHouseholdUnknown' } });
      });
      const landHeir = heirs[c.landHeir] ?? null;
      const sharesHeir = heirs[c.sharesHeir] ?? null;
      const held = await heldRights(tx, h.id);
      const lands = held.filter((r) => r.kind === 'land');
      const outcomes: { rightId: string; outcome: string; to?: string; carved?: string }[] = [];
      const toReissue: string[] = [];
      const freshCerts: (typeof rights.$inferSelect)[] = [];
      const ending: string[] = [];
      for (const r of lands) {
        const ps = await tx
          .select({ id: parcels.id, landClass: parcels.landClass })
          .from(parcels)
          .where(and(eq(parcels.rightId, r.id), eq(parcels.status, 'active')));
        const outcome = landOutcome(ps.map((p) => p.landClass));
        if (outcome !== 'back_to_collective' && !landHeir?.household)
          throw new DomainError('life.forestHeirNeedsHousehold', {}, `heirs.${c.landHeir}.householdCode`);
        if (outcome === 'to_heir') {
          await tx
            .update(rights)
            .set({ householdId: landHeir!.household!.id, version: sql`${rights.version} + 1`, updatedAt: at })
            .where(eq(rights.id, r.id));
          toReissue.push(r.id);
          outcomes.push({ rightId: r.id, outcome, to: landHeir!.household!.code });
        } else if (outcome === 'forest_to_heir_rest_back') {
          const [lc] = await tx.select().from(landContracts).where(eq(landContracts.rightId, r.id));
          const forest = ps.filter((p) => p.landClass === 'forest').map((p) => p.id);
          const carved = await carveContract(tx, r, forest, landHeir!.household!, `${lc.contractNo.slice(0, 36)}-JC`, at);
          freshCerts.push(carved);
          ending.push(r.id);
          outcomes.push({ rightId: r.id, outcome, to: landHeir!.household!.code, carved: carved.id });
        } else {
          ending.push(r.id);
          outcomes.push({ rightId: r.id, outcome });
        }
      }
      const shareRights = held.filter((r) => r.kind === 'shares');
      if (shareRights.length) {
        const heirState = sharesHeir ? { member: sharesHeir.member, householdId: sharesHeir.household?.id ?? null } : null;
        if (!sharesOutcomeAllowed(c.sharesOutcome, heirState)) throw new DomainError('life.sharesOutcome', {}, 'sharesOutcome');
        for (const r of shareRights) {
          if (c.sharesOutcome === 'to_member_heir') {
            await tx
              .update(rights)
              .set({ householdId: sharesHeir!.household!.id, version: sql`${rights.version} + 1`, updatedAt: at })
              .where(eq(rights.id, r.id));
            toReissue.push(r.id);
            outcomes.push({ rightId: r.id, outcome: 'to_member_heir', to: sharesHeir!.household!.code });
          } else {
            ending.push(r.id);
            outcomes.push({
              rightId: r.id,
              outcome: c.sharesOutcome,
              ...(c.sharesOutcome === 'income_to_non_member' ? { to: sharesHeir!.name } : {}),
            });
          }
        }
      }
      if (ending.length) {
        await tx
          .update(rights)
          .set({ status: 'exited', version: sql`${rights.version} + 1`, updatedAt: at })
          .where(inArray(rights.id, ending));
        await tx
          .update(parcels)
          .set({ status: 'returned' })
          .where(and(inArray(parcels.rightId, ending), eq(parcels.status, 'active')));
        await tx
          .update(certificates)
          .set({ status: 'cancelled', endedAt: at, endReason: 'life.inheritance' })
          .where(and(inArray(certificates.rightId, ending), eq(certificates.status, 'valid')));
      }
      const reissueRows = toReissue.length ? await tx.select().from(rights).where(inArray(rights.id, toReissue)) : [];
      const certs = [
        ...(await reissueBatch(tx, actor.id, reissueRows, 'life.inheritance', at)),
        ...(await reissueBatch(tx, actor.id, [], 'life.inheritance', at, freshCerts)),
      ];

      const shownHeirs = heirs.map((x) => ({
        name: x.name,
        idNumber: x.idNumber ? maskIdNumber(x.idNumber) : null,
        relation: x.relation,
        member: x.member,
        household: x.household ? { id: x.household.id, code: x.household.code } : null,
      }));
      const details = {
        deceased: now.map((m) => ({ id: m.id, name: m.name })),
        deathReason: c.deathReason,
        heirs: shownHeirs,
        // 承包法 §32: the contract's income (承包收益) passes to the heirs whatever becomes of the land.
        landIncomeTo: shownHeirs.map((x) => x.name),
        outcomes,
        certificates: certs,
      };
      const event = await recordEvent(
        tx,
        actor,
        h,
        { kind: 'inheritance', occurredOn: c.diedOn, decidedBy: c.decidedBy, reason: c.deathReason, details },
        at,
      );
      for (const d of documents)
        await tx.insert(householdEventDocuments).values({
          eventId: event.id,
          name: cleanName(d.name),
          mime: d.mime,
          size: d.bytes.length,
          sha256: createHash('sha256').update(d.bytes).digest('hex'),
          bytes: d.bytes,
          createdAt: at,
        });
      await tx.insert(householdEndings).values({ householdId: h.id, kind: 'died_out', endedOn: c.diedOn, eventId: event.id });
      await recordAudit(tx, actor, {
        action: 'household.inheritance',
        ...householdTrail(h),
        after: { ...details, decidedBy: c.decidedBy, documents: documents.length },
        reason: c.deathReason,
      });
      for (const o of outcomes.filter((x) => x.to && x.outcome !== 'income_to_non_member')) {
        const heir = heirs.find((x) => x.household?.code === o.to)?.household;
        if (heir)
          await recordAudit(tx, actor, {
            action: 'household.inherited',
            ...householdTrail(heir),
            rightId: o.carved ?? o.rightId,
            after: { from: h.code, ...o },
          });
      }
      return { eventId: event.id, outcomes, certificates: certs };
    }),
  );
}
