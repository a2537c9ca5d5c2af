import { DEAL_STATUSES, LISTING_PATHS, LISTING_STATUSES } from '../../models/market';
import { RELATIONS } from '../../models/households';
import { parcels, RIGHT_KINDS, TERRAINS } from '../../models/rights';
import { MAX_FEN } from './v1/market-body';

// JSON Schema 2020-12 for routes/api/market-json.ts, merged into the document's components.
// Closed like openapi-schemas.ts: a field the server adds without describing it fails the test.

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const str = { type: 'string' } as const;
const nullableStr = { type: ['string', 'null'] } as const;
const uuid = { type: 'string', format: 'uuid' } as const;
const nullableUuid = { type: ['string', 'null'], format: 'uuid' } as const;
const date = { type: 'string', format: 'date' } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const;
const bool = { type: 'boolean' } as const;
const int = (minimum = 0) => ({ type: 'integer', minimum });
const decimal = { type: 'string', pattern: '^[0-9]+\\.[0-9]{2}$' } as const;
const enumOf = (values: readonly string[]) => ({ type: 'string', enum: [...values] });
const fen = { type: 'integer', minimum: 1, description: 'Money in fen (1 yuan = 100 fen), an integer.' } as const;
const nullable = (schema: object) => ({ oneOf: [{ type: 'null' }, schema] });
const flags = (names: string[], description: string) => closed(Object.fromEntries(names.map((n) => [n, bool])), description);

function closed(properties: Record<string, object>, description?: string) {
  return {
    type: 'object',
    additionalProperties: false,
    required: Object.keys(properties),
    properties,
    ...(description ? { description } : {}),
  };
}

const LANDCLASS = parcels.landClass.enumValues;
export const LISTING_STATES = [...LISTING_STATUSES, 'open', 'closed'] as const;

const listingProps = {
  id: uuid,
  rightId: uuid,
  collectiveId: uuid,
  regionCode: str,
  sellerHouseholdId: uuid,
  path: {
    ...enumOf(LISTING_PATHS),
    description: 'transfer: to a member household (rules 1, 5, 8, 9); exit: back to the collective (rule 6).',
  },
  rightKind: enumOf(RIGHT_KINDS),
  parcelIds: {
    type: ['array', 'null'],
    items: uuid,
    description: 'Land: the parcels offered (part of a contract may be transferred, rule 5).',
  },
  shares: { type: ['integer', 'null'], minimum: 1, description: 'Shares: how many are offered.' },
  askingPriceFen: fen,
  counterPriceFen: { ...fen, type: ['integer', 'null'], description: "Exit: the collective's counter-price in fen, awaiting the seller." },
  status: { ...enumOf(LISTING_STATUSES), description: 'As stored.' },
  state: {
    ...enumOf(LISTING_STATES),
    description: 'As the clock decides now: an approved listing is open during its notice period, closed after it (rule 8).',
  },
  daysLeft: { ...int(), description: 'Whole days of the notice period left; 0 when over or not published.' },
  suspendedAt: { ...nullableDateTime, description: 'Set while the agriculture bureau has suspended the listing.' },
  suspendReason: nullableStr,
  preparedByOfficer: { ...bool, description: 'Prepared by the officer; stays a draft until the farmer confirms (rule 2).' },
  confirmedAt: nullableDateTime,
  submittedAt: nullableDateTime,
  reviewedAt: nullableDateTime,
  rejectReason: nullableStr,
  noticeEndsAt: nullableDateTime,
  noticeClosedAt: nullableDateTime,
  exitEffectiveAt: { ...nullableDateTime, description: 'Exit of land: the return takes effect no earlier (written notice, rule 6).' },
  withdrawnAt: nullableDateTime,
  withdrawReason: nullableStr,
  version: int(1),
  createdAt: dateTime,
  updatedAt: dateTime,
  size: closed(
    { value: str, unit: enumOf(['mu', 'm2', 'shares']), parcels: int() },
    'What is offered, as a label: area in mu or m², or a number of shares.',
  ),
};

