import { z } from 'zod';
import { LIFE_EVENT_KINDS } from '../../models/household-life';
import { RIGHT_KINDS } from '../../models/rights';
import { extensionSchema, headChangeSchema, inheritanceSchema, mergeSchema, splitSchema } from '../../server/registry';
import { json, ok, ref, res } from './openapi-parts';

// A household's life through /api/v1 (issue 16): the answers as zod schemas (the routes build
// them with these types) and the bodies, which are the use cases' own command schemas. The
// document's components are generated from both. test/http/api-life.test.ts calls every one.

const uuid = z.string().meta({ format: 'uuid' });
const date = z.string().meta({ format: 'date' });
const dateTime = z.string().meta({ format: 'date-time' });

const HouseholdRef = z.object({ id: uuid, code: z.string(), headName: z.string() });
const Reissued = z.object({
  rightId: uuid,
  certificateId: uuid,
  oldNumber: z.string().nullable().describe('The superseded certificate; null for a first certificate (a contract made by a split).'),
  number: z.string(),
});
export const LifeAnswers = {
  HeadChangeResult: z.object({ household: HouseholdRef, certificates: z.array(Reissued) }),
  SplitResult: z.object({ original: HouseholdRef, created: HouseholdRef, certificates: z.array(Reissued) }),
  MergeResult: z.object({ household: HouseholdRef, certificates: z.array(Reissued) }),
  InheritanceResult: z.object({
    eventId: uuid,
    outcomes: z.array(
      z.object({
        rightId: uuid,
        outcome: z.string().describe('to_heir, back_to_collective, forest_to_heir_rest_back, to_member_heir, income_to_non_member'),
        to: z.string().optional().describe('The heir’s household code (or a non-member heir’s name).'),
        carved: uuid.optional().describe('The new contract of the forest parcels.'),
      }),
    ),
    certificates: z.array(Reissued),
  }),
  ExtensionPlan: z.object({
    collectiveId: uuid,
    oldTermEndsBy: date,
    extend: z.int().min(0),
    skipped: z.int().min(0),
    rows: z.array(
      z.object({
        rightId: uuid,
        householdId: uuid,
        householdCode: z.string(),
        headName: z.string(),
        contractNo: z.string(),
        startDate: date,
        endDate: date,
        newEndDate: date,
        parcelCount: z.int().min(0),
        areaMuCenti: z.int().min(0).describe('Hundredths of a mu.'),
        skip: z
          .object({ code: z.enum(['excluded', 'rule11']), reason: z.string().optional() })
          .nullable()
          .describe('Not extended now: excluded by the officer, or listed or in a deal (rule 11).'),
        adjusted: z.string().nullable(),
      }),
    ),
  }),
  ExtensionStarted: z.object({ jobId: uuid }),
  ExtensionJob: z.object({
    id: uuid,
    collectiveId: uuid,
    status: z.enum(['running', 'succeeded', 'failed']),
    done: z.int().min(0),
    total: z.int().min(0),
    percent: z.int().min(0).max(100).nullable(),
    extended: z.int().min(0).nullable(),
    skipped: z.int().min(0).nullable(),
    certificates: z.array(z.object({ id: uuid, number: z.string() })),
    error: z.object({ code: z.string() }).nullable(),
    createdAt: dateTime,
    finishedAt: dateTime.nullable(),
  }),
};

const documents = z
  .array(
    z.object({
      name: z.string().max(120),
      mime: z.enum(['application/pdf', 'image/jpeg', 'image/png']),
      contentBase64: z.string().max(7_000_000).describe('The scan, base64; at most 5 MB decoded.'),
    }),
  )
  .min(1)
  .max(10);
export const inheritanceBody = inheritanceSchema.extend({ documents });
export const mergeBody = mergeSchema.extend({ householdId: uuid.describe('The household the other one joins.') });

const bodies = {
  HeadChange: headChangeSchema,
  Split: splitSchema,
  Merge: mergeBody,
  Inheritance: inheritanceBody,
  Extension: extensionSchema,
};

