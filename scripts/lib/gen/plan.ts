import { COUNTIES, shaoguanRegions, type RegionSeed } from '../../../server/admin/regions-shaoguan';
import { makeCollectiveCode } from '../../../server/demo/id-gen';
import { GROUP_NUMERALS, villageName, type Rand } from './random';

// The shape of a generated city: villages under the real Shaoguan townships, one or two
// collectives per village (the village's 股份经济联合社 and sometimes a group-level
// 经济合作社), and how many households each holds.

export const SIZES = { S: 5_000, M: 50_000, L: 500_000 } as const;
export type Size = keyof typeof SIZES;

/** Registration work ran from 2019 to mid-2025 (collective after collective); the market since. */
export const REGISTRATION_FROM = Date.parse('2019-01-01T01:00:00Z');
export const REGISTRATION_TO = Date.parse('2025-06-15T01:00:00Z');
export const MARKET_FROM = Date.parse('2025-07-01T01:00:00Z');

export type CollectivePlan = {
  index: number;
  id: string;
  regionCode: string; // the village
  groupCode: string;
  level: 'village' | 'group';
  name: string;
  villageName: string;
  county: string; // 6-digit county code
  countyName: string;
  registrationCode: string;
  households: number;
  terrain: { plain: number; hill: number; mountain: number };
  officerId: string;
  officerUsername: string;
  from: number; // registration window (ms)
  to: number;
};

// Mountain counties build on slopes; the urban districts mostly on the plain.
const TERRAIN: Record<string, CollectivePlan['terrain']> = {
  '440203': { plain: 6, hill: 3, mountain: 1 },
  '440204': { plain: 6, hill: 3, mountain: 1 },
  '440205': { plain: 5, hill: 4, mountain: 1 },
  '440222': { plain: 3, hill: 5, mountain: 2 },
  '440224': { plain: 2, hill: 5, mountain: 3 },
  '440229': { plain: 3, hill: 5, mountain: 2 },
  '440232': { plain: 1, hill: 4, mountain: 5 },
  '440233': { plain: 2, hill: 5, mountain: 3 },
  '440281': { plain: 2, hill: 5, mountain: 3 },
  '440282': { plain: 3, hill: 5, mountain: 2 },
};

export type Plan = { regions: RegionSeed[]; collectives: CollectivePlan[]; households: number };

export function makePlan(r: Rand, households: number): Plan {
  const base = shaoguanRegions();
  const towns = base.filter((x) => x.level === 'township');
  const taken = new Set(base.map((x) => x.code));
  const countyName = new Map(COUNTIES.map(([c, n]) => [c, n]));
  const townName = new Map(towns.map((t) => [t.code, t.name]));
  // About 400 households per collective (150–650), as in Shaoguan's administrative villages.
  const count = Math.max(1, Math.round(households / 400));
  const weights = Array.from({ length: count }, () => r.int(150, 650));
  const sum = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.max(1, Math.floor((w * households) / sum)));
  for (let i = 0, left = households - sizes.reduce((a, b) => a + b, 0); left > 0; i = (i + 1) % count, left--) sizes[i]++;

  const regions: RegionSeed[] = [];
  const names = new Map<string, Set<string>>();
  const collectives: CollectivePlan[] = [];
  const span = (REGISTRATION_TO - REGISTRATION_FROM) / count;
  let village: { code: string; name: string; town: string; groups: number } | null = null;
  let townIdx = 0;
  for (let i = 0; i < count; i++) {
    // Every other village or so also has a group-level collective.
    if (!village || village.groups >= 1 || r.chance(0.4)) {
      const town = towns[townIdx++ % towns.length];
      const used = names.get(town.code) ?? new Set<string>();
      names.set(town.code, used);
      let seq = 210 + used.size;
      while (taken.has(`${town.code}${seq}`)) seq++;
      const code = `${town.code}${seq}`;
      taken.add(code);
      const name = villageName(r, used);
      regions.push({ code, name, level: 'village', parentCode: town.code });
      village = { code, name, town: town.code, groups: -1 };
    }
    village.groups++;
    const groupCode = String(village.groups).padStart(2, '0');
    const county = village.code.slice(0, 6);
    const place = `${countyName.get(county)}${townName.get(village.town)}${village.name}`;
    const id = r.uuid();
    collectives.push({
      index: i,
      id,
      regionCode: village.code,
      groupCode,
      level: village.groups === 0 ? 'village' : 'group',
      name: village.groups === 0 ? `${place}股份经济联合社` : `${place}第${GROUP_NUMERALS[village.groups - 1] ?? village.groups}经济合作社`,
      villageName: village.name,
      county,
      countyName: countyName.get(county)!,
      registrationCode: makeCollectiveCode(county, Number(village.code.slice(6) + groupCode)),
      households: sizes[i],
      terrain: TERRAIN[county] ?? { plain: 1, hill: 1, mountain: 1 },
      officerId: r.uuid(),
      officerUsername: `officer_${village.code}${groupCode}`,
      from: REGISTRATION_FROM + i * span,
      to: REGISTRATION_FROM + (i + 1) * span - 3_600_000,
    });
  }
  return { regions, collectives, households };
}
