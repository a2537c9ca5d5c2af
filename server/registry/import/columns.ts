// The spreadsheet layout shared by the import, its templates and the export, defined once.
//
// XLSX: one sheet per kind of row (成员 Members, 承包地块 Land parcels, 宅基地 Homesteads,
// 股权 Shares); a sheet is recognised by its name, any other sheet (e.g. 说明) is ignored.
// CSV: one file; the first column 类型 Kind says which kind each row is, and a row uses only
// the columns of its kind. Headers are "中文 English"; either half alone is accepted too.
// Row 1 is the header, so row numbers in reports are the ones the user sees in the sheet.
import { VOCABULARY } from '../vocabulary';

const { zh, en } = VOCABULARY;

export const KINDS = ['member', 'land_parcel', 'homestead', 'shares'] as const;
export type Kind = (typeof KINDS)[number];

export const SHEETS: Record<Kind, { zh: string; en: string }> = {
  member: { zh: '成员', en: 'Members' },
  land_parcel: { zh: '承包地块', en: 'Land parcels' },
  homestead: { zh: '宅基地', en: 'Homesteads' },
  shares: { zh: '股权', en: 'Shares' },
};

export type ColKey =
  | 'kind'
  | 'householdCode'
  | 'name'
  | 'idNumber'
  | 'relation'
  | 'collectiveMember'
  | 'hukouStatus'
  | 'settledOn'
  | 'settledCity'
  | 'phone'
  | 'address'
  | 'contractNo'
  | 'startDate'
  | 'endDate'
  | 'parcelCode'
  | 'parcelName'
  | 'areaMu'
  | 'landClass'
  | 'east'
  | 'south'
  | 'west'
  | 'north'
  | 'homesteadCode'
  | 'location'
  | 'areaM2'
  | 'terrain'
  | 'approvalNo'
  | 'floorAreaM2'
  | 'shares'
  | 'certificateNo'
  | 'geojson'
  | 'sex'
  | 'birthDate'
  | 'status';

export type Column = {
  key: ColKey;
  zh: string;
  en: string;
  kinds: readonly Kind[];
  /** Kinds for which the column must be present and filled. */
  required?: readonly Kind[];
  /** Long digit strings: a numeric cell would lose digits, so it must be text. */
  digits?: boolean;
  /** Written by the export for reading only; the import recognises and ignores it. */
  exportOnly?: boolean;
};

const M: Kind[] = ['member'],
  L: Kind[] = ['land_parcel'],
  H: Kind[] = ['homestead'],
  S: Kind[] = ['shares'];
const RIGHTS: Kind[] = ['land_parcel', 'homestead', 'shares'];

export const COLUMNS: readonly Column[] = [
  { key: 'kind', zh: '类型', en: 'Kind', kinds: [] },
  { key: 'householdCode', zh: '承包方编码', en: 'Household code', kinds: [...KINDS], required: [...KINDS], digits: true },
  { key: 'name', zh: '姓名', en: 'Name', kinds: M, required: M },
  { key: 'idNumber', zh: '身份证号', en: 'ID number', kinds: M, required: M, digits: true },
  { key: 'relation', zh: '与户主关系', en: 'Relation to head', kinds: M, required: M },
  { key: 'collectiveMember', zh: '集体经济组织成员', en: 'Collective member', kinds: M },
  { key: 'hukouStatus', zh: '户籍状态', en: 'Hukou status', kinds: M },
  { key: 'settledOn', zh: '落户日期', en: 'Settled on', kinds: M },
  { key: 'settledCity', zh: '落户城市', en: 'Settled city', kinds: M },
  { key: 'phone', zh: '联系电话', en: 'Phone', kinds: M, digits: true },
  { key: 'address', zh: '住址', en: 'Address', kinds: M },
  { key: 'sex', zh: '性别', en: 'Sex', kinds: M, exportOnly: true },
  { key: 'birthDate', zh: '出生日期', en: 'Birth date', kinds: M, exportOnly: true },
  { key: 'contractNo', zh: '承包合同编号', en: 'Contract no', kinds: L, required: L },
  { key: 'startDate', zh: '承包期起', en: 'Term start', kinds: L, required: L },
  { key: 'endDate', zh: '承包期止', en: 'Term end', kinds: L, required: L },
  { key: 'parcelCode', zh: '地块编码', en: 'Parcel code', kinds: L, required: L, digits: true },
  { key: 'parcelName', zh: '地块名称', en: 'Parcel name', kinds: L, required: L },
  { key: 'areaMu', zh: '面积（亩）', en: 'Area (mu)', kinds: L, required: L },
  { key: 'landClass', zh: '地类', en: 'Land class', kinds: L, required: L },
  { key: 'east', zh: '东至', en: 'East', kinds: L, required: L },
  { key: 'south', zh: '南至', en: 'South', kinds: L, required: L },
  { key: 'west', zh: '西至', en: 'West', kinds: L, required: L },
  { key: 'north', zh: '北至', en: 'North', kinds: L, required: L },
  { key: 'homesteadCode', zh: '宗地代码', en: 'Plot code', kinds: H, required: H, digits: true },
  { key: 'location', zh: '坐落', en: 'Location', kinds: H, required: H },
  { key: 'areaM2', zh: '宗地面积（平方米）', en: 'Plot area (m2)', kinds: H, required: H },
  { key: 'terrain', zh: '地形', en: 'Terrain', kinds: H, required: H },
  { key: 'approvalNo', zh: '批准文号', en: 'Approval no', kinds: H, required: H },
  { key: 'floorAreaM2', zh: '房屋建筑面积（平方米）', en: 'Floor area (m2)', kinds: H },
  { key: 'shares', zh: '股数', en: 'Shares', kinds: S, required: S },
  { key: 'certificateNo', zh: '证书编号', en: 'Certificate no', kinds: RIGHTS },
  { key: 'geojson', zh: '范围GeoJSON', en: 'Outline GeoJSON', kinds: ['land_parcel', 'homestead'] },
  { key: 'status', zh: '状态', en: 'Status', kinds: RIGHTS, exportOnly: true },
];

