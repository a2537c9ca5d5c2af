import { now } from '../../server/kernel/clock';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../models/audit';
import { certificates } from '../../models/certificates';
import { deals, offers } from '../../models/market';
import type { Handle } from '../../server/platform/db';
import { issueCertificate } from '../../server/registry/certificates';
import { chooseOffer } from '../../server/market/award';
import { confirmPayment, recordSettlement, signDeal } from '../../server/market/deals';
import { makeOffer } from '../../server/market/offers';
import { sweepMarket } from '../../server/market/sweep';
import { registerShares } from '../../server/registry/rights';
import { addDays } from '../../server/kernel/clock';
import { freshDb } from '../helpers/db';
import { makeUser, PASSWORD } from '../helpers/factories';
import { testClock } from '../helpers/clock';
import { loginAs, testApp, type Agent } from '../helpers/http';
import { publish } from '../helpers/market';
import { assertInvariants, assertNo500, sharesHeld } from '../helpers/market-invariants';
import { httpWorld } from '../helpers/market-http';

// Many requests at one listing at the same moment. With DATABASE_URL they run on a real
// PostgreSQL server through a pool of connections, truly in parallel; without it the embedded
// database serialises them, which still checks that every answer and the end state are right.

const PG = !!process.env.DATABASE_URL;
const ROUNDS = PG ? 3 : 1;

/** Fires `n` copies of a form POST at once from one session (a double click, a retry). */
async function storm(agent: Agent, url: string, body: Record<string, unknown>, n: number): Promise<number[]> {
  const token = await agent.csrf();
  const res = await Promise.all(
    Array.from({ length: n }, () =>
      agent
        .post(url)
        .type('form')
        .send({ _csrf: token, ...body }),
    ),
  );
  return res.map((r) => r.status);
}