const offer = closed(
  {
    id: uuid,
    listingId: uuid,
    buyerHouseholdId: uuid,
    buyerName: str,
    buyerCode: str,
    priceFen: fen,
    status: enumOf(['active', 'withdrawn', 'won', 'lost']),
    createdAt: dateTime,
    updatedAt: dateTime,
  },
  'An offer. Sellers, officers and oversight see all offers on a listing; a member household sees its own only.',
);

const party = closed({ id: uuid, name: str, code: str, address: nullableStr });

const contract = closed(
  {
    kind: enumOf(RIGHT_KINDS),
    path: enumOf(LISTING_PATHS),
    seller: party,
    buyer: { ...nullable(party), description: 'null: the collective itself (exit).' },
    collective: closed({ name: str, registrationCode: str, region: str }),
    certificateNo: nullableStr,
    contract: nullable(closed({ contractNo: str, startDate: date, endDate: date })),
    parcels: nullable({
      type: 'array',
      items: closed({
        code: str,
        name: str,
        areaMuCenti: int(1),
        landClass: enumOf(LANDCLASS),
        east: str,
        south: str,
        west: str,
        north: str,
      }),
    }),
    homestead: nullable(
      closed({
        parcelCode: str,
        location: str,
        areaM2Centi: int(1),
        terrain: enumOf(TERRAINS),
        approvalNo: str,
        floorAreaM2Centi: { type: ['integer', 'null'] },
      }),
    ),
    shares: nullable(closed({ count: int(1), held: int() })),
    askingPriceFen: fen,
  },
  'What the contract says, frozen when the deal was made; the registry moves on, the contract does not.',
);

