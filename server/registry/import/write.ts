import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db';
import { DomainError } from '../../kernel/errors';
import { insertRows } from '../../platform/bulk-insert';
import { certificates } from '../../../models/certificates';
import { households, members, type RELATIONS } from '../../../models/households';
import { homesteads, landContracts, parcels, rights, shareHoldings } from '../../../models/rights';
import type { Actor } from '../../kernel/actor';
import { recordAuditBatch, type AuditEntry } from '../../kernel/audit';
import type { Collective } from '../collectives';
import { formatCenti } from '../../kernel/money';
import { allocatedShares } from '../rights';
import { withDbErrors } from '../../kernel/tx';
import type { ExistingHousehold } from './check-db';
import type { PlanHousehold } from './check-members';
import type { RightsPlan } from './check-rights';

export type Plan = { households: PlanHousehold[]; rights: RightsPlan; existing: Map<string, ExistingHousehold> };
export type Counts = {
  households: number;
  members: number;
  landRights: number;
  parcels: number;
  homesteads: number;
  shares: number;
  certificates: number;
};

type RightRow = {
  id: string;
  kind: 'land' | 'homestead' | 'shares';
  householdId: string;
  certificateNo?: string;
  after: Record<string, unknown>;
};

/**
 * Writes a checked file in ONE transaction: all of it or nothing. Rows go in by the
 * thousand (insertMany).
 *
 * The trail: one summary entry for the import, and one entry per household the file
 * creates ('household.create', as the form writes, listing its members and the rights and
 * certificate numbers it was registered with), so each household's history says where it
 * came from. A right added to a household already registered gets its own
 * 'right.register' entry. Not one entry per right and certificate of new households: at
 * 100,000 rows that quadruples the trail and the hashing for no more information.
 * The entries are chained under one lock by recordAuditBatch; recordAudit once per entry
 * would cost three round trips each, minutes of a held lock at this size.
 */
export async function writePlan(
  db: Db,
  actor: Actor,
  collective: Collective,
  job: { id: string; fileName: string },
  plan: Plan,
  onRows: (n: number) => Promise<void>,
): Promise<Counts> {
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      // The collective row lock serialises imports and share registrations of this collective.
      await tx.execute(sql`select id from collectives where id = ${collective.id} for update`);
      const fileShares = plan.rights.shares.reduce((s, x) => s + x.shares, 0);
      const allocated = await allocatedShares(tx, collective.id);
      if (fileShares && allocated + fileShares > collective.totalShares)
        throw new DomainError('sharesExceedTotal', { allocated, shares: fileShares, total: collective.totalShares });

      const meter = new Meter(onRows);
      const base = { collectiveId: collective.id, regionCode: collective.regionCode };
      const hs = plan.households;
      await insertRows(
        tx,
        households,
        hs.map((h) => ({
          id: h.id,
          collectiveId: collective.id,
          regionCode: collective.regionCode,
          code: h.code,
          headName: h.headName,
          phone: h.phone,
          address: h.address,
          hukouStatus: h.hukouStatus,
          settledOn: h.settledOn,
          settledCity: h.settledCity,
          landBarredUntil: null,
        })),
      );
      const memberRows = hs.flatMap((h) =>
        h.members.map((m) => ({
          householdId: h.id,
          collectiveId: collective.id,
          name: m.name,
          idNumber: m.idNumber,
          sex: m.sex,
          birthDate: m.birthDate,
          relation: m.relation as (typeof RELATIONS)[number],
          isCollectiveMember: m.isCollectiveMember,
          hukouStatus: m.hukouStatus,
          settledOn: m.settledOn,
          settledCity: m.settledCity,
        })),
      );
      await insertRows(tx, members, memberRows, meter.over(memberRows.length));

      const householdId = new Map<string, string>([
        ...hs.map((h) => [h.code, h.id] as const),
        ...[...plan.existing.values()].map((h) => [h.code, h.id] as const),
      ]);
      const rights = await writeRights(tx, collective, plan.rights, householdId, meter);
      const certs = rights.filter((r) => r.certificateNo);
      await insertRows(
        tx,
        certificates,
        certs.map((r) => ({
          id: randomUUID(),
          rightId: r.id,
          collectiveId: collective.id,
          number: r.certificateNo!,
          verifyToken: randomBytes(32).toString('base64url'),
          replacesId: null,
          issuedBy: actor.id,
          endedAt: null,
          endReason: null,
        })),
      );

      const counts: Counts = {
        households: hs.length,
        members: memberRows.length,
        landRights: plan.rights.lands.length,
        parcels: plan.rights.lands.reduce((s, l) => s + l.parcels.length, 0),
        homesteads: plan.rights.homesteads.length,
        shares: plan.rights.shares.length,
        certificates: certs.length,
      };
      const src = { source: 'import', job: job.id };
      const isNew = new Set(hs.map((h) => h.id));
      const rightsOf = new Map<string, Record<string, unknown>[]>();
      for (const r of rights) {
        if (!isNew.has(r.householdId)) continue;
        const list = rightsOf.get(r.householdId) ?? [];
        list.push({ ...r.after, certificateNo: r.certificateNo });
        rightsOf.set(r.householdId, list);
      }
      const entries: AuditEntry[] = [
        { action: 'import.households', entityType: 'job', entityId: job.id, ...base, after: { file: job.fileName, counts } },
        ...hs.map((h) => ({
          action: 'household.create',
          entityType: 'household',
          entityId: h.id,
          ...base,
          householdId: h.id,
          after: {
            ...src,
            code: h.code,
            headName: h.headName,
            members: h.members.map((m) => ({ name: m.name, relation: m.relation })),
            rights: rightsOf.get(h.id) ?? [],
          },
        })),
        ...rights
          .filter((r) => !isNew.has(r.householdId))
          .map((r) => ({
            action: 'right.register',
            entityType: 'right',
            entityId: r.id,
            ...base,
            householdId: r.householdId,
            rightId: r.id,
            after: { ...src, ...r.after, certificateNo: r.certificateNo },
          })),
      ];
      await recordAuditBatch(tx, actor, entries);
      // Fresh statistics for the tables just filled: the summaries recomputed at commit (and
      // every later query) would otherwise be planned as if these tables were still nearly
      // empty. PGlite has no autovacuum to do it; on a server it comes hours sooner than autovacuum's.
      // Through analyze_registry() (migration 0010): only an owner may ANALYZE, and the app is not one.
      await tx.execute(sql`select analyze_registry()`);
      return counts;
    }),
  );
}

