import type { Db } from '../../platform/db';
import type { Actor } from '../../kernel/actor';
import type { Collective } from '../collectives';
import { allocatedShares } from '../rights';
import { checkAgainstDb } from './check-db';
import { checkMembers } from './check-members';
import { checkRights } from './check-rights';
import type { Format } from '../../platform/files/file-type';
import { runPipeline, type ImportFormat } from './pipeline';
import { readImportFile, type ReadResult } from './read-file';
import type { Progress, RowError } from './types';
import { writePlan, type Counts, type Plan } from './write';

export type Outcome =
  | { ok: true; rows: number; counts: Counts; ignored: string[] }
  | { ok: false; rows: number; errors: RowError[]; ignored: string[] };

/**
 * Our spreadsheet template as a format of the import pipeline (pipeline.ts): its reader, its
 * checks (members, rights, then the register), and the writer of one collective, the officer's.
 */
export function templateFormat(
  db: Db,
  actor: Actor,
  collective: Collective,
  job: { id: string; fileName: string },
  buf: Buffer,
  format: Format,
): ImportFormat<ReadResult, Plan, Counts> {
  let total = 0;
  return {
    read: (progress) => readImportFile(buf, format, (n) => progress(n, 0, 'reading')),
    async check(read, progress) {
      total = read.rows.length;
      const problems = read.problems;
      await progress(0, total, 'validating');
      const memberRows = read.rows.filter((r) => r.kind === 'member');
      const rightRows = read.rows.filter((r) => r.kind !== 'member');
      const households = await checkMembers(memberRows, collective, problems, (n) => progress(n, total, 'validating'));
      const available = collective.totalShares - (await allocatedShares(db, collective.id));
      const rights = await checkRights(rightRows, collective, problems, available, (n) =>
        progress(memberRows.length + n, total, 'validating'),
      );
      const existing = await checkAgainstDb(db, collective, read.rows, rights, problems);
      return [{ key: collective.id, plan: { households: [...households.values()], rights, existing }, ok: problems.count === 0 }];
    },
    async write(unit, progress) {
      await progress(0, total, 'writing');
      return writePlan(db, actor, collective, job, unit.plan, (n) => progress(n, total, 'writing'));
    },
  };
}

/**
 * The whole import: read every row, check every row (reporting all problems, not the
 * first), and write only when there is not a single problem.
 */
export async function checkAndWrite(
  db: Db,
  actor: Actor,
  collective: Collective,
  job: { id: string; fileName: string },
  buf: Buffer,
  format: Format,
  progress: Progress,
): Promise<Outcome> {
  const { read, units } = await runPipeline(templateFormat(db, actor, collective, job, buf, format), {
    dryRun: false,
    progress,
    stopOnError: true,
  });
  const total = read.rows.length;
  const [unit] = units;
  if (!unit.ok) return { ok: false, rows: total, errors: read.problems.sorted(read.sheets), ignored: read.ignored };
  return { ok: true, rows: total, counts: unit.written!, ignored: read.ignored };
}
