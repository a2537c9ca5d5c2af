import { HELD_RIGHT_STATUSES, sqlSet } from '../../../models/statuses';
import { sql } from 'drizzle-orm';
import { rows as query, type Db } from '../../platform/db';
import type { Collective } from '../collectives';
import type { RightsPlan } from './check-rights';
import type { ColKey } from './columns';
import type { Problems, RawRow } from './types';

/** A household already registered, to which the file adds rights. */
export type ExistingHousehold = { id: string; code: string; regionCode: string; homesteadEligible: boolean; holdsHomestead: boolean };

const BATCH = 5000;

/** Which of these values are already taken; one query per few thousand values. */
async function taken(db: Db, values: string[], lookup: (batch: string[]) => ReturnType<typeof sql>): Promise<Set<string>> {
  const out = new Set<string>();
  const unique = [...new Set(values)];
  for (let i = 0; i < unique.length; i += BATCH) {
    for (const r of await query<{ v: string }>(db, lookup(unique.slice(i, i + BATCH)))) out.add(r.v);
  }
  return out;
}

const list = (batch: string[]) => sql`${sql.param(batch)}::text[]`;

/**
 * The file against the register: ID numbers, household codes, live parcel codes, contract
 * and certificate numbers must be new (rule 13); rights may go to households of the file
 * or to households this collective already has, and rule 4 holds for those too.
 */
export async function checkAgainstDb(
  db: Db,
  collective: Collective,
  fileRows: RawRow[],
  rights: RightsPlan,
  problems: Problems,
): Promise<Map<string, ExistingHousehold>> {
  const memberRows = fileRows.filter((r) => r.kind === 'member');
  const flag = (rowsOf: RawRow[], col: ColKey, values: Set<string>, code: string) => {
    for (const r of rowsOf) {
      const v = r.cells[col]?.trim().toUpperCase();
      if (v && values.has(v)) problems.add(r, col, code);
    }
  };
  // A registered ID number is named with the household and collective that hold it (issue 18, item 12).
  const holders = new Map<string, { household: string; collective: string }>();
  const idValues = [...new Set(memberRows.map((r) => r.cells.idNumber?.trim().toUpperCase() ?? '').filter(Boolean))];
  for (let i = 0; i < idValues.length; i += BATCH) {
    const found = await query<{ v: string; household: string; collective: string }>(
      db,
      sql`select m.id_number as v, h.code as household, c.name as collective
          from members m join households h on h.id = m.household_id join collectives c on c.id = h.collective_id
          where m.id_number = any(${list(idValues.slice(i, i + BATCH))})`,
    );
    for (const r of found) holders.set(r.v, { household: r.household, collective: r.collective });
  }
  for (const r of memberRows) {
    const held = holders.get(r.cells.idNumber?.trim().toUpperCase() ?? '');
    if (held) problems.add(r, 'idNumber', 'import.idRegistered', held);
  }
  const firstOfHousehold = new Map<string, RawRow>();
  for (const r of memberRows) {
    const c = r.cells.householdCode?.trim();
    if (c && !firstOfHousehold.has(c)) firstOfHousehold.set(c, r);
  }
  const codes = await taken(db, [...firstOfHousehold.keys()], (b) => sql`select code as v from households where code = any(${list(b)})`);
  for (const [code, r] of firstOfHousehold) if (codes.has(code)) problems.add(r, 'householdCode', 'duplicateHouseholdCode');

  const landRows = rights.lands.flatMap((l) => l.rows);
  flag(
    landRows,
    'parcelCode',
    await taken(
      db,
      rights.lands.flatMap((l) => l.parcels.map((p) => p.code)),
      (b) => sql`select code as v from parcels where status = 'active' and code = any(${list(b)})`,
    ),
    'duplicateParcelCode',
  );
  const contracts = await taken(
    db,
    rights.lands.map((l) => l.contractNo),
    (b) => sql`select contract_no as v from land_contracts where contract_no = any(${list(b)})`,
  );
  for (const l of rights.lands) if (contracts.has(l.contractNo)) problems.add(l.rows[0], 'contractNo', 'duplicateContractNo');
  const certRows = [...rights.lands.map((l) => l.rows[0]), ...rights.homesteads.map((h) => h.row), ...rights.shares.map((s) => s.row)];
  const certs = await taken(
    db,
    certRows.map((r) => r.cells.certificateNo?.trim() ?? '').filter(Boolean),
    (b) => sql`select number as v from certificates where number = any(${list(b)})`,
  );
  for (const r of certRows) if (certs.has(r.cells.certificateNo?.trim() ?? '')) problems.add(r, 'certificateNo', 'duplicateCertificate');

  return existingHouseholds(db, collective, fileRows, firstOfHousehold, problems);
}

/** Rights rows whose household is not in the file must name a household this collective has. */
async function existingHouseholds(
  db: Db,
  collective: Collective,
  fileRows: RawRow[],
  inFile: Map<string, RawRow>,
  problems: Problems,
): Promise<Map<string, ExistingHousehold>> {
  const holders = fileRows
    .filter((r) => r.kind !== 'member')
    .map((r) => ({ code: r.cells.householdCode?.trim() ?? '', row: r, homestead: r.kind === 'homestead' }))
    .filter((x) => x.code && !inFile.has(x.code));
  const found = new Map<string, ExistingHousehold>();
  const codes = [...new Set(holders.map((x) => x.code))];
  for (let i = 0; i < codes.length; i += BATCH) {
    // Another collective's household is "unknown" here: the import says nothing about other collectives (rule 12).
    const batch = await query<{ id: string; code: string; region_code: string; homestead_eligible: boolean; holds: boolean }>(
      db,
      sql`
      select h.id, h.code, h.region_code, h.homestead_eligible,
        exists (select 1 from rights r where r.household_id = h.id and r.kind = 'homestead' and r.status in ${sqlSet(HELD_RIGHT_STATUSES)}) as holds
      from households h where h.collective_id = ${collective.id} and h.code = any(${list(codes.slice(i, i + BATCH))})`,
    );
    for (const h of batch)
      found.set(h.code, {
        id: h.id,
        code: h.code,
        regionCode: h.region_code,
        homesteadEligible: h.homestead_eligible,
        holdsHomestead: h.holds,
      });
  }
  for (const x of holders) {
    const h = found.get(x.code);
    if (!h) {
      problems.add(x.row, 'householdCode', 'import.unknownHousehold');
      continue;
    }
    if (x.homestead && !h.homesteadEligible) problems.add(x.row, 'householdCode', 'rule4.notEligible');
    else if (x.homestead && h.holdsHomestead) problems.add(x.row, 'householdCode', 'rule4.secondHomestead');
  }
  return found;
}
