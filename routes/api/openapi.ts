import { LIFE_TAGS, lifePaths, lifeSchemas } from './openapi-life';
import { MARKET_TAGS, marketPaths, marketResponses } from './openapi-market';
import { marketSchemas } from './openapi-market-schemas';
import { MONEY_TAGS, marketMoneyPaths, marketMoneySchemas } from './openapi-market-money';
import { schemas } from './openapi-schemas';
import { MEMBERSHIP_TAGS, membershipPaths, membershipSchemas } from './openapi-membership';
import { ESCROW_TAGS, escrowPaths, escrowSchemas } from './openapi-escrow';
import { NYT2539_TAGS, nyt2539Paths, nyt2539Schemas } from './openapi-nyt2539';
import { OBJECTION_TAGS, objectionPaths, objectionSchemas } from './openapi-objections';
import { json, ok, ref, res } from './openapi-parts';

// The OpenAPI 3.1 description of /api, served at /api/openapi.json. test/http/api.test.ts
// checks every response the server gives against the schema of its path, method and status,
// and fails on a status that is not listed here: change the two together.

const body = (schema: string, required = true) => ({ required, content: json(ref(schema)) });
const idParam = (
  name = 'id',
  description = "Record id (UUID); an id outside the caller's scope answers 404, like one that does not exist.",
) => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });

const readErrors = { 401: res('Unauthorized'), 404: res('NotFound'), 500: res('Internal') };
/** Writes: every status a write can answer. 400/413/415 come from the body before any use case runs. */
const writeErrors = {
  400: res('BadRequest'),
  401: res('Unauthorized'),
  403: res('Forbidden'),
  404: res('NotFound'),
  409: res('Conflict'),
  413: res('TooLarge'),
  415: res('UnsupportedMediaType'),
  422: res('Unprocessable'),
  500: res('Internal'),
};

const errorResponse = (description: string) => ({ description, content: json(ref('Error')) });

const write = (tag: string, summary: string, requestBody: object, success: Record<string, object>, description?: string) => ({
  tags: [tag],
  summary,
  ...(description ? { description } : {}),
  requestBody,
  responses: { ...success, ...writeErrors },
});

const OFFICER = "Officers of the household's collective only (rule 12); other roles that may read the record get 403.";

