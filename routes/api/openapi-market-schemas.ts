import { z } from 'zod';
import { RELATIONS } from '../../models/households';
import { DEAL_STATUSES, LISTING_PATHS, LISTING_STATUSES } from '../../models/market';
import { parcels, RIGHT_KINDS, TERRAINS } from '../../models/rights';
import {
  choiceCommand,
  type CommandSchemas,
  exitDecisionCommand,
  newListingCommand,
  noticeChoice,
  offerPriceCommand,
  rejectionCommand,
  withdrawalCommand,
} from '../../server/market';

// The market's JSON, as zod schemas: the answers routes/api/market-json.ts builds (its functions
// return these types, so a field added there without a schema here does not compile), and the
// request bodies, which are the market's own command schemas (server/market/commands.ts). The
// OpenAPI document's components are generated from both (zod's JSON Schema output), so the
// document cannot drift from what the server sends and accepts. Answers are closed objects:
// test/helpers/openapi-check.ts fails a field the server adds without describing it.

// Formats as annotations (checked by the document's validators), without zod's long patterns.
const uuid = z.string().meta({ format: 'uuid' });
const str = z.string();
const dateTime = z.string().meta({ format: 'date-time' });
const date = z.string().meta({ format: 'date' });
const int = (min = 0) => z.int().min(min);
const decimal = z.string().regex(/^[0-9]+\.[0-9]{2}$/);
const fen = z.int().min(1).describe('Money in fen (1 yuan = 100 fen), an integer.');
const flags = <K extends string>(names: readonly K[], description: string) =>
  z.object(Object.fromEntries(names.map((n) => [n, z.boolean()])) as Record<K, z.ZodBoolean>).describe(description);

const LANDCLASS = parcels.landClass.enumValues;
export const LISTING_STATES = [...LISTING_STATUSES, 'open', 'closed', 'suspended', 'objection'] as const;

const listingFields = {
  id: uuid,
  rightId: uuid,
  collectiveId: uuid,
  regionCode: str,
  sellerHouseholdId: uuid,
  path: z.enum(LISTING_PATHS).describe('transfer: to a member household (rules 1, 5, 8, 9); exit: back to the collective (rule 6).'),
  rightKind: z.enum(RIGHT_KINDS),
  parcelIds: z.array(uuid).nullable().describe('Land: the parcels offered (part of a contract may be transferred, rule 5).'),
  shares: z.int().min(1).nullable().describe('Shares: how many are offered.'),
  askingPriceFen: fen,
  depositFen: fen.nullable().describe('Issue 20: the deposit (保证金) an offer needs, fixed at publication; null: none.'),
  counterPriceFen: fen.nullable().describe("Exit: the collective's counter-price in fen, awaiting the seller."),
  status: z.enum(LISTING_STATUSES).describe('As stored.'),
  state: z
    .enum(LISTING_STATES)
    .describe(
      'As the clock decides now: an approved listing is open during its notice period, closed after it (rule 8); suspended while the bureau has suspended a live listing (rule 12); objection while an open objection pauses it.',
    ),
  daysLeft: int().describe('Whole days of the notice period left; 0 when over or not published.'),
  suspendedAt: dateTime.nullable().describe('Set while the agriculture bureau has suspended the listing.'),
  suspendReason: str.nullable(),
  preparedByOfficer: z.boolean().describe('Prepared by the officer; stays a draft until the farmer confirms (rule 2).'),
  confirmedAt: dateTime.nullable(),
  submittedAt: dateTime.nullable(),
  reviewedAt: dateTime.nullable(),
  rejectReason: str.nullable(),
  noticeEndsAt: dateTime.nullable(),
  noticeClosedAt: dateTime.nullable(),
  exitEffectiveAt: dateTime.nullable().describe('Exit of land: the return takes effect no earlier (written notice, rule 6).'),
  withdrawnAt: dateTime.nullable(),
  withdrawReason: str.nullable(),
  version: int(1),
  createdAt: dateTime,
  updatedAt: dateTime,
};

export const ListingSize = z
  .object({ value: str, unit: z.enum(['mu', 'm2', 'shares']), parcels: int() })
  .describe('What is offered, as a label: area in mu or m², or a number of shares.');

