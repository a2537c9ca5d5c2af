import { randomBytes } from 'node:crypto';
import { makeIdNumber } from '../../../server/demo/id-gen';
import { MARKET_FROM, type CollectivePlan } from './plan';
import { BOUNDS, CITIES, givenName, PARCEL_NAMES, phone, surname, type Rand } from './random';

// One collective's households, members and rights, made in memory (a collective is at most
// a few thousand households), then changed by the market (market.ts) and written out.

export type Member = {
  id: string;
  name: string;
  idNumber: string;
  sex: 'M' | 'F';
  birthDate: string;
  relation: string;
  isCollectiveMember: boolean;
  hukouStatus: 'rural' | 'settled_city';
  settledOn: string | null;
  settledCity: string | null;
};
export type Cert = {
  id: string;
  number: string;
  status: 'valid' | 'superseded' | 'cancelled';
  verifyToken: string;
  replacesId: string | null;
  issuedAt: number;
  endedAt: number | null;
  endReason: string | null;
};
export type Parcel = {
  id: string;
  code: string;
  name: string;
  areaMuCenti: number;
  landClass: string;
  east: string;
  south: string;
  west: string;
  north: string;
  status: 'active' | 'transferred' | 'returned';
  createdAt: number;
};
export type Right = {
  id: string;
  kind: 'land' | 'homestead' | 'shares';
  householdId: string;
  status: 'active' | 'listed' | 'in_transaction' | 'transferred' | 'exited' | 'cancelled';
  sourceRightId: string | null;
  version: number;
  createdAt: number;
  updatedAt: number;
  certs: Cert[];
  contract?: { contractNo: string; startDate: string; endDate: string };
  parcels?: Parcel[];
  homestead?: {
    parcelCode: string;
    location: string;
    areaM2Centi: number;
    terrain: 'plain' | 'hill' | 'mountain';
    approvalNo: string;
    floorAreaM2Centi: number | null;
  };
  shares?: number;
};
export type Household = {
  id: string;
  code: string;
  headName: string;
  phone: string | null;
  address: string;
  hukouStatus: 'rural' | 'settled_city';
  settledOn: string | null;
  settledCity: string | null;
  homesteadEligible: boolean;
  landBarredUntil: string | null;
  version: number;
  createdAt: number;
  updatedAt: number;
  members: Member[];
  rights: Right[];
};

/** Unique ID numbers: a counter per (county, birth date, sex) gives the 3-digit sequence. */
export class IdNumbers {
  private next = new Map<string, number>();
  make(county: string, birth: string, sex: 'M' | 'F'): string {
    const k = county + birth + sex;
    const n = this.next.get(k) ?? 0;
    this.next.set(k, n + 1);
    if (n >= 500) return this.make(county, shiftDay(birth, 1), sex);
    return makeIdNumber(county, birth, n * 2 + (sex === 'M' ? 1 : 0), sex);
  }
}

/** Global counters shared by every collective: certificate and deal numbers come from sequences. */
export type Counters = { cert: number; deal: number };

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
function shiftDay(d: string, n: number): string {
  return iso(Date.parse(d + 'T00:00:00Z') + n * DAY);
}
function birthDate(r: Rand, age: number, on: number): string {
  return iso(on - age * 365.25 * DAY - r.int(0, 364) * DAY);
}

const LETTER = { land: 'J', homestead: 'Z', shares: 'G' } as const;
let pool = Buffer.alloc(0);
let poolAt = 0;
/** Unguessable verification keys, cut from one random buffer (one system call per thousand). */
function token(): string {
  if (poolAt + 32 > pool.length) {
    pool = randomBytes(32 * 1024);
    poolAt = 0;
  }
  poolAt += 32;
  return pool.subarray(poolAt - 32, poolAt).toString('base64url');
}
export function newCert(
  r: Rand,
  counters: Counters,
  regionCode: string,
  kind: Right['kind'],
  at: number,
  replacesId: string | null = null,
): Cert {
  const number = `${regionCode}${LETTER[kind]}${new Date(at).getUTCFullYear()}${String(++counters.cert).padStart(6, '0')}`;
  return { id: r.uuid(), number, status: 'valid', verifyToken: token(), replacesId, issuedAt: at, endedAt: null, endReason: null };
}

export type Ctx = { r: Rand; c: CollectivePlan; ids: IdNumbers; counters: Counters; today: number };

function person(x: Ctx, fam: string, sex: 'M' | 'F', age: number, relation: string, on: number): Member {
  const b = birthDate(x.r, age, on);
  return {
    id: x.r.uuid(),
    name: fam + givenName(x.r, sex),
    idNumber: x.ids.make(x.c.county, b, sex),
    sex,
    birthDate: b,
    relation,
    isCollectiveMember: relation !== 'spouse' || x.r.chance(0.97),
    hukouStatus: 'rural',
    settledOn: null,
    settledCity: null,
  };
}

function settle(x: Ctx, m: { hukouStatus: string; settledOn: string | null; settledCity: string | null }, on?: string, city?: string) {
  m.hukouStatus = 'settled_city';
  m.settledOn = on ?? iso(Date.parse('2008-01-01') + x.r.int(0, Math.floor((x.today - Date.parse('2008-01-01')) / DAY) - 30) * DAY);
  m.settledCity = city ?? x.r.weighted(CITIES);
}