export function openapiDocument(publicBaseUrl: string) {
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: '韶关市农村“三权”登记 API / Shaoguan three-rights registry API',
      version: '1.0.0',
      description: [
        'Registry reads and writes for other systems. Each operation runs the same use case as the web pages,',
        'so every rule of the registry applies: scopes (rule 12: officers their collective, farmers their household,',
        'the bureau its region read-only), masked ID numbers (rule 14), valid data (rule 13), one homestead (rule 4).',
        '',
        'Authentication: `Authorization: Bearer <token>` with a token an administrator issued for an account.',
        'Missing or invalid tokens answer 401 with `WWW-Authenticate: Bearer`. A token keeps working while its account',
        'must change its password: the token, issued by an administrator, is the credential here, not the password.',
        'Deactivating the account revokes its tokens for good (a reactivated account needs new ones); revoking or expiry',
        'of a token stop it at once. Tokens expire after 90 days unless the administrator chose another date or none.',
        '',
        'Scopes: each token is read-only (`read`: GET) or read-write (`read`, `write`: every method), on top of its',
        "account's role and scope. A read-only token gets 403 `insufficientScope` on POST, PATCH or DELETE, with",
        '`WWW-Authenticate: Bearer error="insufficient_scope", scope="write"`. GET /v1/me lists the token\'s scopes.',
        '',
        'Language: messages follow Accept-Language, Chinese (zh-CN) unless English is preferred.',
        'Errors: `{ "error": { "code", "message", "fields"? } }`; 422 lists offending fields by path (members.0.idNumber).',
        "Records outside the caller's scope answer 404, exactly like records that do not exist.",
        'Quantities: areas are sent as decimal strings or numbers with at most two places and returned as a decimal',
        'string plus the integer in hundredths (areaMu "1.85", areaMuCenti 185). Money, where it appears, is integer fen.',
        'Dates are ISO 8601 (YYYY-MM-DD); timestamps are UTC date-times. Bodies are JSON objects of at most 1 MB.',
        '',
        'Market (listings, offers, deals, notifications): the same actions as the market pages, through the same use cases,',
        "so rules 1–11, scopes and the bureau's suspensions apply identically. Money is integer fen (askingPriceFen 1680000 =",
        '¥16,800.00). Paper consents with a scanned signature are recorded in the web pages only (a file upload).',
      ].join('\n'),
    },
    servers: [{ url: `${publicBaseUrl}/api` }],
    security: [{ bearer: [] }],
    tags: [
      { name: 'account' },
      { name: 'households' },
      { name: 'rights' },
      { name: 'certificates' },
      { name: 'public' },
      ...MARKET_TAGS.map((name) => ({ name })),
      ...MONEY_TAGS.map((name) => ({ name })),
      ...MEMBERSHIP_TAGS.map((name) => ({ name })),
      ...LIFE_TAGS.map((name) => ({ name })),
      ...NYT2539_TAGS.map((name) => ({ name })),
      ...OBJECTION_TAGS.map((name) => ({ name })),
      ...ESCROW_TAGS.map((name) => ({ name })),
    ],
    paths: {
      '/openapi.json': {
        get: {
          tags: ['public'],
          summary: 'This document',
          security: [],
          responses: { 200: { description: 'OpenAPI 3.1 document', content: json({ type: 'object' }) } },
        },
      },
      '/v1/me': {
        get: {
          tags: ['account'],
          summary: 'The account behind the token, with its scope',
          responses: { 200: ok('The account', 'Me'), 401: res('Unauthorized'), 500: res('Internal') },
        },
      },
      '/v1/households': {
        get: {
          tags: ['households'],
          summary: "Search households in the caller's scope",
          description:
            'By ID number (exact), household code (prefix) or name (substring). Officers, bureau and admin; farmers get 403 (they read their own household via /v1/me → householdId).',
          parameters: [
            { name: 'q', in: 'query', required: false, schema: { type: 'string', maxLength: 100 } },
            { name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } },
          ],
          responses: {
            200: ok('One page of 20', 'SearchResult'),
            401: res('Unauthorized'),
            403: res('Forbidden'),
            422: res('Unprocessable'),
            500: res('Internal'),
          },
        },
        post: write(
          'households',
          'Register a household with its members',
          body('NewHousehold'),
          { 201: { ...ok('The registered household', 'HouseholdDetail'), headers: { Location: { schema: { type: 'string' } } } } },
          'Officers only, in their own collective; the household and its members are written together or not at all.',
        ),
      },
      '/v1/households/{id}': {
        parameters: [idParam()],
        get: {
          tags: ['households'],
          summary: 'A household with members, rights (with details) and certificates',
          responses: { 200: ok('The household', 'HouseholdDetail'), ...readErrors },
        },
        patch: write(
          'households',
          'Change contact and hukou details',
          body('HouseholdPatch'),
          { 200: ok('The household after the change', 'HouseholdDetail') },
          `${OFFICER} Rule 3: settling in a city changes nothing about the household's rights.`,
        ),
      },
      '/v1/households/{id}/members': {
        parameters: [idParam()],
        post: write('households', 'Add a member', body('NewMember'), { 201: ok('The new member', 'Member') }, OFFICER),
      },
      '/v1/households/{id}/rights/land': {
        parameters: [idParam()],
        post: write(
          'rights',
          'Register a contracted-land right with its parcels',
          body('NewLandRight'),
          { 201: ok('The new right', 'Right') },
          OFFICER,
        ),
      },
      '/v1/households/{id}/rights/homestead': {
        parameters: [idParam()],
        post: write(
          'rights',
          'Register a homestead right',
          body('NewHomesteadRight'),
          { 201: ok('The new right', 'Right') },
          `${OFFICER} Rule 4: a second homestead, an area over the terrain limit, or a household that sold its homestead answer 422.`,
        ),
      },
      '/v1/households/{id}/rights/shares': {
        parameters: [idParam()],
        post: write(
          'rights',
          'Register a collective-income (shares) right',
          body('NewSharesRight'),
          { 201: ok('The new right', 'Right') },
          OFFICER,
        ),
      },
      '/v1/rights/{id}/cancel': {
        parameters: [idParam()],
        post: write(
          'rights',
          'Cancel a right registered in error',
          body('Reason'),
          { 200: ok('The cancelled right', 'Right') },
          `${OFFICER} Not a transfer: the right keeps its history and its valid certificate is cancelled with it. Listed rights cannot be cancelled (rule 11).`,
        ),
      },
      '/v1/rights/{id}/certificates': {
        parameters: [idParam()],
        post: write(
          'certificates',
          'Issue the certificate of an active right',
          body('IssueCertificate', false),
          { 201: ok('The new certificate', 'Certificate') },
          OFFICER,
        ),
      },
      '/v1/certificates/{id}': {
        parameters: [idParam()],
        get: {
          tags: ['certificates'],
          summary: 'A certificate with its right and holder',
          responses: { 200: ok('The certificate', 'CertificateView'), ...readErrors },
        },
      },
      '/v1/certificates/{id}/reissue': {
        parameters: [idParam()],
        post: write(
          'certificates',
          'Reissue a lost or damaged certificate',
          body('ReissueCertificate'),
          { 201: ok('The new certificate; the old one is superseded', 'Certificate') },
          OFFICER,
        ),
      },
      '/v1/certificates/{id}/cancel': {
        parameters: [idParam()],
        post: write(
          'certificates',
          'Cancel a certificate',
          body('Reason'),
          { 200: ok('The cancelled certificate', 'Certificate') },
          OFFICER,
        ),
      },
      '/v1/verify/{token}': {
        parameters: [idParam('token', "The token in the certificate's QR code.")],
        get: {
          tags: ['public'],
          summary: 'Check a certificate (public, no token)',
          security: [],
          description: 'The same answer as the QR code page: validity, kind, size and a masked holder.',
          responses: { 200: ok("The certificate's state", 'Verification'), 404: res('NotFound'), 500: res('Internal') },
        },
      },
      ...marketPaths,
      ...marketMoneyPaths,
      ...membershipPaths,
      ...lifePaths,
      ...nyt2539Paths,
      ...objectionPaths,
      ...escrowPaths,
    },
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A token issued by an administrator (stored only as SHA-256), read-only or read-write, expiring after 90 days by default.',
        },
      },
      schemas: {
        ...schemas,
        ...marketSchemas,
        ...marketMoneySchemas,
        ...membershipSchemas,
        ...lifeSchemas,
        ...nyt2539Schemas,
        ...objectionSchemas,
        ...escrowSchemas,
      },
      responses: {
        BadRequest: errorResponse('The body is not JSON (malformedJson) or not a JSON object (bodyNotObject).'),
        Unauthorized: {
          ...errorResponse('No token, or an unknown, revoked or expired token, or an inactive account.'),
          headers: { 'WWW-Authenticate': { required: true, schema: { type: 'string', pattern: '^Bearer' } } },
        },
        Forbidden: errorResponse(
          'The caller may read the record but not do this (rule 12), or the token is read-only (code insufficientScope).',
        ),
        NotFound: errorResponse("No such record, or one outside the caller's scope."),
        Conflict: errorResponse('Someone changed the record first, or a duplicate; try again.'),
        TooLarge: errorResponse('The body exceeds 1 MB.'),
        UnsupportedMediaType: errorResponse('The body is not application/json.'),
        Unprocessable: errorResponse(
          'A field is invalid (code validation, with fields) or a rule refused the action (code names the rule, e.g. rule4.secondHomestead).',
        ),
        Internal: errorResponse('Unexpected error; the body carries a requestId.'),
        ...marketResponses,
      },
    },
  };
}
