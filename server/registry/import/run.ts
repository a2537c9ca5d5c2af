import type { Db } from '../../platform/db';
import type { Actor } from '../../kernel/actor';
import type { Collective } from '../collectives';
import { allocatedShares } from '../rights';
import { checkAgainstDb } from './check-db';
import { checkMembers } from './check-members';
import { checkRights } from './check-rights';
import type { Format } from '../../platform/files/file-type';
import { readImportFile } from './read-file';
import type { Progress, RowError } from './types';
import { writePlan, type Counts } from './write';

export type Outcome =
  | { ok: true; rows: number; counts: Counts; ignored: string[] }
  | { ok: false; rows: number; errors: RowError[]; ignored: string[] };

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
  const read = await readImportFile(buf, format, (n) => progress(n, 0, 'reading'));
  const total = read.rows.length;
  const problems = read.problems;
  await progress(0, total, 'validating');
  const memberRows = read.rows.filter((r) => r.kind === 'member');
  const rightRows = read.rows.filter((r) => r.kind !== 'member');
  const households = await checkMembers(memberRows, collective, problems, (n) => progress(n, total, 'validating'));
  const available = collective.totalShares - (await allocatedShares(db, collective.id));
  const rights = await checkRights(rightRows, collective, problems, available, (n) => progress(memberRows.length + n, total, 'validating'));
  const existing = await checkAgainstDb(db, collective, read.rows, rights, problems);
  if (problems.count > 0) return { ok: false, rows: total, errors: problems.sorted(read.sheets), ignored: read.ignored };
  await progress(0, total, 'writing');
  const counts = await writePlan(db, actor, collective, job, { households: [...households.values()], rights, existing }, (n) =>
    progress(n, total, 'writing'),
  );
  return { ok: true, rows: total, counts, ignored: read.ignored };
}
