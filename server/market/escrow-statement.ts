import { eq, sql, type SQL } from 'drizzle-orm';
import { deals } from '../../models/market';
import type { EscrowKind } from '../../models/escrow';
import { collectives } from '../../models/regions';
import { type Db, rows } from '../platform/db';
import { assertCanRead, type Actor } from '../kernel/actor';
import { maskName } from '../kernel/codes';
import { shanghaiDate } from '../kernel/clock';
import { NotFound, ValidationError, type FieldErrors } from '../kernel/errors';
import { canSeeFullIdNumbers } from '../kernel/personal-data';
import { countPersonalReads, type ReadVia } from '../kernel/personal-reads';
import { assertUuid } from './locks';

// Issue 20 item 3: the statement of a collective's supervised account (资金监管), for a period,
// and of one deal. It only reads escrow_entries (one immutable row per movement, in fen) and
// reconciles to the fen twice: the closing balance is the opening balance plus the money that
// came in minus the money that went out, and it is also the sum of what the account still holds
// for each offer (a deposit) and each deal (a price, with the winner's deposit credited to it).
// A movement's day is its value date (the bank's day), else the day it was recorded (Shanghai).

/** What each kind does to the account: in (+1), out (−1), or a move inside it (0). */
export const ACCOUNT_EFFECT: Record<EscrowKind, 1 | 0 | -1> = {
  deposit_in: 1,
  price_in: 1,
  deposit_to_price: 0,
  deposit_refund: -1,
  deposit_forfeit: -1,
  price_release: -1,
  price_refund: -1,
};
/** What each kind does to what is held for its offer (a deposit). */
const OFFER_EFFECT: Partial<Record<EscrowKind, 1 | -1>> = { deposit_in: 1, deposit_refund: -1, deposit_to_price: -1, deposit_forfeit: -1 };
/**
 * What each kind does to what is held for its deal (a price). A forfeit recorded against the deal
 * (the deposit credited to its price, kept when the chosen buyer walked away) leaves the deal's
 * holding; one recorded against a bid only leaves the bid's.
 */
const DEAL_EFFECT: Partial<Record<EscrowKind, 1 | -1>> = {
  price_in: 1,
  deposit_to_price: 1,
  deposit_forfeit: -1,
  price_release: -1,
  price_refund: -1,
};

export type Period = { from: string; to: string };
export type Totals = Record<EscrowKind, number>;
export type StatementHousehold = { id: string; code: string; name: string } | null;
export type StatementLine = {
  id: string;
  day: string;
  kind: EscrowKind;
  amountFen: number;
  /** The movement's effect on the account: + in, − out, 0 a move inside it. */
  signedFen: number;
  balanceFen: number;
  listingId: string;
  offerId: string | null;
  dealId: string | null;
  dealNumber: string | null;
  household: StatementHousehold;
  bankReference: string | null;
  note: string | null;
  recordedAt: Date;
};
export type Holding = {
  kind: 'offer' | 'deal';
  id: string;
  listingId: string;
  dealNumber: string | null;
  status: string;
  household: StatementHousehold;
  heldFen: number;
  /** The first day money came in for it (its age is counted from there). */
  since: string;
};
export type Statement = {
  collective: { id: string; name: string; regionCode: string };
  deal: { id: string; number: string; status: string; priceFen: number; supervised: boolean } | null;
  period: Period;
  namesMasked: boolean;
  openingFen: number;
  inFen: number;
  outFen: number;
  closingFen: number;
  totals: Totals;
  lines: StatementLine[];
  holdings: Holding[];
  heldFen: number;
  /** closing = opening + in − out, and closing = the sum of the holdings. */
  reconciles: boolean;
};

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function day(v: unknown, field: string, errors: FieldErrors): string | null {
  if (v === undefined || v === '') return null;
  const s = typeof v === 'string' ? v.trim() : '';
  const m = DAY.exec(s);
  const d = m ? new Date(`${s}T00:00:00Z`) : null;
  if (!m || !d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s || Number(m[1]) < 2000 || Number(m[1]) > 2100) {
    errors[field] = { code: 'invalidDate' };
    return null;
  }
  return s;
}

/** ?from=YYYY-MM-DD&to=YYYY-MM-DD (inclusive, Shanghai days); by default from 1 January of this year to today. */
export function parsePeriod(q: Record<string, unknown>, at: Date): Period {
  const errors: FieldErrors = {};
  const from0 = day(q.from, 'from', errors);
  const to0 = day(q.to, 'to', errors);
  const today = shanghaiDate(at);
  const to = to0 ?? today;
  const from = from0 ?? `${to.slice(0, 4)}-01-01`;
  if (!errors.from && !errors.to && from > to) errors.to = { code: 'endBeforeStart' };
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return { from, to };
}

