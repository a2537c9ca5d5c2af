import { z } from 'zod';
import { moneyInCommand } from '../../server/market';
import { idParam, json, ref, res } from './openapi-parts';

// Issue 20: the OpenAPI paths of the market's money (routes/api/v1/market-money.ts). The bodies
// are the commands' own JSON schemas (server/market/commands.ts moneyInCommand).

const errors = {
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
/** The document's tag for these operations (their own, so their test demands them all: test/http/api-market-money.test.ts). */
export const MONEY_TAGS = ['market-money'];

const OFFICER = "The officer of the listing's collective; other roles 403.";

export const marketMoneyPaths = {
  '/v1/offers/{id}/deposit': {
    parameters: [idParam],
    post: {
      tags: MONEY_TAGS,
      summary: 'Record a bidder’s deposit (保证金) as received into the supervised account',
      description: `${OFFICER} amountFen must equal the listing's depositFen (fixed at publication); once per offer (a repeat answers 409 and records nothing). The offer counts (rule 9) only once its deposit is received.`,
      requestBody: { required: true, content: json(ref('MoneyIn')) },
      responses: { 201: { description: 'The offer', content: json(ref('Offer')) }, ...errors },
    },
  },
  '/v1/deals/{id}/escrow': {
    parameters: [idParam],
    post: {
      tags: MONEY_TAGS,
      summary: 'Record the price paid into the supervised account (资金监管)',
      description: `${OFFICER} A supervised deal, after both signed: amountFen must equal the price less the deposit credited to it, to the fen. The deal becomes paid; registration releases the whole amount to the seller in the same transaction as the change of holder.`,
      requestBody: { required: true, content: json(ref('MoneyIn')) },
      responses: { 201: { description: 'The deal after the step', content: json(ref('Deal')) }, ...errors },
    },
  },
};

export const marketMoneySchemas = {
  MoneyIn: (() => {
    const { $schema: _s, ...schema } = z.toJSONSchema(
      moneyInCommand.json.describe(
        'Money received: amountFen (integer fen), valueDate (YYYY-MM-DD, the bank slip’s, not after today), bankReference.',
      ),
      { io: 'input' },
    ) as Record<string, unknown>;
    return schema;
  })(),
};
