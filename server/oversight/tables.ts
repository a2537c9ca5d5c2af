import type { TFunction } from 'i18next';
import { LISTING_STATUSES } from '../../models/market';
import { RIGHT_KINDS, type RightKind } from '../../models/rights';
import type { Child } from './scope';
import { emptyCell, type Cell, type Stats } from './stats';

// One model per table, used three ways: the page renders it (the accessible, exportable
// form of each chart), the export writes it to XLSX/CSV, and the chart script draws from
// the same numbers. Values are raw numbers in display units (mu, m², shares, yuan);
// `types` says how to show each column.

export type ColType = 'text' | 'int' | 'dec2' | 'pct';
export type Chart = { type: 'bar' | 'line'; label: number; data: number[] };
export type Table = {
  id: string;
  title: string;
  columns: string[];
  types: ColType[];
  rows: (string | number | null)[][];
  links?: (string | null)[];
  foot?: (string | number | null)[];
  chart?: Chart;
};

export const TABLE_IDS = ['children', 'people', 'rights', 'listings', 'deals', 'prices', 'monthly'] as const;
export type TableId = (typeof TABLE_IDS)[number];

const units = (kind: RightKind, v: number) => (kind === 'shares' ? v : v / 100);
const yuan = (fen: number | null | undefined) => (fen == null ? null : fen / 100);
const pct = (part: number, whole: number) => (whole ? Math.round((part * 1000) / whole) / 10 : null);
const liveRights = (c: Cell) => RIGHT_KINDS.reduce((s, k) => s + c.rights[k].count, 0);
const certified = (c: Cell) => RIGHT_KINDS.reduce((s, k) => s + c.rights[k].certified, 0);
const registered = (c: Cell) => RIGHT_KINDS.reduce((s, k) => s + c.deals.transfer[k].count + c.deals.exit[k].count, 0);

export function unitLabel(t: TFunction, kind: RightKind): string {
  return t(`oversight.unit.${kind}`);
}

