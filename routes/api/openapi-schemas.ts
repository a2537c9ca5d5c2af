import { ROLES, TOKEN_SCOPES } from '../../models/accounts';
import { CERT_STATUSES } from '../../models/certificates';
import { HUKOU, RELATIONS } from '../../models/households';
import { PARCEL_STATUSES, parcels, RIGHT_KINDS, RIGHT_STATUSES, TERRAINS } from '../../models/rights';
import { ref } from './openapi-parts';

// JSON Schema 2020-12 for the bodies of routes/api/serialize.ts. Responses are closed
// (additionalProperties: false) so that the test notices any field the server adds without
// documenting it. Enumerations come from the models, so they cannot drift apart.

const str = { type: 'string' } as const;
const nullableStr = { type: ['string', 'null'] } as const;
const uuid = { type: 'string', format: 'uuid' } as const;
const nullableUuid = { type: ['string', 'null'], format: 'uuid' } as const;
const date = { type: 'string', format: 'date' } as const;
const nullableDate = { type: ['string', 'null'], format: 'date' } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const;
const decimal = { type: 'string', pattern: '^[0-9]+\\.[0-9]{2}$', description: 'Decimal with two places, e.g. "1.85".' } as const;
const centi = { type: 'integer', minimum: 0, description: 'The same quantity in hundredths (integer).' } as const;
const enumOf = (values: readonly string[], extra: object = {}) => ({ type: 'string', enum: [...values], ...extra });
const nullableGeojson = { type: ['object', 'null'], description: 'GeoJSON Polygon or MultiPolygon, as registered.' } as const;

function closed(properties: Record<string, object>, description?: string) {
  return {
    type: 'object',
    additionalProperties: false,
    required: Object.keys(properties),
    properties,
    ...(description ? { description } : {}),
  };
}

const householdProps = {
  id: uuid,
  code: { ...str, pattern: '^[0-9]{18}$', description: '承包方编码: 14-digit collective code + 4 digits.' },
  collectiveId: uuid,
  regionCode: str,
  headName: str,
  phone: nullableStr,
  address: nullableStr,
  hukouStatus: enumOf(HUKOU),
  settledOn: nullableDate,
  settledCity: nullableStr,
  homesteadEligible: { type: 'boolean', description: 'False once the household sold its homestead (rule 4).' },
  version: { type: 'integer' },
  createdAt: dateTime,
  updatedAt: dateTime,
};

const certificate = closed(
  {
    id: uuid,
    rightId: uuid,
    collectiveId: uuid,
    number: str,
    status: enumOf(CERT_STATUSES),
    replacesId: nullableUuid,
    issuedAt: dateTime,
    endedAt: nullableDateTime,
    endReason: nullableStr,
    verifyToken: { ...str, pattern: '^[A-Za-z0-9_-]{43}$' },
    verifyUrl: { type: 'string', format: 'uri', description: 'The page behind the QR code.' },
  },
  'A certificate (证书). A reissue supersedes the old one, which stays in the history.',
);

const parcel = closed({
  id: uuid,
  code: { ...str, pattern: '^[0-9]{19}$' },
  name: str,
  areaMu: decimal,
  areaMuCenti: centi,
  landClass: enumOf(parcels.landClass.enumValues),
  east: str,
  south: str,
  west: str,
  north: str,
  geojson: nullableGeojson,
  status: enumOf(PARCEL_STATUSES),
});

const right = closed(
  {
    id: uuid,
    kind: enumOf(RIGHT_KINDS),
    status: enumOf(RIGHT_STATUSES),
    householdId: uuid,
    collectiveId: uuid,
    regionCode: str,
    sourceRightId: { ...nullableUuid, description: 'The right this one came from by transfer.' },
    version: { type: 'integer' },
    createdAt: dateTime,
    updatedAt: dateTime,
    land: {
      oneOf: [
        { type: 'null' },
        closed(
          {
            contractNo: str,
            startDate: date,
            endDate: date,
            areaMu: decimal,
            areaMuCenti: centi,
            parcels: { type: 'array', items: parcel },
          },
          'Area: sum of the active parcels.',
        ),
      ],
    },
    homestead: {
      oneOf: [
        { type: 'null' },
        closed({
          parcelCode: str,
          location: str,
          areaM2: decimal,
          areaM2Centi: centi,
          terrain: enumOf(TERRAINS),
          approvalNo: str,
          floorAreaM2: { ...decimal, type: ['string', 'null'] },
          floorAreaM2Centi: { type: ['integer', 'null'], minimum: 0 },
          geojson: nullableGeojson,
        }),
      ],
    },
    shares: { oneOf: [{ type: 'null' }, closed({ shares: { type: 'integer', minimum: 1 } })] },
    validCertificateId: nullableUuid,
    certificates: { type: 'array', items: ref('Certificate'), description: 'Newest first.' },
  },
  'A right; exactly one of land, homestead, shares is set, the one named by kind.',
);

