import { eq } from 'drizzle-orm';
import { households } from '../../models/households';
import type { Db } from '../platform/db';
import { DomainError, NotFound } from '../kernel/errors';
import { cancelTopic } from '../platform/outbox/queue';
import { getUser, type UserRow } from './accounts';
import { assertRole, type Actor } from '../kernel/actor';
import { issueCode, SLIP_DAYS } from './activation-codes';
import { recordAudit } from '../kernel/audit';
import { slipRefusal } from './rules';

// For a member without a mobile phone (or who lost it): an admin — another role than the
// collective's officer — prints a sealed slip with a new activation code. The code is shown
// once, on the page the admin prints, and is in the trail as "a slip was made", never itself.

export async function issueActivationSlip(
  db: Db,
  actor: Actor,
  userId: string,
  at: Date,
): Promise<{ user: UserRow; code: string; expiresAt: Date; household: { code: string; headName: string } }> {
  assertRole(actor, 'admin');
  const user = await getUser(db, userId);
  if (!user) throw new NotFound();
  const refusal = slipRefusal(user);
  if (refusal || !user.householdId) throw new DomainError(refusal ?? 'activation.farmersOnly');
  const [h] = await db.select().from(households).where(eq(households.id, user.householdId));
  return db.transaction(async (tx) => {
    const { code, expiresAt } = await issueCode(tx, actor, user, 'slip', at);
    // A code still waiting to go out by SMS is dead now: it must not arrive after the slip.
    await cancelTopic(tx, `activation:${user.id}`, 'replaced by a sealed slip');
    await recordAudit(tx, actor, {
      action: 'user.activation_slip',
      entityType: 'user',
      entityId: user.id,
      collectiveId: h.collectiveId,
      regionCode: h.regionCode,
      householdId: h.id,
      after: { channel: 'slip', expiresAt: expiresAt.toISOString(), days: SLIP_DAYS },
    });
    return { user, code, expiresAt, household: { code: h.code, headName: h.headName } };
  });
}
