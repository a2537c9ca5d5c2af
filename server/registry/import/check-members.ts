import { randomUUID } from 'node:crypto';
import { isHouseholdCodeOf, parseIdNumber } from '../../kernel/codes';
import { issuerCode, type Collective } from '../collectives';
import { householdSchemaOn, memberSchemaOn } from '../households';
import { now, shanghaiDate } from '../../kernel/clock';
import { choiceValue, type ColKey } from './columns';
import { breathe, checkRow, dateVal, FirstSeen, val } from './row-check';
import type { Problems, RawRow } from './types';

type Hukou = { hukouStatus: 'rural' | 'settled_city'; settledOn: string | null; settledCity: string | null };
export type PlanMember = Hukou & {
  name: string;
  idNumber: string;
  sex: 'M' | 'F';
  birthDate: string;
  relation: string;
  isCollectiveMember: boolean;
  row: number;
};
export type PlanHousehold = Hukou & {
  id: string;
  code: string;
  headName: string;
  phone: string | null;
  address: string | null;
  members: PlanMember[];
  rows: RawRow[];
};

const MEMBER_FIELDS: Record<string, ColKey> = {
  name: 'name',
  idNumber: 'idNumber',
  relation: 'relation',
  isCollectiveMember: 'collectiveMember',
  hukouStatus: 'hukouStatus',
  settledOn: 'settledOn',
  settledCity: 'settledCity',
};
const HOUSEHOLD_FIELDS: Record<string, ColKey> = {
  code: 'householdCode',
  phone: 'phone',
  address: 'address',
  hukouStatus: 'hukouStatus',
  settledOn: 'settledOn',
  settledCity: 'settledCity',
};

const hukouOf = (v: { hukouStatus: 'rural' | 'settled_city'; settledOn?: string; settledCity?: string }): Hukou =>
  v.hukouStatus === 'settled_city'
    ? { hukouStatus: v.hukouStatus, settledOn: v.settledOn ?? null, settledCity: v.settledCity ?? null }
    : { hukouStatus: 'rural', settledOn: null, settledCity: null };

function memberOf(problems: Problems, r: RawRow, memberSchema: ReturnType<typeof memberSchemaOn>): PlanMember | null {
  const flag = choiceValue('collectiveMember', val(r, 'collectiveMember'));
  if (flag !== undefined && flag !== 'true' && flag !== 'false') problems.add(r, 'collectiveMember', 'invalidChoice');
  const m = checkRow(
    problems,
    r,
    memberSchema,
    {
      name: val(r, 'name'),
      idNumber: val(r, 'idNumber'),
      relation: choiceValue('relation', val(r, 'relation')),
      isCollectiveMember: flag === undefined ? undefined : flag === 'true',
      hukouStatus: choiceValue('hukouStatus', val(r, 'hukouStatus')),
      settledOn: dateVal(r, 'settledOn'),
      settledCity: val(r, 'settledCity'),
    },
    MEMBER_FIELDS,
  );
  if (!m) return null;
  const info = parseIdNumber(m.idNumber)!;
  return {
    name: m.name,
    idNumber: m.idNumber,
    sex: info.sex,
    birthDate: info.birthDate,
    relation: m.relation,
    isCollectiveMember: m.isCollectiveMember,
    row: r.row,
    ...hukouOf(m),
  };
}

/**
 * Member rows, grouped into households by their 承包方编码. The household's own columns
 * (phone, address, hukou) are read from the head's row; other rows may repeat them but
 * not contradict them.
 */
export async function checkMembers(
  rows: RawRow[],
  collective: Collective,
  problems: Problems,
  tick: (n: number) => Promise<void>,
): Promise<Map<string, PlanHousehold>> {
  // A settlement in a city is not dated after today in Beijing: the job reads the app's clock once, as it starts.
  const today = shanghaiDate(now());
  const memberSchema = memberSchemaOn(today);
  const householdSchema = householdSchemaOn(today);
  const groups = new Map<string, { rows: RawRow[]; members: (PlanMember | null)[] }>();
  const ids = new FirstSeen();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const code = val(r, 'householdCode')?.trim();
    const m = memberOf(problems, r, memberSchema);
    // Raw values, so a duplicate is found even when the first row has another problem.
    const first = ids.check(val(r, 'idNumber')?.trim().toUpperCase(), r.row);
    if (first !== null) problems.add(r, 'idNumber', 'import.duplicateInFile', { row: first });
    if (!code) {
      problems.add(r, 'householdCode', 'required');
      continue;
    }
    const g = groups.get(code) ?? { rows: [], members: [] };
    g.rows.push(r);
    g.members.push(m);
    groups.set(code, g);
    if (i % 2000 === 1999) {
      await tick(i + 1);
      await breathe();
    }
  }
  const out = new Map<string, PlanHousehold>();
  for (const [code, g] of groups) {
    const heads = g.rows.filter((r) => choiceValue('relation', val(r, 'relation')) === 'head');
    if (heads.length === 0) problems.add(g.rows[0], 'relation', 'needHead');
    for (const r of heads.slice(1)) problems.add(r, 'relation', 'needHead');
    const headRow = heads[0] ?? g.rows[0];
    const h = checkRow(
      problems,
      headRow,
      householdSchema,
      {
        code,
        phone: val(headRow, 'phone'),
        address: val(headRow, 'address'),
        hukouStatus: choiceValue('hukouStatus', val(headRow, 'hukouStatus')),
        settledOn: dateVal(headRow, 'settledOn'),
        settledCity: val(headRow, 'settledCity'),
      },
      HOUSEHOLD_FIELDS,
    );
    if (h && !isHouseholdCodeOf(h.code, collective.regionCode, collective.groupCode)) {
      for (const r of g.rows) problems.add(r, 'householdCode', 'invalidHouseholdCode', { prefix: issuerCode(collective) });
    }
    for (const r of g.rows) {
      if (r === headRow) continue;
      for (const k of ['phone', 'address'] as const) {
        const v = val(r, k)?.trim();
        if (v !== undefined && v !== (val(headRow, k)?.trim() ?? '')) problems.add(r, k, 'import.inconsistent', { row: headRow.row });
      }
    }
    const head = g.members[g.rows.indexOf(headRow)];
    if (!h || !head || g.members.some((m) => !m)) continue;
    out.set(code, {
      id: randomUUID(),
      code,
      headName: head.name,
      phone: h.phone ?? null,
      address: h.address ?? null,
      ...hukouOf(h),
      members: g.members as PlanMember[],
      rows: g.rows,
    });
  }
  return out;
}