const byKey = new Map(COLUMNS.map((c) => [c.key, c]));
export const column = (key: ColKey): Column => byKey.get(key)!;
export const headerText = (c: Column): string => `${c.zh} ${c.en}`;

/** The columns of one kind's sheet, in sheet order (template: without export-only columns). */
export function sheetColumns(kind: Kind, withExportOnly = false): Column[] {
  return COLUMNS.filter((c) => c.kinds.includes(kind) && (withExportOnly || !c.exportOnly));
}

/** The columns of the single CSV file: 类型 first, then every kind's columns once. */
export function csvColumns(withExportOnly = false): Column[] {
  return COLUMNS.filter((c) => withExportOnly || !c.exportOnly);
}

const norm = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s()（）/_\-·.:：*]/g, '');

const headerIndex = new Map<string, ColKey>();
for (const c of COLUMNS) for (const form of [c.zh, c.en, headerText(c), c.key]) headerIndex.set(norm(form), c.key);

export function matchHeader(text: string): ColKey | null {
  return headerIndex.get(norm(text)) ?? null;
}

const sheetIndex = new Map<string, Kind>();
for (const k of KINDS) for (const form of [SHEETS[k].zh, SHEETS[k].en, `${SHEETS[k].zh} ${SHEETS[k].en}`, k]) sheetIndex.set(norm(form), k);

export function matchSheet(name: string): Kind | null {
  return sheetIndex.get(norm(name)) ?? null;
}

export const sheetName = (k: Kind): string => `${SHEETS[k].zh} ${SHEETS[k].en}`;

// Values of choice columns: the code, or its Chinese or English label as shown on the pages.
function lookup<T extends string>(codes: readonly T[], labels: Record<string, string>[], extra: Record<string, T> = {}): Map<string, T> {
  const m = new Map<string, T>();
  for (const code of codes) {
    m.set(norm(code), code);
    for (const l of labels) if (l[code]) m.set(norm(l[code]), code);
  }
  for (const [k, v] of Object.entries(extra)) m.set(norm(k), v);
  return m;
}

export const CHOICES = {
  kind: lookup(KINDS, [{ member: '成员', land_parcel: '地块', homestead: '宅基地', shares: '股权' }], {
    承包地块: 'land_parcel',
    承包地: 'land_parcel',
    parcel: 'land_parcel',
    land: 'land_parcel',
    股数: 'shares',
  }),
  relation: lookup(Object.keys(zh.relation) as never[], [zh.relation, en.relation], { 本人: 'head' as never }),
  hukouStatus: lookup(['rural', 'settled_city'] as const, [zh.hukou, en.hukou], {
    农村: 'rural',
    农业户口: 'rural',
    进城落户: 'settled_city',
    已落户城镇: 'settled_city',
  }),
  landClass: lookup(Object.keys(zh.landClass) as never[], [zh.landClass, en.landClass]),
  terrain: lookup(['plain', 'hill', 'mountain'] as const, [zh.terrain, en.terrain]),
  collectiveMember: lookup(['true', 'false'] as const, [], {
    是: 'true',
    否: 'false',
    yes: 'true',
    no: 'false',
    y: 'true',
    n: 'false',
    1: 'true',
    0: 'false',
  }),
};

/** Maps a choice cell to its code; an unknown value is passed on so the schema reports it. */
export function choiceValue(kind: keyof typeof CHOICES, raw: string | undefined): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  return (CHOICES[kind] as Map<string, string>).get(norm(raw)) ?? raw;
}

/** A column letter as spreadsheets show it: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
