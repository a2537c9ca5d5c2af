import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { users } from '../../models/accounts';
import { listingConsents, listings } from '../../models/market';
import type { Listing } from '../../server/market/locks';
import type { Actor } from '../../server/kernel/actor';
import { addDays } from '../../server/kernel/clock';
import type { Handle } from '../../server/platform/db';
import { validCertificate } from '../../server/market/certified';
import { consentTableOf, missingConsents, missingOf } from '../../server/market/consents';
import { escrowOfListing } from '../../server/market/escrow';
import { readListingPage } from '../../server/market/listing-page-reads';
import { lodgeObjection, objectionsOf, objectionsShown } from '../../server/market/objections';
import { loadListing } from '../../server/market/scope';
import { currentMembers, membersWithStatus, recordMembership } from '../../server/registry/membership';
import { freshDb } from '../helpers/db';
import { escrowWorld } from '../helpers/escrow-world';
import { T0 } from '../helpers/market';

// The listing page reads the seller's members with their membership status, the consents, the
// accounts, the valid certificate, the objections and the supervised account's movements in its
// one prepared statement (issue 19). What the page makes of them must be exactly what the plain
// reads give: rule 2's consent table and missing consents, the objections each actor may see
// (without the attachment's bytes), the right's valid certificate, the deposits held (issue 20).
describe('The listing page read in one statement', () => {
  let h: Handle;
  before(async () => {
    h = await freshDb();
  });
  after(async () => {
    await h.close();
  });

  /** Rule 2's consent table from the plain reads: current members, the consents given, the active accounts. */
  async function plainConsentTable(l: Listing, at: Date) {
    const [current, given, accounts] = await Promise.all([
      currentMembers(h.db, l.sellerHouseholdId, at),
      h.db.select().from(listingConsents).where(eq(listingConsents.listingId, l.id)),
      h.db
        .select({ memberId: users.memberId })
        .from(users)
        .where(and(eq(users.householdId, l.sellerHouseholdId), eq(users.active, true))),
    ]);
    return consentTableOf(current, given, accounts, at);
  }

  it('when listings have offers, deposits, refunds, a forfeit, objections and a seller member who left, then the folded read gives what the plain reads give, to each actor', async () => {
    const w = await escrowWorld(h.db);
    const at = addDays(T0, 2);
    await lodgeObjection(h.db, w.b1.actor, w.l3.id, { ground: 'boundaries', text: '四至与邻户不符' }, null, addDays(T0, 1));
    // 集体经济组织法 §17: a member of the seller household left; rule 2 no longer asks them.
    const sellerMembers = await membersWithStatus(h.db, w.sellerHh.id, at);
    const leaving = sellerMembers.find((m) => m.relation !== 'head');
    assert.ok(leaving, 'the seller household has a second member');
    await recordMembership(h.db, w.officer, leaving.id, { kind: 'ended', ground: 'other_organisation', effectiveOn: '2026-03-11' }, at);

    const all = await h.db.select().from(listings).where(eq(listings.collectiveId, w.c.id));
    assert.ok(all.length >= 3);
    const actors: Actor[] = [w.officer, w.seller, w.b1.actor, w.b2.actor];
    let objectionsSeen = 0;
    for (const row of all) {
      const page = await readListingPage(h.db, row.id, at);
      const l = await loadListing(h.db, w.officer, row.id);
      assert.deepEqual(page.sellerMembers, await membersWithStatus(h.db, l.sellerHouseholdId, at));
      const current = page.sellerMembers.filter((m) => m.status !== 'ended');
      assert.ok(!current.some((m) => m.id === leaving.id), 'a member who left is not asked for consent');
      assert.deepEqual(consentTableOf(current, page.consentsGiven, page.accountMembers, at), await plainConsentTable(l, at));
      assert.deepEqual(missingOf(current, page.consentsGiven, at), await missingConsents(h.db, l, at));
      assert.deepEqual(page.certificate, await validCertificate(h.db, l.rightId));
      assert.deepEqual(page.escrow, await escrowOfListing(h.db, l.id));
      for (const actor of actors) {
        const seen = await loadListing(h.db, actor, row.id).catch(() => null);
        if (!seen) continue;
        const shown = objectionsShown(actor, seen, page.objections);
        assert.deepEqual(shown, await objectionsOf(h.db, actor, seen));
        objectionsSeen += shown.length;
        assert.ok(!shown.some((o) => 'attachment' in o), "an objection is read without its attachment's bytes");
      }
    }
    assert.ok(objectionsSeen > 0, 'the objection was compared');
    const held = await readListingPage(h.db, w.l1.id, at);
    assert.ok(held.escrow.length >= 4, 'the deposits, a refund and the price of the first listing are read');
  });
});
