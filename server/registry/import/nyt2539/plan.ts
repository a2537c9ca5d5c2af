import { sql } from 'drizzle-orm';
import { rows as query, type Db, type Tx } from '../../../platform/db';
import type { CollectiveCheck } from './check';
import { Problems, type Problem } from './messages';
import type { HouseholdRow, LandContractRow, ParcelRow } from './rows';

// The dry run against the register, for one collective of a checked package: per household
// and parcel, what the write would create and what the register already holds (matched by
// code: 承包方编码, 承包合同编码, 地块编码), and every conflict with its table, row and field.
// The same function decides the write (write.ts runs it again inside the transaction, after
// the lock), so what the officer confirmed is what is written, and a second run of the same
// package finds everything "exists" and writes nothing.

export type Action = 'create' | 'exists';
export type PlanParcel = { code: string; row: number; action: Action | 'skipped' };
export type PlanHousehold = {
  code: string;
  row: number;
  headName: string;
  action: Action;
  members: number;
  legacyIds: number;
  parcels: PlanParcel[];
};
export type PlanCounts = {
  households: { create: number; exists: number };
  members: number;
  contracts: { create: number; exists: number };
  parcels: { create: number; exists: number };
};

/** The rows the write inserts; database ids of households already registered. */
export type Writes = {
  households: HouseholdRow[];
  /** Contracts of households already in the register, to be added to them. */
  contracts: { householdId: string; householdCode: string; contract: LandContractRow }[];
};

export type CollectivePlan = {
  code: string;
  name: string;
  collectiveId: string | null;
  /** true when the write may go ahead: no error in the package's rows nor against the register, and in scope. */
  writable: boolean;
  households: PlanHousehold[];
  problems: Problem[];
  counts: PlanCounts;
};

const BATCH = 5000;
const list = (b: string[]) => sql`${sql.param(b)}::text[]`;

async function lookup<T>(db: Db | Tx, values: string[], q: (b: ReturnType<typeof list>) => ReturnType<typeof sql>): Promise<T[]> {
  const unique = [...new Set(values)];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += BATCH) out.push(...(await query<T>(db, q(list(unique.slice(i, i + BATCH))))));
  return out;
}

/** A member's number as the register keeps it: 18 digits (a 15-digit legacy number in its GB 11643 form). */
export const storedId = (m: { idNumber: string; idNumber18: string | null }) => m.idNumber18 ?? m.idNumber;

type Registered = {
  households: Map<string, { id: string; collectiveId: string }>;
  ids: Map<string, string>;
  contracts: Map<string, { householdId: string; rightId: string }>;
  parcels: Map<string, string>;
  certificates: Set<string>;
};

async function registered(db: Db | Tx, hs: HouseholdRow[]): Promise<Registered> {
  const contracts = hs.flatMap((h) => h.contracts);
  const parcels = contracts.flatMap((k) => k.parcels);
  // One after another: inside the write's transaction they share one connection, which runs one
  // statement at a time anyway (node-postgres deprecates queuing queries on a busy client).
  const households = await lookup<{ id: string; code: string; collective_id: string }>(
    db,
    hs.map((h) => h.code),
    (b) => sql`select id, code, collective_id from households where code = any(${b})`,
  );
  const ids = await lookup<{ id_number: string; code: string }>(
    db,
    hs.flatMap((h) => h.members.map(storedId)),
    (b) => sql`select m.id_number, h.code from members m join households h on h.id = m.household_id where m.id_number = any(${b})`,
  );
  const cons = await lookup<{ contract_no: string; household_id: string; right_id: string }>(
    db,
    contracts.map((k) => k.contractNo),
    (b) =>
      sql`select lc.contract_no, r.household_id, r.id as right_id from land_contracts lc join rights r on r.id = lc.right_id where lc.contract_no = any(${b})`,
  );
  const ps = await lookup<{ code: string; right_id: string }>(
    db,
    parcels.map((p) => p.code),
    (b) => sql`select code, right_id from parcels where status = 'active' and code = any(${b})`,
  );
  const certs = await lookup<{ number: string }>(
    db,
    contracts.flatMap((k) => (k.certificate ? [k.certificate.number] : [])),
    (b) => sql`select number from certificates where number = any(${b})`,
  );

  return {
    households: new Map(households.map((h) => [h.code, { id: h.id, collectiveId: h.collective_id }])),
    ids: new Map(ids.map((r) => [r.id_number, r.code])),
    contracts: new Map(cons.map((c) => [c.contract_no, { householdId: c.household_id, rightId: c.right_id }])),
    parcels: new Map(ps.map((p) => [p.code, p.right_id])),
    certificates: new Set(certs.map((c) => c.number)),
  };
}

