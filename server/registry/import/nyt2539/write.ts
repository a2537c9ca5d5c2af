import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Geometry } from 'geojson';
import type { Actor } from '../../../kernel/actor';
import { recordAuditBatch, type AuditEntry } from '../../../kernel/audit';
import { DomainError } from '../../../kernel/errors';
import { formatCenti } from '../../../kernel/money';
import { withDbErrors } from '../../../kernel/tx';
import { insertMany } from '../../../platform/bulk-insert';
import { rows as query, type Db, type Tx } from '../../../platform/db';
import type { GkCrs } from '../../../platform/files/projection';
import type { CollectiveCheck } from './check';
import { planCollective, storedId, type PlanCounts } from './plan';
import type { HouseholdRow, LandContractRow } from './rows';

// The write of one collective of a checked package: ONE transaction, all or nothing. The
// collective's row is locked first, then the dry run is made again inside the transaction
// (plan.ts), so that what is written is exactly what a dry run at this moment shows; a
// collective with any error is refused whole. Households and contracts already registered
// (matched by code) are left as they are: a second run of the same package writes nothing.
// Shapes are stored twice: as surveyed (CGCS2000 GK metres, survey_geometry, for the export
// back to the county) and in WGS84 (geojson, for the map).

export type WriteCounts = PlanCounts & { certificates: number };

/** EPSG codes of CGCS2000 3° GK zone 38 with the zone prefix in the easting, and CM 114°E without it. */
export const epsgOf = (crs: Pick<GkCrs, 'zonePrefix'>) => (crs.zonePrefix ? 'EPSG:4526' : 'EPSG:4547');

function mapCoords(g: Geometry, f: (pt: [number, number]) => [number, number]): Geometry {
  const walk = (c: unknown): unknown =>
    typeof (c as number[])[0] === 'number'
      ? f([(c as number[])[0], (c as number[])[1]]).map((v) => Math.round(v * 1e8) / 1e8)
      : (c as unknown[]).map(walk);
  return { type: g.type, coordinates: walk((g as { coordinates: unknown }).coordinates) } as Geometry;
}

type Target = { id: string; name: string; regionCode: string };

async function lockCollective(tx: Tx, code: string): Promise<Target | null> {
  const [c] = await query<{ id: string; name: string; region_code: string }>(
    tx,
    sql`select id, name, region_code from collectives where region_code || group_code = ${code} for update`,
  );
  return c ? { id: c.id, name: c.name, regionCode: c.region_code } : null;
}

/**
 * Writes one collective. `inScope` decides whether this actor may write it (rules of the
 * caller); `onRows` reports progress in rows written.
 */
