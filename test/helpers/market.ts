import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { listings } from '../../models/market';
import type { Db } from '../../server/platform/db';
import { type AppError, DomainError } from '../../server/kernel/errors';
import type { Actor } from '../../server/kernel/actor';
import { listMembers } from '../../server/registry/households';
import { addDays } from '../../server/kernel/clock';
import { giveConsent, recordPaperConsent, adultMembers } from '../../server/market/consents';
import type { NewListing } from '../../server/market/commands';
import { createListing, submitListing } from '../../server/market/listings';
import { approveListing } from '../../server/market/review';
import { validCertificate } from '../../server/market/certified';
import { issueCertificate } from '../../server/registry/certificates';
import { confirmPayment, recordSettlement, signDeal } from '../../server/market/deals';
import { registerDeal } from '../../server/market/registration';
import { makeCollective, makeHousehold, makeUser } from './factories';

// A small collective for market tests: an officer, a seller household whose head has an
// account, and buyer households each with a farmer account.

/**
 * The market tests' "now": 10 March 2026, 10:00 in Beijing (test/helpers/clock.ts starts there
 * too). Use cases take their time from the caller; tests pass this, or a test clock's time.
 */
export const T0 = new Date('2026-03-10T02:00:00Z');

/** Yuan as the tests think of prices, in the fen a command holds. */
export const yuan = (y: number) => Math.round(y * 100);

export type World = Awaited<ReturnType<typeof marketWorld>>;

export async function farmerOf(db: Db, household: { id: string }) {
  const [head] = await listMembers(db, household.id);
  const { user, actor } = await makeUser(db, 'farmer', { householdId: household.id, memberId: head.id });
  return { user, actor, memberId: head.id };
}

export async function marketWorld(db: Db, over: Record<string, unknown> = {}) {
  const c = await makeCollective(db, { totalShares: 1000, ...over });
  const { actor: officer, user: officerUser } = await makeUser(db, 'officer', { collectiveId: c.id });
  const sellerHh = await makeHousehold(db, officer, c);
  const seller = await farmerOf(db, sellerHh);
  const buyer = async () => {
    const h = await makeHousehold(db, officer, c);
    return { household: h, ...(await farmerOf(db, h)) };
  };
  return { c, officer, officerUser, sellerHh, seller: seller.actor, sellerUser: seller.user, buyer };
}

export const PAPER = { bytes: Buffer.from('%PDF-1.4\n%%EOF\n'), mime: 'application/pdf' };

/** Every adult consents: the seller from their account, the others on (test) paper. */
export async function consentAll(db: Db, w: { officer: Actor; seller: Actor }, listingId: string, at: Date = T0) {
  const [l] = await db.select().from(listings).where(eq(listings.id, listingId));
  for (const m of await adultMembers(db, l.sellerHouseholdId, at)) {
    if (m.id === w.seller.memberId) await giveConsent(db, w.seller, listingId, at);
    else await recordPaperConsent(db, w.officer, listingId, { memberId: m.id, scan: PAPER }, at);
  }
}

/** A listing's command with the parts a kind of right does not use left out. */
export type Listed = Pick<NewListing, 'path' | 'askingPriceFen'> & Partial<NewListing>;
export const listed = (v: Listed): NewListing => ({ parcelIds: [], shares: null, ...v });

/** The right with a valid certificate, as only a certified right is listed for transfer (issue 18 item 3). */
export async function certified(db: Db, officer: Actor, rightId: string, at: Date = T0): Promise<string> {
  if (!(await validCertificate(db, rightId))) await issueCertificate(db, officer, rightId, {}, at);
  return rightId;
}

/** A listing taken through consent, submission and approval: its notice period starts at `at`. */
export async function publish(db: Db, w: { officer: Actor; seller: Actor }, rightId: string, input: Listed, at: Date = T0) {
  await certified(db, w.officer, rightId, at);
  const l = await createListing(db, w.seller, rightId, listed(input), at);
  await consentAll(db, w, l.id, at);
  await submitListing(db, w.seller, l.id, at);
  if (input.path === 'exit') return l;
  return approveListing(db, w.officer, l.id, at);
}

/** A moment after the notice period of a listing published at `from` (the default: 10 days). */
export const afterNotice = (from: Date = T0, days = 11) => addDays(from, days);

/** Signs, pays, settles and registers a deal; `buyer` is the buying farmer or, for exits, the officer. */
export async function completeDeal(db: Db, w: { officer: Actor; seller: Actor }, buyer: Actor, dealId: string, at: Date) {
  await signDeal(db, w.seller, dealId, at);
  await signDeal(db, buyer, dealId, at);
  await confirmPayment(db, w.seller, dealId, at);
  await recordSettlement(db, w.officer, dealId, at);
  return registerDeal(db, w.officer, dealId, at);
}

/** Asserts a refusal of the given class and code (the i18n key of the rule's message). */
export async function rejectsWith(p: Promise<unknown>, code: string, type: new (...a: never[]) => AppError = DomainError) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof type, `expected ${type.name} ${code}, got ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    assert.equal((e as AppError).code, code);
    return true;
  });
}
