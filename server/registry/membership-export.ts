import type { ColType, Table } from '../oversight/tables';
import { tableCsv, tablesXlsx } from '../platform/files/table-export';
import type { RegisterRow } from './membership';

// The 成员名册 as filed with the township and the county (农村集体经济组织法 §12): one row per
// person ever recorded, in the filing language the route passes (Chinese), with status, ground,
// date and the decision. ID numbers are as the reader may see them (collectiveRegister masks them).

/** The words of the file, from the route's dictionary (areas do not read the dictionaries). */
export type RegisterWords = {
  columns: string[];
  sex: Record<string, string>;
  relation: Record<string, string>;
  status: Record<string, string>;
  kind: Record<string, string>;
  ground: Record<string, string>;
  migrated: string;
};

export function registerTable(rows: RegisterRow[], w: RegisterWords, title: string): Table {
  return {
    id: 'members',
    title,
    columns: w.columns,
    types: w.columns.map(() => 'text' as ColType),
    rows: rows.map((r) => [
      r.householdCode,
      r.name,
      w.sex[r.sex] ?? r.sex,
      w.relation[r.relation] ?? r.relation,
      r.idNumber,
      w.status[r.status] ?? r.status,
      r.kind ? (w.kind[r.kind] ?? r.kind) : '',
      r.ground ? (w.ground[r.ground] ?? r.ground) : '',
      r.effectiveOn ?? (r.kind ? w.migrated : ''),
      r.decisionId ?? '',
    ]),
  };
}

export const registerCsv = (rows: RegisterRow[], w: RegisterWords): Buffer => tableCsv(registerTable(rows, w, ''));
export const registerXlsx = (rows: RegisterRow[], w: RegisterWords, heading: string): Promise<Buffer> =>
  tablesXlsx([registerTable(rows, w, heading)], heading);
