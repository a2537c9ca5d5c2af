import { LISTING_STATUSES } from '../../models/statuses';
import { idParam, json, ok, ref, res } from './openapi-parts';

// The market's operations in the OpenAPI document (merged by routes/api/openapi.ts). Each
// runs the use case of the web's market pages behind the same role guard; the statuses
// listed are all each one can answer. test/http/api-market.test.ts calls every one.

const created = (description: string, schema: string) => ({
  ...ok(description, schema),
  headers: { Location: { schema: { type: 'string' } } },
});
const body = (schema: string, required = true) => ({ required, content: json(ref(schema)) });

const writeErrors = {
  400: res('BadRequest'),
  401: res('Unauthorized'),
  403: res('Forbidden'),
  404: res('NotFound'),
  409: res('MarketConflict'),
  413: res('TooLarge'),
  415: res('UnsupportedMediaType'),
  422: res('Unprocessable'),
  500: res('Internal'),
};

export const MARKET_TAGS = ['listings', 'offers', 'deals', 'notifications'];

type Success = Record<string, object>;
const write = (tag: string, summary: string, description: string, success: Success, requestBody: object = body('Empty', false)) => ({
  tags: [tag],
  summary,
  description,
  requestBody,
  responses: { ...success, ...writeErrors },
});
const listingStep = (summary: string, description: string, requestBody?: object) => ({
  parameters: [idParam],
  post: write('listings', summary, description, { 200: ok('The listing as the caller now sees it', 'ListingDetail') }, requestBody),
});
const dealStep = (summary: string, description: string, requestBody?: object) => ({
  parameters: [idParam],
  post: write('deals', summary, description, { 200: ok('The deal after the step', 'Deal') }, requestBody),
});

const FARMER = 'Farmers only; the holder household (rule 2).';
const OFFICER = "The officer of the listing's collective (the 发包方's agent); other roles 403.";

