import { eq } from 'drizzle-orm';
import { users } from '../../models/accounts';
import { households } from '../../models/households';
import { collectives } from '../../models/regions';
import type { Db } from '../platform/db';
import { assertRole, type Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { NotFound } from '../kernel/errors';
import { clearName } from '../platform/auth/login-throttle';
import { mayUnlock } from './rules';
import { isUuid } from '../kernel/ids';

// Lifting the delays on an account (login-throttle.ts): wrong passwords never lock an account,
// but a source that failed often waits up to 15 minutes, and someone who has proved who they
// are to an admin, or a farmer to their collective's officer, should not. An unlock clears every
// counter of the account, from every source. Recorded in the trail.

type UserRow = typeof users.$inferSelect;

/** Where an account belongs, for trail entries the bureau of that region should see. */
export async function accountPlace(
  db: Db,
  u: UserRow,
): Promise<{ collectiveId: string | null; regionCode: string | null; householdId: string | null }> {
  if (u.householdId) {
    const [h] = await db
      .select({ collectiveId: households.collectiveId, regionCode: households.regionCode })
      .from(households)
      .where(eq(households.id, u.householdId));
    return { ...h, householdId: u.householdId };
  }
  if (u.collectiveId) {
    const [c] = await db.select({ regionCode: collectives.regionCode }).from(collectives).where(eq(collectives.id, u.collectiveId));
    return { collectiveId: u.collectiveId, regionCode: c?.regionCode ?? null, householdId: null };
  }
  return { collectiveId: null, regionCode: u.regionCode, householdId: null };
}

/** Who may lift the delays: an admin any account's; an officer the farmer accounts of their own collective's households. */
async function assertMayUnlock(db: Db, actor: Actor, u: UserRow): Promise<void> {
  if (mayUnlock(actor, u, null)) return;
  assertRole(actor, 'officer');
  const [h] = u.householdId
    ? await db
        .select({ collectiveId: households.collectiveId, regionCode: households.regionCode, householdId: households.id })
        .from(households)
        .where(eq(households.id, u.householdId))
        .limit(1)
    : [];
  // Someone else's farmer, or no farmer at all: nothing the officer may know of.
  if (!mayUnlock(actor, u, h ?? null)) throw new NotFound();
}

/** Clears every login counter of the account (all sources); recorded in the trail. Idempotent. */
export async function unlockAccount(db: Db, actor: Actor, userId: string, householdId?: string): Promise<UserRow> {
  if (!isUuid(userId)) throw new NotFound();
  const [u] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  // From a household's page: the account must be one of that household's.
  if (!u || (householdId !== undefined && u.householdId !== householdId)) throw new NotFound();
  await assertMayUnlock(db, actor, u);
  await db.transaction(async (tx) => {
    const cleared = await clearName(tx, u.username);
    await recordAudit(tx, actor, {
      action: 'user.unlock',
      entityType: 'user',
      entityId: u.id,
      collectiveId: u.collectiveId,
      regionCode: u.regionCode,
      householdId: u.householdId,
      before: cleared,
      after: { sources: 0, failures: 0 },
    });
  });
  return u;
}
