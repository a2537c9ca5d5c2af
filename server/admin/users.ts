import { and, eq, isNull } from 'drizzle-orm';
import { apiTokens, users } from '../../models/accounts';
import { collectives, regions } from '../../models/regions';
import { clearName } from '../platform/auth/login-throttle';
import { hashPassword } from '../accounts/passwords';
import { endSessions } from '../platform/auth/session-life';
import { temporaryPassword } from '../accounts/temp-password';
import type { Db, Tx } from '../platform/db';
import { DomainError, NotFound, ValidationError, type FieldErrors } from '../kernel/errors';
import { assertRole, type Actor } from '../kernel/actor';
import { getUser, insertAccount, type UserRow } from '../accounts/accounts';
import { recordAudit } from '../kernel/audit';
import { accept, type Submitted } from '../kernel/commands';
import { withDbErrors } from '../kernel/tx';
import { deactivateCommand, staffCommand, type DeactivateCommand, type StaffCommand } from './commands';
import { isBureauLevel, mayDeactivate } from './rules';
import { isUuid } from '../kernel/ids';

// Staff accounts are made here by an admin; farmer accounts by their collective's officer
// (server/accounts/farmer-accounts.ts), who knows the household.

/** Creates a staff account with its scope (rule 12) and a temporary password shown once. */
export async function createStaffUser(
  db: Db,
  actor: Actor,
  cmd: Submitted<StaffCommand>,
  at: Date,
): Promise<{ user: UserRow; password: string }> {
  assertRole(actor, 'admin');
  const v = accept(staffCommand, cmd);
  const errors: FieldErrors = {};
  let regionCode: string | null = null,
    collectiveId: string | null = null;
  if (v.role === 'bureau') {
    const [r] = v.regionCode ? await db.select().from(regions).where(eq(regions.code, v.regionCode)).limit(1) : [];
    if (!r || !isBureauLevel(r.level)) errors.regionCode = { code: v.regionCode ? 'bureauRegion' : 'required' };
    else regionCode = r.code;
  }
  if (v.role === 'officer') {
    const ok = !!v.collectiveId && isUuid(v.collectiveId);
    const [c] = ok ? await db.select({ id: collectives.id }).from(collectives).where(eq(collectives.id, v.collectiveId!)).limit(1) : [];
    if (!c) errors.collectiveId = { code: v.collectiveId ? 'officerCollective' : 'required' };
    else collectiveId = c.id;
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return withDbErrors(() =>
    db.transaction((tx) =>
      insertAccount(
        tx,
        actor,
        {
          username: v.username,
          role: v.role,
          displayName: v.displayName,
          regionCode,
          collectiveId,
        },
        at,
        { collectiveId, regionCode },
      ),
    ),
  );
}

/** Deactivated accounts stop at their next request (the session loads the account each time). */
export async function setUserActive(
  db: Db,
  actor: Actor,
  id: string,
  active: boolean,
  cmd: Submitted<DeactivateCommand>,
  at: Date,
): Promise<UserRow> {
  assertRole(actor, 'admin');
  const before = await getUser(db, id);
  if (!before) throw new NotFound();
  if (!active && !mayDeactivate(actor, before)) throw new DomainError('cannotDeactivateSelf');
  const why = accept(deactivateCommand, cmd).reason || null;
  return db.transaction(async (tx) => {
    const [after] = await tx.update(users).set({ active }).where(eq(users.id, id)).returning();
    // A reactivation must not bring back what the account held before: its sessions and API
    // tokens end with the deactivation, for good (a reactivated account logs in and gets new tokens).
    const ended = active ? null : await endAccess(tx, id, at);
    await recordAudit(tx, actor, {
      action: active ? 'user.reactivate' : 'user.deactivate',
      entityType: 'user',
      entityId: id,
      collectiveId: after.collectiveId,
      regionCode: after.regionCode,
      householdId: after.householdId,
      before: { active: before.active },
      after: { active: after.active, ...ended },
      reason: why,
    });
    return after;
  });
}

/** Ends the account's sessions and revokes its API tokens; says how many tokens were revoked. */
async function endAccess(tx: Tx, userId: string, at: Date): Promise<{ tokensRevoked: number }> {
  await endSessions(tx, userId, at);
  const revoked = await tx
    .update(apiTokens)
    .set({ revokedAt: at })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return { tokensRevoked: revoked.length };
}

/** A new temporary password, to be changed again at the next login; whoever is signed in as the account is signed out. */
export async function resetPassword(db: Db, actor: Actor, id: string, at: Date): Promise<{ user: UserRow; password: string }> {
  assertRole(actor, 'admin');
  const before = await getUser(db, id);
  if (!before) throw new NotFound();
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  const user = await db.transaction(async (tx) => {
    const [after] = await tx.update(users).set({ passwordHash, mustChangePassword: true }).where(eq(users.id, id)).returning();
    await endSessions(tx, id, at);
    // A new password from the admin: the old one's delays need not hold its owner up.
    await clearName(tx, after.username);
    await recordAudit(tx, actor, {
      action: 'user.password_reset',
      entityType: 'user',
      entityId: id,
      collectiveId: after.collectiveId,
      regionCode: after.regionCode,
      householdId: after.householdId,
      before: { mustChangePassword: before.mustChangePassword },
      after: { mustChangePassword: true },
    });
    return after;
  });
  return { user, password };
}
