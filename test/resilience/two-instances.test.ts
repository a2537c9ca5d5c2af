import { now } from '../../server/kernel/clock';
import assert from 'node:assert/strict';
import { eq, inArray, sql } from 'drizzle-orm';
import { deals, listings, offers } from '../../models/market';
import { rows, type Handle } from '../../server/platform/db';
import { verifyChain } from '../../server/kernel/audit';
import { issueCertificate } from '../../server/registry/certificates';
import { registerHomestead, registerLand, registerShares } from '../../server/registry/rights';
import { freshDb } from '../helpers/db';
import { halfDone } from '../helpers/deal-wholeness';
import { homesteadInput, landInput, makeHousehold, PASSWORD } from '../helpers/factories';
import { farmerOf, marketWorld, publish } from '../helpers/market';
import { assertInvariants, sharesHeld } from '../helpers/market-invariants';
import { startServer, type Instance } from '../helpers/spawn-server';
import { WebClient, type Answer } from '../helpers/web-client';
import { parcels } from '../../models/rights';

// Two real server processes on two ports serving one PostgreSQL database: the app keeps no
// state in memory (ARCHITECTURE.md), so sessions, CSRF tokens, login delays and the market's
// locks must hold across instances. Hundreds of requests list, offer, award, sign and register
// on a few rights through both at once; then the invariants are checked in the database.
// Only with DATABASE_URL: the embedded database belongs to one process (DATA_DIR is locked),
// so two instances need a PostgreSQL server; without one there is nothing to run.

