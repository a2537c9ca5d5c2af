import type { Actor } from '../../kernel/actor';
import type { Db } from '../../platform/db';

// One import pipeline for every format the registry takes in (issue 17, "One import pipeline"):
//
//   read (the format's reader: our spreadsheet template, the NY/T 2539 tables and shapefiles)
//     → check (map to the registry's rows, check every row, compare with the register)
//     → report (the dry run: what would be created, what exists, every problem)
//     → write (one transaction per unit, all or nothing), unless it is a dry run.
//
// A format is the three steps; the pipeline runs them in this order, always the same way, and
// never writes a unit whose check found an error. The spreadsheet template's unit is the
// officer's collective (run.ts); a NY/T 2539 package's units are its collectives (nyt2539/jobs.ts).

export type Phase = 'reading' | 'validating' | 'writing';
export type PipelineProgress = (done: number, total: number, phase: Phase) => Promise<void>;

/** One unit written in its own transaction (a collective), with its checked rows and its verdict. */
export type Unit<Plan> = { key: string; plan: Plan; ok: boolean };

export type ImportFormat<Read, Plan, Counts> = {
  /** Reads the whole input; file-level faults throw (the file cannot be read at all). */
  read(progress: PipelineProgress): Promise<Read>;
  /** Maps and checks: every problem found, per unit; touches nothing. */
  check(read: Read, progress: PipelineProgress): Promise<Unit<Plan>[]>;
  /** Writes one checked unit in one transaction. */
  write(unit: Unit<Plan>, progress: PipelineProgress): Promise<Counts>;
};

export type UnitOutcome<Plan, Counts> = Unit<Plan> & { written?: Counts; error?: unknown };
export type PipelineOutcome<Read, Plan, Counts> = { read: Read; units: UnitOutcome<Plan, Counts>[] };

/**
 * Runs a format through the pipeline. `dryRun`: stops after the check. A unit with a problem is
 * not written; a unit whose write fails is reported with its error and the others go on (each is
 * its own transaction) unless `stopOnError`.
 */
export async function runPipeline<Read, Plan, Counts>(
  format: ImportFormat<Read, Plan, Counts>,
  opts: { dryRun: boolean; progress: PipelineProgress; stopOnError?: boolean },
): Promise<PipelineOutcome<Read, Plan, Counts>> {
  const read = await format.read(opts.progress);
  const units: UnitOutcome<Plan, Counts>[] = await format.check(read, opts.progress);
  if (opts.dryRun) return { read, units };
  for (const u of units) {
    if (!u.ok) continue;
    try {
      u.written = await format.write(u, opts.progress);
    } catch (err) {
      if (opts.stopOnError) throw err;
      u.error = err;
    }
  }
  return { read, units };
}

/** What a format's steps are given: the database, the acting user, the time of the request. */
export type FormatContext = { db: Db; actor: Actor; at: Date };