/** Counts the file's rows as they are written, across the tables they go to. */
class Meter {
  private done = 0;
  constructor(private report: (n: number) => Promise<void>) {}
  over(rows: number) {
    const start = this.done;
    this.done += rows;
    return { onBatch: (n: number) => this.report(start + n) };
  }
}

async function writeRights(
  tx: Tx,
  collective: Collective,
  plan: RightsPlan,
  householdId: Map<string, string>,
  meter: Meter,
): Promise<RightRow[]> {
  const hid = (code: string) => householdId.get(code)!;
  const lands = plan.lands.map((l) => ({ id: randomUUID(), l }));
  const homes = plan.homesteads.map((h) => ({ id: randomUUID(), h }));
  const shares = plan.shares.map((s) => ({ id: randomUUID(), s }));
  const out: RightRow[] = [
    ...lands.map(({ id, l }) => ({
      id,
      kind: 'land' as const,
      householdId: hid(l.householdCode),
      certificateNo: l.certificateNo,
      after: {
        kind: 'land',
        contractNo: l.contractNo,
        startDate: l.startDate,
        endDate: l.endDate,
        parcels: l.parcels.map((p) => ({ code: p.code, areaMu: formatCenti(p.areaMu) })),
      },
    })),
    ...homes.map(({ id, h }) => ({
      id,
      kind: 'homestead' as const,
      householdId: hid(h.householdCode),
      certificateNo: h.certificateNo,
      after: {
        kind: 'homestead',
        parcelCode: h.parcelCode,
        location: h.location,
        areaM2Centi: h.areaM2,
        terrain: h.terrain,
        approvalNo: h.approvalNo,
      },
    })),
    ...shares.map(({ id, s }) => ({
      id,
      kind: 'shares' as const,
      householdId: hid(s.householdCode),
      certificateNo: s.certificateNo,
      after: { kind: 'shares', shares: s.shares },
    })),
  ];
  await insertRows(
    tx,
    rights,
    out.map((r) => ({
      id: r.id,
      kind: r.kind,
      collectiveId: collective.id,
      regionCode: collective.regionCode,
      householdId: r.householdId,
      sourceRightId: null,
    })),
  );
  await insertRows(
    tx,
    landContracts,
    lands.map(({ id, l }) => ({ rightId: id, contractNo: l.contractNo, startDate: l.startDate, endDate: l.endDate })),
  );
  const parcelRows = lands.flatMap(({ id, l }) =>
    l.parcels.map((p) => ({
      rightId: id,
      collectiveId: collective.id,
      code: p.code,
      name: p.name,
      areaMuCenti: p.areaMu,
      landClass: p.landClass,
      east: p.east,
      south: p.south,
      west: p.west,
      north: p.north,
      geojson: p.geojson ?? null,
      // A template row carries no surveyed shape (that comes with a NY/T 2539 package).
      surveyGeometry: null,
    })),
  );
  await insertRows(tx, parcels, parcelRows, meter.over(parcelRows.length));
  await insertRows(
    tx,
    homesteads,
    homes.map(({ id, h }) => ({
      rightId: id,
      parcelCode: h.parcelCode,
      location: h.location,
      areaM2Centi: h.areaM2,
      terrain: h.terrain,
      approvalNo: h.approvalNo,
      floorAreaM2Centi: h.floorAreaM2 ?? null,
      geojson: h.geojson ?? null,
      // A file records homesteads that exist: one over the limit is flagged for review (check-rights).
      origin: 'existing' as const,
      reviewFlag: h.oversize ? ('oversize' as const) : null,
    })),
    meter.over(homes.length),
  );
  await insertRows(
    tx,
    shareHoldings,
    shares.map(({ id, s }) => ({ rightId: id, shares: s.shares })),
    meter.over(shares.length),
  );
  return out;
}

/** Rows of a plan, for the progress bar of the writing phase. */
export const planRows = (p: Plan) =>
  p.households.reduce((s, h) => s + h.members.length, 0) +
  p.rights.lands.reduce((s, l) => s + l.parcels.length, 0) +
  p.rights.homesteads.length +
  p.rights.shares.length;