export const marketSchemas = {
  ListingSummary: closed({ ...listingProps, sellerName: str, offerCount: { ...int(), description: 'Active offers.' } }),
  ListingList: closed({
    items: { type: 'array', maxItems: 200, items: ref('ListingSummary'), description: 'Most recently changed first, at most 200.' },
  }),
  Offer: offer,
  ListingDetail: closed({
    ...listingProps,
    seller: closed({ id: uuid, code: str, headName: str }),
    collective: closed({ id: uuid, name: str }),
    offered: closed(
      {
        land: nullable(
          closed({
            contractNo: str,
            endDate: { ...date, description: 'The buyer holds the land for the remaining term only (rule 5).' },
            areaMu: decimal,
            areaMuCenti: int(),
            parcels: {
              type: 'array',
              items: closed({
                id: uuid,
                code: str,
                name: str,
                areaMu: decimal,
                areaMuCenti: int(1),
                landClass: enumOf(LANDCLASS),
                east: str,
                south: str,
                west: str,
                north: str,
              }),
            },
          }),
        ),
        homestead: nullable(
          closed({
            location: str,
            areaM2: decimal,
            areaM2Centi: int(1),
            terrain: enumOf(TERRAINS),
            floorAreaM2Centi: { type: ['integer', 'null'] },
          }),
        ),
        shares: nullable(closed({ listed: int(1), held: int() })),
      },
      'Exactly one of land, homestead, shares is set, the one named by rightKind.',
    ),
    offers: { type: 'array', items: ref('Offer'), description: 'Highest first.' },
    myOfferId: { ...nullableUuid, description: "A member household's own active offer." },
    activeOfferCount: int(),
    biddingMin: { ...int(1), description: 'With this many qualified offers the highest wins; with fewer the seller chooses (rule 9).' },
    deal: nullable(closed({ id: uuid, number: str, status: enumOf(DEAL_STATUSES) })),
    consents: {
      type: 'array',
      description: "Rule 2: the seller household's members and their consent (seller, officers, oversight only; empty for others).",
      items: closed({
        memberId: uuid,
        name: str,
        relation: enumOf(RELATIONS),
        adult: bool,
        hasAccount: { ...bool, description: 'Consents from own account; otherwise on signed paper through the web.' },
        consent: nullable(closed({ id: uuid, method: enumOf(['account', 'paper']), createdAt: dateTime, hasScan: bool })),
      }),
    },
    missingConsents: {
      type: 'array',
      items: closed({ memberId: uuid, name: str }),
      description: 'Adults whose consent a draft still lacks.',
    },
    can: flags(
      [
        'consent',
        'paperConsent',
        'confirm',
        'submit',
        'withdraw',
        'discard',
        'review',
        'decideExit',
        'acceptCounter',
        'offer',
        'raise',
        'choose',
        'close',
        'seeOffers',
      ],
      'What this caller may do now (the use cases check again).',
    ),
  }),
  CloseResult: closed({
    outcome: {
      ...enumOf(['awarded', 'expired', 'awaitingChoice']),
      description:
        'Rule 9: awarded to the highest of three or more; expired with none; awaitingChoice with one or two (the seller chooses).',
    },
    dealId: nullableUuid,
    qualifiedOffers: { type: ['integer', 'null'], minimum: 1 },
    listing: ref('ListingDetail'),
  }),
  Deal: closed({
    id: uuid,
    number: { ...str, description: '合同编号: county code + JY + year + sequence.' },
    listingId: uuid,
    rightId: nullableUuid,
    collectiveId: uuid,
    regionCode: str,
    path: enumOf(LISTING_PATHS),
    sellerHouseholdId: uuid,
    buyerHouseholdId: { ...nullableUuid, description: 'null: the collective (exit).' },
    offerId: nullableUuid,
    priceFen: fen,
    priceInWords: { ...str, description: '人民币大写, as on the contract.' },
    status: enumOf(DEAL_STATUSES),
    sellerSignedAt: nullableDateTime,
    buyerSignedAt: nullableDateTime,
    paidAt: nullableDateTime,
    settledAt: nullableDateTime,
    registeredAt: nullableDateTime,
    cancelledAt: nullableDateTime,
    cancelReason: nullableStr,
    suspendedAt: nullableDateTime,
    suspendReason: nullableStr,
    newRightId: {
      ...nullableUuid,
      description: "After the registration change: the buyer's right (GET /v1/households/{buyerHouseholdId}).",
    },
    newCertificate: nullable(closed({ id: uuid, number: str })),
    createdAt: dateTime,
    updatedAt: dateTime,
    contract,
    can: flags(['sign', 'pay', 'settle', 'register', 'withdraw', 'attestation'], 'What this caller may do now.'),
  }),
  Notification: closed({
    id: uuid,
    kind: { ...str, description: "e.g. offerMade, dealBuyer, registered; text is its message in the caller's language." },
    text: str,
    params: { type: 'object' },
    link: { ...nullableStr, description: 'The web page.' },
    resource: nullable(closed({ type: enumOf(['listing', 'deal']), id: uuid })),
    readAt: nullableDateTime,
    createdAt: dateTime,
  }),
  NotificationPage: closed({
    page: int(1),
    pages: int(1),
    total: int(),
    unread: int(),
    items: { type: 'array', maxItems: 30, items: ref('Notification'), description: 'Newest first, 30 a page.' },
  }),
  UnreadCount: closed({ unread: int() }),
  NewListing: {
    type: 'object',
    required: ['path', 'askingPriceFen'],
    properties: {
      path: enumOf(LISTING_PATHS),
      askingPriceFen: { ...fen, maximum: MAX_FEN },
      parcelIds: { type: 'array', items: uuid, description: 'Land: one or more active parcels of the contract.' },
      shares: { type: ['integer', 'string'], description: 'Shares: how many, at most those held.' },
    },
  },
  OptionalReason: { type: 'object', properties: { reason: { ...str, maxLength: 200 } } },
  ExitDecision: {
    type: 'object',
    required: ['decision'],
    properties: {
      decision: enumOf(['accept', 'counter', 'decline']),
      counterPriceFen: { ...fen, maximum: MAX_FEN, description: 'Needed with counter.' },
      reason: { ...str, maxLength: 200, description: 'Needed with decline.' },
    },
  },
  OfferPrice: { type: 'object', required: ['priceFen'], properties: { priceFen: { ...fen, maximum: MAX_FEN } } },
  ChooseOffer: { type: 'object', required: ['offerId'], properties: { offerId: uuid } },
  MarkRead: { type: 'object', properties: { id: { ...uuid, description: "One notice; without it all of the caller's notices." } } },
  Empty: { type: 'object', description: 'No fields; an empty body or {}.' },
};
