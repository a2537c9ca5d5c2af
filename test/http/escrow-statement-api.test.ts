import assert from 'node:assert/strict';
import { ESCROW_TAGS } from '../../routes/api/openapi-escrow';
import type { Handle } from '../../server/platform/db';
import { apiClient, token } from '../helpers/api-market';
import { testClock } from '../helpers/clock';
import { freshDb } from '../helpers/db';
import { escrowWorld, FIG } from '../helpers/escrow-world';
import { makeCollective, makeUser, VILLAGE_B } from '../helpers/factories';
import { testApp } from '../helpers/http';
import { COUNTY_A } from '../helpers/oversight-factories';

// GET /api/v1/collectives/{id}/escrow-statement (issue 20): the same statement as the page,
// every answer checked against the OpenAPI document; the last test demands that every
// operation of the part was called.

type Line = {
  day: string;
  kind: string;
  signedFen: number;
  balanceFen: number;
  household: { name: string } | null;
  bankReference: string | null;
};

describe('JSON API: the supervised account statement (issue 20, 资金监管对账单)', () => {
  let h: Handle;
  let w: Awaited<ReturnType<typeof escrowWorld>>;
  let api: Awaited<ReturnType<typeof apiClient>>;
  const clock = testClock('2026-06-01T04:00:00Z');
  const toks = { officer: '', bureau: '', outsider: '', farmer: '' };

  before(async function () {
    this.timeout(300_000); // a whole bidding through the market's use cases, on a shared machine
    h = await freshDb();
    api = await apiClient(testApp(h.db, {}, clock));
    w = await escrowWorld(h.db);
    toks.officer = await token(h.db, w.officerUser.id);
    toks.bureau = await token(h.db, (await makeUser(h.db, 'bureau', { regionCode: COUNTY_A })).user.id);
    const other = await makeCollective(h.db, { regionCode: VILLAGE_B });
    toks.outsider = await token(h.db, (await makeUser(h.db, 'officer', { collectiveId: other.id })).user.id);
    toks.farmer = await token(h.db, w.sellerUser.id);
  });
  after(async () => {
    await h?.close();
  });

  it('when the officer asks for a period, then closing = opening + in − out = the sum of holdings, to the fen, with every movement', async () => {
    const res = await api.get(`/api/v1/collectives/${w.c.id}/escrow-statement?from=2026-03-20&to=2026-04-30`, toks.officer);
    assert.equal(res.status, 200, res.text);
    const s = res.body;
    assert.equal(s.openingFen, 2 * FIG.deposit + FIG.sharesDeposit);
    assert.equal(s.inFen, FIG.price - FIG.deposit);
    assert.equal(s.outFen, FIG.sharesDeposit + FIG.deposit);
    assert.equal(s.closingFen, s.openingFen + s.inFen - s.outFen);
    assert.equal(
      s.closingFen,
      s.holdings.reduce((sum: number, x: { heldFen: number }) => sum + x.heldFen, 0),
    );
    assert.equal(s.heldFen, s.closingFen);
    assert.equal(s.reconciles, true);
    assert.deepEqual(
      // Three movements share the choice's moment (21 March); their order among themselves is the ids'.
      s.lines.map((l: Line) => `${l.day} ${l.kind}`).sort(),
      [
        '2026-03-21 deposit_refund',
        '2026-03-21 deposit_to_price',
        '2026-03-21 deposit_to_price',
        '2026-03-25 price_in',
        '2026-04-05 deposit_forfeit',
      ],
    );
    assert.equal(s.lines.at(-1).balanceFen, s.closingFen);
    const paid = s.lines.find((l: Line) => l.kind === 'price_in');
    assert.equal(paid.household.name, '王大明');
    assert.equal(paid.bankReference, 'PR-0325-A');
    assert.equal(s.totals.deposit_to_price, FIG.deposit + FIG.sharesDeposit);
    assert.equal(s.namesMasked, false);
  });

  it('when the bureau of the county asks, then the same figures with the names masked (rule 14)', async () => {
    const res = await api.get(`/api/v1/collectives/${w.c.id}/escrow-statement`, toks.bureau);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.from, '2026-01-01');
    assert.equal(res.body.to, '2026-06-01');
    assert.equal(res.body.closingFen, FIG.price + FIG.landDeposit);
    assert.equal(res.body.namesMasked, true);
    assert.ok(res.body.lines.every((l: Line) => !l.household || /^.\*+$/.test(l.household.name)));
  });

  it("when another collective's officer, a farmer or no token asks, then 404, 404 and 401", async () => {
    const url = `/api/v1/collectives/${w.c.id}/escrow-statement`;
    assert.equal((await api.get(url, toks.outsider)).status, 404);
    assert.equal((await api.get(url, toks.farmer)).status, 404);
    assert.equal((await api.get(url)).status, 401);
  });

  it('when the period ends before it starts, then 422 naming the field', async () => {
    const res = await api.get(`/api/v1/collectives/${w.c.id}/escrow-statement?from=2026-05-01&to=2026-04-01`, toks.officer, 'en');
    assert.equal(res.status, 422);
    assert.ok(res.body.error.fields.to);
  });

  it('when all tests ran, then every statement operation in the document was called', () => {
    assert.deepEqual(api.check.unexercised({ tags: ESCROW_TAGS }), []);
  });
});