export const Listing = z.object(listingFields);

export const ListingSummary = z.object({
  ...listingFields,
  size: ListingSize,
  sellerName: str,
  offerCount: int().describe('Active offers.'),
});

export const Offer = z
  .object({
    id: uuid,
    listingId: uuid,
    buyerHouseholdId: uuid,
    buyerName: str,
    buyerCode: str,
    priceFen: fen,
    status: z.enum(['active', 'withdrawn', 'won', 'lost']),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .describe('An offer. Sellers, officers and oversight see all offers on a listing; a member household sees its own only.');

const landParcel = { code: str, name: str, landClass: z.enum(LANDCLASS), east: str, south: str, west: str, north: str };

export const ListingDetail = z.object({
  ...listingFields,
  size: ListingSize,
  seller: z.object({ id: uuid, code: str, headName: str }),
  collective: z.object({ id: uuid, name: str }),
  offered: z
    .object({
      land: z
        .object({
          contractNo: str,
          endDate: date.describe('The buyer holds the land for the remaining term only (rule 5).'),
          areaMu: decimal,
          areaMuCenti: int(),
          parcels: z.array(z.object({ id: uuid, ...landParcel, areaMu: decimal, areaMuCenti: int(1) })),
        })
        .nullable(),
      homestead: z
        .object({
          location: str,
          areaM2: decimal,
          areaM2Centi: int(1),
          terrain: z.enum(TERRAINS),
          floorAreaM2Centi: z.int().nullable(),
        })
        .nullable(),
      shares: z.object({ listed: int(1), held: int() }).nullable(),
    })
    .describe('Exactly one of land, homestead, shares is set, the one named by rightKind.'),
  offers: z.array(Offer).describe('Highest first.'),
  myOfferId: uuid.nullable().describe("A member household's own active offer."),
  activeOfferCount: int(),
  biddingMin: int(1).describe('With this many qualified offers the highest wins; with fewer the seller chooses (rule 9).'),
  deal: z.object({ id: uuid, number: str, status: z.enum(DEAL_STATUSES) }).nullable(),
  consents: z
    .array(
      z.object({
        memberId: uuid,
        name: str,
        relation: z.enum(RELATIONS),
        adult: z.boolean(),
        hasAccount: z.boolean().describe('Consents from own account; otherwise on signed paper through the web.'),
        consent: z.object({ id: uuid, method: z.enum(['account', 'paper']), createdAt: dateTime, hasScan: z.boolean() }).nullable(),
      }),
    )
    .describe("Rule 2: the seller household's members and their consent (seller, officers, oversight only; empty for others)."),
  missingConsents: z.array(z.object({ memberId: uuid, name: str })).describe('Adults whose consent a draft still lacks.'),
  can: flags(
    [
      'consent',
      'paperConsent',
      'confirm',
      'submit',
      'withdraw',
      'discard',
      'review',
      'approve',
      'decideExit',
      'acceptCounter',
      'offer',
      'raise',
      'choose',
      'close',
      'object',
      'seeOffers',
      'seeScans',
    ],
    'What this caller may do now: the rules the use cases enforce (which check again).',
  ),
});

export const CloseResult = z.object({
  outcome: z
    .enum(['awarded', 'expired', 'awaitingChoice'])
    .describe('Rule 9: awarded to the highest of three or more; expired with none; awaitingChoice with one or two (the seller chooses).'),
  dealId: uuid.nullable(),
  qualifiedOffers: z.int().min(1).nullable(),
  listing: ListingDetail,
});

const party = z.object({ id: uuid, name: str, code: str, address: str.nullable() });

export const Contract = z
  .object({
    kind: z.enum(RIGHT_KINDS),
    path: z.enum(LISTING_PATHS),
    seller: party,
    buyer: party.nullable().describe('null: the collective itself (exit).'),
    collective: z.object({ name: str, registrationCode: str, region: str }),
    certificateNo: str.nullable(),
    contract: z.object({ contractNo: str, startDate: date, endDate: date }).nullable(),
    parcels: z.array(z.object({ ...landParcel, areaMuCenti: int(1) })).nullable(),
    homestead: z
      .object({
        parcelCode: str,
        location: str,
        areaM2Centi: int(1),
        terrain: z.enum(TERRAINS),
        approvalNo: str,
        floorAreaM2Centi: z.int().nullable(),
      })
      .nullable(),
    shares: z.object({ count: int(1), held: int() }).nullable(),
    askingPriceFen: fen,
  })
  .describe('What the contract says, frozen when the deal was made; the registry moves on, the contract does not.');

export const Deal = z.object({
  id: uuid,
  number: str.describe('合同编号: county code + JY + the year (Beijing time) + sequence.'),
  listingId: uuid,
  rightId: uuid.nullable(),
  collectiveId: uuid,
  regionCode: str,
  path: z.enum(LISTING_PATHS),
  sellerHouseholdId: uuid,
  buyerHouseholdId: uuid.nullable().describe('null: the collective (exit).'),
  offerId: uuid.nullable(),
  priceFen: fen,
  priceInWords: str.describe('人民币大写, as on the contract.'),
  status: z.enum(DEAL_STATUSES),
  sellerSignedAt: dateTime.nullable(),
  buyerSignedAt: dateTime.nullable(),
  paidAt: dateTime.nullable(),
  settledAt: dateTime.nullable(),
  registeredAt: dateTime.nullable(),
  cancelledAt: dateTime.nullable(),
  cancelReason: str.nullable(),
  suspendedAt: dateTime.nullable(),
  suspendReason: str.nullable(),
  newRightId: uuid.nullable().describe("After the registration change: the buyer's right (GET /v1/households/{buyerHouseholdId})."),
  newCertificate: z.object({ id: uuid, number: str }).nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
  contract: Contract,
  supervised: z
    .boolean()
    .describe('Issue 20: the price goes through the collective’s supervised account (资金监管); registration releases it to the seller.'),
  escrowHeldFen: int().describe(
    'What the supervised account holds for this deal now, in fen (the deposit credited to the price and the price paid in, less what was released or refunded).',
  ),
  can: flags(
    ['sign', 'pay', 'settle', 'register', 'withdraw', 'attestation', 'registrationApplication', 'recordPrice', 'walkAway'],
    'What this caller may do now.',
  ),
});

export const Notification = z.object({
  id: uuid,
  kind: str.describe("e.g. offerMade, dealBuyer, registered; text is its message in the caller's language."),
  text: str,
  params: z.record(z.string(), z.unknown()),
  link: str.nullable().describe('The web page.'),
  resource: z.object({ type: z.enum(['listing', 'deal']), id: uuid }).nullable(),
  readAt: dateTime.nullable(),
  createdAt: dateTime,
});

const answers = {
  ListingSummary,
  ListingList: z.object({ items: z.array(ListingSummary).max(200).describe('Most recently changed first, at most 200.') }),
  Offer,
  ListingDetail,
  CloseResult,
  Deal,
  Notification,
  NotificationPage: z.object({
    page: int(1),
    pages: int(1),
    total: int(),
    unread: int(),
    items: z.array(Notification).max(30).describe('Newest first, 30 a page.'),
  }),
  UnreadCount: z.object({ unread: int() }),
};

const json = <T>(c: CommandSchemas<T>) => c.json;
const bodies = {
  NewListing: json(newListingCommand).describe(
    'Land: parcelIds, one or more active parcels of the contract; shares: how many, at most those held.',
  ),
  OptionalReason: json(withdrawalCommand),
  Rejection: json(rejectionCommand),
  ExitDecision: json(exitDecisionCommand).describe('counterPriceFen is needed with counter, reason with decline.'),
  OfferPrice: json(offerPriceCommand),
  ChooseOffer: json(choiceCommand),
  MarkRead: noticeChoice.describe("id: one notice; without it all of the caller's notices."),
};

/** Named schemas → JSON Schema 2020-12 components, each referring to the others by $ref. */
function components(named: Record<string, z.ZodType>, io: 'input' | 'output'): Record<string, object> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { io, uri: (id) => `#/components/schemas/${id}` });
  // A component is a part of the document, not a document of its own.
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _s, $id: _i, ...schema }]) => [id, schema]));
}

export const marketSchemas = {
  ...components(answers, 'output'),
  ...components(bodies, 'input'),
  Empty: { type: 'object', description: 'No fields; an empty body or {}.' },
};
