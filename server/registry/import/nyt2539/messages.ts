// Every problem found in a package, as a key with its table, row and field, and the words
// for it in Chinese and English. Local to this module until the import pipeline is unified
// (then these move into the i18n files). `error` keeps the collective out of the write
// (all or nothing per collective); `warning` is shown and the row is kept, flagged.

type Entry = { severity: 'error' | 'warning'; zh: string; en: string };

export const MESSAGES = {
  'table.missing': { severity: 'error', zh: '数据包中没有表 {table}（{name}）', en: 'The package has no table {table} ({name})' },
  'field.missing': { severity: 'error', zh: '表 {table} 缺少字段 {field}（{name}）', en: 'Table {table} has no field {field} ({name})' },
  'layer.missing': {
    severity: 'warning',
    zh: '数据包中没有地块图层 DK：地块将没有图形',
    en: 'The package has no parcel layer DK: parcels will have no shape',
  },
  'value.required': { severity: 'error', zh: '必须填写', en: 'must be filled in' },
  'value.codeForm': { severity: 'error', zh: '应为 {digits} 位数字，实为「{value}」', en: 'must be {digits} digits, not "{value}"' },
  'value.lostDigits': {
    severity: 'error',
    zh: '以数字格式保存，15 位以后的数字已丢失（「{value}」）；请把该列设为文本后重新导出',
    en: 'stored as a number, so digits past the 15th were lost ("{value}"); export the column as text',
  },
  'value.badCode': { severity: 'error', zh: '「{value}」不是{list}中的代码', en: '"{value}" is not a code of {list}' },
  'value.badDate': {
    severity: 'error',
    zh: '「{value}」不是日期（应为 YYYYMMDD 或 YYYY-MM-DD）',
    en: '"{value}" is not a date (YYYYMMDD or YYYY-MM-DD)',
  },
  'value.badNumber': { severity: 'error', zh: '「{value}」不是数字', en: '"{value}" is not a number' },
  'fbf.duplicate': {
    severity: 'error',
    zh: '发包方编码 {code} 重复（第 {firstRow} 行已有）',
    en: 'Collective code {code} appears twice (already on row {firstRow})',
  },
  'fbf.unknownToRegistry': {
    severity: 'error',
    zh: '发包方 {code} 在本系统中不存在，请先建立该集体经济组织',
    en: 'Collective {code} does not exist in the registry: create it first',
  },
  'cbf.duplicate': {
    severity: 'error',
    zh: '承包方编码 {code} 重复（第 {firstRow} 行已有）',
    en: 'Household code {code} appears twice (already on row {firstRow})',
  },
  'cbf.unknownFbf': {
    severity: 'error',
    zh: '承包方编码 {code} 所属的发包方 {fbf} 不在 FBF 表中',
    en: 'Household {code} belongs to collective {fbf}, which is not in table FBF',
  },
  'cbf.notHousehold': {
    severity: 'error',
    zh: '承包方类型为「单位」，本系统只登记农户',
    en: 'The contractor is an organisation (单位): the registry holds households only',
  },
  'cbf.noMembers': { severity: 'error', zh: '承包方 {code} 在 CBF_JTCY 中没有家庭成员', en: 'Household {code} has no members in CBF_JTCY' },
  'cbf.noHead': {
    severity: 'error',
    zh: '承包方 {code} 没有户主（与户主关系为本人/户主）',
    en: 'Household {code} has no head (relation 本人/户主)',
  },
  'cbf.manyHeads': { severity: 'error', zh: '承包方 {code} 有 {count} 名户主', en: 'Household {code} has {count} heads' },
  'cbf.headName': {
    severity: 'warning',
    zh: '承包方名称「{name}」与户主姓名「{head}」不一致',
    en: 'Contractor name "{name}" differs from the head "{head}"',
  },
  'cbf.memberCount': {
    severity: 'warning',
    zh: '成员数量填写为 {declared}，CBF_JTCY 中有 {found} 人',
    en: 'Member count says {declared}; CBF_JTCY lists {found}',
  },
  'jtcy.unknownCbf': { severity: 'error', zh: '承包方编码 {code} 不在 CBF 表中', en: 'Household {code} is not in table CBF' },
  'member.idInvalid': { severity: 'error', zh: '「{value}」不是有效的公民身份号码', en: '"{value}" is not a valid resident ID number' },
  'member.id15': {
    severity: 'warning',
    zh: '15 位旧身份证号 {value}：原样保留并标记，对应的 18 位号码为 {upgraded}，请核实',
    en: 'Old 15-digit ID {value}: kept as it is and flagged; its 18-digit form is {upgraded}, to be checked',
  },
  'member.idNotStorable': {
    severity: 'error',
    zh: '证件类型为「{type}」：本系统按公民身份号码登记成员，请补充身份证号',
    en: 'ID document type "{type}": the registry records members by resident ID number; add it',
  },
  'member.duplicateId': {
    severity: 'error',
    zh: '证件号码 {value} 重复（{firstTable} 第 {firstRow} 行已有）',
    en: 'ID number {value} appears twice (already in {firstTable} row {firstRow})',
  },
  'member.sexMismatch': { severity: 'warning', zh: '性别与身份证号不符', en: 'Sex does not match the ID number' },
  'member.deceased': {
    severity: 'warning',
    zh: '成员备注为「去世」：保留并标记，请核实是否应注销',
    en: 'Member noted as deceased: kept and flagged, check whether to remove',
  },
  'cbht.duplicate': {
    severity: 'error',
    zh: '承包合同编码 {code} 重复（第 {firstRow} 行已有）',
    en: 'Contract code {code} appears twice (already on row {firstRow})',
  },
  'cbht.unknownCbf': { severity: 'error', zh: '承包方 {code} 不在 CBF 表中', en: 'Household {code} is not in table CBF' },
  'cbht.unknownFbf': { severity: 'error', zh: '发包方 {code} 不在 FBF 表中', en: 'Collective {code} is not in table FBF' },
  'cbht.fbfMismatch': {
    severity: 'error',
    zh: '发包方 {fbf} 与承包方编码 {cbf} 的前 14 位不符',
    en: 'Collective {fbf} does not match the first 14 digits of household {cbf}',
  },
  'cbht.term': { severity: 'error', zh: '承包期限止 {end} 不晚于承包期限起 {start}', en: 'Term end {end} is not after its start {start}' },
  'cbht.parcelCount': {
    severity: 'warning',
    zh: '承包地块总数填写为 {declared}，CBDKXX 中有 {found} 块',
    en: 'Parcel count says {declared}; CBDKXX lists {found}',
  },
  'cbdk.duplicate': {
    severity: 'error',
    zh: '地块编码 {code} 重复（第 {firstRow} 行已有）',
    en: 'Parcel code {code} appears twice (already on row {firstRow})',
  },
  'cbdk.unknownContract': { severity: 'error', zh: '承包合同 {code} 不在 CBHT 表中', en: 'Contract {code} is not in table CBHT' },
  'cbdk.cbfMismatch': {
    severity: 'error',
    zh: '承包方 {cbf} 与承包合同 {contract} 的承包方 {expected} 不符',
    en: "Household {cbf} differs from contract {contract}'s household {expected}",
  },
  'cbdk.fbfMismatch': {
    severity: 'error',
    zh: '地块编码 {code} 的前 14 位与发包方 {fbf} 不符',
    en: 'Parcel code {code} does not start with collective {fbf}',
  },
  'cbdk.noShape': { severity: 'warning', zh: '地块 {code} 在地块图层 DK 中没有图形', en: 'Parcel {code} has no shape in layer DK' },
  'cbdk.notContractLand': {
    severity: 'warning',
    zh: '地块 {code} 的地块类别为「{category}」，不是承包地块',
    en: 'Parcel {code} is of category "{category}", not contracted land',
  },
  'cbdk.noArea': {
    severity: 'error',
    zh: '地块 {code} 没有面积（DK 的 SCMJ/SCMJM 与 CBDKXX 的 HTMJ/HTMJM 均为空）',
    en: 'Parcel {code} has no area (SCMJ/SCMJM in DK and HTMJ/HTMJM in CBDKXX are empty)',
  },
  'cbdk.areaRange': {
    severity: 'error',
    zh: '地块 {code} 面积 {mu} 亩超出范围（0.01～10000 亩）',
    en: 'Parcel {code}: {mu} mu is out of range (0.01–10,000 mu)',
  },
  'dk.duplicate': {
    severity: 'error',
    zh: '地块编码 {code} 在图层中重复（第 {firstRow} 条记录已有）',
    en: 'Parcel code {code} appears twice in the layer (already record {firstRow})',
  },
  'dk.unreferenced': {
    severity: 'warning',
    zh: '承包地块 {code} 不在 CBDKXX 中，未导入',
    en: 'Contracted parcel {code} is not in CBDKXX: not imported',
  },
  'dk.areaUnits': {
    severity: 'warning',
    zh: '实测面积 {m2} 平方米应为 {expected} 亩，填写为 {mu} 亩',
    en: 'Surveyed {m2} m² is {expected} mu, but {mu} mu is recorded',
  },
  'cert.duplicate': {
    severity: 'error',
    zh: '权证编码 {code} 重复（第 {firstRow} 行已有）',
    en: 'Certificate {code} appears twice (already on row {firstRow})',
  },
  'cert.orphan': {
    severity: 'warning',
    zh: '权证 {code} 找不到对应的承包合同或地块',
    en: 'Certificate {code} belongs to no contract or parcel',
  },
  'cert.unknown': { severity: 'error', zh: '权证 {code} 不在 CBJYQZ 表中', en: 'Certificate {code} is not in table CBJYQZ' },
  'lzht.duplicate': {
    severity: 'error',
    zh: '流转合同编码 {code} 重复（第 {firstRow} 行已有）',
    en: 'Transfer contract {code} appears twice (already on row {firstRow})',
  },
  'lzht.unknownContract': { severity: 'error', zh: '承包合同 {code} 不在 CBHT 表中', en: 'Contract {code} is not in table CBHT' },
  'lzht.unknownCbf': { severity: 'error', zh: '承包方 {code} 不在 CBF 表中', en: 'Household {code} is not in table CBF' },
  'lzht.term': { severity: 'error', zh: '流转期限结束 {end} 不晚于开始 {start}', en: 'Transfer end {end} is not after its start {start}' },
  'topo.selfIntersection': {
    severity: 'error',
    zh: '地块 {code} 的边界自相交（约在 X={x}, Y={y}）',
    en: 'Parcel {code} crosses itself (near X={x}, Y={y})',
  },
  'topo.invalid': {
    severity: 'error',
    zh: '地块 {code} 的图形无效：{reason}（约在 X={x}, Y={y}）',
    en: 'Parcel {code} has an invalid shape: {reason} (near X={x}, Y={y})',
  },
  'topo.overlap': {
    severity: 'error',
    zh: '地块 {code} 与地块 {other}（第 {otherRow} 条记录）重叠 {area} 平方米',
    en: 'Parcel {code} overlaps parcel {other} (record {otherRow}) by {area} m²',
  },
  'topo.area': {
    severity: 'warning',
    zh: '地块 {code} 图形面积 {computed} 平方米与实测面积 {recorded} 平方米相差 {percent}%',
    en: 'Parcel {code}: its shape is {computed} m², the surveyed area {recorded} m² ({percent}% apart)',
  },
  'topo.outside': {
    severity: 'error',
    zh: '地块 {code} 有 {area} 平方米在{boundary}界线之外',
    en: 'Parcel {code} lies {area} m² outside the {boundary} boundary',
  },
  // Against the registry (plan.ts): what the package would change that the registry already holds otherwise.
  'db.householdElsewhere': {
    severity: 'error',
    zh: '承包方编码 {code} 已登记在另一个集体经济组织',
    en: 'Household code {code} is already registered in another collective',
  },
  'db.idTaken': {
    severity: 'error',
    zh: '身份证号 {value} 已登记为另一户的成员',
    en: 'ID number {value} is already registered as a member of another household',
  },
  'db.contractTaken': {
    severity: 'error',
    zh: '承包合同编号 {value} 已登记在另一户名下',
    en: 'Contract number {value} is already registered to another household',
  },
  'db.parcelTaken': {
    severity: 'error',
    zh: '地块编码 {code} 已登记在另一份承包合同中',
    en: 'Parcel code {code} is already registered under another contract',
  },
  'db.certificateTaken': {
    severity: 'error',
    zh: '权证编号 {value} 已被使用',
    en: 'Certificate number {value} is already in use',
  },
  'db.parcelNotRegistered': {
    severity: 'warning',
    zh: '合同 {contract} 已登记，但其中没有地块 {code}：该地块不会写入，请在登记簿中补登',
    en: 'Contract {contract} is registered without parcel {code}: the parcel is not written; add it in the register',
  },
  'scope.notYours': {
    severity: 'warning',
    zh: '发包方 {code} 不是您所在的集体经济组织：不会写入',
    en: 'Collective {code} is not yours: it is not written',
  },
} as const satisfies Record<string, Entry>;