const member = closed({
  id: uuid,
  householdId: uuid,
  name: str,
  idNumber: {
    ...str,
    pattern: '^[0-9]{6}([0-9]{11}|\\*{11})[0-9X]$',
    description:
      "Full only for officers of the household's collective; otherwise masked as 440203***********4: the region and the check character, never the birth date or the sequence digits (rule 14).",
  },
  idNumberMasked: { type: 'boolean', description: 'True when idNumber is masked (and birthDate is null).' },
  sex: enumOf(['M', 'F']),
  birthDate: {
    ...nullableDate,
    description: 'Only with the full ID number; otherwise null, and age is given instead (the birth date is 8 of the masked digits).',
  },
  age: { type: 'integer', minimum: 0, description: 'Whole years today (Asia/Shanghai).' },
  relation: enumOf(RELATIONS),
  isCollectiveMember: { type: 'boolean' },
  hukouStatus: enumOf(HUKOU),
  settledOn: nullableDate,
  settledCity: nullableStr,
});

const inputDecimal = {
  type: ['string', 'number'],
  description: 'Above 0, at most two decimals: "1.85" or 1.85 (a string avoids binary rounding).',
};
const memberInput = {
  type: 'object',
  required: ['name', 'idNumber', 'relation'],
  properties: {
    name: { ...str, maxLength: 40, description: 'No < or > (refused with 422).' },
    idNumber: { ...str, description: '18 characters with a correct GB 11643 check digit, unique in the registry.' },
    relation: enumOf(RELATIONS),
    isCollectiveMember: { type: 'boolean', default: true },
    hukouStatus: enumOf(HUKOU, { default: 'rural' }),
    settledOn: date,
    settledCity: { ...str, maxLength: 60 },
  },
};
const contactInput = {
  phone: { ...nullableStr, description: 'Mobile (11 digits) or landline.' },
  address: { ...nullableStr, maxLength: 120 },
  hukouStatus: enumOf(HUKOU),
  settledOn: { ...nullableStr, format: 'date', description: 'Needed when settled_city.' },
  settledCity: { ...nullableStr, maxLength: 60, description: 'Needed when settled_city.' },
};

