import { and, asc, count, eq, getTableColumns, inArray, ne } from 'drizzle-orm';
import { listingConsents, listings, offers } from '../../models/market';
import { listingObjections } from '../../models/objections';
import type { Db, Tx } from '../platform/db';
import { Forbidden, NotFound } from '../kernel/errors';
import type { Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { withDbErrors } from '../kernel/tx';
import { type Finding, type Input, type NewObjection, received } from './commands';
import type { Scan } from './consents';
import { assertUuid, lockListing, type Listing } from './locks';
import { farmersOf, notify, officersOf } from './notifications';
import { findingRefusal, isCollectiveOfficer, objectionRefusal, objectsAs, refuseIf, seesWholeListing } from './rules';
import { assertOfficerOf, loadListing } from './scope';
import { listingTrail, setRightStatus } from './trail';
import { settleDeposits } from './escrow';

// Objections (异议) during the notice period (issue 20). Anyone concerned — a member of the
// seller's household, a member household of the collective, the collective's officer — lodges
// one with a ground; the listing pauses (no offer, no choice of buyer, no contract: rules.ts)
// until the officer records a finding with reasons. Rejected: the listing resumes and its notice
// period is extended by the time it was paused. Upheld: back to the seller (a draft again) or
// ended. A household member's "I did not consent" withdraws that member's consent at once and
// stands until the member consents again, by their own account or in person before the officer.
// Every step in the trail; the objector, the seller and the bidders are told.

export type Objection = Omit<typeof listingObjections.$inferSelect, 'attachment'>;

/** The objection's columns without the attachment's bytes (read only when it is downloaded). */
const { attachment: _bytes, ...shown } = getTableColumns(listingObjections);
/** An objection as it is read: every column but the attachment's bytes. */
export type ObjectionShown = Omit<typeof listingObjections.$inferSelect, 'attachment'>;

const objectionTrail = (l: Listing, o: Objection) => ({ ...listingTrail(l), entityType: 'objection', entityId: o.id });

/** Seller, bidders with a live offer, and the collective's officers. */
async function parties(tx: Tx, l: Listing): Promise<string[]> {
  const bidders = await tx
    .select({ h: offers.buyerHouseholdId })
    .from(offers)
    .where(and(eq(offers.listingId, l.id), eq(offers.status, 'active')));
  return [...(await farmersOf(tx, [l.sellerHouseholdId, ...bidders.map((b) => b.h)])), ...(await officersOf(tx, l.collectiveId))];
}

/** Lodges an objection, with the evidence (a photo or a PDF, already recognised by content) if one was sent. */
export async function lodgeObjection(
  db: Db,
  actor: Actor,
  listingId: string,
  input: Input<NewObjection>,
  attachment: Scan | null,
  at: Date,
): Promise<Objection> {
  const seen = await loadListing(db, actor, listingId);
  const as = objectsAs(actor, seen);
  if (!as) throw new Forbidden();
  const { command } = received(input);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const l = await lockListing(tx, listingId);
      refuseIf(objectionRefusal(l, at), 'text');
      const [o] = await tx
        .insert(listingObjections)
        .values({
          listingId: l.id,
          collectiveId: l.collectiveId,
          regionCode: l.regionCode,
          objectorUserId: actor.id,
          objectorRole: as,
          objectorMemberId: as === 'member' ? actor.memberId : null,
          ground: command.ground,
          text: command.text,
          attachment: attachment?.bytes ?? null,
          attachmentMime: attachment?.mime ?? null,
          attachmentSize: attachment?.bytes.length ?? null,
          createdAt: at,
        })
        .returning(shown);
      if (!l.objectionPausedAt)
        await tx
          .update(listings)
          .set({ objectionPausedAt: at, version: l.version + 1, updatedAt: at })
          .where(eq(listings.id, l.id));
      // "I did not consent": the member's consent is withdrawn now, and given again only by them.
      const withdrawn =
        as === 'member' && command.ground === 'noConsent' && actor.memberId
          ? await tx
              .delete(listingConsents)
              .where(and(eq(listingConsents.listingId, l.id), eq(listingConsents.memberId, actor.memberId)))
              .returning({ id: listingConsents.id, method: listingConsents.method })
          : [];
      await recordAudit(tx, actor, {
        action: 'objection.lodge',
        ...objectionTrail(l, o),
        before: withdrawn.length ? { consent: withdrawn[0].method } : undefined,
        after: {
          ground: o.ground,
          by: as,
          listingPausedAt: l.objectionPausedAt ?? at,
          consentWithdrawn: withdrawn.length > 0,
          attachment: o.attachmentMime ? { mime: o.attachmentMime, bytes: o.attachmentSize } : null,
        },
        reason: o.text,
      });
      await notify(tx, await parties(tx, l), {
        kind: 'objectionLodged',
        params: { kind: l.rightKind, ground: o.ground },
        link: `/listings/${l.id}`,
      });
      return o;
    }),
  );
}