export async function writeCollective(
  db: Db,
  actor: Actor,
  check: CollectiveCheck,
  crs: GkCrs | null,
  job: { id: string; fileName: string },
  inScope: (collectiveId: string) => boolean,
  onRows: (n: number, total: number) => Promise<void> = async () => {},
): Promise<WriteCounts> {
  const code = check.collective.collective.code;
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const c = await lockCollective(tx, code);
      if (!c) throw new DomainError('nyt2539.unknownCollective', { code });
      const plan = await planCollective(tx, check, c, inScope(c.id));
      if (!plan.writable) throw new DomainError('nyt2539.notWritable', { code });
      const { writes } = plan;
      const hs = writes.households.map((h) => ({ id: randomUUID(), h }));
      const contracts = [
        ...hs.flatMap(({ id, h }) => h.contracts.map((k) => ({ householdId: id, householdCode: h.code, k, rightId: randomUUID() }))),
        ...writes.contracts.map((x) => ({
          householdId: x.householdId,
          householdCode: x.householdCode,
          k: x.contract,
          rightId: randomUUID(),
        })),
      ];
      const total = hs.reduce((s, x) => s + 1 + x.h.members.length, 0) + contracts.reduce((s, x) => s + 1 + x.k.parcels.length, 0);
      let done = 0;
      const step = (n: number) => async () => {
        done += n;
        await onRows(done, total);
      };

      await insertMany(
        tx,
        'households',
        [
          ['id', 'uuid'],
          ['collective_id', 'uuid'],
          ['region_code', 'text'],
          ['code', 'text'],
          ['head_name', 'text'],
          ['phone', 'text'],
          ['address', 'text'],
          ['hukou_status', 'text'],
        ],
        hs.map(({ id, h }) => [id, c.id, c.regionCode, h.code, h.headName, h.phone, h.address, h.hukouStatus]),
      );
      await step(hs.length)();
      const members = hs.flatMap(({ id, h }) =>
        h.members.map((m) => [id, c.id, m.name, storedId(m), m.sex, m.birthDate, m.relation, m.isCollectiveMember]),
      );
      await insertMany(
        tx,
        'members',
        [
          ['household_id', 'uuid'],
          ['collective_id', 'uuid'],
          ['name', 'text'],
          ['id_number', 'text'],
          ['sex', 'text'],
          ['birth_date', 'date'],
          ['relation', 'text'],
          ['is_collective_member', 'bool'],
        ],
        members,
      );
      await step(members.length)();
      await insertMany(
        tx,
        'rights',
        [
          ['id', 'uuid'],
          ['kind', 'text'],
          ['collective_id', 'uuid'],
          ['region_code', 'text'],
          ['household_id', 'uuid'],
        ],
        contracts.map((x) => [x.rightId, 'land', c.id, c.regionCode, x.householdId]),
      );
      await insertMany(
        tx,
        'land_contracts',
        [
          ['right_id', 'uuid'],
          ['contract_no', 'text'],
          ['start_date', 'date'],
          ['end_date', 'date'],
        ],
        contracts.map((x) => [x.rightId, x.k.contractNo, x.k.startDate, x.k.endDate]),
      );
      await step(contracts.length)();
      const survey = (g: Geometry | null) => (g && crs ? { ...g, crs: { type: 'name', properties: { name: epsgOf(crs) } } } : null);
      const parcelRows = contracts.flatMap((x) =>
        x.k.parcels.map((p) => [
          x.rightId,
          c.id,
          p.code,
          p.name,
          p.areaMuCenti,
          p.landClass,
          p.east,
          p.south,
          p.west,
          p.north,
          p.geometry && crs ? mapCoords(p.geometry, crs.toWgs84) : null,
          survey(p.geometry),
        ]),
      );
      await insertMany(
        tx,
        'parcels',
        [
          ['right_id', 'uuid'],
          ['collective_id', 'uuid'],
          ['code', 'text'],
          ['name', 'text'],
          ['area_mu_centi', 'int'],
          ['land_class', 'text'],
          ['east', 'text'],
          ['south', 'text'],
          ['west', 'text'],
          ['north', 'text'],
          ['geojson', 'jsonb'],
          ['survey_geometry', 'jsonb'],
        ],
        parcelRows,
        { onBatch: async (n) => onRows(done + n, total) },
      );
      done += parcelRows.length;
      // A certificate cancelled in the county's system is history there, not a valid certificate here.
      const certs = contracts.filter((x) => x.k.certificate && !x.k.certificate.cancelled);
      await insertMany(
        tx,
        'certificates',
        [
          ['id', 'uuid'],
          ['right_id', 'uuid'],
          ['collective_id', 'uuid'],
          ['number', 'text'],
          ['verify_token', 'text'],
          ['issued_by', 'uuid'],
        ],
        certs.map((x) => [randomUUID(), x.rightId, c.id, x.k.certificate!.number, randomBytes(32).toString('base64url'), actor.id]),
      );

      const counts: WriteCounts = { ...plan.counts, certificates: certs.length };
      const base = { collectiveId: c.id, regionCode: c.regionCode };
      const src = { source: 'nyt2539', job: job.id };
      const right = (k: LandContractRow) => ({
        kind: 'land',
        contractNo: k.contractNo,
        startDate: k.startDate,
        endDate: k.endDate,
        parcels: k.parcels.map((p) => ({ code: p.code, areaMu: formatCenti(p.areaMuCenti) })),
        certificateNo: k.certificate && !k.certificate.cancelled ? k.certificate.number : undefined,
      });
      const created = (id: string, h: HouseholdRow): AuditEntry => ({
        action: 'household.create',
        entityType: 'household',
        entityId: id,
        ...base,
        householdId: id,
        after: {
          ...src,
          code: h.code,
          headName: h.headName,
          // A 15-digit legacy number is stored in its 18-digit form; the recorded number is kept here and flagged.
          members: h.members.map((m) => ({ name: m.name, relation: m.relation, ...(m.legacyId15 ? { legacyId15: true } : {}) })),
          rights: h.contracts.map(right),
        },
      });
      const newIds = new Set<string>(hs.map((h) => h.id));
      const entries: AuditEntry[] = [
        {
          action: 'import.nyt2539',
          entityType: 'job',
          entityId: job.id,
          ...base,
          after: { file: job.fileName, collective: code, counts },
        },
        ...hs.map(({ id, h }) => created(id, h)),
        ...contracts
          .filter((x) => !newIds.has(x.householdId))
          .map((x) => ({
            action: 'right.register',
            entityType: 'right',
            entityId: x.rightId,
            ...base,
            householdId: x.householdId,
            rightId: x.rightId,
            after: { ...src, ...right(x.k) },
          })),
      ];
      // A run that finds everything registered changes nothing, not even the trail (the job records it).
      if (hs.length || contracts.length) {
        await recordAuditBatch(tx, actor, entries);
        await tx.execute(sql`select analyze_registry()`);
      }
      await onRows(total, total);
      return counts;
    }),
  );
}