export type MessageKey = keyof typeof MESSAGES;
export type Params = Record<string, string | number>;

/** `row` 0: the table (or layer) as a whole. `collective`: the 发包方编码 the problem belongs to, when known. */
export type Problem = {
  table: string;
  row: number;
  field?: string;
  code: MessageKey;
  params?: Params;
  severity: 'error' | 'warning';
  collective?: string;
};

export class Problems {
  readonly list: Problem[] = [];
  add(table: string, row: number, field: string | undefined, code: MessageKey, params?: Params, collective?: string): void {
    this.list.push({
      table,
      row,
      ...(field ? { field } : {}),
      code,
      ...(params ? { params } : {}),
      severity: MESSAGES[code].severity,
      ...(collective ? { collective } : {}),
    });
  }
}

export function describe(p: Problem, lang: 'zh' | 'en'): string {
  const text = MESSAGES[p.code][lang].replace(/\{(\w+)\}/g, (m, k: string) => (p.params && k in p.params ? String(p.params[k]) : m));
  const field = p.field ? (lang === 'zh' ? ` ${p.field}：` : `, ${p.field}: `) : lang === 'zh' ? '：' : ': ';
  if (p.row === 0) return p.table ? `${p.table}${field}${text}` : text;
  return lang === 'zh' ? `${p.table} 第 ${p.row} 行${field}${text}` : `${p.table} row ${p.row}${field}${text}`;
}
