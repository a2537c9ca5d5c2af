import { and, eq, ne, sql } from 'drizzle-orm';
import { deals, listings, offers } from '../../models/market';
import type { Db, Tx } from '../platform/db';
import { Forbidden } from '../kernel/errors';
import type { Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { maskAccount } from '../kernel/personal-data';
import { withDbErrors } from '../kernel/tx';
import { shanghaiYear } from '../kernel/clock';
import { dealSnapshot } from './contract';
import { lockDeal, type Deal, type Listing } from './locks';
import { farmersOf, notify, officersOf } from './notifications';
import { dealSide, dealStepRefusal, isCollectiveOfficer, paymentRefusal, refuseIf, settlementRefusal, signRefusal } from './rules';
import { assertSeller, loadDeal } from './scope';
import { dealTrail, listingTrail, setRightStatus } from './trail';
import { getCollective } from '../registry/collectives';
import { settleDeposits } from './escrow';
import { sellerPaymentRefusal } from './money-rules';

// The deal: one per listing (deals.listing_id is unique) and one open deal per right
// (deals_one_open_per_right), so a right is never sold twice (rule 11). It moves
// signing → signed → paid → settled → registered; each step is a guarded UPDATE, so a
// repeated click is told "already done" and changes nothing.

/** 合同编号: county code + JY + the year in Beijing + a sequence shared by all instances. */
async function nextDealNumber(tx: Tx, regionCode: string, at: Date): Promise<string> {
  const r = (await tx.execute(sql`select nextval('deal_number_seq') as n`)) as unknown as { rows: { n: string }[] };
  return `${regionCode.slice(0, 6)}JY${shanghaiYear(at)}${String(r.rows[0].n).padStart(6, '0')}`;
}

/** Concludes a deal on a locked listing: the winner (or the collective, for exits) and the price. */
export async function createDeal(
  tx: Tx,
  actor: Actor | null,
  l: Listing,
  buyerHouseholdId: string | null,
  offerId: string | null,
  priceFen: number,
  at: Date,
): Promise<Deal> {
  // Issue 20: supervision (资金监管) is fixed from the charter when the deal is made; exits are paid by the collective itself.
  const supervised = l.path === 'transfer' && (await getCollective(tx, l.collectiveId)).supervisedPayment;
  const [d] = await tx
    .insert(deals)
    .values({
      number: await nextDealNumber(tx, l.regionCode, at),
      listingId: l.id,
      rightId: l.rightId,
      collectiveId: l.collectiveId,
      regionCode: l.regionCode,
      sellerHouseholdId: l.sellerHouseholdId,
      buyerHouseholdId,
      offerId,
      priceFen,
      supervised,
      snapshot: await dealSnapshot(tx, l, buyerHouseholdId),
    })
    .returning();
  await tx
    .update(listings)
    .set({ status: 'in_deal', noticeClosedAt: l.noticeClosedAt ?? at, version: l.version + 1, updatedAt: at })
    .where(eq(listings.id, l.id));
  await setRightStatus(tx, l.rightId, 'in_transaction', at);
  if (offerId) {
    await tx.update(offers).set({ status: 'won', updatedAt: at }).where(eq(offers.id, offerId));
    const losers = await tx
      .update(offers)
      .set({ status: 'lost', updatedAt: at })
      .where(and(eq(offers.listingId, l.id), eq(offers.status, 'active'), ne(offers.id, offerId)))
      .returning({ buyer: offers.buyerHouseholdId });
    await notify(
      tx,
      await farmersOf(
        tx,
        losers.map((x) => x.buyer),
      ),
      { kind: 'offerLost', params: { kind: l.rightKind }, link: `/listings/${l.id}` },
    );
    // Issue 20: the losers' deposits are refunded, the winner's credited to the price.
    await settleDeposits(tx, actor, l, at, { offerId, dealId: d.id });
  }
  await recordAudit(tx, actor, {
    action: 'deal.create',
    ...listingTrail(l),
    entityType: 'deal',
    entityId: d.id,
    after: { number: d.number, buyerHouseholdId, priceFen, path: l.path, supervised },
  });
  const link = `/deals/${d.id}`;
  await notify(tx, await farmersOf(tx, [l.sellerHouseholdId]), {
    kind: 'dealSeller',
    params: { kind: l.rightKind, price: priceFen, number: d.number },
    link,
  });
  if (buyerHouseholdId)
    await notify(tx, await farmersOf(tx, [buyerHouseholdId]), {
      kind: 'dealBuyer',
      params: { kind: l.rightKind, price: priceFen, number: d.number },
      link,
    });
  await notify(tx, await officersOf(tx, l.collectiveId), {
    kind: 'dealOfficer',
    params: { kind: l.rightKind, price: priceFen, number: d.number },
    link,
  });
  return d;
}

/** How an on-screen signature was confirmed (issue 18 item 6), and the seller's payee account given with it. */
export type SignatureConfirmation = { method?: 'password'; payeeAccount?: string | null };

async function step(db: Db, actor: Actor, id: string, work: (tx: Tx, d: Deal) => Promise<Deal>): Promise<Deal> {
  const seen = await loadDeal(db, actor, id);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const d = await lockDeal(tx, seen.id);
      refuseIf(dealStepRefusal(d));
      return work(tx, d);
    }),
  );
}

