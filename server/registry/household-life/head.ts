import { eq, sql } from 'drizzle-orm';
import { households, members } from '../../../models/households';
import { assertCanWriteRegistry, type Actor } from '../../kernel/actor';
import { recordAudit } from '../../kernel/audit';
import { accept, type Submitted } from '../../kernel/commands';
import { DomainError, ValidationError } from '../../kernel/errors';
import { withDbErrors } from '../../kernel/tx';
import type { Db } from '../../platform/db';
import { householdPlace, loadHousehold, type Household } from '../households';
import { reissueBatch, type Reissued } from './certs';
import { type HeadChange, headChangeSchema } from './commands';
import { householdTrail, recordEvent } from './events';
import { isAdultOn, notInFuture } from './rules';
import { assertLive, heldRights, householdMembersNow, lockHouseholds } from './state';

/**
 * 户主变更: another adult member becomes head. The household keeps its code and its rights; the
 * certificates that name the head (every certificate prints the holder's head) are reissued;
 * the former head stays a member with the relation the officer records.
 */
export async function changeHead(
  db: Db,
  actor: Actor,
  householdId: string,
  cmd: Submitted<HeadChange>,
  at: Date,
): Promise<{ household: Household; certificates: Reissued[] }> {
  const seen = await loadHousehold(db, actor, householdId);
  assertCanWriteRegistry(actor, householdPlace(seen));
  const c = accept(headChangeSchema, cmd);
  if (!notInFuture(c.occurredOn, at)) throw new ValidationError({ occurredOn: { code: 'dateInFuture' } });
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const [h] = await lockHouseholds(tx, [householdId]);
      await assertLive(tx, h);
      const now = await householdMembersNow(tx, h.id);
      const next = now.find((m) => m.id === c.memberId);
      if (!next) throw new ValidationError({ memberId: { code: 'life.notAMember' } });
      if (next.relation === 'head') throw new ValidationError({ memberId: { code: 'life.alreadyHead' } });
      if (!isAdultOn(next.birthDate, at)) throw new DomainError('life.headMustBeAdult', { name: next.name }, 'memberId');
      const former = now.find((m) => m.relation === 'head');
      if (former)
        await tx
          .update(members)
          .set({ relation: c.formerHeadRelation as never, updatedAt: at })
          .where(eq(members.id, former.id));
      await tx.update(members).set({ relation: 'head', updatedAt: at }).where(eq(members.id, next.id));
      const [after] = await tx
        .update(households)
        .set({ headName: next.name, version: sql`${households.version} + 1`, updatedAt: at })
        .where(eq(households.id, h.id))
        .returning();
      const reissued = await reissueBatch(tx, actor.id, await heldRights(tx, h.id), 'life.headChange', at);
      await recordEvent(
        tx,
        actor,
        h,
        {
          kind: 'head_change',
          occurredOn: c.occurredOn,
          reason: c.reason,
          details: {
            from: former ? { memberId: former.id, name: former.name, relation: c.formerHeadRelation } : null,
            to: { memberId: next.id, name: next.name },
            certificates: reissued,
          },
        },
        at,
      );
      await recordAudit(tx, actor, {
        action: 'household.headChange',
        ...householdTrail(h),
        before: { headName: h.headName },
        after: { headName: next.name, occurredOn: c.occurredOn, certificates: reissued.map((r) => ({ from: r.oldNumber, to: r.number })) },
        reason: c.reason,
      });
      return { household: after, certificates: reissued };
    }),
  );
}