/**
 * One collective's dry run. `collective`: the register's collective with this 发包方编码 (null:
 * none); `inScope`: whether this actor may write it. Nothing is written.
 */
export async function planCollective(
  db: Db | Tx,
  check: CollectiveCheck,
  collective: { id: string; name: string } | null,
  inScope: boolean,
): Promise<CollectivePlan & { writes: Writes }> {
  const code = check.collective.collective.code;
  const problems = new Problems();
  const at = (table: string, row: number, field: string, key: Parameters<Problems['add']>[3], params: Record<string, string | number>) =>
    problems.add(table, row, field, key, params, code);
  const hs = check.collective.households;
  const reg = await registered(db, hs);
  const writes: Writes = { households: [], contracts: [] };
  const counts: PlanCounts = {
    households: { create: 0, exists: 0 },
    members: 0,
    contracts: { create: 0, exists: 0 },
    parcels: { create: 0, exists: 0 },
  };
  const planned: PlanHousehold[] = [];

  // A new contract's parcels and certificate must be free in the register.
  const newContract = (k: LandContractRow): PlanParcel[] => {
    counts.contracts.create++;
    if (reg.contracts.has(k.contractNo)) at('CBHT', k.row, 'CBHTBM', 'db.contractTaken', { value: k.contractNo });
    if (k.certificate && reg.certificates.has(k.certificate.number))
      at('CBJYQZ', k.certificate.row, 'CBJYQZBM', 'db.certificateTaken', { value: k.certificate.number });
    return k.parcels.map((p: ParcelRow) => {
      if (reg.parcels.has(p.code)) at('CBDKXX', p.row, 'DKBM', 'db.parcelTaken', { code: p.code });
      counts.parcels.create++;
      return { code: p.code, row: p.row, action: 'create' };
    });
  };

  for (const h of hs) {
    const found = reg.households.get(h.code);
    const legacyIds = h.members.filter((m) => m.legacyId15).length;
    if (found && collective && found.collectiveId !== collective.id) {
      at('CBF', h.row, 'CBFBM', 'db.householdElsewhere', { code: h.code });
      planned.push({ code: h.code, row: h.row, headName: h.headName, action: 'exists', members: h.members.length, legacyIds, parcels: [] });
      continue;
    }
    if (!found) {
      counts.households.create++;
      counts.members += h.members.length;
      for (const m of h.members) {
        const holder = reg.ids.get(storedId(m));
        if (holder) at('CBF_JTCY', m.row, 'CYZJHM', 'db.idTaken', { value: m.idNumber });
      }
      writes.households.push(h);
      planned.push({
        code: h.code,
        row: h.row,
        headName: h.headName,
        action: 'create',
        members: h.members.length,
        legacyIds,
        parcels: h.contracts.flatMap(newContract),
      });
      continue;
    }
    // Matched by code: the household stays as the register has it; only contracts it lacks are added.
    counts.households.exists++;
    const parcels: PlanParcel[] = [];
    for (const k of h.contracts) {
      const held = reg.contracts.get(k.contractNo);
      if (!held) {
        writes.contracts.push({ householdId: found.id, householdCode: h.code, contract: k });
        parcels.push(...newContract(k));
        continue;
      }
      if (held.householdId !== found.id) {
        at('CBHT', k.row, 'CBHTBM', 'db.contractTaken', { value: k.contractNo });
        continue;
      }
      counts.contracts.exists++;
      for (const p of k.parcels) {
        const right = reg.parcels.get(p.code);
        if (right === held.rightId) {
          counts.parcels.exists++;
          parcels.push({ code: p.code, row: p.row, action: 'exists' });
        } else {
          if (right) at('CBDKXX', p.row, 'DKBM', 'db.parcelTaken', { code: p.code });
          else at('CBDKXX', p.row, 'DKBM', 'db.parcelNotRegistered', { code: p.code, contract: k.contractNo });
          parcels.push({ code: p.code, row: p.row, action: 'skipped' });
        }
      }
    }
    planned.push({ code: h.code, row: h.row, headName: h.headName, action: 'exists', members: h.members.length, legacyIds, parcels });
  }
  if (!inScope && collective) problems.add('FBF', check.collective.collective.row, 'FBFBM', 'scope.notYours', { code }, code);
  const all = [...check.problems, ...problems.list];
  return {
    code,
    name: collective?.name ?? check.collective.collective.name,
    collectiveId: collective?.id ?? null,
    writable: check.ok && inScope && !!collective && !problems.list.some((p) => p.severity === 'error'),
    households: planned,
    problems: all,
    counts,
    writes,
  };
}
