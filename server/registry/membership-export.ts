import type { ColType, Table } from '../oversight/tables';
import { tableCsv, tablesXlsx } from '../platform/files/table-export';
import { membership as zhFile } from '../platform/i18n/zh/membership';
import { registry as zhRegistry } from '../platform/i18n/zh/registry';
import type { RegisterRow } from './membership';

// The 成员名册 as filed with the township and the county (农村集体经济组织法 §12): one row per
// person ever recorded, in Chinese (the filing language), with status, ground, date and the
// decision. ID numbers are as the reader may see them (collectiveRegister masks them).

const zh = zhFile.membership;
const COLUMNS = ['承包方编码', '姓名', '性别', '与户主关系', '公民身份号码', '成员状态', '最近变动', '依据', '生效日期', '决定编号'];
const TYPES: ColType[] = COLUMNS.map(() => 'text' as ColType);

export function registerTable(rows: RegisterRow[], title = '成员名册'): Table {
  return {
    id: 'members',
    title,
    columns: COLUMNS,
    types: TYPES,
    rows: rows.map((r) => [
      r.householdCode,
      r.name,
      zhRegistry.registry.sex[r.sex],
      zhRegistry.registry.relation[r.relation as keyof typeof zhRegistry.registry.relation] ?? r.relation,
      r.idNumber,
      zh.status[r.status],
      r.kind ? zh.kind[r.kind] : '',
      r.ground ? (zh.ground[r.ground as keyof typeof zh.ground] ?? r.ground) : '',
      r.effectiveOn ?? (r.kind ? zh.member.migrated : ''),
      r.decisionId ?? '',
    ]),
  };
}

export const registerCsv = (rows: RegisterRow[]): Buffer => tableCsv(registerTable(rows));
export const registerXlsx = (rows: RegisterRow[], heading: string): Promise<Buffer> => tablesXlsx([registerTable(rows)], heading);