type Row = {
  id: string;
  day: string;
  kind: EscrowKind;
  amount_fen: string | number;
  listing_id: string;
  offer_id: string | null;
  deal_id: string | null;
  deal_number: string | null;
  household_id: string | null;
  household_code: string | null;
  head_name: string | null;
  bank_reference: string | null;
  note: string | null;
  created_at: string | Date;
  offer_status: string | null;
  offer_household_id: string | null;
  offer_household_code: string | null;
  offer_head_name: string | null;
  deal_status: string | null;
  deal_buyer_id: string | null;
  deal_buyer_code: string | null;
  deal_buyer_name: string | null;
  offer_listing_id: string | null;
};

/** Every movement up to the period's end, oldest first, with what the statement shows of each. */
function movements(db: Db, where: SQL, to: string) {
  return rows<Row>(
    db,
    sql`select * from (
      select e.id, coalesce(e.value_date, (e.created_at at time zone 'Asia/Shanghai')::date)::text as day, e.kind, e.amount_fen,
        e.listing_id, e.offer_id, e.deal_id, d.number as deal_number, e.household_id, h.code as household_code, h.head_name,
        e.bank_reference, e.note, e.created_at, o.status as offer_status, o.buyer_household_id as offer_household_id,
        oh.code as offer_household_code, oh.head_name as offer_head_name, o.listing_id as offer_listing_id, d.status as deal_status,
        d.buyer_household_id as deal_buyer_id, dh.code as deal_buyer_code, dh.head_name as deal_buyer_name
      from escrow_entries e
      left join households h on h.id = e.household_id
      left join offers o on o.id = e.offer_id
      left join households oh on oh.id = o.buyer_household_id
      left join deals d on d.id = e.deal_id
      left join households dh on dh.id = d.buyer_household_id
      where ${where}) x
    where x.day <= ${to}
    order by x.day, x.created_at, x.id`,
  );
}

const emptyTotals = (): Totals => ({
  deposit_in: 0,
  deposit_refund: 0,
  deposit_to_price: 0,
  deposit_forfeit: 0,
  price_in: 0,
  price_release: 0,
  price_refund: 0,
});

/** The statement of the movements `found` (oldest first), for the period; names as this actor may read them. */
function build(found: Row[], period: Period, masked: boolean): Omit<Statement, 'collective' | 'deal'> {
  const who = (id: string | null, code: string | null, name: string | null): StatementHousehold =>
    id && code ? { id, code, name: masked ? maskName(name ?? '') : (name ?? '') } : null;
  const totals = emptyTotals();
  const lines: StatementLine[] = [];
  const held = new Map<string, Holding>();
  let openingFen = 0;
  let balance = 0;
  const hold = (key: string, make: () => Holding, delta: number, on: string) => {
    const h = held.get(key) ?? make();
    if (h.heldFen === 0 && delta > 0) h.since = on;
    h.heldFen += delta;
    held.set(key, h);
  };
  for (const r of found) {
    const amount = Number(r.amount_fen);
    const signed = ACCOUNT_EFFECT[r.kind] * amount;
    balance += signed;
    const inPeriod = r.day >= period.from;
    if (!inPeriod) openingFen += signed;
    else {
      totals[r.kind] += amount;
      lines.push({
        id: r.id,
        day: r.day,
        kind: r.kind,
        amountFen: amount,
        signedFen: signed,
        balanceFen: balance,
        listingId: r.listing_id,
        offerId: r.offer_id,
        dealId: r.deal_id,
        dealNumber: r.deal_number,
        household: who(r.household_id, r.household_code, r.head_name),
        bankReference: r.bank_reference,
        note: r.note,
        recordedAt: new Date(r.created_at),
      });
    }
    const oe = OFFER_EFFECT[r.kind];
    if (oe && r.offer_id) {
      hold(
        `offer:${r.offer_id}`,
        () => ({
          kind: 'offer',
          id: r.offer_id!,
          listingId: r.offer_listing_id ?? r.listing_id,
          dealNumber: null,
          status: r.offer_status ?? '',
          household: who(r.offer_household_id, r.offer_household_code, r.offer_head_name),
          heldFen: 0,
          since: r.day,
        }),
        oe * amount,
        r.day,
      );
    }
    const de = DEAL_EFFECT[r.kind];
    if (de && r.deal_id && !(r.kind === 'deposit_forfeit' && r.offer_id)) {
      hold(
        `deal:${r.deal_id}`,
        () => ({
          kind: 'deal',
          id: r.deal_id!,
          listingId: r.listing_id,
          dealNumber: r.deal_number,
          status: r.deal_status ?? '',
          household: who(r.deal_buyer_id, r.deal_buyer_code, r.deal_buyer_name),
          heldFen: 0,
          since: r.day,
        }),
        de * amount,
        r.day,
      );
    }
  }
  const inFen = totals.deposit_in + totals.price_in;
  const outFen = totals.deposit_refund + totals.deposit_forfeit + totals.price_release + totals.price_refund;
  const holdings = [...held.values()]
    .filter((h) => h.heldFen !== 0)
    .sort((a, b) => a.since.localeCompare(b.since) || a.id.localeCompare(b.id));
  const heldFen = holdings.reduce((s, h) => s + h.heldFen, 0);
  return {
    period,
    namesMasked: masked,
    openingFen,
    inFen,
    outFen,
    closingFen: balance,
    totals,
    lines,
    holdings,
    heldFen,
    reconciles: balance === openingFen + inFen - outFen && balance === heldFen,
  };
}

