import { HELD_RIGHT_STATUSES } from '../../models/statuses';
import { and, asc, count, eq, gt, inArray } from 'drizzle-orm';
import type { Writable } from 'node:stream';
import { certificates } from '../../models/certificates';
import { households, members } from '../../models/households';
import { homesteads, landContracts, parcels, rights, shareHoldings } from '../../models/rights';
import type { Db } from '../platform/db';
import { assertCanRead, assertRole, type Actor } from '../kernel/actor';
import { getCollective, type Collective } from './collectives';
import { VOCABULARY } from './vocabulary';
import { KINDS, type Kind } from './import/columns';
import type { Format } from '../platform/files/file-type';
import { formatCenti } from '../kernel/money';
import { now } from '../kernel/clock';
import { identityShown } from '../kernel/personal-data';
import { countPersonalReads } from '../kernel/personal-reads';
import { csvWriter, xlsxWriter, type RegisterWriter, type SheetRow } from '../platform/files/register-writer';

const zh = VOCABULARY.zh;
const PAGE = 500;
/** The register is what households hold now; ended rights stay in the history, not here. */

type HouseholdRow = { id: string; code: string; phone: string | null; address: string | null };

/** Households of the collective, a page at a time by code (unique index): memory stays flat. */
async function* householdPages(db: Db, collectiveId: string): AsyncGenerator<HouseholdRow[]> {
  let after = '';
  for (;;) {
    const page = await db
      .select({ id: households.id, code: households.code, phone: households.phone, address: households.address })
      .from(households)
      .where(and(eq(households.collectiveId, collectiveId), gt(households.code, after)))
      .orderBy(asc(households.code))
      .limit(PAGE);
    if (!page.length) return;
    yield page;
    after = page[page.length - 1].code;
  }
}

async function heldRights(db: Db, hs: HouseholdRow[], kind: 'land' | 'homestead' | 'shares') {
  const list = await db
    .select({ id: rights.id, householdId: rights.householdId, status: rights.status, cert: certificates.number })
    .from(rights)
    .leftJoin(certificates, and(eq(certificates.rightId, rights.id), eq(certificates.status, 'valid')))
    .where(
      and(
        inArray(
          rights.householdId,
          hs.map((h) => h.id),
        ),
        eq(rights.kind, kind),
        inArray(rights.status, [...HELD_RIGHT_STATUSES]),
      ),
    );
  const code = new Map(hs.map((h) => [h.id, h.code]));
  return list
    .map((r) => ({ ...r, householdCode: code.get(r.householdId)!, status: zh.status[r.status] }))
    .sort((a, b) => a.householdCode.localeCompare(b.householdCode));
}

function groupBy<T>(list: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of list) {
    const k = key(x);
    const g = m.get(k);
    if (g) g.push(x);
    else m.set(k, [x]);
  }
  return m;
}

type Rows = (db: Db, hs: HouseholdRow[], reader: Reader) => Promise<SheetRow[]>;
/** Who the file is for, and when: what of a person it may hold is decided by personal-data.ts. */
type Reader = { actor: Actor; collectiveId: string; at: Date };

