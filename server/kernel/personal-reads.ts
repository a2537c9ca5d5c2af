import { sql } from 'drizzle-orm';
import { personalReads } from '../../models/audit';
import type { Db } from '../platform/db';
import { prepared } from '../platform/prepared';
import type { Actor, Place } from './actor';
import { recordAudit } from './audit';
import { getCollective } from '../registry/collectives';
import { listMembers, type Household, type Member } from '../registry/households';
import { now, shanghaiDate } from './clock';
import { membersShown, type Shown } from './personal-data';

// Bulk reads of personal data by staff are counted (个人信息保护法 §51, §55): every page, export,
// search and API answer that shows persons adds how many it showed to the reader's count for the
// day (Asia/Shanghai), in one upsert. When a day's count crosses a threshold, the trail gets an
// entry `personal_data.bulk_read`, which the audit page finds (action "personal_data"). Pages
// without persons, and farmers reading their own household, cost nothing.

/**
 * A trail entry when a day's count reaches each of these. The officers keep their collective's
 * register, so reading its members is their daily work; the bureau and admins oversee
 * figures, and person-level reads are the exception there.
 */
export const READ_THRESHOLDS: Record<'officer' | 'bureau' | 'admin', readonly number[]> = {
  officer: [200, 1000, 5000, 20_000],
  bureau: [20, 100, 500, 2000, 10_000],
  admin: [20, 100, 500, 2000, 10_000],
};

/** What showed the persons (kept in the trail entry). */
export type ReadVia = 'household' | 'certificate' | 'search' | 'export' | 'api.household' | 'api.search';

// Every page, search and API answer that shows persons runs this upsert: built once per database
// handle and prepared on the server (platform/prepared.ts), not built by Drizzle per request.
const addReads = (db: Db) =>
  db
    .insert(personalReads)
    .values({ userId: sql.placeholder('user'), day: sql.placeholder('day'), persons: sql.placeholder('persons') })
    .onConflictDoUpdate({
      target: [personalReads.userId, personalReads.day],
      set: { persons: sql`${personalReads.persons} + ${sql.placeholder('persons')}` },
    })
    .returning({ persons: personalReads.persons })
    .prepare('personal_reads_add');

/**
 * Adds `persons` to the actor's count for today: one statement; a trail entry (rarely) when
 * the count crosses a threshold. `place` places the entry for the bureau's audit search.
 */
export async function countPersonalReads(
  db: Db,
  actor: Actor,
  persons: number,
  via: ReadVia,
  place?: Pick<Place, 'collectiveId' | 'regionCode'>,
  at: Date = now(),
): Promise<void> {
  if (actor.role === 'farmer' || persons <= 0) return;
  const day = shanghaiDate(at);
  const [row] = await prepared(db, 'personal_reads_add', addReads).execute({ user: actor.id, day, persons });
  const total = row.persons;
  const crossed = READ_THRESHOLDS[actor.role].filter((t) => total - persons < t && total >= t);
  if (!crossed.length) return;
  // An officer's entry sits in the collective's region (the bureau above it sees it); a bureau's
  // in its own region; an admin's in none (admins see every entry).
  const collectiveId = actor.role === 'officer' ? actor.collectiveId : null;
  const regionCode =
    actor.role === 'bureau'
      ? actor.regionCode
      : actor.role === 'officer' && actor.collectiveId
        ? place?.collectiveId === actor.collectiveId
          ? place.regionCode
          : (await getCollective(db, actor.collectiveId)).regionCode
        : null;
  await recordAudit(db, actor, {
    action: 'personal_data.bulk_read',
    entityType: 'user',
    entityId: actor.id,
    collectiveId,
    regionCode,
    after: { day, persons: total, threshold: crossed[crossed.length - 1], via },
  });
}

/** A household's members as the actor may see them (rule 14), counted as read. */
export async function householdMembers(db: Db, actor: Actor, h: Household, via: ReadVia, at: Date = now()): Promise<Shown<Member>[]> {
  const list = await listMembers(db, h.id);
  await countPersonalReads(db, actor, list.length, via, h, at);
  return membersShown(actor, h, list, at);
}