/** The households a statement shows, counted as a read of personal data (个人信息保护法 §51). */
function householdsShown(s: Pick<Statement, 'lines' | 'holdings'>): number {
  const ids = new Set<string>();
  for (const x of [...s.lines, ...s.holdings]) if (x.household) ids.add(x.household.id);
  return ids.size;
}

async function collectiveOf(db: Db, id: string) {
  const [c] = await db
    .select({ id: collectives.id, name: collectives.name, regionCode: collectives.regionCode })
    .from(collectives)
    .where(eq(collectives.id, id))
    .limit(1);
  if (!c) throw new NotFound();
  return c;
}

/** Staff of the collective's scope: its officers, the bureau of its region, admins (rule 12). Farmers and others: 404. */
function assertReadsMoney(actor: Actor, place: { collectiveId: string; regionCode: string }) {
  if (actor.role === 'farmer') throw new NotFound();
  assertCanRead(actor, { ...place, householdId: null });
}

/** The collective whose statement this actor may read (its officers, the bureau of its region, admins), or 404. */
export async function statementCollective(db: Db, actor: Actor, collectiveId: string) {
  assertUuid(collectiveId);
  const c = await collectiveOf(db, collectiveId);
  assertReadsMoney(actor, { collectiveId: c.id, regionCode: c.regionCode });
  return c;
}

/**
 * The statement of a collective's supervised account for a period. Household names in full for
 * the collective's officers, masked (张**) for the bureau and admins (rule 14); the households
 * shown are counted as a read (`via`: the page, a download, the API).
 */
export async function collectiveStatement(
  db: Db,
  actor: Actor,
  collectiveId: string,
  period: Period,
  via: ReadVia,
  at: Date,
): Promise<Statement> {
  const c = await statementCollective(db, actor, collectiveId);
  const found = await movements(db, sql`e.collective_id = ${c.id}`, period.to);
  const s = { collective: c, deal: null, ...build(found, period, !canSeeFullIdNumbers(actor, { collectiveId: c.id })) };
  await countPersonalReads(db, actor, householdsShown(s), via, { collectiveId: c.id, regionCode: c.regionCode }, at);
  return s;
}

/** One deal's money: its price, and the winning offer's deposit from the day it came in. */
export async function dealStatement(db: Db, actor: Actor, dealId: string, period: Period, via: ReadVia, at: Date): Promise<Statement> {
  assertUuid(dealId);
  const [d] = await db.select().from(deals).where(eq(deals.id, dealId)).limit(1);
  if (!d) throw new NotFound();
  assertReadsMoney(actor, d);
  const c = await collectiveOf(db, d.collectiveId);
  const where = d.offerId ? sql`(e.deal_id = ${d.id} or e.offer_id = ${d.offerId})` : sql`e.deal_id = ${d.id}`;
  const found = await movements(db, where, period.to);
  const s = {
    collective: c,
    deal: { id: d.id, number: d.number, status: d.status, priceFen: d.priceFen, supervised: d.supervised },
    ...build(found, period, !canSeeFullIdNumbers(actor, { collectiveId: c.id })),
  };
  await countPersonalReads(db, actor, householdsShown(s), via, { collectiveId: c.id, regionCode: c.regionCode }, at);
  return s;
}

/** A deal's whole history: from its first movement (or the year 2000) to today. */
export function wholePeriod(at: Date): Period {
  return { from: '2000-01-01', to: shanghaiDate(at) };
}
