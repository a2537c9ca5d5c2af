import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { users, type Role } from '../../models/accounts';
import { hashPassword } from './passwords';
import { temporaryPassword } from './temp-password';
import type { Db, Tx } from '../platform/db';
import { ValidationError } from '../kernel/errors';
import type { Actor } from '../kernel/actor';
import { recordAudit, type AuditEntry } from '../kernel/audit';
import { isUuid } from '../kernel/ids';

export type UserRow = typeof users.$inferSelect;

/** 3–64 characters of [A-Za-z0-9._-]: safe in URLs, logs and spreadsheets. */
export const usernameField = z
  .string({ error: 'required' })
  .trim()
  .min(1, { error: 'required' })
  .regex(/^[A-Za-z0-9._-]{3,64}$/, { error: 'invalidUsername' });

/** What the trail and the pages may show of an account: never the password hash. */
export function publicUser(u: UserRow) {
  return {
    id: u.id,
    username: u.username,
    role: u.role,
    displayName: u.displayName,
    regionCode: u.regionCode,
    collectiveId: u.collectiveId,
    householdId: u.householdId,
    memberId: u.memberId,
    active: u.active,
    mustChangePassword: u.mustChangePassword,
  };
}

/**
 * Usernames differing only in case would let one person pass for another on a login
 * form or a phone call, so they count as taken (the database index is case-sensitive).
 */
export async function assertUsernameFree(db: Db | Tx, username: string): Promise<void> {
  const [hit] = await db.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = lower(${username})`).limit(1);
  if (hit) throw new ValidationError({ username: { code: 'duplicateUsername' } });
}

export type NewAccount = {
  username: string;
  role: Role;
  displayName: string;
  regionCode?: string | null;
  collectiveId?: string | null;
  householdId?: string | null;
  memberId?: string | null;
  /** A farmer account: the number its activation code goes to, and no password until the farmer sets one. */
  phone?: string | null;
  awaitingActivation?: boolean;
};

/**
 * Inserts an account with a fresh temporary password inside the caller's transaction and
 * records it. The plain password is returned once, to be shown once, and stored nowhere.
 * No actor: made on the server's console (npm run create-admin).
 */
export async function insertAccount(
  tx: Tx,
  actor: Actor | null,
  v: NewAccount,
  at: Date,
  trail: Partial<AuditEntry> = {},
): Promise<{ user: UserRow; password: string }> {
  await assertUsernameFree(tx, v.username);
  const password = temporaryPassword();
  const [user] = await tx
    .insert(users)
    .values({
      username: v.username,
      role: v.role,
      displayName: v.displayName,
      passwordHash: await hashPassword(password),
      regionCode: v.regionCode ?? null,
      collectiveId: v.collectiveId ?? null,
      householdId: v.householdId ?? null,
      memberId: v.memberId ?? null,
      mustChangePassword: true,
      active: true,
      phone: v.phone ?? null,
      awaitingActivation: v.awaitingActivation ?? false,
      createdBy: actor?.id ?? null,
      createdAt: at,
    })
    .returning();
  await recordAudit(tx, actor, { action: 'user.create', entityType: 'user', entityId: user.id, after: publicUser(user), ...trail });
  return { user, password };
}

export async function getUser(db: Db | Tx, id: string): Promise<UserRow | null> {
  if (!isUuid(id)) return null;
  const [u] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return u ?? null;
}
