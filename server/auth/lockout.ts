import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { users } from '../../models/accounts';
import { households } from '../../models/households';
import type { Db } from '../db';
import { assertCanWriteRegistry, assertRole, type Actor } from '../domain/actor';
import { recordAudit } from '../domain/audit';
import { NotFound } from '../errors';

// Account lock-out: after LOCK_AFTER wrong passwords in a row (no successful login between
// them), the account is locked for LOCK_MINUTES, even for the right password. The schema keeps
// a counter (failed_logins) and the end of the lock (locked_until), not the time of each
// failure, so "in a row" is the window: a success resets the counter, and the first failure
// after a lock has ended starts counting again from one. The login page shows the same message
// for a locked account, a wrong password and an unknown name (no user enumeration). The
// per-address and per-account rate limits (routes/auth.ts) stay in front of this.

export const LOCK_AFTER = 5;
export const LOCK_MINUTES = 15;

type Lockable = { lockedUntil: Date | null };

export function isLocked(u: Lockable, at = new Date()): boolean {
  return !!u.lockedUntil && u.lockedUntil.getTime() > at.getTime();
}

/**
 * Counts one failed login, atomically (several instances may count at once), and locks the
 * account when the count reaches LOCK_AFTER. Returns whether this failure locked it.
 */
export async function countFailure(db: Db, userId: string): Promise<boolean> {
  const r = (await db.execute(sql`
    update users set
      failed_logins = case when locked_until is not null and locked_until <= now() then 1 else failed_logins + 1 end,
      locked_until = case
        when locked_until is not null and locked_until > now() then locked_until
        when (case when locked_until is not null and locked_until <= now() then 1 else failed_logins + 1 end) >= ${LOCK_AFTER}
          then now() + make_interval(mins => ${LOCK_MINUTES})
        else null end
    where id = ${userId}
    returning failed_logins, locked_until, (locked_until is not null and failed_logins = ${LOCK_AFTER}) as just_locked`)) as unknown as { rows: { just_locked: boolean }[] };
  return !!r.rows[0]?.just_locked;
}

/** Who may lift a lock: an admin any account's; an officer the farmer accounts of their own collective's households. */
async function assertMayUnlock(db: Db, actor: Actor, u: typeof users.$inferSelect): Promise<void> {
  if (actor.role === 'admin') return;
  assertRole(actor, 'officer');
  if (u.role !== 'farmer' || !u.householdId) throw new NotFound();
  const [h] = await db.select({ collectiveId: households.collectiveId, regionCode: households.regionCode, householdId: households.id })
    .from(households).where(eq(households.id, u.householdId)).limit(1);
  assertCanWriteRegistry(actor, h);
}

/** Lifts a lock-out (and clears the failure count); recorded in the trail. Idempotent. */
export async function unlockAccount(db: Db, actor: Actor, userId: string, householdId?: string): Promise<typeof users.$inferSelect> {
  if (!z.uuid().safeParse(userId).success) throw new NotFound();
  const [u] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  // From a household's page: the account must be one of that household's.
  if (!u || (householdId !== undefined && u.householdId !== householdId)) throw new NotFound();
  await assertMayUnlock(db, actor, u);
  return db.transaction(async (tx) => {
    const [after] = await tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, u.id)).returning();
    await recordAudit(tx, actor, {
      action: 'user.unlock', entityType: 'user', entityId: u.id, collectiveId: u.collectiveId, regionCode: u.regionCode, householdId: u.householdId,
      before: { failedLogins: u.failedLogins, lockedUntil: u.lockedUntil }, after: { failedLogins: 0, lockedUntil: null },
    });
    return after;
  });
}
