import { and, count, eq, isNull, sql } from 'drizzle-orm';
import { notifications } from '../../models/market';
import { users } from '../../models/accounts';
import type { Db } from '../platform/db';
import { prepared } from '../platform/prepared';
import type { Actor } from '../kernel/actor';

export type UserRow = typeof users.$inferSelect;

export function toActor(u: UserRow): Actor {
  return {
    id: u.id,
    role: u.role,
    username: u.username,
    displayName: u.displayName,
    regionCode: u.regionCode,
    collectiveId: u.collectiveId,
    householdId: u.householdId,
    memberId: u.memberId,
  };
}

// Read on every request: prepared statements (issue 19, server/platform/prepared.ts).
const userById = (db: Db) =>
  db
    .select()
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .limit(1)
    .prepare('session_user');
const userWithUnread = (db: Db) => {
  const unread = db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, users.id), isNull(notifications.readAt)));
  return db
    .select({ user: users, unread: sql<number>`(${unread})::int` })
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .limit(1)
    .prepare('session_user_unread');
};

/** Loads the account on every request, so a deactivated account stops at once. */
export async function loadActiveUser(db: Db, id: string): Promise<UserRow | null> {
  const [u] = await prepared(db, 'session_user', userById).execute({ id });
  return u?.active ? u : null;
}

/**
 * The same, with the account's unread notices counted in the same statement: a page view
 * needs both (the menu shows the count), and one round trip fewer per page matters at load.
 */
export async function loadActiveUserWithUnread(db: Db, id: string): Promise<{ user: UserRow; unread: number } | null> {
  const [row] = await prepared(db, 'session_user_unread', userWithUnread).execute({ id });
  return row?.user.active ? { user: row.user, unread: Number(row.unread) } : null;
}
