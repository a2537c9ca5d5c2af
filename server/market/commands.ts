import { z } from 'zod';
import { LISTING_PATHS } from '../../models/market';
import type { CommandSchemas } from '../kernel/commands';
import { choice, isoDate, text } from '../kernel/fields';
import { fenAmount, idList, optional, optionalReason, recordId, shareCount, yuanPrice } from './fields';

// The market's use cases take typed commands: money in fen (integers), ids as strings. A web
// form (prices typed in yuan) and a JSON body (prices in integer fen) are parsed here into the
// same command, each with its own field names, so every field error names the field the sender
// used. Routes parse; the use case takes the result (Sent) and throws a body that did not parse
// only after it checked who asks and where: a record outside the caller's scope answers 404
// whatever the body (rule 12), on the pages and in the API alike.

// The command plumbing (Sent, received, CommandSchemas) is the kernel's, one way for every area.
export { type CommandSchemas, type Input, received, Sent } from '../kernel/commands';

/** Rule 2: the holder lists a right (or the officer prepares the draft): all or some parcels, the homestead, some shares. */
export type NewListing = { path: (typeof LISTING_PATHS)[number]; askingPriceFen: number; parcelIds: string[]; shares: number | null };
const path = choice(LISTING_PATHS);
export const newListingCommand: CommandSchemas<NewListing> = {
  form: z
    .object({ path, askingPrice: yuanPrice, parcelIds: idList, shares: shareCount })
    .transform(({ askingPrice, ...v }) => ({ ...v, askingPriceFen: askingPrice })),
  formNames: { askingPriceFen: 'askingPrice' },
  json: z
    .object({ path, askingPriceFen: fenAmount, parcelIds: optional(idList), shares: optional(shareCount) })
    .transform((v) => ({ ...v, parcelIds: v.parcelIds ?? [], shares: v.shares ?? null })),
};

/** A reason, needed where the step takes something from someone (a rejection, an officer's discarded draft). */
export type Reason = { reason: string };
const reason = z.object({ reason: text(200) });
export const rejectionCommand: CommandSchemas<Reason> = { form: reason, json: reason };

/** Rule 2: the holder withdraws with a reason or without one; the officer discarding a draft gives one. */
export type Withdrawal = { reason: string | null };
const withdrawal = z.object({ reason: optionalReason });
export const withdrawalCommand: CommandSchemas<Withdrawal> = { form: withdrawal, json: withdrawal };

/** Rule 6: the collective accepts an exit at the asking price, counters with a price, or declines with a reason. */
export type ExitDecision = { decision: 'accept' | 'counter' | 'decline'; counterPriceFen: number | null; reason: string | null };
const decision = choice(['accept', 'counter', 'decline'] as const);
export const exitDecisionCommand: CommandSchemas<ExitDecision> = {
  form: z
    .object({ decision, counterPrice: optional(yuanPrice), reason: optionalReason })
    .transform((v) => ({ decision: v.decision, counterPriceFen: v.counterPrice ?? null, reason: v.reason })),
  formNames: { counterPriceFen: 'counterPrice' },
  json: z
    .object({ decision, counterPriceFen: optional(fenAmount), reason: optionalReason })
    .transform((v) => ({ ...v, counterPriceFen: v.counterPriceFen ?? null })),
};

/** An offer, or a raise of one (rules 1, 4, 7, 8). */
export type OfferPrice = { priceFen: number };
export const offerPriceCommand: CommandSchemas<OfferPrice> = {
  form: z.object({ price: yuanPrice }).transform((v) => ({ priceFen: v.price })),
  formNames: { priceFen: 'price' },
  json: z.object({ priceFen: fenAmount }),
};

/** Rule 9, negotiation: the offer the seller chooses. */
export type Choice = { offerId: string };
const choiceSchema = z.object({ offerId: recordId });
export const choiceCommand: CommandSchemas<Choice> = { form: choiceSchema, json: choiceSchema };

/** One notice to mark read, or (no id) all of the caller's own. */
export type NoticeChoice = { id: string | null };
export const noticeChoice = z.object({ id: optional(recordId) }).transform((v) => ({ id: v.id ?? null }));

/** Issue 20: an objection (异议) with its ground and what the objector says. */
export type NewObjection = { ground: 'noConsent' | 'boundaries' | 'disputed' | 'other'; text: string };
const objection = z.object({ ground: choice(['noConsent', 'boundaries', 'disputed', 'other'] as const), text: text(500) });
export const objectionCommand: CommandSchemas<NewObjection> = { form: objection, json: objection };

/** Issue 20: the officer's finding: rejected (the listing resumes), returned to the seller, or ended; always with reasons. */
export type Finding = { outcome: 'rejected' | 'returned' | 'ended'; reason: string };
const finding = z.object({ outcome: choice(['rejected', 'returned', 'ended'] as const), reason: text(500) });
export const findingCommand: CommandSchemas<Finding> = { form: finding, json: finding };

/**
 * Issue 20: money the officer records as received into the collective's supervised account (a
 * bidder's deposit, a buyer's price): the amount (yuan on the form, fen in JSON), the value date
 * on the bank's slip and the bank's reference.
 */
export type MoneyIn = { amountFen: number; valueDate: string; bankReference: string };
const slip = { valueDate: isoDate, bankReference: text(60) };
export const moneyInCommand: CommandSchemas<MoneyIn> = {
  form: z.object({ amount: yuanPrice, ...slip }).transform(({ amount, ...v }) => ({ ...v, amountFen: amount })),
  formNames: { amountFen: 'amount' },
  json: z.object({ amountFen: fenAmount, ...slip }),
};
