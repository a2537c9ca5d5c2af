import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { escrowEntries } from '../../models/escrow';
import { deals } from '../../models/market';
import { rights } from '../../models/rights';
import type { Handle } from '../../server/platform/db';
import { chooseOffer } from '../../server/market/award';
import { recordSettlement, signDeal } from '../../server/market/deals';
import { recordDeposit, recordPrice } from '../../server/market/money';
import { makeOffer } from '../../server/market/offers';
import { registerDeal } from '../../server/market/registration';
import { registerHomestead } from '../../server/registry/rights';
import { asOwner, freshDb } from '../helpers/db';
import { homesteadInput, makeHousehold } from '../helpers/factories';
import { afterNotice, farmerOf, marketWorld, publish, T0 } from '../helpers/market';

// Issue 20 item 3 with rule 11: registration releases the supervised price to the seller in the
// transaction that changes the holder. A failure injected at each step of that transaction (the
// release itself, the listing's closing after it, the deal's last update) must leave both undone:
// money never released without the change of holder, and never the holder changed without the
// money released. Runs on the embedded database, and on a PostgreSQL server with DATABASE_URL.

const PG = !!process.env.DATABASE_URL;
const DEPOSIT = 50_000;

/** Failures the database raises inside the registration's transaction, as a crash mid-way would end it. */
const FAILURES = [
  {
    name: 'the release row is written',
    table: 'escrow_entries',
    when: `new.kind = 'price_release'`,
  },
  { name: 'the listing is closed after the release', table: 'listings', when: `new.status = 'completed'` },
  { name: 'the deal is marked registered (the last write)', table: 'deals', when: `new.status = 'registered'` },
];

describe(`Registration and the supervised price: all or nothing (issue 20, rule 11; ${PG ? 'PostgreSQL server' : 'embedded database'})`, () => {
  let h: Handle;
  before(async function () {
    this.timeout(300_000);
    h = await freshDb();
  });
  after(async () => {
    await h.close();
  });

  async function paidSupervisedDeal() {
    const w = await marketWorld(h.db, { depositFen: DEPOSIT, supervisedPayment: true });
    const home = await registerHomestead(h.db, w.officer, w.sellerHh.id, homesteadInput(w.c));
    const l = await publish(h.db, w, home.id, { path: 'transfer', askingPriceFen: 5_000_000 });
    const buyer = await farmerOf(h.db, await makeHousehold(h.db, w.officer, w.c));
    const o = await makeOffer(h.db, buyer.actor, l.id, { priceFen: 5_100_000 }, T0);
    await recordDeposit(h.db, w.officer, o.id, { amountFen: DEPOSIT, valueDate: '2026-03-10', bankReference: 'DEP' }, T0);
    const at = afterNotice();
    const d = await chooseOffer(h.db, w.seller, l.id, { offerId: o.id }, at);
    await signDeal(h.db, w.seller, d.id, at);
    await signDeal(h.db, buyer.actor, d.id, at);
    await recordPrice(h.db, w.officer, d.id, { amountFen: 5_100_000 - DEPOSIT, valueDate: '2026-03-21', bankReference: 'PRICE' }, at);
    await recordSettlement(h.db, w.officer, d.id, at);
    return { w, d, home, at };
  }

  /** The money released and the holder changed, read back from the database. */
  async function state(dealId: string, rightId: string, sellerId: string) {
    const [d] = await h.db.select().from(deals).where(eq(deals.id, dealId));
    const releases = (await h.db.select().from(escrowEntries).where(eq(escrowEntries.dealId, dealId))).filter(
      (r) => r.kind === 'price_release',
    );
    const [r] = await h.db.select().from(rights).where(eq(rights.id, rightId));
    const holderChanged = r.householdId !== sellerId || r.status === 'transferred';
    return { registered: d.status === 'registered', released: releases.reduce((s, x) => s + x.amountFen, 0), holderChanged };
  }

  for (const f of FAILURES) {
    it(`when registration fails as ${f.name}, then neither the money is released nor the holder changed; once the failure is gone, both happen together`, async () => {
      const { w, d, home, at } = await paidSupervisedDeal();
      const fn = `fail_${f.table}_${Math.random().toString(36).slice(2, 8)}`;
      await asOwner(h, async (db) => {
        await db.execute(
          sql.raw(
            `create function ${fn}() returns trigger language plpgsql as $$ begin if ${f.when} then raise exception 'injected failure'; end if; return new; end $$`,
          ),
        );
        await db.execute(sql.raw(`create trigger ${fn} before insert or update on ${f.table} for each row execute function ${fn}()`));
      });
      try {
        await assert.rejects(registerDeal(h.db, w.officer, d.id, at), (e: Error & { cause?: Error }) => {
          assert.match(`${e.message} ${e.cause?.message ?? ''}`, /injected failure/);
          return true;
        });
        assert.deepEqual(await state(d.id, home.id, w.sellerHh.id), { registered: false, released: 0, holderChanged: false });
      } finally {
        await asOwner(h, async (db) => {
          await db.execute(sql.raw(`drop trigger ${fn} on ${f.table}`));
          await db.execute(sql.raw(`drop function ${fn}()`));
        });
      }
      await registerDeal(h.db, w.officer, d.id, at);
      assert.deepEqual(await state(d.id, home.id, w.sellerHh.id), { registered: true, released: d.priceFen, holderChanged: true });
      const [again] = (await h.db.select().from(escrowEntries).where(eq(escrowEntries.dealId, d.id))).filter(
        (r) => r.kind === 'price_release',
      );
      assert.equal(again.householdId, w.sellerHh.id);
    });
  }
});
