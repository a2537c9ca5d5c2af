import { Router, type Request, type Response } from 'express';
import type { TFunction } from 'i18next';
import type { RouterDeps } from '../../server/platform/deps';
import { actorOf, requireRole } from '../../server/platform/auth/guards';
import { ValidationError } from '../../server/kernel/errors';
import { translateErrors } from '../../server/platform/messages';
import {
  collectiveStatement,
  dealStatement,
  parsePeriod,
  statementCollective,
  statementCsv,
  statementXlsx,
  wholePeriod,
  type Holding,
  type Period,
  type Statement,
  type StatementWords,
} from '../../server/market';

// Issue 20 item 3: the statement of a collective's supervised account (资金监管), for its officers
// and the bureau of its region, on a page with a period filter and as XLSX or CSV; and one
// deal's money on a page of its own (the deal page links it). Reads only; the households shown
// are counted as a read of personal data (the page, a download).

const KINDS = ['deposit_in', 'deposit_refund', 'deposit_forfeit', 'deposit_to_price', 'price_in', 'price_release', 'price_refund'] as const;

export function statementWords(t: TFunction): StatementWords {
  const c = (k: string) => t(`escrowStatement.col.${k}`);
  return {
    heading: t('escrowStatement.fileHeading'),
    sheets: { summary: t('escrowStatement.sheet.summary'), lines: t('escrowStatement.sheet.lines'), held: t('escrowStatement.sheet.held') },
    summary: {
      collective: t('escrowStatement.collective'),
      deal: t('escrowStatement.deal'),
      from: t('escrowStatement.from'),
      to: t('escrowStatement.to'),
      opening: t('escrowStatement.opening'),
      in: t('escrowStatement.in'),
      out: t('escrowStatement.out'),
      closing: t('escrowStatement.closing'),
      held: t('escrowStatement.held'),
      item: c('item'),
      yuan: c('amount'),
    },
    lineColumns: ['day', 'kind', 'in', 'out', 'moved', 'balance', 'deal', 'householdCode', 'household', 'bankReference', 'note'].map(c),
    heldColumns: ['holder', 'ref', 'status', 'householdCode', 'household', 'since', 'amount'].map(c),
    kind: Object.fromEntries(KINDS.map((k) => [k, t(`escrowStatement.kind.${k}`)])) as StatementWords['kind'],
    holder: { offer: t('escrowStatement.holder.offer'), deal: t('escrowStatement.holder.deal') },
    status: (h: Holding) => (h.status ? t(`market.${h.kind === 'offer' ? 'offerStatus' : 'dealStatus'}.${h.status}`) : ''),
  };
}

const FILE_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
} as const;

async function sendFile(req: Request, res: Response, s: Statement, format: 'xlsx' | 'csv', base: string) {
  const w = statementWords(req.t);
  res
    .set({ 'Content-Disposition': `attachment; filename="${base}-${s.period.from}-${s.period.to}.${format}"`, 'Cache-Control': 'no-store' })
    .type(FILE_TYPES[format])
    .send(format === 'xlsx' ? await statementXlsx(s, w) : statementCsv(s, w));
}

const qs = (p: Period) => `from=${p.from}&to=${p.to}`;

export function escrowStatementRouter(deps: RouterDeps): Router {
  const r = Router();
  const { db, clock } = deps;
  const id = (req: Request) => req.params.id as string;
  const staff = requireRole('officer', 'bureau', 'admin');

  // The officer's menu entry: their own collective's statement.
  r.get('/escrow-statement', requireRole('officer'), (req, res) => {
    res.redirect(`/collectives/${actorOf(req).collectiveId}/escrow-statement`);
  });

  r.get('/collectives/:id/escrow-statement', staff, async (req, res) => {
    const at = clock.now();
    let period: Period;
    try {
      period = parsePeriod(req.query, at);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      // The scope first: a refusal of the dates tells nothing about a collective out of scope.
      const c = await statementCollective(db, actorOf(req), id(req));
      return res.status(422).render('market/escrow-statement', {
        title: req.t('escrowStatement.title', { collective: c.name }),
        s: null,
        base: `/collectives/${id(req)}/escrow-statement`,
        qs: '',
        values: req.query,
        errors: translateErrors(req.t, err),
      });
    }
    const s = await collectiveStatement(db, actorOf(req), id(req), period, 'search', at);
    res.render('market/escrow-statement', {
      title: req.t('escrowStatement.title', { collective: s.collective.name }),
      s,
      base: `/collectives/${s.collective.id}/escrow-statement`,
      qs: qs(period),
      values: period,
      errors: {},
    });
  });

  r.get('/deals/:id/escrow-statement', staff, async (req, res) => {
    const at = clock.now();
    const period = req.query.from || req.query.to ? parsePeriod(req.query, at) : wholePeriod(at);
    const s = await dealStatement(db, actorOf(req), id(req), period, 'search', at);
    res.render('market/escrow-statement', {
      title: req.t('escrowStatement.dealTitle', { number: s.deal!.number }),
      s,
      base: `/deals/${s.deal!.id}/escrow-statement`,
      qs: qs(period),
      values: period,
      errors: {},
    });
  });

  for (const format of ['xlsx', 'csv'] as const) {
    r.get(`/collectives/:id/escrow-statement.${format}`, staff, async (req, res) => {
      const at = clock.now();
      const s = await collectiveStatement(db, actorOf(req), id(req), parsePeriod(req.query, at), 'export', at);
      await sendFile(req, res, s, format, 'escrow-statement');
    });
    r.get(`/deals/:id/escrow-statement.${format}`, staff, async (req, res) => {
      const at = clock.now();
      const period = req.query.from || req.query.to ? parsePeriod(req.query, at) : wholePeriod(at);
      const s = await dealStatement(db, actorOf(req), id(req), period, 'export', at);
      await sendFile(req, res, s, format, 'escrow-deal');
    });
  }
  return r;
}