function components(named: Record<string, z.ZodType>, io: 'input' | 'output'): Record<string, object> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { io, uri: (id) => `#/components/schemas/${id}`, unrepresentable: 'any' });
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _s, $id: _i, ...schema }]) => [id, schema]));
}

export const lifeSchemas = { ...components(LifeAnswers, 'output'), ...components(bodies, 'input') };
export const LIFE_TAGS = ['household-life'];

const body = (schema: string) => ({ required: true, content: json(ref(schema)) });
const param = (name: string) => ({
  name,
  in: 'path',
  required: true,
  description: "A UUID; one outside the caller's scope answers 404.",
  schema: { type: 'string' },
});
const errors = {
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
const OFFICER = "The officer of the household's collective; other roles 403, other collectives 404. One transaction: all or nothing.";
const post = (summary: string, description: string, requestBody: object, success: Record<string, object>) => ({
  tags: LIFE_TAGS,
  summary,
  description: `${description} ${OFFICER}`,
  requestBody,
  responses: { ...success, ...errors },
});

export const lifePaths = {
  '/v1/households/{id}/head': {
    parameters: [param('id')],
    post: post(
      'Change the head (户主变更)',
      'Another adult member (Civil Code Art. 17) becomes head; code and rights stay; every valid certificate is reissued. Refused while a right is listed (rule 11).',
      body('HeadChange'),
      { 200: ok('The household and the reissued certificates', 'HeadChangeResult') },
    ),
  },
  '/v1/households/{id}/split': {
    parameters: [param('id')],
    post: post(
      'Split the household (分户)',
      'Members leave for a new household with the rights named (each right to one household); parcels of one contract may form a new contract with the collective’s consent (承包法 §27); one homestead per household on the result (土地管理法 §62).',
      body('Split'),
      { 201: { ...ok('Both households and the certificates', 'SplitResult'), headers: { Location: { schema: { type: 'string' } } } } },
    ),
  },
  '/v1/households/merge': {
    post: post(
      'Merge two households (合户)',
      'The household with absorbedHouseholdCode joins householdId with its members and rights; refused when the result would hold two homesteads (土地管理法 §62) or a right is listed (rule 11).',
      body('Merge'),
      { 200: ok('The household and the reissued certificates', 'MergeResult') },
    ),
  },
  '/v1/households/{id}/inheritance': {
    parameters: [param('id')],
    post: post(
      'Record an inheritance (继承)',
      'Only when the last member has died (the contract continues while one remains, 承包法 §16): 林地 to the heir’s household, other land back to the collective, 承包收益 to the heirs (§32); shares as the charter says. Heirs, scans (base64) and who decided are recorded.',
      body('Inheritance'),
      { 201: ok('What became of each right', 'InheritanceResult') },
    ),
  },
  '/v1/collectives/{id}/extensions': {
    parameters: [param('id')],
    post: post(
      'The second-round extension (二轮延包)',
      'dryRun: true lists the contracts ending by oldTermEndsBy with the exclusions and adjustments, changing nothing (200). Without it the extension starts as a job (202, Location: the job).',
      body('Extension'),
      {
        200: ok('The list (dry run)', 'ExtensionPlan'),
        202: { ...ok('The job started', 'ExtensionStarted'), headers: { Location: { schema: { type: 'string' } } } },
      },
    ),
  },
  '/v1/collectives/{id}/extensions/{jobId}': {
    parameters: [param('id'), param('jobId')],
    get: {
      tags: LIFE_TAGS,
      summary: 'An extension job: progress and result',
      description: "The collective's officer, the bureau of its region, admins.",
      responses: {
        200: ok('The job', 'ExtensionJob'),
        401: res('Unauthorized'),
        403: res('Forbidden'),
        404: res('NotFound'),
        500: res('Internal'),
      },
    },
  },
};
export const LIFE_KINDS = LIFE_EVENT_KINDS;
export const LIFE_RIGHT_KINDS = RIGHT_KINDS;
