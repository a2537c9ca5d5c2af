import { z } from 'zod';
import { OBJECTION_GROUNDS, OBJECTION_STATUSES, OBJECTOR_ROLES } from '../../models/objections';
import { findingCommand, objectionCommand } from '../../server/market';
import { idParam, json, ok, ref, res } from './openapi-parts';

// Objections (异议) on a published listing in the OpenAPI document (issue 20), merged by
// routes/api/openapi.ts: answers as zod schemas (routes/api/v1/objections.ts returns these
// types), request bodies the use cases' own command schemas. test/http/api-objections.test.ts
// calls every operation.

const uuid = z.string().meta({ format: 'uuid' });
const dateTime = z.string().meta({ format: 'date-time' });

const Objection = z.object({
  id: uuid,
  listingId: uuid,
  ground: z
    .enum(OBJECTION_GROUNDS)
    .describe("noConsent: a member of the seller's household did not consent (rule 2); boundaries; disputed; other."),
  text: z.string(),
  objectorRole: z
    .enum(OBJECTOR_ROLES)
    .describe("member: of the seller's household; household: a member household of the collective; officer."),
  own: z.boolean().describe('Lodged by the caller.'),
  status: z
    .enum(OBJECTION_STATUSES)
    .describe(
      'open (the listing is paused), rejected (it resumed), returned (to the seller), ended, reconsented (the member consented again).',
    ),
  findingReason: z.string().nullable(),
  decidedAt: dateTime.nullable(),
  createdAt: dateTime,
  attachment: z
    .object({ mime: z.enum(['application/pdf', 'image/jpeg', 'image/png']), bytes: z.int().min(1), url: z.string() })
    .nullable()
    .describe('The evidence sent with the web form (the JSON body carries none); url is a page of the web app, for a signed-in session.'),
  can: z.object({
    decide: z.boolean().describe("The caller is the collective's officer and the objection is open."),
    reject: z.boolean().describe('A household member’s "I did not consent" cannot be rejected: it stands until the member consents again.'),
    reconsent: z.boolean(),
  }),
});
const ListingPause = z.object({
  id: uuid,
  status: z.string().describe('The stored status of the listing (approved while published; draft once returned; withdrawn once ended).'),
  pausedSince: dateTime.nullable().describe('Set while any objection is open: no offer, no choice of buyer, no contract.'),
  noticeEndsAt: dateTime.nullable().describe('Extended by the paused time when the listing resumes (rule 8).'),
});

export type ObjectionJson = z.infer<typeof Objection>;
export type ListingPauseJson = z.infer<typeof ListingPause>;

const answers = {
  Objection,
  ObjectionResult: z.object({ objection: Objection, listing: ListingPause }),
  ObjectionList: z.object({ listing: ListingPause, items: z.array(Objection) }),
};
const bodies = {
  NewObjection: (objectionCommand.json as z.ZodType).describe('The ground and what the objector says (at most 500 characters).'),
  Finding: (findingCommand.json as z.ZodType).describe(
    'rejected: the listing resumes, its notice extended by the paused time; returned: back to the seller as a draft; ended: withdrawn. Always with reasons.',
  ),
};

function components(named: Record<string, z.ZodType>, io: 'input' | 'output'): Record<string, object> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { io, uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _s, $id: _i, ...schema }]) => [id, schema]));
}

export const objectionSchemas = { ...components(answers, 'output'), ...components(bodies, 'input') };

export const OBJECTION_TAGS = ['objections'];

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

export const objectionPaths = {
  '/v1/listings/{id}/objections': {
    parameters: [idParam],
    get: {
      tags: ['objections'],
      summary: "A listing's objections, as the caller may see them",
      description:
        "The seller's household, the collective's officers and oversight see every objection; another member household only its own (rule 12). Oldest first.",
      responses: {
        200: ok('The objections and whether the listing is paused', 'ObjectionList'),
        401: res('Unauthorized'),
        403: res('Forbidden'),
        404: res('NotFound'),
        500: res('Internal'),
      },
    },
    post: {
      tags: ['objections'],
      summary: 'Lodge an objection (异议) during the notice period',
      description:
        "A farmer of the seller's household whose account is a member's, a farmer of another household of the collective, or the collective's officer; others 403. Only while the listing is published and its notice period runs (objection.notPublished, 422). The listing pauses; a member's noConsent withdraws that member's consent at once.",
      requestBody: { required: true, content: json(ref('NewObjection')) },
      responses: { 201: ok('The objection and the paused listing', 'ObjectionResult'), ...writeErrors },
    },
  },
  '/v1/objections/{id}/finding': {
    parameters: [idParam],
    post: {
      tags: ['objections'],
      summary: "Record the collective's finding, with reasons",
      description:
        "The officer of the listing's collective only; other roles 403, another collective's officer 404. A second finding answers 409 (market.alreadyDone); a member's noConsent cannot be rejected (objection.noConsentStands, 422). The objector, the seller and the bidders are told.",
      requestBody: { required: true, content: json(ref('Finding')) },
      responses: { 200: ok('The decided objection and the listing afterwards', 'ObjectionResult'), ...writeErrors },
    },
  },
};
