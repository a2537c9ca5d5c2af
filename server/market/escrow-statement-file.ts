import { stringify } from 'csv-stringify/sync';
import type { EscrowKind } from '../../models/escrow';
import type { ColType, Table } from '../oversight/tables';
import { safeCell, tablesXlsx } from '../platform/files/table-export';
import type { Holding, Statement, StatementLine } from './escrow-statement';

// The statement as a spreadsheet (XLSX: a sheet each for the summary, the movements and what is
// held) and as one CSV (UTF-8 with a BOM, so that Excel reads the Chinese; the same three
// parts one after the other, a blank row between them). Amounts are yuan with two decimals,
// numbers in the XLSX; each one is a whole number of fen, so the file adds up to the fen.
// The words come from the route, in the filing language (areas do not read the dictionaries).

export type StatementWords = {
  heading: string;
  sheets: { summary: string; lines: string; held: string };
  summary: {
    collective: string;
    deal: string;
    from: string;
    to: string;
    opening: string;
    in: string;
    out: string;
    closing: string;
    held: string;
    item: string;
    yuan: string;
  };
  lineColumns: string[];
  heldColumns: string[];
  kind: Record<EscrowKind, string>;
  holder: { offer: string; deal: string };
  status: (holding: Holding) => string;
};

const yuan = (fen: number) => fen / 100;

function summaryTable(s: Statement, w: StatementWords): Table {
  const kinds: EscrowKind[] = [
    'deposit_in',
    'deposit_refund',
    'deposit_forfeit',
    'deposit_to_price',
    'price_in',
    'price_release',
    'price_refund',
  ];
  const rows: (string | number | null)[][] = [
    [w.summary.collective, s.collective.name],
    ...(s.deal ? [[w.summary.deal, s.deal.number]] : []),
    [w.summary.from, s.period.from],
    [w.summary.to, s.period.to],
    [w.summary.opening, yuan(s.openingFen)],
    ...kinds.map((k) => [w.kind[k], yuan(s.totals[k])]),
    [w.summary.in, yuan(s.inFen)],
    [w.summary.out, yuan(s.outFen)],
    [w.summary.closing, yuan(s.closingFen)],
    [w.summary.held, yuan(s.heldFen)],
  ];
  return { id: 'summary', title: w.sheets.summary, columns: [w.summary.item, w.summary.yuan], types: ['text', 'dec2'], rows };
}

function lineRow(l: StatementLine, w: StatementWords): (string | number | null)[] {
  return [
    l.day,
    w.kind[l.kind],
    l.signedFen > 0 ? yuan(l.amountFen) : null,
    l.signedFen < 0 ? yuan(l.amountFen) : null,
    l.signedFen === 0 ? yuan(l.amountFen) : null,
    yuan(l.balanceFen),
    l.dealNumber ?? '',
    l.household?.code ?? '',
    l.household?.name ?? '',
    l.bankReference ?? '',
    l.note ?? '',
  ];
}

function linesTable(s: Statement, w: StatementWords): Table {
  const types: ColType[] = ['text', 'text', 'dec2', 'dec2', 'dec2', 'dec2', 'text', 'text', 'text', 'text', 'text'];
  return { id: 'lines', title: w.sheets.lines, columns: w.lineColumns, types, rows: s.lines.map((l) => lineRow(l, w)) };
}

function heldTable(s: Statement, w: StatementWords): Table {
  return {
    id: 'held',
    title: w.sheets.held,
    columns: w.heldColumns,
    types: ['text', 'text', 'text', 'text', 'text', 'text', 'dec2'],
    rows: s.holdings.map((h) => [
      w.holder[h.kind],
      h.dealNumber ?? h.id,
      w.status(h),
      h.household?.code ?? '',
      h.household?.name ?? '',
      h.since,
      yuan(h.heldFen),
    ]),
    foot: [w.summary.held, '', '', '', '', '', yuan(s.heldFen)],
  };
}

export function statementTables(s: Statement, w: StatementWords): Table[] {
  return [summaryTable(s, w), linesTable(s, w), heldTable(s, w)];
}

export function statementXlsx(s: Statement, w: StatementWords): Promise<Buffer> {
  return tablesXlsx(statementTables(s, w), w.heading);
}

export function statementCsv(s: Statement, w: StatementWords): Buffer {
  const out: (string | number | null)[][] = [];
  for (const t of statementTables(s, w)) {
    if (out.length) out.push([]);
    out.push([t.title], t.columns, ...t.rows, ...(t.foot ? [t.foot] : []));
  }
  const text = stringify(out.map((r) => r.map((v) => (v == null ? '' : safeCell(v)))));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}