export const marketPaths = {
  '/v1/listings': {
    get: {
      tags: ['listings'],
      summary: 'Listings the caller may see',
      description:
        "Rule 12: a farmer sees the own household's listings and those the own collective has published (listings are never public); an officer the collective's; the bureau its region; an admin all.",
      parameters: [
        {
          name: 'state',
          in: 'query',
          required: false,
          description: 'Only listings with this stored status.',
          schema: { type: 'string', enum: [...LISTING_STATUSES] },
        },
      ],
      responses: {
        200: ok('The listings', 'ListingList'),
        401: res('Unauthorized'),
        403: res('Forbidden'),
        422: res('Unprocessable'),
        500: res('Internal'),
      },
    },
  },
  '/v1/listings/{id}': {
    parameters: [idParam],
    get: {
      tags: ['listings'],
      summary: 'One listing with the offers the caller may see, its consents and what the caller may do',
      responses: {
        200: ok('The listing', 'ListingDetail'),
        401: res('Unauthorized'),
        404: res('NotFound'),
        500: res('Internal'),
        403: {
          description: 'A farmer of another collective opening a published listing: rule1.notPublishedToYou, nothing of the listing.',
          content: json(ref('Error')),
        },
      },
    },
  },
  '/v1/rights/{id}/listings': {
    parameters: [idParam],
    post: write(
      'listings',
      'List a right for transfer or exit (create the draft)',
      "The holder farmer, or the collective's officer preparing a draft the farmer must confirm (rule 2). A listed right is frozen (rule 11). Every adult member then consents; members with an account consent through POST /v1/listings/{id}/consent, others on signed paper that the officer scans in the web pages (a file upload, not offered here).",
      { 201: created('The new draft', 'ListingDetail') },
      body('NewListing'),
    ),
  },
  '/v1/listings/{id}/confirm': listingStep(
    'Confirm a draft the officer prepared',
    `${FARMER} An officer's draft becomes the farmer's own only now (rule 2).`,
  ),
  '/v1/listings/{id}/consent': listingStep(
    'Consent as a member, from the own account',
    'Farmers of the seller household whose account is linked to an adult member (rule 2). Paper consents are recorded in the web pages only.',
  ),
  '/v1/listings/{id}/submit': listingStep(
    'Submit a confirmed draft for review',
    `${FARMER} Refused (rule2.consentMissing) until every adult member consented; an exit of land starts its written notice (rule 6).`,
  ),
  '/v1/listings/{id}/withdraw': listingStep(
    'Withdraw the listing',
    'The holder, at any time before both have signed the contract, without penalty (rule 2); the officer may discard a draft.',
    body('OptionalReason', false),
  ),
  '/v1/listings/{id}/approve': listingStep(
    'Approve a transfer listing and publish it',
    `${OFFICER} Rule 5 (the collective consents); rule 8: the notice period starts.`,
  ),
  '/v1/listings/{id}/reject': listingStep('Refuse a submitted listing with a reason', OFFICER, body('Rejection')),
  '/v1/listings/{id}/exit-decision': listingStep(
    'Decide an exit: accept at the asking price, counter, or decline',
    `${OFFICER} Rule 6. Accepting makes the deal with the collective as buyer (see deal in the answer).`,
    body('ExitDecision'),
  ),
  '/v1/listings/{id}/accept-counter': {
    parameters: [idParam],
    post: write('listings', "Accept the collective's counter-price (exit)", FARMER, {
      201: created('The deal made at the counter-price', 'Deal'),
    }),
  },
  '/v1/listings/{id}/close': {
    parameters: [idParam],
    post: write(
      'listings',
      'Apply the end of the notice period now',
      'The seller or the officer, once the period is over (rule 8), rather than waiting for the job: rule 9 awards, expires or asks the seller to choose.',
      { 200: ok('What happened', 'CloseResult') },
    ),
  },
  '/v1/listings/{id}/choose': {
    parameters: [idParam],
    post: write(
      'listings',
      'Choose the buyer (negotiation)',
      `${FARMER} After the notice period, with one or two qualified offers (rule 9); the buyer is checked again (rules 1, 4, 7).`,
      { 201: created('The deal', 'Deal') },
      body('ChooseOffer'),
    ),
  },
  '/v1/listings/{id}/offers': {
    parameters: [idParam],
    post: write(
      'offers',
      'Make an offer',
      "A farmer household of the listing's collective during the notice period (rules 1, 8); an outsider is refused with rule1.outsider (422) however the request arrives. Rules 4 and 7 refuse a second homestead or shares over the cap.",
      { 201: ok('The offer', 'Offer') },
      body('OfferPrice'),
    ),
  },
  '/v1/offers/{id}/raise': {
    parameters: [idParam],
    post: write(
      'offers',
      'Raise the own offer',
      'Only higher, only during the notice period.',
      { 200: ok('The offer', 'Offer') },
      body('OfferPrice'),
    ),
  },
  '/v1/offers/{id}/withdraw': {
    parameters: [idParam],
    post: write('offers', 'Withdraw the own offer', 'During the notice period.', { 200: ok('The offer', 'Offer') }),
  },
  '/v1/deals/{id}': {
    parameters: [idParam],
    get: {
      tags: ['deals'],
      summary: 'A deal with its contract terms and what the caller may do',
      description: "The seller, the buyer, the collective's officers and oversight.",
      responses: { 200: ok('The deal', 'Deal'), 401: res('Unauthorized'), 404: res('NotFound'), 500: res('Internal') },
    },
  },
  '/v1/deals/{id}/sign': dealStep('Sign the contract', 'The seller and the buyer (for an exit, the officer signs for the collective).'),
  '/v1/deals/{id}/confirm-payment': dealStep('Confirm the price was received', 'The seller, after both signed.'),
  '/v1/deals/{id}/settle': dealStep('Record the settlement (结算)', `${OFFICER} After the seller confirmed payment.`),
  '/v1/deals/{id}/register': dealStep(
    'Register the change of holder (变更登记)',
    `${OFFICER} Rule 11: the holder changes (or the right ends, for an exit), the certificate is reissued and the listing closes, all together or not at all; the buyer is checked once more (rules 1, 4, 7).`,
  ),
  '/v1/deals/{id}/withdraw': dealStep(
    'Withdraw (the seller) before both signed',
    'Rule 2: cancels the deal and withdraws the listing, without penalty.',
    body('OptionalReason', false),
  ),
  '/v1/notifications': {
    get: {
      tags: ['notifications'],
      summary: "The caller's notices, newest first",
      parameters: [{ name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } }],
      responses: { 200: ok('One page', 'NotificationPage'), 401: res('Unauthorized'), 422: res('Unprocessable'), 500: res('Internal') },
    },
  },
  '/v1/notifications/read': {
    post: {
      tags: ['notifications'],
      summary: "Mark one or all of the caller's notices read",
      requestBody: body('MarkRead', false),
      responses: {
        200: ok('Unread notices left', 'UnreadCount'),
        400: res('BadRequest'),
        401: res('Unauthorized'),
        403: res('Forbidden'),
        413: res('TooLarge'),
        415: res('UnsupportedMediaType'),
        422: res('Unprocessable'),
        500: res('Internal'),
      },
    },
  },
};

export const marketResponses = {
  MarketConflict: {
    description:
      'The step was already taken (market.alreadyDone, market.alreadySigned, market.alreadyRegistered, market.alreadyConsented): nothing changed.',
    content: json(ref('Error')),
  },
};
