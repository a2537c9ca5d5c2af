import type { Actor } from '../../server/kernel/actor';
import type { Household, Member, Certificate, RightDetail } from '../../server/registry';
import type { Shown } from '../../server/kernel/personal-data';
import { formatCenti } from '../../server/kernel/money';

// Rows → the JSON shapes that routes/api/openapi-schemas.ts describes. Every field is always
// present (null when empty), so clients and the schema need no optional cases. Areas go out
// twice: as a decimal string ("1.85") for people and as integer hundredths for arithmetic.

const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

export function actorJson(a: Actor) {
  return {
    id: a.id,
    username: a.username,
    displayName: a.displayName,
    role: a.role,
    regionCode: a.regionCode,
    collectiveId: a.collectiveId,
    householdId: a.householdId,
  };
}

export function householdJson(h: Household) {
  return {
    id: h.id,
    code: h.code,
    collectiveId: h.collectiveId,
    regionCode: h.regionCode,
    headName: h.headName,
    phone: h.phone,
    address: h.address,
    hukouStatus: h.hukouStatus,
    settledOn: h.settledOn,
    settledCity: h.settledCity,
    homesteadEligible: h.homesteadEligible,
    version: h.version,
    createdAt: iso(h.createdAt),
    updatedAt: iso(h.updatedAt),
  };
}

/** A member as server/kernel/personal-data.ts decided the caller may see it (rule 14): masked number and age, or both in full. */
export function memberJson(m: Shown<Member>) {
  return {
    id: m.id,
    householdId: m.householdId,
    name: m.name,
    idNumber: m.idNumber,
    idNumberMasked: m.idNumberMasked,
    sex: m.sex,
    birthDate: m.birthDate,
    age: m.age,
    relation: m.relation,
    isCollectiveMember: m.isCollectiveMember,
    hukouStatus: m.hukouStatus,
    settledOn: m.settledOn,
    settledCity: m.settledCity,
  };
}

export function certificateJson(c: Certificate, publicBaseUrl: string) {
  return {
    id: c.id,
    rightId: c.rightId,
    collectiveId: c.collectiveId,
    number: c.number,
    status: c.status,
    replacesId: c.replacesId,
    issuedAt: iso(c.issuedAt),
    endedAt: iso(c.endedAt),
    endReason: c.endReason,
    verifyToken: c.verifyToken,
    verifyUrl: `${publicBaseUrl}/verify/${c.verifyToken}`,
  };
}

export function rightJson(d: RightDetail, publicBaseUrl: string) {
  const r = d.right;
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    householdId: r.householdId,
    collectiveId: r.collectiveId,
    regionCode: r.regionCode,
    sourceRightId: r.sourceRightId,
    version: r.version,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
    land: r.kind === 'land' ? landJson(d) : null,
    homestead: r.kind === 'homestead' && d.homestead ? homesteadJson(d.homestead) : null,
    shares: r.kind === 'shares' ? { shares: d.shares ?? 0 } : null,
    validCertificateId: d.validCertificate?.id ?? null,
    certificates: d.certificates.map((c) => certificateJson(c, publicBaseUrl)),
  };
}

function landJson(d: RightDetail) {
  const list = d.parcels ?? [];
  // The contract's area is that of the parcels it still holds (a partial transfer ends some).
  const total = list.filter((p) => p.status === 'active').reduce((s, p) => s + p.areaMuCenti, 0);
  return {
    contractNo: d.contract?.contractNo ?? '',
    startDate: d.contract?.startDate ?? '',
    endDate: d.contract?.endDate ?? '',
    areaMu: formatCenti(total),
    areaMuCenti: total,
    parcels: list.map((p) => ({
      id: p.id,
      code: p.code,
      name: p.name,
      areaMu: formatCenti(p.areaMuCenti),
      areaMuCenti: p.areaMuCenti,
      landClass: p.landClass,
      east: p.east,
      south: p.south,
      west: p.west,
      north: p.north,
      geojson: (p.geojson ?? null) as object | null,
      status: p.status,
    })),
  };
}

function homesteadJson(h: NonNullable<RightDetail['homestead']>) {
  return {
    parcelCode: h.parcelCode,
    location: h.location,
    areaM2: formatCenti(h.areaM2Centi),
    areaM2Centi: h.areaM2Centi,
    terrain: h.terrain,
    approvalNo: h.approvalNo,
    floorAreaM2: h.floorAreaM2Centi == null ? null : formatCenti(h.floorAreaM2Centi),
    floorAreaM2Centi: h.floorAreaM2Centi,
    geojson: (h.geojson ?? null) as object | null,
  };
}

export type SearchRow = {
  id: string;
  code: string;
  headName: string;
  hukouStatus: string;
  settledCity: string | null;
  collectiveId: string;
  regionCode: string;
  persons: number;
};

export function householdSummaryJson(row: SearchRow) {
  return {
    id: row.id,
    code: row.code,
    headName: row.headName,
    hukouStatus: row.hukouStatus,
    settledCity: row.settledCity,
    collectiveId: row.collectiveId,
    regionCode: row.regionCode,
    persons: Number(row.persons),
  };
}
