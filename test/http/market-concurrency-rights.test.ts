import { now } from '../../server/kernel/clock';
import assert from 'node:assert/strict';
import { and, eq, inArray } from 'drizzle-orm';
import { deals, listings } from '../../models/market';
import { collectives } from '../../models/regions';
import { parcels, rights } from '../../models/rights';
import type { Handle } from '../../server/platform/db';
import { issueCertificate } from '../../server/registry/certificates';
import { chooseOffer } from '../../server/market/award';
import { confirmPayment, recordSettlement, signDeal } from '../../server/market/deals';
import { makeOffer } from '../../server/market/offers';
import { registerDeal } from '../../server/market/registration';
import { withdrawListing } from '../../server/market/withdraw';
import { registerHomestead, registerLand, registerShares } from '../../server/registry/rights';
import { freshDb } from '../helpers/db';
import { homesteadInput, landInput } from '../helpers/factories';
import { testClock } from '../helpers/clock';
import { testApp } from '../helpers/http';
import { afterNotice, farmerOf, publish } from '../helpers/market';
import { assertInvariants, sharesHeld } from '../helpers/market-invariants';
import { httpWorld } from '../helpers/market-http';

// Races between different listings that meet in one household or one collective: the locks
// on the bidders' households and on the collective row decide, the database indexes back them.

const PG = !!process.env.DATABASE_URL;
const ROUNDS = PG ? 4 : 1;
const settle = (p: Promise<unknown>[]) => Promise.allSettled(p);