const ROWS: Record<Kind, Rows> = {
  async member(db, hs, { actor, collectiveId, at }) {
    const list = await db
      .select()
      .from(members)
      .where(
        inArray(
          members.householdId,
          hs.map((h) => h.id),
        ),
      );
    const byHousehold = groupBy(list, (m) => m.householdId);
    return hs.flatMap((h) =>
      (byHousehold.get(h.id) ?? [])
        .sort((a, b) => Number(b.relation === 'head') - Number(a.relation === 'head') || a.birthDate.localeCompare(b.birthDate))
        .map((m) => {
          const shown = identityShown(actor, { collectiveId }, m, at);
          return {
            householdCode: h.code,
            name: m.name,
            idNumber: shown.idNumber,
            relation: zh.relation[m.relation],
            collectiveMember: m.isCollectiveMember ? '是' : '否',
            hukouStatus: zh.hukou[m.hukouStatus],
            settledOn: m.settledOn,
            settledCity: m.settledCity,
            phone: h.phone,
            address: h.address,
            sex: zh.sex[m.sex],
            birthDate: shown.birthDate,
          };
        }),
    );
  },
  async land_parcel(db, hs) {
    const rs = await heldRights(db, hs, 'land');
    if (!rs.length) return [];
    const ids = rs.map((r) => r.id);
    const [contracts, ps] = await Promise.all([
      db.select().from(landContracts).where(inArray(landContracts.rightId, ids)),
      db
        .select()
        .from(parcels)
        .where(and(inArray(parcels.rightId, ids), eq(parcels.status, 'active')))
        .orderBy(asc(parcels.code)),
    ]);
    const contract = new Map(contracts.map((c) => [c.rightId, c]));
    const byRight = groupBy(ps, (p) => p.rightId);
    return rs.flatMap((r) =>
      (byRight.get(r.id) ?? []).map((p) => {
        const c = contract.get(r.id)!;
        return {
          householdCode: r.householdCode,
          contractNo: c.contractNo,
          startDate: c.startDate,
          endDate: c.endDate,
          parcelCode: p.code,
          parcelName: p.name,
          areaMu: formatCenti(p.areaMuCenti),
          landClass: zh.landClass[p.landClass],
          east: p.east,
          south: p.south,
          west: p.west,
          north: p.north,
          certificateNo: r.cert,
          geojson: p.geojson ? JSON.stringify(p.geojson) : null,
          status: r.status,
        };
      }),
    );
  },
  async homestead(db, hs) {
    const rs = await heldRights(db, hs, 'homestead');
    if (!rs.length) return [];
    const details = new Map(
      (
        await db
          .select()
          .from(homesteads)
          .where(
            inArray(
              homesteads.rightId,
              rs.map((r) => r.id),
            ),
          )
      ).map((h) => [h.rightId, h]),
    );
    return rs.map((r) => {
      const h = details.get(r.id)!;
      return {
        householdCode: r.householdCode,
        homesteadCode: h.parcelCode,
        location: h.location,
        areaM2: formatCenti(h.areaM2Centi),
        terrain: zh.terrain[h.terrain],
        approvalNo: h.approvalNo,
        floorAreaM2: formatCenti(h.floorAreaM2Centi),
        certificateNo: r.cert,
        geojson: h.geojson ? JSON.stringify(h.geojson) : null,
        status: r.status,
      };
    });
  },
  async shares(db, hs) {
    const rs = await heldRights(db, hs, 'shares');
    if (!rs.length) return [];
    const held = new Map(
      (
        await db
          .select()
          .from(shareHoldings)
          .where(
            inArray(
              shareHoldings.rightId,
              rs.map((r) => r.id),
            ),
          )
      ).map((s) => [s.rightId, s.shares]),
    );
    return rs.map((r) => ({ householdCode: r.householdCode, shares: held.get(r.id), certificateNo: r.cert, status: r.status }));
  },
};

/** The collective whose register the actor may export (rule 12); anything else is not found. */
export async function registerOf(db: Db, actor: Actor): Promise<Collective> {
  assertRole(actor, 'officer');
  const c = await getCollective(db, actor.collectiveId!);
  assertCanRead(actor, { collectiveId: c.id, regionCode: c.regionCode });
  return c;
}

/**
 * Writes the register in the import's own layout (plus read-only columns: sex, birth date,
 * status), so an export can be read back by the import. Full ID numbers only for the
 * collective's officers (rule 14, personal-data.ts); the persons written count as read.
 */
export async function writeRegister(
  db: Db,
  actor: Actor,
  c: Collective,
  format: Format,
  out: Writable,
  onProgress?: Progress,
): Promise<void> {
  const reader: Reader = { actor, collectiveId: c.id, at: now() };
  let persons = 0;
  const w: RegisterWriter = format === 'xlsx' ? await xlsxWriter(out, true) : csvWriter(out, true);
  // Each sheet is one pass over the households, so the work is households × sheets.
  const households = onProgress ? await householdCount(db, c.id) : 0;
  const total = households * KINDS.length;
  let done = 0;
  await onProgress?.(0, total);
  for (const kind of KINDS) {
    await w.sheet(kind);
    for await (const page of householdPages(db, c.id)) {
      if (out.destroyed) return;
      const rows = await ROWS[kind](db, page, reader);
      if (kind === 'member') persons += rows.length;
      for (const row of rows) await w.row(row);
      done = Math.min(total, done + page.length);
      await onProgress?.(done, total);
    }
  }
  await w.end();
  await countPersonalReads(db, actor, persons, 'export', { collectiveId: c.id, regionCode: c.regionCode });
}

/** Households written so far (each sheet counts them again) and the total: called after each page, not per row. */
export type Progress = (done: number, total: number) => Promise<void> | void;

async function householdCount(db: Db, collectiveId: string): Promise<number> {
  const [r] = await db.select({ n: count() }).from(households).where(eq(households.collectiveId, collectiveId));
  return Number(r?.n ?? 0);
}

/** 登记簿 file names: the collective and the date (Asia/Shanghai), plus an ASCII fallback. */
export function registerFileName(c: Collective, format: Format, today: string): { utf8: string; ascii: string } {
  return { utf8: `${c.name}-登记簿-${today}.${format}`, ascii: `register-${today}.${format}` };
}
