import { and, eq } from 'drizzle-orm';
import { users } from '../../models/accounts';
import { members } from '../../models/households';
import { listingConsents } from '../../models/market';
import type { Db, Tx } from '../platform/db';
import { Conflict, DomainError, NotFound } from '../kernel/errors';
import type { Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import type { Member } from '../registry/households';
import { currentMembers } from '../registry/membership';
import { withDbErrors } from '../kernel/tx';
import { ageOnDay } from '../kernel/personal-data';
import { type Input, received } from './commands';
import { assertUuid, lockListing, type Listing } from './locks';
import { consentRefusal, refuseIf, seesWholeListing } from './rules';
import { assertOfficerOf, assertSeller, loadListing } from './scope';
import { storeScanPieces } from './scans';
import { listingTrail } from './trail';

// Rule 2: every adult member (18 or older on the day of submission, Beijing time) consents
// before a listing is submitted — from their own account if they have one, otherwise on a
// signed paper the officer scans. Consents are collected while the listing is a draft.

export const ADULT_AGE = 18;

/** Rule 2: a member 18 or older on the day (Beijing time) is an adult whose consent is needed. */
export const isAdult = (m: { birthDate: string }, at: Date) => ageOnDay(m.birthDate, at) >= ADULT_AGE;

export async function adultMembers(tx: Db | Tx, householdId: string, at: Date): Promise<Member[]> {
  // Consents are asked of the household's current members only: one whose membership ended (a
  // death, an exit) stays in the history but is no longer asked (集体经济组织法 §17, §16).
  return (await currentMembers(tx, householdId, at)).filter((m) => isAdult(m, at));
}

/** Adults whose consent is still missing (empty when the listing may be submitted). */
export async function missingConsents(tx: Db | Tx, l: Listing, at: Date): Promise<Member[]> {
  const current = await currentMembers(tx, l.sellerHouseholdId, at);
  const given = await tx.select({ memberId: listingConsents.memberId }).from(listingConsents).where(eq(listingConsents.listingId, l.id));
  return missingOf(current, given, at);
}

/** The adults among `current` (the household's current members) without a consent in `given`. */
export function missingOf<M extends Member>(current: M[], given: { memberId: string }[], at: Date): M[] {
  return current.filter((m) => isAdult(m, at) && !given.some((g) => g.memberId === m.id));
}

/**
 * Each member of the seller household with whether consent is needed, given, and how: from the
 * current members, the consents given and the active accounts' members (the listing page reads them
 * in its one statement, listing-page-reads.ts).
 */
export function consentTableOf<M extends Member>(
  current: M[],
  given: (typeof listingConsents.$inferSelect)[],
  accounts: { memberId: string | null }[],
  at: Date,
) {
  return current.map((m) => ({
    member: m,
    adult: isAdult(m, at),
    hasAccount: accounts.some((a) => a.memberId === m.id),
    consent: given.find((g) => g.memberId === m.id) ?? null,
  }));
}

async function memberOfSeller(tx: Tx, l: Listing, memberId: string, at: Date): Promise<Member> {
  assertUuid(memberId);
  const [m] = await tx.select().from(members).where(eq(members.id, memberId)).limit(1);
  if (!m || m.householdId !== l.sellerHouseholdId) throw new DomainError('rule2.notMember', {}, 'memberId');
  if (!(await currentMembers(tx, l.sellerHouseholdId, at)).some((c) => c.id === m.id))
    throw new DomainError('rule2.notMember', {}, 'memberId');
  if (!isAdult(m, at)) throw new DomainError('rule2.notAdult', { name: m.name }, 'memberId');
  return m;
}

/** A checked scan of a signed paper (routes/market/upload.ts recognises the type by content). */
export type Scan = { bytes: Buffer; mime: string };
/** The officer records a member's signed paper consent. */
export type PaperConsent = { memberId: string; scan: Scan };

async function insertConsent(tx: Tx, actor: Actor, l: Listing, m: Member, method: 'account' | 'paper', scan?: Scan) {
  refuseIf(consentRefusal(l));
  const [dup] = await tx
    .select({ id: listingConsents.id })
    .from(listingConsents)
    .where(and(eq(listingConsents.listingId, l.id), eq(listingConsents.memberId, m.id)))
    .limit(1);
  if (dup) throw new Conflict('market.alreadyConsented');
  const [c] = await tx
    .insert(listingConsents)
    .values({
      listingId: l.id,
      memberId: m.id,
      method,
      recordedBy: actor.id,
      scanMime: scan?.mime ?? null,
      scanBytes: scan ? scan.bytes.length : null,
    })
    .returning();
  if (scan) await storeScanPieces(tx, c.id, scan.bytes);
  await recordAudit(tx, actor, { action: 'listing.consent', ...listingTrail(l), after: { member: m.name, method, scanMime: scan?.mime } });
  return c;
}

/** A member with an account consents from their own login; nobody consents for them. */
export async function giveConsent(db: Db, actor: Actor, listingId: string, at: Date) {
  const seen = await loadListing(db, actor, listingId);
  assertSeller(actor, seen);
  if (!actor.memberId) throw new DomainError('rule2.noMemberLink');
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const l = await lockListing(tx, listingId);
      const m = await memberOfSeller(tx, l, actor.memberId!, at);
      return insertConsent(tx, actor, l, m, 'account');
    }),
  );
}

/** The officer records a signed paper consent (scan kept) for a member who has no account. */
export async function recordPaperConsent(db: Db, actor: Actor, listingId: string, input: Input<PaperConsent>, at: Date) {
  const seen = await loadListing(db, actor, listingId);
  assertOfficerOf(actor, seen);
  // Scope first (rule 12): a listing the officer may not see answers 404 before the file is looked at.
  const { memberId, scan } = received(input).command;
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const l = await lockListing(tx, listingId);
      const m = await memberOfSeller(tx, l, memberId, at);
      const [account] = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.memberId, m.id), eq(users.active, true)))
        .limit(1);
      if (account) throw new DomainError('rule2.ownAccount', { name: m.name }, 'memberId');
      return insertConsent(tx, actor, l, m, 'paper', scan);
    }),
  );
}

/** The stored scan of a paper consent, for those who may see the listing (not other farmers): stream it with scanPieces. */
export async function consentScan(db: Db, actor: Actor, consentId: string) {
  assertUuid(consentId);
  const [c] = await db.select().from(listingConsents).where(eq(listingConsents.id, consentId)).limit(1);
  // Scans not (yet) moved into the database (scan-move.ts) have no bytes to serve.
  if (!c || c.scanBytes == null) throw new NotFound();
  const l = await loadListing(db, actor, c.listingId);
  if (!seesWholeListing(actor, l)) throw new NotFound();
  return { id: c.id, bytes: c.scanBytes, mime: c.scanMime ?? 'application/octet-stream' };
}