export const schemas = {
  Error: closed({
    error: {
      type: 'object',
      additionalProperties: false,
      required: ['code', 'message'],
      properties: {
        code: { ...str, description: 'Stable code, e.g. notFound, validation, rule4.secondHomestead. Never parse message.' },
        message: { ...str, description: 'In the language of Accept-Language: Chinese unless English is preferred.' },
        fields: { type: 'object', additionalProperties: str, description: 'Field path (members.0.idNumber) → message.' },
        requestId: { ...str, description: 'Only on 500: give it to the administrator.' },
      },
    },
  }),
  Me: closed({
    id: uuid,
    username: str,
    displayName: str,
    role: enumOf(ROLES),
    regionCode: { ...nullableStr, description: 'Bureau: the region it oversees.' },
    collectiveId: { ...nullableUuid, description: 'Officer: the collective it registers.' },
    householdId: { ...nullableUuid, description: 'Farmer: the own household (GET /v1/households/{id}).' },
    tokenScopes: {
      type: 'array',
      items: enumOf(TOKEN_SCOPES),
      description: 'What the token may do: read (GET), write (POST, PATCH, DELETE).',
    },
  }),
  HouseholdSummary: closed({
    id: uuid,
    code: str,
    headName: str,
    hukouStatus: enumOf(HUKOU),
    settledCity: nullableStr,
    collectiveId: uuid,
    regionCode: str,
    persons: { type: 'integer', minimum: 0 },
  }),
  SearchResult: closed({
    query: closed({ kind: enumOf(['id', 'code', 'name', 'none']), value: str }),
    page: { type: 'integer', minimum: 1 },
    pages: { type: 'integer', minimum: 1 },
    total: { type: 'integer', minimum: 0 },
    more: {
      type: 'boolean',
      description: 'true when more than `total` households match (matches are counted up to 1,000; the newest 1,000 can be paged through)',
    },
    pageSize: { type: 'integer' },
    items: { type: 'array', items: ref('HouseholdSummary') },
  }),
  Household: closed(householdProps),
  HouseholdDetail: closed({
    ...householdProps,
    idNumbersMasked: { type: 'boolean' },
    members: { type: 'array', items: ref('Member') },
    rights: { type: 'array', items: ref('Right') },
  }),
  Member: member,
  Right: right,
  Certificate: certificate,
  CertificateView: closed({ certificate: ref('Certificate'), right: ref('Right'), holder: ref('Household') }),
  Verification: closed({
    number: str,
    status: enumOf(CERT_STATUSES),
    valid: { type: 'boolean' },
    kind: enumOf(RIGHT_KINDS),
    size: closed({ value: str, unit: enumOf(['mu', 'm2', 'shares']) }),
    holder: { ...str, description: 'Head of household, masked: 张**' },
    issuedAt: dateTime,
  }),
  NewHousehold: {
    type: 'object',
    required: ['code', 'members'],
    properties: {
      code: { ...str, description: "18 digits starting with the collective's 14-digit code." },
      ...contactInput,
      members: { type: 'array', minItems: 1, items: memberInput, description: 'Exactly one with relation "head".' },
    },
  },
  NewMember: memberInput,
  HouseholdPatch: {
    type: 'object',
    description: 'Fields left out keep their value; null clears. code and members are not edited here; other properties are ignored.',
    properties: { ...contactInput, reason: { ...str, maxLength: 200, description: 'Kept in the audit trail.' } },
  },
  NewLandRight: {
    type: 'object',
    required: ['contractNo', 'startDate', 'endDate', 'parcels'],
    properties: {
      contractNo: { ...str, pattern: '^[0-9A-Za-z-]{1,40}$' },
      startDate: date,
      endDate: date,
      parcels: {
        type: 'array',
        minItems: 1,
        maxItems: 50,
        items: {
          type: 'object',
          required: ['code', 'name', 'areaMu', 'landClass', 'east', 'south', 'west', 'north'],
          properties: {
            code: { ...str, description: "19 digits starting with the collective's 14-digit code." },
            name: str,
            areaMu: inputDecimal,
            landClass: enumOf(parcels.landClass.enumValues),
            east: str,
            south: str,
            west: str,
            north: str,
            geojson: { type: 'object', description: 'Optional GeoJSON Polygon or MultiPolygon.' },
          },
        },
      },
    },
  },
  NewHomesteadRight: {
    type: 'object',
    required: ['parcelCode', 'location', 'areaM2', 'terrain', 'approvalNo'],
    description:
      "Rule 4: one homestead per household (土地管理法 §62). The terrain's area limit binds a new approval (广东省土地管理条例 §42); an existing homestead being recorded (origin 'existing') over the limit is registered and flagged for review.",
    properties: {
      origin: enumOf(['new', 'existing'], { description: "Default 'new'." }),
      parcelCode: str,
      location: str,
      areaM2: inputDecimal,
      terrain: enumOf(TERRAINS),
      approvalNo: str,
      floorAreaM2: inputDecimal,
      geojson: { type: 'object' },
    },
  },
  NewSharesRight: {
    type: 'object',
    required: ['shares'],
    properties: {
      shares: { type: ['integer', 'string'], description: "Positive whole number, within the collective's unallocated total." },
    },
  },
  Reason: { type: 'object', required: ['reason'], properties: { reason: { ...str, maxLength: 200 } } },
  IssueCertificate: {
    type: 'object',
    properties: { number: { ...str, pattern: '^[0-9A-Za-z-]{4,40}$', description: 'An existing paper number; generated when left out.' } },
  },
  ReissueCertificate: {
    type: 'object',
    required: ['reason'],
    properties: { reason: { ...str, maxLength: 200 }, number: { ...str, pattern: '^[0-9A-Za-z-]{4,40}$' } },
  },
};