describe(`Market under concurrent requests (rule 11; ${PG ? 'PostgreSQL server' : 'embedded database'})`, () => {
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

  /** A listing of shares, published now, or (`ended`) eleven days ago: its notice period is over. */
  async function sharesListing(shares = 40, offered = 10, ended = false) {
    const w = await httpWorld(h.db, app);
    const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares });
    await issueCertificate(h.db, w.officer, r.id, {}, now());
    const at = ended ? addDays(clock.now(), -11) : clock.now();
    const l = await publish(h.db, w, r.id, { path: 'transfer', askingPriceFen: 100000, shares: offered }, at);
    return { w, r, l, at };
  }

  it('when twelve buyers each double-click "offer" at once, and an outsider joins in, then each household has one offer and every other click is refused', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { w, l } = await sharesListing();
      const buyers = await Promise.all(Array.from({ length: 12 }, () => w.buyer()));
      const tokens = await Promise.all(buyers.map((b) => b.agent.csrf()));
      const outsiderToken = await w.outsiderAgent.csrf();
      const url = `/listings/${l.id}/offers`;
      const res = await Promise.all([
        ...buyers.flatMap((b, i) =>
          [0, 1].map(() =>
            b.agent
              .post(url)
              .type('form')
              .send({ _csrf: tokens[i], price: String(1000 + i) }),
          ),
        ),
        ...[0, 1, 2].map(() => w.outsiderAgent.post(url).type('form').send({ _csrf: outsiderToken, price: '99999' })),
      ]);
      assertNo500(res.map((r) => r.status));
      assert.equal(res.filter((r) => r.status === 302).length, 12);
      for (const r of res.slice(-3)) assert.match(r.text, /买方不属于本集体经济组织/);
      const rows = await h.db.select().from(offers).where(eq(offers.listingId, l.id));
      assert.equal(rows.length, 12);
      assert.equal(new Set(rows.map((o) => o.buyerHouseholdId)).size, 12);
    }
    await assertInvariants(h.db);
  });

  it('when the period ends and three instances sweep while seller and officer click "close", then exactly one deal goes to the highest offer (rule 9)', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { w, l, at } = await sharesListing(40, 10, true);
      const buyers = await Promise.all(Array.from({ length: 5 }, () => w.buyer()));
      for (const [i, b] of buyers.entries()) await makeOffer(h.db, b.actor, l.id, { priceFen: (1000 + i * 10) * 100 }, at);
      const [sellerTok, officerTok] = [await w.sellerAgent.csrf(), await w.officerAgent.csrf()];
      const url = `/listings/${l.id}/close`;
      const results = await Promise.allSettled([
        sweepMarket(h.db, clock.now()),
        sweepMarket(h.db, clock.now()),
        sweepMarket(h.db, clock.now()),
        ...[0, 1, 2].map(() => w.sellerAgent.post(url).type('form').send({ _csrf: sellerTok })),
        ...[0, 1, 2].map(() => w.officerAgent.post(url).type('form').send({ _csrf: officerTok })),
      ]);
      assert.ok(
        results.every((r) => r.status === 'fulfilled'),
        'no sweep failed',
      );
      assertNo500(results.slice(3).map((r) => (r as PromiseFulfilledResult<{ status: number }>).value.status));
      const made = await h.db.select().from(deals).where(eq(deals.listingId, l.id));
      assert.equal(made.length, 1);
      assert.equal(made[0].buyerHouseholdId, buyers[4].household.id, 'the highest offer won');
      const statuses = (await h.db.select().from(offers).where(eq(offers.listingId, l.id))).map((o) => o.status).sort();
      assert.deepEqual(statuses, ['lost', 'lost', 'lost', 'lost', 'won']);
    }
    await assertInvariants(h.db);
  });

  it('when the seller clicks "choose" on two offers many times at once, then one deal is made and the other clicks are refused (rules 9, 11)', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { w, l, at } = await sharesListing(40, 10, true);
      const [a, b] = [await w.buyer(), await w.buyer()];
      const oa = await makeOffer(h.db, a.actor, l.id, { priceFen: 100000 }, at);
      const ob = await makeOffer(h.db, b.actor, l.id, { priceFen: 110000 }, at);
      const token = await w.sellerAgent.csrf();
      const res = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          w.sellerAgent
            .post(`/listings/${l.id}/choose`)
            .type('form')
            .send({ _csrf: token, offerId: i % 2 ? oa.id : ob.id }),
        ),
      );
      assertNo500(res.map((r) => r.status));
      assert.equal(res.filter((r) => r.status === 302).length, 1);
      assert.equal((await h.db.select().from(deals).where(eq(deals.listingId, l.id))).length, 1);
      const won = await h.db
        .select()
        .from(offers)
        .where(and(eq(offers.listingId, l.id), eq(offers.status, 'won')));
      assert.equal(won.length, 1);
    }
    await assertInvariants(h.db);
  });

  it('when two officers click "register" many times at once (and retry), then the shares move once and the totals hold (rule 11)', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { w, r, l, at: published } = await sharesListing(40, 15, true);
      const b = await w.buyer();
      const o = await makeOffer(h.db, b.actor, l.id, { priceFen: 150000 }, published);
      const at = clock.now();
      const d = await chooseOffer(h.db, w.seller, l.id, { offerId: o.id }, at);
      await signDeal(h.db, w.seller, d.id, at);
      await signDeal(h.db, b.actor, d.id, at);
      await confirmPayment(h.db, w.seller, d.id, at);
      await recordSettlement(h.db, w.officer, d.id, at);
      const held = await sharesHeld(h.db, w.c.id);
      const { user } = await makeUser(h.db, 'officer', { collectiveId: w.c.id });
      const second = await loginAs(app, user.username);
      const [s1, s2] = await Promise.all([
        storm(w.officerAgent, `/deals/${d.id}/register`, {}, 6),
        storm(second, `/deals/${d.id}/register`, {}, 6),
      ]);
      const all = [...s1, ...s2];
      assertNo500(all);
      assert.equal(all.filter((s) => s === 302).length, 1);
      assert.equal(all.filter((s) => s === 409).length, 11);
      const retry = await storm(second, `/deals/${d.id}/register`, {}, 1);
      assert.deepEqual(retry, [409]);
      assert.equal(await sharesHeld(h.db, w.c.id), held, 'shares neither appear nor vanish');
      const [deal] = await h.db.select().from(deals).where(eq(deals.id, d.id));
      assert.equal(deal.status, 'registered');
      const trail = await h.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, d.id), eq(auditLog.action, 'deal.register')));
      assert.equal(trail.length, 2, 'one trail entry for each household, once');
      const sellerCerts = await h.db
        .select()
        .from(certificates)
        .where(and(eq(certificates.rightId, r.id), eq(certificates.status, 'valid')));
      assert.equal(sellerCerts.length, 1);
    }
    await assertInvariants(h.db);
  });

  it('when both sides double-click "sign" at once, then each signature is recorded once and the deal is signed', async () => {
    const { w, l, at } = await sharesListing(40, 10, true);
    const b = await w.buyer();
    const o = await makeOffer(h.db, b.actor, l.id, { priceFen: 100000 }, at);
    const d = await chooseOffer(h.db, w.seller, l.id, { offerId: o.id }, clock.now());
    const [s, t] = await Promise.all([
      storm(w.sellerAgent, `/deals/${d.id}/sign`, { password: PASSWORD, payeeAccount: '6230580000123456789' }, 4),
      storm(b.agent, `/deals/${d.id}/sign`, { password: PASSWORD }, 4),
    ]);
    assertNo500([...s, ...t]);
    assert.equal(s.filter((x) => x === 302).length, 1);
    assert.equal(t.filter((x) => x === 302).length, 1);
    const [deal] = await h.db.select().from(deals).where(eq(deals.id, d.id));
    assert.equal(deal.status, 'signed');
    await assertInvariants(h.db);
  });
});
