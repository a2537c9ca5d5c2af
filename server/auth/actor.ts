import { eq } from 'drizzle-orm';
import { users } from '../../models/accounts';
import type { Db } from '../db';
import type { Actor } from '../domain/actor';

export type UserRow = typeof users.$inferSelect;

export function toActor(u: UserRow): Actor {
  return {
    id: u.id, role: u.role, username: u.username, displayName: u.displayName,
    regionCode: u.regionCode, collectiveId: u.collectiveId, householdId: u.householdId, memberId: u.memberId,
  };
}

/** Loads the account on every request, so a deactivated account stops at once. */
export async function loadActiveUser(db: Db, id: string): Promise<UserRow | null> {
  const [u] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return u && u.active ? u : null;
}