/** Every table of the dashboard (and the annual report) for one node. */
export function buildTables(t: TFunction, s: Stats, children: Child[], childLink: (c: Child) => string): Table[] {
  const T = s.total;
  const childRow = (name: string, c: Cell) => [
    name,
    c.households,
    c.persons,
    c.settledHouseholds,
    c.settledPersons,
    c.rights.land.count,
    c.rights.homestead.count,
    c.rights.shares.count,
    pct(certified(c), liveRights(c)),
    c.listings.total,
    registered(c),
  ];
  const kindLabel = (k: RightKind) => t(`oversight.kind.${k}`);
  const tables: Table[] = [];
  if (children.length) {
    tables.push({
      id: 'children',
      title: t('oversight.table.children'),
      columns: [
        'name',
        'households',
        'persons',
        'settledHouseholds',
        'settledPersons',
        'land',
        'homestead',
        'shares',
        'coverage',
        'listings',
        'registered',
      ].map((c) => t(`oversight.col.${c}`)),
      types: ['text', 'int', 'int', 'int', 'int', 'int', 'int', 'int', 'pct', 'int', 'int'],
      rows: children.map((c) => childRow(c.name, s.byChild[c.key] ?? emptyCell())),
      links: children.map(childLink),
      foot: childRow(t('oversight.total'), T),
      chart: { type: 'bar', label: 0, data: [1, 3] },
    });
  }
  tables.push({
    id: 'people',
    title: t('oversight.table.people'),
    columns: [t('oversight.col.indicator'), t('oversight.col.value')],
    types: ['text', 'int'],
    rows: [
      ['households', T.households],
      ['persons', T.persons],
      ['settledHouseholds', T.settledHouseholds],
      ['settledPersons', T.settledPersons],
    ].map(([k, v]) => [t(`oversight.col.${k}`), v as number]),
  });
  tables.push({
    id: 'rights',
    title: t('oversight.table.rights'),
    columns: ['kind', 'unit', 'count', 'amount', 'certified', 'coverage', 'settledCount', 'settledAmount'].map((c) =>
      t(`oversight.col.${c}`),
    ),
    types: ['text', 'text', 'int', 'dec2', 'int', 'pct', 'int', 'dec2'],
    rows: RIGHT_KINDS.map((k) => {
      const r = T.rights[k];
      return [
        kindLabel(k),
        unitLabel(t, k),
        r.count,
        units(k, r.units),
        r.certified,
        pct(r.certified, r.count),
        r.settledCount,
        units(k, r.settledUnits),
      ];
    }),
    chart: { type: 'bar', label: 0, data: [2, 4] },
  });
  tables.push({
    id: 'listings',
    title: t('oversight.table.listings'),
    columns: [t('oversight.col.state'), t('oversight.col.count')],
    types: ['text', 'int'],
    rows: [...LISTING_STATUSES, 'suspended' as const].map((st) => [t(`oversight.state.${st}`), T.listings[st]]),
    foot: [t('oversight.total'), T.listings.total],
    chart: { type: 'bar', label: 0, data: [1] },
  });
  tables.push({
    id: 'deals',
    title: t('oversight.table.deals'),
    columns: ['path', 'kind', 'unit', 'count', 'amount', 'valueYuan'].map((c) => t(`oversight.col.${c}`)),
    types: ['text', 'text', 'text', 'int', 'dec2', 'dec2'],
    rows: (['transfer', 'exit'] as const).flatMap((p) =>
      RIGHT_KINDS.map((k) => {
        const d = T.deals[p][k];
        return [t(`oversight.path.${p}`), kindLabel(k), unitLabel(t, k), d.count, units(k, d.units), yuan(d.valueFen)];
      }),
    ),
  });
  tables.push({
    id: 'prices',
    title: t('oversight.table.prices'),
    columns: ['kind', 'priceUnit', 'count', 'median', 'p25', 'p75', 'min', 'max'].map((c) => t(`oversight.col.${c}`)),
    types: ['text', 'text', 'int', 'dec2', 'dec2', 'dec2', 'dec2', 'dec2'],
    rows: RIGHT_KINDS.map((k) => {
      const p = s.prices[k];
      return [
        kindLabel(k),
        t(`oversight.priceUnit.${k}`),
        p?.count ?? 0,
        yuan(p?.median),
        yuan(p?.p25),
        yuan(p?.p75),
        yuan(p?.min),
        yuan(p?.max),
      ];
    }),
  });
  tables.push({
    id: 'monthly',
    title: t('oversight.table.monthly'),
    columns: [
      'month',
      'newHouseholds',
      'settlements',
      'listingsStarted',
      'submitted',
      'transfers',
      'exits',
      'valueYuan',
      'medianLand',
      'medianHomestead',
      'medianShares',
    ].map((c) => t(`oversight.col.${c}`)),
    types: ['text', 'int', 'int', 'int', 'int', 'int', 'int', 'dec2', 'dec2', 'dec2', 'dec2'],
    rows: s.series.map((m) => [
      m.month,
      m.households,
      m.settlements,
      m.listings,
      m.submitted,
      m.transfers,
      m.exits,
      yuan(m.valueFen),
      yuan(m.median.land),
      yuan(m.median.homestead),
      yuan(m.median.shares),
    ]),
    chart: { type: 'line', label: 0, data: [3, 5, 6] },
  });
  return tables;
}

// Built once: toLocaleString builds a new formatter on every call, and a dashboard shows
// hundreds of figures (it was a fifth of the city dashboard's time under load).
const decimals2 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const grouped = new Intl.NumberFormat('en-US');

/** A value as shown on the page (the export keeps the number). */
export function show(v: string | number | null, type: ColType): string {
  if (v == null) return '—';
  if (typeof v === 'string') return v;
  if (type === 'pct') return `${v.toFixed(1)}%`;
  if (type === 'dec2') return decimals2.format(v);
  return grouped.format(v);
}
