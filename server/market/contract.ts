import { and, eq, inArray } from 'drizzle-orm';
import { certificates } from '../../models/certificates';
import { households, members } from '../../models/households';
import { homesteads, landContracts, parcels, shareHoldings } from '../../models/rights';
import type { Tx } from '../platform/db';
import { getCollective, regionName } from '../registry/collectives';
import type { Listing } from './locks';

// What the contract says, frozen when the deal is made: the registry moves on afterwards
// (parcels change holder, certificates are reissued), the signed contract must not.

// idNumber: the head's, frozen with the deal (absent in deals made before issue 18 item 6);
// shown through contractPartiesShown (server/kernel/personal-data.ts) only.
type Party = { id: string; name: string; code: string; address: string | null; idNumber?: string | null };
type Parcel = typeof parcels.$inferSelect;
type Homestead = typeof homesteads.$inferSelect;

export type DealSnapshot = {
  kind: 'land' | 'homestead' | 'shares';
  path: 'transfer' | 'exit';
  seller: Party;
  buyer: Party | null; // null: the collective itself (exit)
  collective: { name: string; registrationCode: string; region: string };
  certificateNo: string | null;
  contract?: { contractNo: string; startDate: string; endDate: string };
  parcels?: {
    code: string;
    name: string;
    areaMuCenti: number;
    landClass: Parcel['landClass'];
    east: string;
    south: string;
    west: string;
    north: string;
  }[];
  homestead?: {
    parcelCode: string;
    location: string;
    areaM2Centi: number;
    terrain: Homestead['terrain'];
    approvalNo: string;
    floorAreaM2Centi: number | null;
  };
  shares?: { count: number; held: number };
  askingPriceFen: number;
};

async function party(tx: Tx, id: string): Promise<Party> {
  const [h] = await tx.select().from(households).where(eq(households.id, id));
  const [head] = await tx
    .select({ idNumber: members.idNumber })
    .from(members)
    .where(and(eq(members.householdId, id), eq(members.relation, 'head')))
    .limit(1);
  return { id: h.id, name: h.headName, code: h.code, address: h.address, idNumber: head?.idNumber ?? null };
}

export async function dealSnapshot(tx: Tx, l: Listing, buyerHouseholdId: string | null): Promise<DealSnapshot> {
  const c = await getCollective(tx, l.collectiveId);
  const [cert] = await tx
    .select({ number: certificates.number })
    .from(certificates)
    .where(and(eq(certificates.rightId, l.rightId), eq(certificates.status, 'valid')))
    .limit(1);
  const snap: DealSnapshot = {
    kind: l.rightKind,
    path: l.path,
    seller: await party(tx, l.sellerHouseholdId),
    buyer: buyerHouseholdId ? await party(tx, buyerHouseholdId) : null,
    collective: { name: c.name, registrationCode: c.registrationCode, region: await regionName(tx, c.regionCode) },
    certificateNo: cert?.number ?? null,
    askingPriceFen: l.askingPriceFen,
  };
  if (l.rightKind === 'land') {
    const [k] = await tx.select().from(landContracts).where(eq(landContracts.rightId, l.rightId));
    snap.contract = { contractNo: k.contractNo, startDate: k.startDate, endDate: k.endDate };
    const rows = await tx
      .select()
      .from(parcels)
      .where(inArray(parcels.id, l.parcelIds ?? []));
    snap.parcels = rows.map((p) => ({
      code: p.code,
      name: p.name,
      areaMuCenti: p.areaMuCenti,
      landClass: p.landClass,
      east: p.east,
      south: p.south,
      west: p.west,
      north: p.north,
    }));
  } else if (l.rightKind === 'homestead') {
    const [h] = await tx.select().from(homesteads).where(eq(homesteads.rightId, l.rightId));
    snap.homestead = {
      parcelCode: h.parcelCode,
      location: h.location,
      areaM2Centi: h.areaM2Centi,
      terrain: h.terrain,
      approvalNo: h.approvalNo,
      floorAreaM2Centi: h.floorAreaM2Centi,
    };
  } else {
    const [s] = await tx.select().from(shareHoldings).where(eq(shareHoldings.rightId, l.rightId));
    snap.shares = { count: l.shares ?? 0, held: s?.shares ?? 0 };
  }
  return snap;
}

/** 人民币大写: the amount in words that Chinese contracts carry beside the figures. */
export function fenInWords(fen: number): string {
  const digits = '零壹贰叁肆伍陆柒捌玖';
  const units = ['', '拾', '佰', '仟'];
  const big = ['', '万', '亿', '万亿'];
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor((fen % 100) / 10);
  const f = fen % 10;
  let out = '';
  if (yuan === 0) out = '零';
  else {
    const groups: number[] = [];
    for (let y = yuan; y > 0; y = Math.floor(y / 10000)) groups.push(y % 10000);
    let zero = false;
    for (let g = groups.length - 1; g >= 0; g--) {
      const n = groups[g];
      if (n === 0) {
        zero = out !== '';
        continue;
      }
      if (zero || (out !== '' && n < 1000)) out += '零';
      zero = false;
      let part = '';
      let pendingZero = false;
      for (let i = 3; i >= 0; i--) {
        const d = Math.floor(n / 10 ** i) % 10;
        if (d === 0) {
          pendingZero = part !== '';
          continue;
        }
        if (pendingZero) part += '零';
        pendingZero = false;
        part += digits[d] + units[i];
      }
      out += part + big[g];
    }
  }
  out += '元';
  if (jiao === 0 && f === 0) return out + '整';
  if (jiao) out += digits[jiao] + '角';
  else if (yuan) out += '零';
  if (f) out += digits[f] + '分';
  return out;
}
