import type { TableRow } from '../../../platform/files/table';
import { CONTRACTOR_TYPES, ID_TYPES, MEMBER_NOTES, relationOf, SEXES, YES_NO } from './codes';
import { parseResidentId } from './id-numbers';
import type { Problems } from './messages';
import type { CollectiveRow, HouseholdRow, MemberRow } from './rows';
import { Fields } from './values';

// FBF → collectives, CBF → households, CBF_JTCY → their members; each row read once, straight
// through, its problems reported where they are found.

export type HouseholdEntry = { h: HouseholdRow; fbf: string; declaredMembers: number | null };

export type Ctx = {
  problems: Problems;
  today: Date;
  collectives: Map<string, CollectiveRow>;
  households: Map<string, HouseholdEntry>;
  /** ID numbers seen, for duplicates across households. */
  ids: Map<string, { table: string; row: number }>;
  /** Households and contracts refused where they are defined: rows that name them are skipped without a second problem. */
  refused: Set<string>;
};

export function mapFbf(rows: TableRow[], ctx: Ctx): void {
  for (const r of rows) {
    const f = new Fields(ctx.problems, 'FBF', r);
    const code = f.code('FBFBM', 14);
    if (!code) continue;
    f.collective = code;
    const seen = ctx.collectives.get(code);
    if (seen) {
      f.problem('FBFBM', 'fbf.duplicate', { code, firstRow: seen.row });
      continue;
    }
    ctx.collectives.set(code, {
      row: r.row,
      code,
      regionCode: code.slice(0, 12),
      groupCode: code.slice(12),
      name: f.text('FBFMC', true) ?? '',
      leaderName: f.text('FBFFZRXM'),
      address: f.text('FBFDZ'),
    });
  }
}

export function mapCbf(rows: TableRow[], ctx: Ctx): void {
  for (const r of rows) {
    const f = new Fields(ctx.problems, 'CBF', r);
    const code = f.code('CBFBM', 18);
    if (!code) continue;
    const fbf = code.slice(0, 14);
    f.collective = fbf;
    const seen = ctx.households.get(code);
    if (seen) {
      f.problem('CBFBM', 'cbf.duplicate', { code, firstRow: seen.h.row });
      continue;
    }
    if (!ctx.collectives.has(fbf)) f.problem('CBFBM', 'cbf.unknownFbf', { code, fbf });
    const kind = f.choice('CBFLX', CONTRACTOR_TYPES, 'C.16 承包方类型') ?? 'farmer';
    if (kind === 'organisation') {
      f.problem('CBFLX', 'cbf.notHousehold');
      ctx.refused.add(code);
      continue;
    }
    ctx.households.set(code, {
      fbf,
      declaredMembers: f.int('CBFCYSL'),
      h: {
        row: r.row,
        code,
        kind,
        headName: f.text('CBFMC', true) ?? '',
        phone: f.text('LXDH'),
        address: f.text('CBFDZ'),
        hukouStatus: 'rural',
        members: [],
        contracts: [],
      },
    });
  }
}

export function mapMembers(rows: TableRow[], ctx: Ctx): void {
  for (const r of rows) {
    const f = new Fields(ctx.problems, 'CBF_JTCY', r);
    const code = f.code('CBFBM', 18);
    if (!code) continue;
    f.collective = code.slice(0, 14);
    const entry = ctx.households.get(code);
    if (!entry) {
      if (!ctx.refused.has(code)) f.problem('CBFBM', 'jtcy.unknownCbf', { code });
      continue;
    }
    const m = member(f, ctx);
    if (m) entry.h.members.push(m);
  }
}

function member(f: Fields, ctx: Ctx): MemberRow | null {
  const name = f.text('CYXM', true);
  const idType = f.choice('CYZJLX', ID_TYPES, 'C.15 证件类型');
  const idNumber = f.text('CYZJHM', true);
  const relationText = f.text('YHZGX', true);
  const relation = relationText === null ? null : relationOf(relationText);
  if (relationText !== null && !relation) f.problem('YHZGX', 'value.badCode', { value: relationText, list: 'GB/T 4761 与户主关系' });
  const sex = f.choice('CYXB', SEXES, 'C.17 性别');
  const note = f.choice('CYBZ', MEMBER_NOTES, 'C.18 成员备注');
  const coOwner = f.choice('SFGYR', YES_NO, 'C.19 是否');
  if (!name || !idNumber || !relation) return null;
  // A 户口簿 carries the person's ID number; any other document cannot identify a member here.
  if (idType && idType.key !== 'resident_id' && idType.key !== 'household_register') {
    f.problem('CYZJLX', 'member.idNotStorable', { type: idType.zh });
    return null;
  }
  const info = parseResidentId(idNumber, ctx.today);
  if (!info) {
    f.problem('CYZJHM', 'member.idInvalid', { value: idNumber });
    return null;
  }
  const first = ctx.ids.get(info.upgraded);
  if (first) {
    f.problem('CYZJHM', 'member.duplicateId', { value: idNumber, firstTable: first.table, firstRow: first.row });
    return null;
  }
  ctx.ids.set(info.upgraded, { table: 'CBF_JTCY', row: f.row });
  if (info.legacy15) f.problem('CYZJHM', 'member.id15', { value: idNumber, upgraded: info.upgraded });
  if (sex && sex !== info.sex) f.problem('CYXB', 'member.sexMismatch');
  if (note?.key === 'deceased') f.problem('CYBZ', 'member.deceased');
  return {
    row: f.row,
    name,
    idType: idType?.key ?? 'resident_id',
    idNumber: info.idNumber,
    legacyId15: info.legacy15,
    idNumber18: info.upgraded,
    sex: info.sex,
    birthDate: info.birthDate,
    relation,
    note: note?.key ?? null,
    noteText: f.text('CYBZSM'),
    coOwner,
    // 外嫁女 keep their membership until they join another collective (rule of the charter); all listed members count.
    isCollectiveMember: true,
  };
}

/** What can only be seen once every member is read: one head, and the head CBF names. */
export function checkHouseholds(ctx: Ctx): void {
  for (const { h, fbf, declaredMembers } of ctx.households.values()) {
    const at = (field: string | undefined, code: Parameters<Problems['add']>[3], params?: Record<string, string | number>) =>
      ctx.problems.add('CBF', h.row, field, code, params, fbf);
    if (h.members.length === 0) {
      at('CBFBM', 'cbf.noMembers', { code: h.code });
      continue;
    }
    const heads = h.members.filter((m) => m.relation === 'head');
    if (heads.length === 0) at('CBFBM', 'cbf.noHead', { code: h.code });
    else if (heads.length > 1) at('CBFBM', 'cbf.manyHeads', { code: h.code, count: heads.length });
    else if (heads[0].name !== h.headName) at('CBFMC', 'cbf.headName', { name: h.headName, head: heads[0].name });
    if (declaredMembers !== null && declaredMembers !== h.members.length)
      at('CBFCYSL', 'cbf.memberCount', { declared: declaredMembers, found: h.members.length });
  }
}
