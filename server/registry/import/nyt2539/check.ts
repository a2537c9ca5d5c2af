import { FileError, fileMessage } from '../../../platform/files/file-error';
import { loadNyt2539, type LoadedPackage, type LoadOptions } from './load';
import { mapNyt2539 } from './map';
import type { Problem } from './messages';
import type { CollectiveImport } from './rows';
import { checkTopology, DEFAULT_TOPO, type Boundary, type TopoOptions, type TopoParcel } from './topology';

// The dry run of a package: read it, map it, check it, per collective. A collective with an
// error is not written (all or nothing per collective); a problem without a collective (a
// missing table) stops them all. Nothing here touches the database.

export type CollectiveCheck = {
  collective: CollectiveImport;
  problems: Problem[];
  ok: boolean;
  counts: { households: number; members: number; parcels: number };
};

export type PackageCheck = {
  /** The package could not be read at all (a broken archive, a .dbf cut short, a refused .prj). */
  fatal: { code: string; params: Record<string, string | number>; zh: string; en: string } | null;
  loaded: Omit<LoadedPackage, 'tables' | 'dk'> | null;
  /** Problems that belong to no single collective. */
  problems: Problem[];
  collectives: CollectiveCheck[];
};

export type CheckOptions = LoadOptions & {
  today: Date;
  knownCollectives?: ReadonlySet<string>;
  topo?: TopoOptions;
  /** Called as each phase ends (for progress and the benchmark's figures). */
  onPhase?: (phase: 'read' | 'mapped' | 'checked') => void;
};

export function boundaryOf(pkg: Pick<LoadedPackage, 'boundaries'>, fbf: string): Boundary | null {
  const group = pkg.boundaries.group.get(fbf);
  if (group) return { geometry: group, label: '组级区域' };
  const village = pkg.boundaries.village.get(fbf.slice(0, 12));
  return village ? { geometry: village, label: '村级区域' } : null;
}

export function checkLoaded(pkg: LoadedPackage, opts: CheckOptions): Omit<PackageCheck, 'fatal' | 'loaded'> {
  const mapped = mapNyt2539({ tables: pkg.tables, dk: pkg.dk, today: opts.today, knownCollectives: opts.knownCollectives });
  opts.onPhase?.('mapped');
  const byCollective = new Map<string, Problem[]>();
  const general: Problem[] = [];
  for (const p of mapped.problems) {
    if (p.collective) (byCollective.get(p.collective) ?? byCollective.set(p.collective, []).get(p.collective)!).push(p);
    else general.push(p);
  }
  // A missing table or field stops every collective; rows of an unknown 发包方 stop none of the known ones.
  const blocked = general.some((p) => p.severity === 'error');
  const collectives = mapped.collectives.map((c): CollectiveCheck => {
    const code = c.collective.code;
    const parcels = c.households.flatMap((h) => h.contracts.flatMap((k) => k.parcels));
    const topo: TopoParcel[] = parcels
      .filter((p) => p.dkRow !== null)
      .map((p) => ({ code: p.code, row: p.dkRow!, geometry: p.geometry, recordedM2: p.areaM2Centi === null ? null : p.areaM2Centi / 100 }));
    const problems = [...(byCollective.get(code) ?? []), ...checkTopology(topo, code, boundaryOf(pkg, code), opts.topo ?? DEFAULT_TOPO)];
    const counts = {
      households: c.households.length,
      members: c.households.reduce((s, h) => s + h.members.length, 0),
      parcels: parcels.length,
    };
    return { collective: c, problems, ok: !blocked && !problems.some((p) => p.severity === 'error'), counts };
  });
  // Problems of rows whose collective is not in FBF (e.g. a household of an unknown 发包方) are general.
  for (const [code, list] of byCollective) if (!mapped.collectives.some((c) => c.collective.code === code)) general.push(...list);
  opts.onPhase?.('checked');
  return { problems: general, collectives };
}

export async function checkNyt2539(buf: Buffer, file: string, opts: CheckOptions): Promise<PackageCheck> {
  let pkg: LoadedPackage;
  try {
    pkg = await loadNyt2539(buf, file, opts);
    opts.onPhase?.('read');
  } catch (err) {
    if (!(err instanceof FileError)) throw err;
    return {
      fatal: {
        code: err.code,
        params: err.params,
        zh: fileMessage(err.code, err.params, 'zh'),
        en: fileMessage(err.code, err.params, 'en'),
      },
      loaded: null,
      problems: [],
      collectives: [],
    };
  }
  const { tables: _t, dk: _d, ...loaded } = pkg;
  return { fatal: null, loaded, ...checkLoaded(pkg, opts) };
}
