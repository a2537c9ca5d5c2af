import { z } from 'zod';
import { ESCROW_KINDS } from '../../models/escrow';
import { res } from './openapi-parts';

// Issue 20: the supervised account's statement in the OpenAPI document (merged by
// routes/api/openapi.ts); routes/api/v1/escrow-statement.ts answers this type, and
// test/http/escrow-statement-api.test.ts calls the operation.

const uuid = z.string().meta({ format: 'uuid' });
const date = z.string().meta({ format: 'date' });
const fen = z.int().describe('Integer fen (1 yuan = 100 fen).');

const Household = z
  .object({
    id: uuid,
    code: z.string(),
    name: z.string().describe("In full for the collective's officers; masked (张**) otherwise (rule 14)."),
  })
  .nullable();
const Line = z.object({
  id: uuid,
  day: date.describe("The bank's value date, else the day it was recorded (Asia/Shanghai)."),
  kind: z.enum(ESCROW_KINDS),
  amountFen: fen,
  signedFen: z
    .int()
    .describe('The effect on the account: + money in, − money out, 0 a deposit credited to a price (moved inside the account).'),
  balanceFen: fen.describe('The account balance after this movement.'),
  listingId: uuid,
  offerId: uuid.nullable(),
  dealId: uuid.nullable(),
  dealNumber: z.string().nullable(),
  household: Household,
  bankReference: z.string().nullable(),
  note: z.string().nullable(),
  recordedAt: z.string().meta({ format: 'date-time' }),
});
const Holding = z.object({
  holder: z.enum(['offer', 'deal']).describe('A bid deposit, or a contract price (with the winning deposit credited to it).'),
  id: uuid,
  listingId: uuid,
  dealNumber: z.string().nullable(),
  status: z.string().describe("The offer's or the deal's status."),
  household: Household,
  heldFen: fen,
  since: date,
});
const Statement = z.object({
  collectiveId: uuid,
  collective: z.string(),
  from: date,
  to: date,
  namesMasked: z.boolean(),
  openingFen: fen,
  inFen: fen,
  outFen: fen,
  closingFen: fen.describe('= openingFen + inFen − outFen = heldFen.'),
  heldFen: fen.describe('The sum of holdings[].heldFen.'),
  reconciles: z.boolean(),
  totals: z.object(Object.fromEntries(ESCROW_KINDS.map((k) => [k, fen])) as Record<(typeof ESCROW_KINDS)[number], typeof fen>),
  lines: z.array(Line),
  holdings: z.array(Holding),
});

export type EscrowStatementJson = z.infer<typeof Statement>;

const registry = z.registry<{ id: string }>();
registry.add(Statement, { id: 'EscrowStatement' });
const { schemas } = z.toJSONSchema(registry, { io: 'output', uri: (id) => `#/components/schemas/${id}` });
export const escrowSchemas = Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _s, $id: _i, ...schema }]) => [id, schema]));

export const ESCROW_TAGS = ['statements'];

const dateParam = (name: 'from' | 'to', description: string) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema: { type: 'string', format: 'date' },
});

export const escrowPaths = {
  '/v1/collectives/{id}/escrow-statement': {
    parameters: [
      {
        name: 'id',
        in: 'path',
        required: true,
        description: "Collective id (UUID); one outside the caller's scope answers 404.",
        schema: { type: 'string' },
      },
    ],
    get: {
      tags: ['statements'],
      summary: '资金监管对账单: the statement of the collective’s supervised account',
      description:
        "Every movement of the period with the opening and closing balance, the totals per kind, and what the account still holds per bid and contract at the end of the period; reconciles to the fen. The collective's officers, the bureau of its region and admins; farmers 404. The households shown count as a read of personal data.",
      parameters: [
        dateParam('from', 'First day (YYYY-MM-DD, Asia/Shanghai); default 1 January of the year of `to`.'),
        dateParam('to', 'Last day, inclusive; default today.'),
      ],
      responses: {
        200: {
          description: 'The statement',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/EscrowStatement' } } },
        },
        401: res('Unauthorized'),
        403: res('Forbidden'),
        404: res('NotFound'),
        422: res('Unprocessable'),
        500: res('Internal'),
      },
    },
  },
};