function family(x: Ctx, at: number): Member[] {
  const r = x.r;
  const fam = surname(r);
  const headSex = r.chance(0.9) ? 'M' : 'F';
  const headAge = r.int(28, 82);
  const list = [person(x, fam, headSex, headAge, 'head', at)];
  if (r.chance(0.85)) list.push(person(x, surname(r), headSex === 'M' ? 'F' : 'M', Math.max(20, headAge + r.int(-6, 4)), 'spouse', at));
  const kids = r.weighted({ 0: 2, 1: 3, 2: 4, 3: 2 } as const);
  for (let i = 0; i < Number(kids); i++) {
    const age = headAge - r.int(21, 36);
    if (age >= 0) list.push(person(x, fam, r.chance(0.52) ? 'M' : 'F', age, 'child', at));
  }
  if (headAge < 60 && r.chance(0.2))
    list.push(person(x, fam, r.chance(0.4) ? 'M' : 'F', Math.min(96, headAge + r.int(22, 32)), 'parent', at));
  return list;
}

/** The collective's households with everything they hold, registered one after another in its window. */
export function makeHouseholds(x: Ctx): Household[] {
  const { r, c } = x;
  const out: Household[] = [];
  const issuer = c.regionCode + c.groupCode;
  let parcelSeq = 0;
  const step = (c.to - c.from) / Math.max(1, c.households);
  for (let seq = 1; seq <= c.households; seq++) {
    const at = Math.floor(c.from + (seq - 1) * step + r.next() * step * 0.5);
    const members = family(x, at);
    const h: Household = {
      id: r.uuid(),
      code: issuer + String(seq).padStart(4, '0'),
      headName: members[0].name,
      phone: r.chance(0.85) ? phone(r) : null,
      address: `${c.villageName}${r.int(1, 12)}组 ${r.int(1, 180)} 号`,
      hukouStatus: 'rural',
      settledOn: null,
      settledCity: null,
      homesteadEligible: true,
      landBarredUntil: null,
      version: 1,
      createdAt: at,
      updatedAt: at,
      members,
      rights: [],
    };
    // About one household in eight has settled in a city (进城落户) and keeps its rights (rule 3).
    if (r.chance(0.125)) {
      settle(x, h);
      for (const m of members)
        if (m.relation !== 'parent' && (m.relation !== 'child' || r.chance(0.6))) settle(x, m, h.settledOn!, h.settledCity!);
    } else {
      for (const m of members) if (m.relation === 'child' && r.chance(0.1) && ageAt(m, x.today) >= 18) settle(x, m);
    }
    let t = at + 60_000;
    const right = (kind: Right['kind']): Right => ({
      id: r.uuid(),
      kind,
      householdId: h.id,
      status: 'active',
      sourceRightId: null,
      version: 1,
      createdAt: (t += 60_000),
      updatedAt: t,
      certs: [],
    });
    if (r.chance(0.9)) {
      const land = right('land');
      const renewed = r.chance(0.15);
      land.contract = {
        contractNo: `${h.code}J`,
        startDate: renewed ? '2018-01-01' : '1998-01-01',
        endDate: renewed ? '2047-12-31' : '2027-12-31',
      };
      const n = Math.min(12, Math.max(2, Math.round(2 + r.next() * 5 + r.next() * 5)));
      land.parcels = Array.from({ length: n }, () => ({
        id: r.uuid(),
        code: issuer + String(++parcelSeq).padStart(5, '0'),
        name: r.pick(PARCEL_NAMES),
        areaMuCenti: r.int(30, 300),
        landClass: r.weighted({ paddy: 55, dry: 20, irrigated: 10, orchard: 10, forest: 3, other: 2 }),
        east: r.pick(BOUNDS),
        south: r.pick(BOUNDS),
        west: r.pick(BOUNDS),
        north: r.pick(BOUNDS),
        status: 'active' as const,
        createdAt: land.createdAt,
      }));
      h.rights.push(land);
    }
    if (r.chance(0.8)) {
      const home = right('homestead');
      const terrain = r.weighted(c.terrain);
      const limit = terrain === 'plain' ? 80 : terrain === 'hill' ? 120 : 150;
      const area = Math.floor(limit * 100 * (0.55 + r.next() * 0.45));
      home.homestead = {
        parcelCode: issuer + String(50_000 + seq).padStart(5, '0'),
        location: h.address,
        areaM2Centi: area,
        terrain,
        approvalNo: `${c.countyName.slice(0, 2)}府宅批〔${r.int(1985, 2016)}〕${String(r.int(1, 400)).padStart(3, '0')}号`,
        floorAreaM2Centi: r.chance(0.8) ? Math.floor(area * (1.2 + r.next() * 1.3)) : null,
      };
      h.rights.push(home);
    }
    if (r.chance(0.95)) {
      const s = right('shares');
      s.shares = 10 * members.filter((m) => m.isCollectiveMember).length + r.int(0, 10);
      h.rights.push(s);
    }
    for (const rt of h.rights) {
      if (!r.chance(0.85)) continue;
      // Certificates were handed out in the same registration drive (确权颁证).
      const first = newCert(r, x.counters, c.regionCode, rt.kind, rt.createdAt + 30_000);
      if (r.chance(0.04)) {
        // A lost certificate was replaced lately: the old number stays in history, superseded.
        const again = newCert(
          r,
          x.counters,
          c.regionCode,
          rt.kind,
          MARKET_FROM + Math.floor(r.next() * (x.today - MARKET_FROM - DAY)),
          first.id,
        );
        first.status = 'superseded';
        first.endedAt = again.issuedAt;
        first.endReason = '证书遗失补发';
        rt.certs.push(first, again);
      } else rt.certs.push(first);
    }
    out.push(h);
  }
  return out;
}

export function ageAt(m: Pick<Member, 'birthDate'>, at: number): number {
  return Math.floor((at - Date.parse(m.birthDate + 'T00:00:00Z')) / (365.25 * DAY));
}