/** When no objection is open any more, the listing resumes and its notice period is extended by the paused time. */
async function resumeIfClear(tx: Tx, actor: Actor, listingId: string, at: Date): Promise<void> {
  const l = await lockListing(tx, listingId);
  if (!l.objectionPausedAt || l.status !== 'approved' || !l.noticeEndsAt) return;
  const [{ n }] = await tx
    .select({ n: count() })
    .from(listingObjections)
    .where(and(eq(listingObjections.listingId, l.id), eq(listingObjections.status, 'open')));
  if (n > 0) return;
  const pausedMs = Math.max(0, at.getTime() - l.objectionPausedAt.getTime());
  const noticeEndsAt = new Date(l.noticeEndsAt.getTime() + pausedMs);
  await tx
    .update(listings)
    .set({ objectionPausedAt: null, noticeEndsAt, version: l.version + 1, updatedAt: at })
    .where(eq(listings.id, l.id));
  await recordAudit(tx, actor, {
    action: 'listing.resume',
    ...listingTrail(l),
    before: { objectionPausedAt: l.objectionPausedAt, noticeEndsAt: l.noticeEndsAt },
    after: { objectionPausedAt: null, noticeEndsAt, pausedMs },
  });
  await notify(tx, await parties(tx, l), {
    kind: 'listingResumed',
    params: { kind: l.rightKind, ends: noticeEndsAt.toISOString() },
    link: `/listings/${l.id}`,
  });
}

async function loadObjection(db: Db | Tx, actor: Actor, id: string): Promise<{ o: Objection; l: Listing }> {
  assertUuid(id);
  const [o] = await db.select(shown).from(listingObjections).where(eq(listingObjections.id, id)).limit(1);
  if (!o) throw new NotFound();
  const l = await loadListing(db, actor, o.listingId);
  return { o, l };
}

/** The officer's finding, with reasons (issue 20). */
export async function decideObjection(db: Db, actor: Actor, objectionId: string, input: Input<Finding>, at: Date): Promise<Objection> {
  const { l: seen } = await loadObjection(db, actor, objectionId);
  assertOfficerOf(actor, seen);
  const { command } = received(input);
  const { outcome, reason } = command;
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const l = await lockListing(tx, seen.id);
      const [o] = await tx.select(shown).from(listingObjections).where(eq(listingObjections.id, objectionId)).for('update');
      refuseIf(findingRefusal(o, outcome), 'outcome');
      const [after] = await tx
        .update(listingObjections)
        .set({ status: outcome, findingReason: reason, decidedBy: actor.id, decidedAt: at })
        .where(eq(listingObjections.id, o.id))
        .returning(shown);
      await recordAudit(tx, actor, {
        action: 'objection.finding',
        ...objectionTrail(l, o),
        before: { status: 'open' },
        after: { status: outcome },
        reason,
      });
      const told = await parties(tx, l);
      const objectors = [o.objectorUserId];
      if (outcome === 'rejected') await resumeIfClear(tx, actor, l.id, at);
      else {
        // Upheld: the other open objections fall with the listing (their objectors are told too); live offers lapse.
        const fallen = await tx
          .update(listingObjections)
          .set({ status: outcome, findingReason: reason, decidedBy: actor.id, decidedAt: at })
          .where(and(eq(listingObjections.listingId, l.id), eq(listingObjections.status, 'open'), ne(listingObjections.id, o.id)))
          .returning({ by: listingObjections.objectorUserId });
        objectors.push(...fallen.map((f) => f.by));
        await tx
          .update(offers)
          .set({ status: 'lost', updatedAt: at })
          .where(and(eq(offers.listingId, l.id), eq(offers.status, 'active')));
        // Issue 20: the lapsed offers' deposits go back to their bidders.
        await settleDeposits(tx, actor, l, at);
        const set =
          outcome === 'returned'
            ? { status: 'draft' as const, submittedAt: null, reviewedAt: null, reviewedBy: null, noticeEndsAt: null }
            : { status: 'withdrawn' as const, withdrawnAt: at, withdrawReason: reason };
        await tx
          .update(listings)
          .set({ ...set, objectionPausedAt: null, version: l.version + 1, updatedAt: at })
          .where(eq(listings.id, l.id));
        if (outcome === 'ended') await setRightStatus(tx, l.rightId, 'active', at);
        await recordAudit(tx, actor, {
          action: outcome === 'returned' ? 'listing.returnToSeller' : 'listing.endByObjection',
          ...listingTrail(l),
          before: { status: l.status },
          after: { status: set.status },
          reason,
        });
      }
      await notify(tx, [...told, ...objectors], {
        kind: 'objectionDecided',
        params: { kind: l.rightKind, outcome, reason },
        link: `/listings/${l.id}`,
      });
      return after;
    }),
  );
}