describe(`Market races across listings (rules 4, 7, 11; ${PG ? 'PostgreSQL server' : 'embedded database'})`, () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  const clock = testClock();
  before(async () => {
    h = await freshDb();
    app = testApp(h.db, {}, clock);
  });
  after(async () => {
    await assertInvariants(h.db);
    await h.close();
  });

  it('when one household is chosen for two homesteads at the same moment, then only one deal is made (rule 4)', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const w = await httpWorld(h.db, app);
      const sellers = [
        { hh: w.sellerHh, actor: w.seller },
        await (async () => {
          const b = await w.buyer();
          return { hh: b.household, actor: b.actor };
        })(),
      ];
      const buyer = await w.buyer();
      const ls: Awaited<ReturnType<typeof publish>>[] = [];
      for (const s of sellers) {
        const home = await registerHomestead(h.db, w.officer, s.hh.id, homesteadInput(w.c));
        ls.push(
          await publish(
            h.db,
            { officer: w.officer, seller: s.actor },
            home.id,
            { path: 'transfer', askingPriceFen: 10000000 },
            clock.now(),
          ),
        );
      }
      const os: Awaited<ReturnType<typeof makeOffer>>[] = [];
      for (const l of ls) os.push(await makeOffer(h.db, buyer.actor, l.id, { priceFen: 10000000 }, clock.now()));
      const at = afterNotice(clock.now());
      const out = await settle(ls.map((l, i) => chooseOffer(h.db, sellers[i].actor, l.id, { offerId: os[i].id }, at)));
      assert.equal(out.filter((r) => r.status === 'fulfilled').length, 1);
      const refused = out.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      assert.equal(refused.reason.code, 'rule4.secondHomestead');
      const made = await h.db
        .select()
        .from(deals)
        .where(
          inArray(
            deals.listingId,
            ls.map((l) => l.id),
          ),
        );
      assert.equal(made.length, 1);
    }
    await assertInvariants(h.db);
  });

  it('when one household buys shares from several sellers at once, then the cap holds and the collective total is unchanged (rules 7, 11)', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const w = await httpWorld(h.db, app);
      await h.db.update(collectives).set({ totalShares: 400, shareCapPercent: 100 }).where(eq(collectives.id, w.c.id));
      // Four holders of 60 → cap = 400 / 4 = 100 (the buyer itself holds none yet).
      const sellers = [{ hh: w.sellerHh, actor: w.seller }];
      for (let i = 0; i < 3; i++) {
        const b = await w.buyer();
        sellers.push({ hh: b.household, actor: b.actor });
      }
      const buyer = await w.buyer();
      const ls: Awaited<ReturnType<typeof publish>>[] = [];
      for (const s of sellers) {
        const r = await registerShares(h.db, w.officer, s.hh.id, { shares: 60 });
        ls.push(
          await publish(
            h.db,
            { officer: w.officer, seller: s.actor },
            r.id,
            { path: 'transfer', askingPriceFen: 60000, shares: 40 },
            clock.now(),
          ),
        );
      }
      const os: Awaited<ReturnType<typeof makeOffer>>[] = [];
      for (const l of ls) os.push(await makeOffer(h.db, buyer.actor, l.id, { priceFen: 60000 }, clock.now()));
      const held = await sharesHeld(h.db, w.c.id);
      const at = afterNotice(clock.now());
      const out = await settle(ls.map((l, i) => chooseOffer(h.db, sellers[i].actor, l.id, { offerId: os[i].id }, at)));
      // 40 + 40 = 80 fits under 100; a third 40 would make 120.
      assert.equal(out.filter((r) => r.status === 'fulfilled').length, 2);
      for (const r of out) if (r.status === 'rejected') assert.equal(r.reason.code, 'rule7.shareCap');
      const made = await h.db
        .select()
        .from(deals)
        .where(
          inArray(
            deals.listingId,
            ls.map((l) => l.id),
          ),
        );
      await Promise.all(
        made.map(async (d) => {
          const seller = sellers.find((s) => s.hh.id === d.sellerHouseholdId)!.actor;
          await signDeal(h.db, seller, d.id, at);
          await signDeal(h.db, buyer.actor, d.id, at);
          await confirmPayment(h.db, seller, d.id, at);
          await recordSettlement(h.db, w.officer, d.id, at);
        }),
      );
      const reg = await settle(made.map((d) => registerDeal(h.db, w.officer, d.id, at)));
      assert.ok(
        reg.every((r) => r.status === 'fulfilled'),
        JSON.stringify(reg.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason?.message)),
      );
      assert.equal(await sharesHeld(h.db, w.c.id), held);
      const buyerShares = await h.db
        .select()
        .from(rights)
        .where(and(eq(rights.householdId, buyer.household.id), eq(rights.kind, 'shares')));
      assert.equal(buyerShares.length, 1, 'the second purchase adds to the first share right');
    }
    await assertInvariants(h.db);
  });

  it('when the holder withdraws while the seller side is choosing a buyer, then either the deal or the withdrawal wins, never both', async () => {
    for (let round = 0; round < ROUNDS * 2; round++) {
      const w = await httpWorld(h.db, app);
      const land = await registerLand(h.db, w.officer, w.sellerHh.id, landInput(w.c), now());
      await issueCertificate(h.db, w.officer, land.id, {}, now());
      const ps = await h.db.select().from(parcels).where(eq(parcels.rightId, land.id));
      const l = await publish(h.db, w, land.id, { path: 'transfer', askingPriceFen: 900000, parcelIds: ps.map((p) => p.id) }, clock.now());
      const b = await farmerOf(h.db, (await w.buyer()).household);
      const o = await makeOffer(h.db, b.actor, l.id, { priceFen: 900000 }, clock.now());
      const at = afterNotice(clock.now());
      const out = await settle([
        chooseOffer(h.db, w.seller, l.id, { offerId: o.id }, at),
        withdrawListing(h.db, w.seller, l.id, { reason: null }, at),
      ]);
      const [row] = await h.db.select().from(listings).where(eq(listings.id, l.id));
      const [d] = await h.db.select().from(deals).where(eq(deals.listingId, l.id));
      if (out[0].status === 'fulfilled' && out[1].status === 'fulfilled') {
        // The choice came first, then the withdrawal before any signature: the deal is cancelled.
        assert.equal(row.status, 'withdrawn');
        assert.equal(d.status, 'cancelled');
      } else {
        assert.equal(out.filter((r) => r.status === 'fulfilled').length, 1);
      }
      const [right] = await h.db.select().from(rights).where(eq(rights.id, land.id));
      assert.equal(right.status, row.status === 'in_deal' ? 'in_transaction' : 'active');
    }
    await assertInvariants(h.db);
  });
});