/** The seller and the buyer sign (for an exit, the officer signs for the collective); both signed, the contract binds. */
export async function signDeal(db: Db, actor: Actor, id: string, at: Date, how: SignatureConfirmation = {}): Promise<Deal> {
  return step(db, actor, id, async (tx, d) => {
    const side = dealSide(actor, d);
    if (!side) throw new Forbidden();
    refuseIf(signRefusal(d, side));
    const both = side === 'seller' ? !!d.buyerSignedAt : !!d.sellerSignedAt;
    const [after] = await tx
      .update(deals)
      .set({
        ...(side === 'seller'
          ? { sellerSignedAt: at, sellerSignMethod: how.method ?? null, ...(how.payeeAccount ? { payeeAccount: how.payeeAccount } : {}) }
          : { buyerSignedAt: at, buyerSignMethod: how.method ?? null }),
        status: both ? 'signed' : 'signing',
        updatedAt: at,
      })
      .where(eq(deals.id, d.id))
      .returning();
    await recordAudit(tx, actor, {
      action: 'deal.sign',
      ...dealTrail(d),
      after: {
        side,
        status: after.status,
        // 电子签名法 §13: the signer proved again who they are (the password re-entered) at signing.
        ...(how.method ? { confirmedBy: how.method } : {}),
        ...(side === 'seller' && how.payeeAccount ? { payeeAccount: maskAccount(how.payeeAccount) } : {}),
      },
    });
    const other =
      side === 'seller'
        ? await (d.buyerHouseholdId ? farmersOf(tx, [d.buyerHouseholdId]) : officersOf(tx, d.collectiveId))
        : await farmersOf(tx, [d.sellerHouseholdId]);
    await notify(tx, other, { kind: both ? 'dealSigned' : 'signedByOther', params: { number: d.number }, link: `/deals/${d.id}` });
    return after;
  });
}

/** The seller confirms having received the price (or, in an exit, the compensation). */
export async function confirmPayment(db: Db, actor: Actor, id: string, at: Date): Promise<Deal> {
  return step(db, actor, id, async (tx, d) => {
    assertSeller(actor, d);
    refuseIf(paymentRefusal(d));
    // Issue 20: under supervision the officer records the price paid into the account instead.
    refuseIf(sellerPaymentRefusal(d));
    const [after] = await tx.update(deals).set({ status: 'paid', paidAt: at, updatedAt: at }).where(eq(deals.id, d.id)).returning();
    await recordAudit(tx, actor, { action: 'deal.paid', ...dealTrail(d), after: { status: 'paid', priceFen: d.priceFen } });
    await notify(tx, [...(await officersOf(tx, d.collectiveId)), ...(await farmersOf(tx, [d.buyerHouseholdId]))], {
      kind: 'dealPaid',
      params: { number: d.number },
      link: `/deals/${d.id}`,
    });
    return after;
  });
}

/** The officer records the settlement (结算) once the seller confirmed payment. */
export async function recordSettlement(db: Db, actor: Actor, id: string, at: Date): Promise<Deal> {
  return step(db, actor, id, async (tx, d) => {
    if (!isCollectiveOfficer(actor, d)) throw new Forbidden();
    refuseIf(settlementRefusal(d));
    const [after] = await tx
      .update(deals)
      .set({ status: 'settled', settledAt: at, settledBy: actor.id, updatedAt: at })
      .where(eq(deals.id, d.id))
      .returning();
    await recordAudit(tx, actor, { action: 'deal.settle', ...dealTrail(d), after: { status: 'settled' } });
    await notify(tx, await farmersOf(tx, [d.sellerHouseholdId, d.buyerHouseholdId]), {
      kind: 'dealSettled',
      params: { number: d.number },
      link: `/deals/${d.id}`,
    });
    return after;
  });
}
