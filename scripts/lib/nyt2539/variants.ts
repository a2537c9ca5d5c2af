import type { Pt } from './layout';
import { ringArea } from './layout';
import type { NytModel, Row } from './model';

// Bad packages, each made from a clean one by one realistic mistake. `plant` changes the
// model before it is written; the file-level ones (wrong .prj, broken .dbf) are applied by
// package.ts to the written files. Each returns where the mistake is, for the tests.

export const VARIANTS = [
  'clean',
  'wrong-prj',
  'prefix-mismatch',
  'overlap',
  'kink',
  'area-mismatch',
  'outside',
  'unknown-fbf',
  'duplicate-cbf',
  'id15',
  'broken-dbf',
] as const;
export type Variant = (typeof VARIANTS)[number];

export type Planted = { table: string; row: number; field?: string; code?: string; other?: string };

const contracted = (m: NytModel) => m.dk.filter((f) => f.props.DKLB === '10');
const shift = (ring: Pt[], dx: number, dy: number): Pt[] => ring.map(([x, y]) => [x + dx, y + dy]);
const rowOf = (m: NytModel, table: string, pick: (r: Row) => boolean) => m.tables[table].findIndex(pick) + 2; // sheet row: header is 1

export function plant(m: NytModel, v: Variant): Planted | null {
  const parcels = contracted(m);
  switch (v) {
    case 'overlap': {
      // A parcel's east side drawn 6 m into its neighbour (same strip): the two now overlap.
      const i = m.dk.indexOf(parcels[3]);
      const a = m.dk[i],
        b = m.dk[i + 1];
      a.ring = a.ring.map(([x, y], k) => (k === 3 || k === 4 ? [x + 6, y] : [x, y]) as Pt);
      setArea(a);
      return { table: 'DK', row: i + 1, code: String(a.props.DKBM), other: String(b.props.DKBM) };
    }
    case 'kink': {
      // Two corners swapped: the outline crosses itself (a bow tie).
      const f = parcels[5];
      const r = f.ring.slice();
      [r[3], r[4]] = [r[4], r[3]];
      f.ring = r;
      return { table: 'DK', row: m.dk.indexOf(f) + 1, code: String(f.props.DKBM) };
    }
    case 'area-mismatch': {
      const f = parcels[7];
      f.props.SCMJ = Math.round(Number(f.props.SCMJ) * 120) / 100;
      f.props.SCMJM = Math.round(Number(f.props.SCMJ) * 0.15) / 100;
      return { table: 'DK', row: m.dk.indexOf(f) + 1, code: String(f.props.DKBM) };
    }
    case 'outside': {
      // Moved 300 m south, out of the village: no neighbour there to overlap.
      const f = parcels[9];
      f.ring = shift(f.ring, 0, -300);
      return { table: 'DK', row: m.dk.indexOf(f) + 1, code: String(f.props.DKBM) };
    }
    case 'unknown-fbf': {
      // A contract names a 发包方 that is not in FBF.
      const row = m.tables.CBHT[2];
      row.FBFBM = '44020510099900';
      return { table: 'CBHT', row: 4, field: 'FBFBM', code: '44020510099900' };
    }
    case 'duplicate-cbf': {
      const first = m.tables.CBF[1];
      m.tables.CBF.splice(4, 0, { ...first, CBFMC: '重复户' });
      return { table: 'CBF', row: 6, field: 'CBFBM', code: String(first.CBFBM) };
    }
    case 'id15': {
      // A member still recorded with the old 15-digit number (born 19YY, no check character).
      const row = m.tables.CBF_JTCY.find((r) => String(r.CYZJHM).slice(6, 8) === '19')!;
      const id = String(row.CYZJHM);
      row.CYZJHM = id.slice(0, 6) + id.slice(8, 17);
      return { table: 'CBF_JTCY', row: rowOf(m, 'CBF_JTCY', (r) => r === row), field: 'CYZJHM', code: String(row.CYZJHM) };
    }
    default:
      return null;
  }
}

function setArea(f: NytModel['dk'][number]): void {
  const a = ringArea(f.ring);
  f.props.SCMJ = Math.round(a * 100) / 100;
  f.props.SCMJM = Math.round(a * 0.15) / 100;
}
