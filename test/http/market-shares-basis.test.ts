import assert from 'node:assert/strict';
import { count, eq } from 'drizzle-orm';
import { offers } from '../../models/market';
import { parcels } from '../../models/rights';
import type { Handle } from '../../server/platform/db';
import { registerLand, registerShares } from '../../server/registry/rights';
import { freshDb } from '../helpers/db';
import { landInput } from '../helpers/factories';
import { postForm, testApp } from '../helpers/http';
import { publish, T0 } from '../helpers/market';
import { httpWorld } from '../helpers/market-http';

// Issue 15 item 4: a refusal cites the law of the right it concerns. Collective asset shares
// rest on the share rules (关于稳步推进农村集体产权制度改革的意见 2016; 农村集体经济组织法 §15
// for income rights of non-members), not on the land contract law; land still cites
// 农村土地承包法 §34. The seed (韶府办〔2017〕37号) is named only as the local origin.

describe('Rule 1: a shares listing cites the share rules, a land listing the land contract law', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  let w: Awaited<ReturnType<typeof httpWorld>>;
  let sharesListing: string;
  let landListing: string;
  before(async () => {
    h = await freshDb();
    app = testApp(h.db);
    w = await httpWorld(h.db, app);
    const shares = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 100 });
    sharesListing = (await publish(h.db, w, shares.id, { path: 'transfer', askingPriceFen: 100000, shares: 10 })).id;
    const land = await registerLand(h.db, w.officer, w.sellerHh.id, landInput(w.c), T0);
    const ids = (await h.db.select({ id: parcels.id }).from(parcels).where(eq(parcels.rightId, land.id))).map((p) => p.id);
    landListing = (await publish(h.db, w, land.id, { path: 'transfer', askingPriceFen: 1500000, parcelIds: ids })).id;
  });
  after(async () => {
    await h.close();
  });

  const offersOn = async (listingId: string) =>
    (await h.db.select({ n: count() }).from(offers).where(eq(offers.listingId, listingId)))[0].n;

  it('when an outsider offers on shares, then the refusal names the share rules and not the land contract law, and nothing is stored', async () => {
    const res = await postForm(w.outsiderAgent, `/listings/${sharesListing}/offers`, { price: '1000' });
    assert.equal(res.status, 422);
    assert.match(res.text, /集体资产股份只能在本集体经济组织内部转让或由本集体赎回/);
    assert.match(res.text, /《关于稳步推进农村集体产权制度改革的意见》/);
    assert.match(res.text, /《农村集体经济组织法》第十五条/);
    assert.match(res.text, /地方来源：韶府办〔2017〕37号/);
    assert.doesNotMatch(res.text, /农村土地承包法》第三十四条/);
    assert.equal(await offersOn(sharesListing), 0);
  });

  it('when an outsider offers on land, then the refusal still names 农村土地承包法 §34, and nothing is stored', async () => {
    const res = await postForm(w.outsiderAgent, `/listings/${landListing}/offers`, { price: '15000' });
    assert.equal(res.status, 422);
    assert.match(res.text, /买方不属于本集体经济组织.*《农村土地承包法》第三十四条/);
    assert.doesNotMatch(res.text, /集体资产股份只能/);
    assert.equal(await offersOn(landListing), 0);
  });
});
