import { and, count, desc, eq, inArray, isNull, ne } from 'drizzle-orm';
import { users } from '../../models/accounts';
import { households } from '../../models/households';
import { notifications } from '../../models/market';
import type { Db, Tx } from '../platform/db';
import type { Actor } from '../kernel/actor';
import { textNotice } from './sms-notices';

// In-app notices. They are written inside the transaction of the change they report, so a
// notice exists exactly when the change committed. The text is translated when shown
// (kind → market.notice.<kind>), so each reader gets their own language.

export type Notice = { kind: string; params?: Record<string, unknown>; link?: string };

export async function notify(tx: Db | Tx, userIds: string[], n: Notice): Promise<void> {
  const ids = [...new Set(userIds)];
  if (!ids.length) return;
  await tx.insert(notifications).values(ids.map((userId) => ({ userId, kind: n.kind, params: n.params ?? {}, link: n.link ?? null })));
  await textNotice(tx, ids, n.kind, n.params ?? {});
}

/** Active farmer accounts of these households. */
export async function farmersOf(tx: Db | Tx, householdIds: (string | null)[]): Promise<string[]> {
  const ids = householdIds.filter((x): x is string => !!x);
  if (!ids.length) return [];
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.householdId, ids), eq(users.role, 'farmer'), eq(users.active, true)));
  return rows.map((r) => r.id);
}

/** Active officer accounts of a collective. */
export async function officersOf(tx: Db | Tx, collectiveId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.collectiveId, collectiveId), eq(users.role, 'officer'), eq(users.active, true)));
  return rows.map((r) => r.id);
}

/** Farmer accounts of every other household of the collective: the members a listing is published to. */
export async function membersOfCollective(tx: Db | Tx, collectiveId: string, exceptHouseholdId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .innerJoin(households, eq(households.id, users.householdId))
    .where(
      and(
        eq(households.collectiveId, collectiveId),
        ne(households.id, exceptHouseholdId),
        eq(users.role, 'farmer'),
        eq(users.active, true),
      ),
    );
  return rows.map((r) => r.id);
}

export const NOTICE_PAGE = 30;

export async function listNotices(db: Db, actor: Actor, page = 1) {
  const p = Math.max(1, Math.min(10_000, Math.floor(page) || 1));
  const where = eq(notifications.userId, actor.id);
  const [{ total }] = await db.select({ total: count() }).from(notifications).where(where);
  const list = await db
    .select()
    .from(notifications)
    .where(where)
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(NOTICE_PAGE)
    .offset((p - 1) * NOTICE_PAGE);
  return { list, page: p, pages: Math.max(1, Math.ceil(total / NOTICE_PAGE)), total };
}

export async function unreadCount(db: Db, actor: Actor): Promise<number> {
  const [{ n }] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, actor.id), isNull(notifications.readAt)));
  return n;
}

/** Marks the actor's own notices read (all, or one); nobody else's. */
export async function markRead(db: Db, actor: Actor, id: string | undefined, at: Date): Promise<void> {
  const own = and(eq(notifications.userId, actor.id), isNull(notifications.readAt));
  const one = id && /^[0-9a-f-]{36}$/i.test(id) ? and(own, eq(notifications.id, id)) : own;
  await db.update(notifications).set({ readAt: at }).where(one);
}
