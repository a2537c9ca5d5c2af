import { assertCanWriteRegistry, type Actor } from '../../kernel/actor';
import { recordAudit } from '../../kernel/audit';
import { accept, type Submitted } from '../../kernel/commands';
import { ValidationError } from '../../kernel/errors';
import { withDbErrors } from '../../kernel/tx';
import type { Db } from '../../platform/db';
import { householdPlace, loadHousehold } from '../households';
import { type Marriage, marriageSchema } from './commands';
import { householdTrail, recordEvent } from './events';
import { notInFuture } from './rules';
import { assertLive, householdMembersNow, lockHouseholds } from './state';

/**
 * 农村土地承包法 §31, 集体经济组织法 §8, §18, §31: a member who marries into another collective
 * keeps her membership and her household's rights here until she is confirmed a member there
 * and gives them up. The marriage is recorded on the household's history; nothing is removed,
 * now or later, by the system (ending her membership is a separate step, on its own ground).
 */
export async function recordMarriageOut(db: Db, actor: Actor, householdId: string, cmd: Submitted<Marriage>, at: Date) {
  const seen = await loadHousehold(db, actor, householdId);
  assertCanWriteRegistry(actor, householdPlace(seen));
  const c = accept(marriageSchema, cmd);
  if (!notInFuture(c.occurredOn, at)) throw new ValidationError({ occurredOn: { code: 'dateInFuture' } });
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const [h] = await lockHouseholds(tx, [householdId]);
      await assertLive(tx, h);
      const m = (await householdMembersNow(tx, h.id)).find((x) => x.id === c.memberId);
      if (!m) throw new ValidationError({ memberId: { code: 'life.notAMember' } });
      const details = { member: { id: m.id, name: m.name }, toPlace: c.toPlace, kept: true };
      const event = await recordEvent(tx, actor, h, { kind: 'marriage_out', occurredOn: c.occurredOn, details }, at);
      await recordAudit(tx, actor, { action: 'member.marriageOut', ...householdTrail(h), after: { ...details, occurredOn: c.occurredOn } });
      return event;
    }),
  );
}
