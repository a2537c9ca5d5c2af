import { z } from 'zod';
import { RELATIONS } from '../../models/households';
import { DECISION_MATTERS, MEETING_TYPES, MEMBERSHIP_GROUNDS, MEMBERSHIP_KINDS } from '../../models/membership';
import { decisionCommand } from '../../server/registry';
import { memberEndCommand, membershipCommand } from '../../server/registry';
import { idParam, json, ok, ref, res } from './openapi-parts';

// The 成员名册 and the members' meeting decisions in the OpenAPI document (merged by
// routes/api/openapi.ts): answers as zod schemas (routes/api/v1/membership.ts returns these
// types), request bodies the use cases' own command schemas. test/http/api-membership.test.ts
// calls every operation.

const uuid = z.string().meta({ format: 'uuid' });
const date = z.string().meta({ format: 'date' });
const dateTime = z.string().meta({ format: 'date-time' });
const int = (min = 0) => z.int().min(min);

const RegisterEntry = z.object({
  memberId: uuid,
  householdId: uuid,
  householdCode: z.string(),
  name: z.string(),
  sex: z.enum(['M', 'F']),
  relation: z.enum(RELATIONS),
  idNumber: z.string().describe("Full only for the collective's officers (rule 14); masked otherwise."),
  age: int(),
  status: z
    .enum(['member', 'registered', 'ended', 'not_member'])
    .describe('member: confirmed or kept; registered: recorded a member with the household, no register entry yet; ended (§16–17).'),
  kind: z.enum(MEMBERSHIP_KINDS).nullable(),
  ground: z.enum(MEMBERSHIP_GROUNDS).nullable().describe('§12 (confirmed), §18 (kept), §16–17 (ended).'),
  effectiveOn: date.nullable().describe('Null for a confirmation that predates the register.'),
  decisionId: uuid.nullable(),
});
const Register = z.object({ collectiveId: uuid, idNumbersMasked: z.boolean(), items: z.array(RegisterEntry) });

const Decision = z.object({
  id: uuid,
  decidedOn: date,
  meetingType: z.enum(MEETING_TYPES),
  matter: z.enum(DECISION_MATTERS),
  title: z.string(),
  text: z.string(),
  entitled: int(1),
  presentInPerson: int(),
  presentOnline: int(),
  presentByProxy: int(),
  votesFor: int(),
  votesAgainst: int(),
  votesAbstain: int(),
  settings: z
    .record(z.string(), z.union([z.int(), z.string(), z.boolean()]))
    .nullable()
    .describe('Charter settings the decision set (charter matters).'),
  hasMinutes: z.boolean(),
  createdAt: dateTime,
});
const MembershipEvent = z.object({
  id: uuid,
  memberId: uuid,
  householdId: uuid,
  kind: z.enum(MEMBERSHIP_KINDS),
  ground: z.enum(MEMBERSHIP_GROUNDS),
  effectiveOn: date.nullable(),
  decisionId: uuid.nullable(),
  note: z.string().nullable(),
  recordedAt: dateTime,
});

export type RegisterJson = z.infer<typeof Register>;
export type DecisionJson = z.infer<typeof Decision>;
export type MembershipEventJson = z.infer<typeof MembershipEvent>;

const answers = { MembersRegister: Register, Decision, DecisionList: z.object({ items: z.array(Decision) }), MembershipEvent };
const bodies = {
  NewDecision: decisionCommand.describe(
    'Counts are whole numbers; the law’s thresholds are checked (§27 two thirds present and two thirds of all in favour, §28, §15 three quarters): a miss answers 422 with the article.',
  ),
  MemberEnd: memberEndCommand.describe(
    'A member dies or leaves: ground of §17 (death, nationality, other_organisation, civil_servant) or §16 (voluntary_exit, citing the decision that consents), the date and the reason.',
  ),
  MembershipChange: membershipCommand.describe(
    'kind confirmed (§12 grounds), kept (§18), ended (§16–17). A confirmation other than birth, and a voluntary exit, cite a membership decision.',
  ),
};

function components(named: Record<string, z.ZodType>, io: 'input' | 'output'): Record<string, object> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { io, uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _s, $id: _i, ...schema }]) => [id, schema]));
}

export const membershipSchemas = { ...components(answers, 'output'), ...components(bodies, 'input') };

export const MEMBERSHIP_TAGS = ['members'];

const readErrors = { 401: res('Unauthorized'), 403: res('Forbidden'), 404: res('NotFound'), 500: res('Internal') };
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

export const membershipPaths = {
  '/v1/collectives/{id}/members': {
    parameters: [idParam],
    get: {
      tags: ['members'],
      summary: '成员名册: the members’ register of a collective',
      description:
        "Every person recorded, with status, ground, date and decision (农村集体经济组织法 §12, §16–18). The collective's officers and the bureau of its region; farmers 404.",
      responses: { 200: ok('The register', 'MembersRegister'), ...readErrors },
    },
  },
  '/v1/collectives/{id}/decisions': {
    parameters: [idParam],
    get: {
      tags: ['members'],
      summary: 'Decisions of the members’ meeting',
      description: 'Officers, the bureau, and every farmer of the collective (§13(3): members may inspect them).',
      responses: { 200: ok('Newest first', 'DecisionList'), ...readErrors },
    },
    post: {
      tags: ['members'],
      summary: 'Record a decision (thresholds of §27, §28, §15 checked)',
      description:
        "The collective's officer. A charter decision sets the collective's settings (share cap, notice days, land-return notice ≥ 6 months).",
      requestBody: { required: true, content: json(ref('NewDecision')) },
      responses: { 201: { ...ok('The decision', 'Decision'), headers: { Location: { schema: { type: 'string' } } } }, ...writeErrors },
    },
  },
  '/v1/members/{id}/membership': {
    parameters: [idParam],
    post: {
      tags: ['members'],
      summary: 'Confirm, keep or end a membership',
      description: "The collective's officer. Never deletes: the event is added to the person's history; a death closes their account.",
      requestBody: { required: true, content: json(ref('MembershipChange')) },
      responses: { 201: ok('The recorded event', 'MembershipEvent'), ...writeErrors },
    },
  },
  '/v1/members/{id}/end': {
    parameters: [idParam],
    post: {
      tags: ['members'],
      summary: 'A member dies or leaves',
      description:
        "The collective's officer. The membership ends in the 成员名册 (§16–17) with the date and the reason; the person stays in the household's history, a death closes their account, and later listings no longer ask for their consent.",
      requestBody: { required: true, content: json(ref('MemberEnd')) },
      responses: { 201: ok('The recorded event', 'MembershipEvent'), ...writeErrors },
    },
  },
};