if (process.env.DATABASE_URL) {
  describe('Two instances on one PostgreSQL database (sessions, login delays and rule 11 across processes)', () => {
    let h: Handle & { url?: string };
    let a: Instance;
    let b: Instance;
    let world: Awaited<ReturnType<typeof seed>>;
    const both = () => [a.url, b.url];

    async function seed() {
      const w = await marketWorld(h.db, { totalShares: 100_000 });
      const seller = async () => {
        const hh = await makeHousehold(h.db, w.officer, w.c);
        return { hh, ...(await farmerOf(h.db, hh)) };
      };
      const [s1, s2, s3, s4] = [await seller(), await seller(), await seller(), await seller()];
      const shares = await registerShares(h.db, w.officer, s1.hh.id, { shares: '40' });
      const land = await registerLand(h.db, w.officer, s2.hh.id, landInput(w.c), now());
      const home = await registerHomestead(h.db, w.officer, s3.hh.id, homesteadInput(w.c));
      const spare = await registerLand(h.db, w.officer, s4.hh.id, landInput(w.c), now());
      for (const r of [shares, land, home, spare]) await issueCertificate(h.db, w.officer, r.id, {}, now());
      const pids = async (id: string) =>
        (await h.db.select({ id: parcels.id }).from(parcels).where(eq(parcels.rightId, id))).map((p) => p.id);
      const ls = [
        await publish(
          h.db,
          { officer: w.officer, seller: s1.actor },
          shares.id,
          { path: 'transfer', askingPriceFen: 10000, shares: 40 },
          new Date(),
        ),
        await publish(
          h.db,
          { officer: w.officer, seller: s2.actor },
          land.id,
          {
            path: 'transfer',
            askingPriceFen: 100000,
            parcelIds: await pids(land.id),
          },
          new Date(),
        ),
        await publish(h.db, { officer: w.officer, seller: s3.actor }, home.id, { path: 'transfer', askingPriceFen: 5000000 }, new Date()),
      ];
      const buyers = [];
      for (let i = 0; i < 12; i++) {
        const hh = await makeHousehold(h.db, w.officer, w.c);
        buyers.push({ hh, ...(await farmerOf(h.db, hh)) });
      }
      // Rule 4: this buyer has a homestead already, and may not buy another.
      await registerHomestead(h.db, w.officer, buyers[0].hh.id, homesteadInput(w.c));
      return { w, sellers: [s1, s2, s3, s4], ls, spare, spareParcels: await pids(spare.id), buyers };
    }

    before(async function () {
      this.timeout(300_000);
      h = await freshDb();
      world = await seed();
      [a, b] = await Promise.all([startServer({ DATABASE_URL: h.url! }), startServer({ DATABASE_URL: h.url! })]);
    });
    after(async () => {
      await Promise.all([a?.kill('SIGTERM'), b?.kill('SIGTERM')]);
      await h?.close();
    });

    const login = async (username: string, base: string) => {
      const c = new WebClient(base);
      assert.equal((await c.login(username, PASSWORD)).status, 302, `login ${username}`);
      return c;
    };
    const no500 = (answers: Answer[]) => {
      for (const x of answers) assert.ok(x.status < 500, `${x.status}: ${x.text.slice(0, 200)}`);
    };
    const done = (answers: Answer[]) => answers.filter((x) => x.status === 302 && !x.location?.startsWith('/login')).length;

    it('when a user logs in on one instance, then the session and its CSRF token work on the other, and logging out on one ends it on both', async () => {
      const c = await login(world.buyers[1].user.username, a.url);
      assert.equal((await c.get('/my', b.url)).status, 200);
      const token = await c.csrf(a.url);
      const read = await c.post('/notifications/read', { _csrf: token }, b.url);
      assert.equal(read.status, 302);
      assert.equal((await c.post('/logout', { _csrf: token }, b.url)).status, 302);
      assert.match((await c.get('/my', a.url)).location ?? '', /^\/login/);
    });

    it('when wrong passwords for one account alternate between the instances, then they are counted together, and a wait set through one holds on the other', async () => {
      const user = world.buyers[2].user.username;
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await new WebClient(both()[i % 2]).login(user, `wrong-${i}`)).status);
      assert.deepEqual(statuses, [401, 401, 401], 'the first three failures of a source are checked');
      const counted = await rows<{ kind: string; failures: number }>(
        h.db,
        sql`select kind, failures from login_failures where name = ${user.toLowerCase()} order by kind`,
      );
      assert.deepEqual(
        counted.map((c) => [c.kind, c.failures]),
        [
          ['account', 3],
          ['pair', 3],
        ],
        'one count for the account, one for its source, across both instances',
      );
      // The wait is stored, not remembered by a process: made long here, it holds on both.
      await h.db.execute(
        sql`update login_failures set wait_until = now() + interval '1 hour' where kind = 'pair' and name = ${user.toLowerCase()}`,
      );
      for (const base of both())
        assert.equal(
          (await new WebClient(base).login(user, PASSWORD)).status,
          429,
          `${base}: the source waits, even with the right password`,
        );
    });

    it('when hundreds of requests list, offer, award, sign and register on a few rights through both instances at once, then each right has one holder, shares are conserved, one homestead per household, no deal is half done and the trail chain holds', async function () {
      this.timeout(600_000);
      const { w, sellers, ls, spare, spareParcels, buyers } = world;
      const sharesBefore = await sharesHeld(h.db, w.c.id);
      // Buyers 1 and 2 served the session and login-delay tests; the others, and the homestead holder, bid.
      const bidders = [buyers[0], ...buyers.slice(3)];
      const clients = await Promise.all(bidders.map((x, i) => login(x.user.username, both()[i % 2])));
      const clientOf = new Map(bidders.map((x, i) => [x.hh.id, clients[i]]));
      const sellerClients = await Promise.all(sellers.map((s, i) => login(s.user.username, both()[i % 2])));
      const officer = await login(w.officerUser.username, a.url);
      const tok = async (c: WebClient) => c.csrf();
      // Offers (each buyer clicks twice, once per instance) and page views, with the fourth seller
      // listing a right four times at once.
      const storm1 = (
        await Promise.all(
          clients.map(async (c, i) => {
            const t = await tok(c);
            return Promise.all(
              ls.flatMap((l) => [
                ...both().map((base) => c.post(`/listings/${l.id}/offers`, { _csrf: t, price: String(60_000 + i * 10) }, base)),
                c.get(`/listings/${l.id}`, both()[i % 2]),
                c.get('/market', both()[(i + 1) % 2]),
              ]),
            );
          }),
        )
      ).flat();
      const t4 = await tok(sellerClients[3]);
      const lists = await Promise.all(
        [0, 1, 2, 3].map((i) =>
          sellerClients[3].post(
            `/rights/${spare.id}/listings`,
            { _csrf: t4, path: 'transfer', askingPrice: '900', parcelIds: spareParcels[0] },
            both()[i % 2],
          ),
        ),
      );
      no500([...storm1, ...lists]);
      assert.equal(done(lists), 1, 'one listing of the right, however many clicks');
      const active = await h.db
        .select()
        .from(offers)
        .where(
          inArray(
            offers.listingId,
            ls.map((l) => l.id),
          ),
        );
      assert.equal(
        new Set(active.map((o) => `${o.listingId} ${o.buyerHouseholdId}`)).size,
        active.length,
        'one offer per buyer per listing',
      );
      assert.ok(
        !active.some((o) => o.listingId === ls[2].id && o.buyerHouseholdId === buyers[0].hh.id),
        'rule 4: no homestead offer from a household that has one',
      );
      // The notice period ends (the clock is moved in the database; the servers read time from it).
      await h.db
        .update(listings)
        .set({ noticeEndsAt: sql`now() - interval '1 minute'` })
        .where(
          inArray(
            listings.id,
            ls.map((l) => l.id),
          ),
        );
      const awards = (
        await Promise.all(
          ls.map(async (l, i) => {
            const [st, ot] = [await tok(sellerClients[i]), await tok(officer)];
            return Promise.all(
              both().flatMap((base) => [
                sellerClients[i].post(`/listings/${l.id}/close`, { _csrf: st }, base),
                officer.post(`/listings/${l.id}/close`, { _csrf: ot }, base),
              ]),
            );
          }),
        )
      ).flat();
      no500(awards);
      const ds = await h.db
        .select()
        .from(deals)
        .where(
          inArray(
            deals.listingId,
            ls.map((l) => l.id),
          ),
        );
      assert.equal(ds.length, 3, 'one deal per listing');
      // Each party clicks each step several times on both instances; the officer registers six times per deal.
      const steps: Answer[] = [];
      for (const d of ds) {
        const seller = sellerClients[ls.findIndex((l) => l.id === d.listingId)];
        const buyer = clientOf.get(d.buyerHouseholdId!)!;
        const [st, bt, ot] = [await tok(seller), await tok(buyer), await tok(officer)];
        const fire = (c: WebClient, t: string, step: string, n = 2, form: Record<string, string> = {}) =>
          Promise.all(
            both().flatMap((base) => Array.from({ length: n }, () => c.post(`/deals/${d.id}/${step}`, { _csrf: t, ...form }, base))),
          );
        // An on-screen signature re-enters the password; the seller names the payee account (电子签名法 §13).
        const signing = { password: PASSWORD };
        steps.push(
          ...(
            await Promise.all([
              fire(seller, st, 'sign', 2, { ...signing, payeeAccount: '6222 0000 1111 2222' }),
              fire(buyer, bt, 'sign', 2, signing),
            ])
          ).flat(),
        );
        steps.push(...(await fire(seller, st, 'paid')), ...(await fire(officer, ot, 'settle')));
        const reg = await fire(officer, ot, 'register', 3);
        assert.equal(done(reg), 1, `deal ${d.number} registered once`);
        steps.push(...reg);
      }
      no500(steps);
      console.log(`      ${storm1.length + lists.length + awards.length + steps.length} requests through two instances`);
      await assertInvariants(h.db);
      assert.deepEqual(
        await halfDone(
          h.db,
          ds.map((d) => d.id),
        ),
        [],
      );
      assert.equal(await sharesHeld(h.db, w.c.id), sharesBefore, 'shares neither appear nor vanish');
      const chain = await verifyChain(h.db);
      assert.ok(chain.ok, JSON.stringify(chain));
    });
  });
}