/**
 * A household member's consent given again after their "I did not consent": by the member's own
 * account, or in person before the collective's officer (recorded by the officer). It ends that
 * objection; the listing resumes when no other is open.
 */
export async function reconsent(db: Db, actor: Actor, objectionId: string, at: Date): Promise<Objection> {
  const { o: seen, l: seenListing } = await loadObjection(db, actor, objectionId);
  const own = actor.role === 'farmer' && !!actor.memberId && actor.memberId === seen.objectorMemberId;
  const inPerson = isCollectiveOfficer(actor, seenListing);
  if (!own && !inPerson) throw new Forbidden();
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const l = await lockListing(tx, seenListing.id);
      const [o] = await tx.select(shown).from(listingObjections).where(eq(listingObjections.id, objectionId)).for('update');
      if (o.status !== 'open' || o.ground !== 'noConsent' || !o.objectorMemberId) refuseIf({ code: 'objection.notReconsentable' });
      await tx
        .insert(listingConsents)
        .values({ listingId: l.id, memberId: o.objectorMemberId!, method: own ? 'account' : 'paper', recordedBy: actor.id, createdAt: at })
        .onConflictDoNothing();
      const [after] = await tx
        .update(listingObjections)
        .set({ status: 'reconsented', decidedBy: actor.id, decidedAt: at })
        .where(eq(listingObjections.id, o.id))
        .returning(shown);
      await recordAudit(tx, actor, {
        action: 'objection.reconsent',
        ...objectionTrail(l, o),
        before: { status: 'open' },
        after: { status: 'reconsented', method: own ? 'account' : 'inPerson' },
      });
      await resumeIfClear(tx, actor, l.id, at);
      return after;
    }),
  );
}

/** The objections a page shows: all of them to those who see the whole listing, one's own to others. */
export async function objectionsOf(db: Db, actor: Actor, l: Listing) {
  const all = await db
    .select(shown)
    .from(listingObjections)
    .where(eq(listingObjections.listingId, l.id))
    .orderBy(asc(listingObjections.createdAt));
  return objectionsShown(actor, l, all);
}

/** The listing's objections (oldest first, read without the attachment's bytes) as `actor` may see them, with what they may do. */
export function objectionsShown(actor: Actor, l: Listing, all: ObjectionShown[]) {
  const officer = isCollectiveOfficer(actor, l);
  return all
    .filter((o) => seesObjection(actor, l, o))
    .map((o) => ({
      ...o,
      can: {
        decide: officer && o.status === 'open',
        reject: officer && !findingRefusal(o, 'rejected'),
        reconsent:
          o.status === 'open' &&
          o.ground === 'noConsent' &&
          !!o.objectorMemberId &&
          (officer || (actor.role === 'farmer' && actor.memberId === o.objectorMemberId)),
      },
    }));
}

/** Who sees an objection: those who see the whole listing (its household, the collective's officers, oversight), and its objector. */
const seesObjection = (actor: Actor, l: Listing, o: Pick<Objection, 'objectorUserId'>) =>
  seesWholeListing(actor, l) || o.objectorUserId === actor.id;

/** An objection's attachment, to those who see the objection (rule 12); NotFound to anyone else, or when there is none. */
export async function objectionAttachment(db: Db, actor: Actor, objectionId: string): Promise<Scan> {
  const { o, l } = await loadObjection(db, actor, objectionId);
  if (!seesObjection(actor, l, o) || !o.attachmentMime) throw new NotFound();
  const [row] = await db.select({ bytes: listingObjections.attachment }).from(listingObjections).where(eq(listingObjections.id, o.id));
  if (!row?.bytes) throw new NotFound();
  return { bytes: row.bytes, mime: o.attachmentMime };
}

/** The objections of a listing as this actor may see them (the API's list), oldest first, with the listing read. */
export async function listingObjectionsFor(db: Db, actor: Actor, listingId: string) {
  const listing = await loadListing(db, actor, listingId);
  return { listing, items: await objectionsOf(db, actor, listing) };
}

/** Open objections per listing, for lists. */
export async function openObjectionCounts(db: Db, listingIds: string[]): Promise<Record<string, number>> {
  if (!listingIds.length) return {};
  const rows = await db
    .select({ id: listingObjections.listingId, n: count() })
    .from(listingObjections)
    .where(and(inArray(listingObjections.listingId, listingIds), eq(listingObjections.status, 'open')))
    .groupBy(listingObjections.listingId);
  return Object.fromEntries(rows.map((r) => [r.id, r.n]));
}
