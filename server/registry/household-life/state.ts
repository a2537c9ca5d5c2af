import { currentMembers } from '../membership';
import { and, eq, inArray } from 'drizzle-orm';
import { households } from '../../../models/households';
import { householdEndings } from '../../../models/household-life';
import { listings } from '../../../models/market';
import { rights } from '../../../models/rights';
import { HELD_RIGHT_STATUSES, LIVE_LISTING_STATUSES } from '../../../models/statuses';
import { DomainError, NotFound } from '../../kernel/errors';
import type { Db, Tx } from '../../platform/db';
import type { Household, Member } from '../households';
import { isFrozen, type LifeState } from './rules';

/**
 * The household's current members. Today: its `members` rows. When the 成员名册 (membership
 * history, issue 15) lands, this is the one place to point at it (members whose membership of
 * the household has not ended).
 */
export async function householdMembersNow(db: Db | Tx, householdId: string): Promise<Member[]> {
  // The household's people whose membership has not ended (a death or a leave recorded in the
  // 成员名册 keeps the person in the history, but not in the household's life any more).
  return currentMembers(db, householdId, null);
}

/** The rights the household still holds (not transferred, exited or cancelled). */
export async function heldRights(db: Db | Tx, householdId: string) {
  return db
    .select()
    .from(rights)
    .where(and(eq(rights.householdId, householdId), inArray(rights.status, [...HELD_RIGHT_STATUSES])));
}

/** Rule 11: a held right listed or in a deal, or with a live listing (a draft too). */
export async function frozenRightIds(db: Db | Tx, householdId: string): Promise<string[]> {
  const held = await heldRights(db, householdId);
  const frozen = new Set(held.filter((r) => isFrozen(r.status)).map((r) => r.id));
  const ids = held.map((r) => r.id);
  if (ids.length) {
    const live = await db
      .select({ rightId: listings.rightId })
      .from(listings)
      .where(and(inArray(listings.rightId, ids), inArray(listings.status, [...LIVE_LISTING_STATUSES])));
    for (const l of live) frozen.add(l.rightId);
  }
  return [...frozen];
}

export async function endingOf(db: Db | Tx, householdId: string) {
  const [e] = await db.select().from(householdEndings).where(eq(householdEndings.householdId, householdId)).limit(1);
  return e ?? null;
}

export async function lifeState(db: Db | Tx, h: Household): Promise<LifeState> {
  const [now, frozen, ending] = await Promise.all([householdMembersNow(db, h.id), frozenRightIds(db, h.id), endingOf(db, h.id)]);
  return { collectiveId: h.collectiveId, ended: ending !== null, memberCount: now.length, frozen: frozen.length > 0 };
}

/** Locks households in id order (two merges of the same pair cannot deadlock) and returns them. */
export async function lockHouseholds(tx: Tx, ids: string[]): Promise<Household[]> {
  const sorted = [...new Set(ids)].sort();
  const rows: Household[] = [];
  for (const id of sorted) {
    const [h] = await tx.select().from(households).where(eq(households.id, id)).for('update');
    if (!h) throw new NotFound();
    rows.push(h);
  }
  return ids.map((id) => rows.find((r) => r.id === id)!);
}

/** Inside the transaction, after the lock: the household still exists and none of its rights is frozen. */
export async function assertLive(tx: Tx, h: Household): Promise<void> {
  if (await endingOf(tx, h.id)) throw new DomainError('life.householdEnded', { code: h.code });
  const frozen = await frozenRightIds(tx, h.id);
  if (frozen.length) throw new DomainError('rule11.householdFrozen', { code: h.code });
}
