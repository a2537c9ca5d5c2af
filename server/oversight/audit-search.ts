import { and, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import { users } from '../../models/accounts';
import { auditLog } from '../../models/audit';
import { households } from '../../models/households';
import { collectives } from '../../models/regions';
import { rights } from '../../models/rights';
import type { Db } from '../platform/db';
import { NotFound, ValidationError, type FieldErrors } from '../kernel/errors';
import type { Actor } from '../kernel/actor';
import { writeAnchor } from '../kernel/audit-anchors';
import { verifyWithAnchors } from '../kernel/audit-verify';
import { regionPrefix } from '../kernel/codes';
import { redactForTrail } from '../kernel/personal-data';
import { changesOf } from './audit-words';
import { inScope, overseenRegion } from './rules';
import { isUuid, UUID } from '../kernel/ids';
import { scopePrefix } from './scope';

// The trail, searchable by the bureau within its region (entries without a region, such as
// logins and account changes, only by an admin). Newest first, paged by sequence number
// (keyset: "older than seq N"), so a deep page costs what the first one does.

export const AUDIT_PAGE = 50;

export type AuditFilter = {
  region: string | null;
  collective: string | null;
  household: string | null;
  user: string | null;
  action: string | null;
  from: string | null;
  to: string | null;
  before: number | null;
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The search form (a GET query) into a filter; a bad value is refused with a message per field. */
export function parseAuditQuery(q: Record<string, unknown>): AuditFilter {
  const errors: FieldErrors = {};
  const s = (k: string) => (typeof q[k] === 'string' && (q[k] as string).trim() !== '' ? (q[k] as string).trim() : null);
  const f: AuditFilter = {
    region: s('region'),
    collective: s('collective'),
    household: s('household'),
    user: s('user'),
    action: s('action'),
    from: s('from'),
    to: s('to'),
    before: null,
  };
  if (f.region && !/^[0-9]{6}([0-9]{3}([0-9]{3})?)?$/.test(f.region)) errors.region = { code: 'oversight.badRegion' };
  if (f.collective && !isUuid(f.collective)) errors.collective = { code: 'oversight.badId' };
  if (f.household && !isUuid(f.household) && !/^[0-9]{18}$/.test(f.household)) errors.household = { code: 'oversight.badHousehold' };
  if (f.user && !/^[A-Za-z0-9._-]{1,64}$/.test(f.user)) errors.user = { code: 'invalidUsername' };
  if (f.action && !/^[a-z_]{1,30}(\.[a-z_]{1,30})?$/.test(f.action)) errors.action = { code: 'oversight.badAction' };
  for (const k of ['from', 'to'] as const) {
    const v = f[k];
    if (
      v &&
      (!DATE.test(v) || Number.isNaN(new Date(`${v}T00:00:00+08:00`).getTime()) || !new Date(`${v}T00:00:00Z`).toISOString().startsWith(v))
    )
      errors[k] = { code: 'invalidDate' };
  }
  if (!errors.from && !errors.to && f.from && f.to && f.from > f.to) errors.to = { code: 'endBeforeStart' };
  const b = s('before');
  if (b) {
    if (!/^[0-9]{1,15}$/.test(b)) errors.before = { code: 'invalidInteger' };
    else f.before = Number(b);
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return f;
}

/** The trail's entries that match the filter, within the actor's scope. */
export async function searchAudit(db: Db, actor: Actor, f: AuditFilter) {
  const prefix = scopePrefix(actor);
  // Admins see every entry (also those without a region); a bureau only entries placed in its region.
  const conds: SQL[] = overseenRegion(actor) ? [sql`${auditLog.regionCode} like ${prefix + '%'}`] : [];
  if (f.region) {
    if (!inScope(actor, f.region)) throw new NotFound();
    conds.push(sql`${auditLog.regionCode} like ${regionPrefix(f.region) + '%'}`);
  }
  if (f.collective) {
    const [c] = await db.select({ regionCode: collectives.regionCode }).from(collectives).where(eq(collectives.id, f.collective)).limit(1);
    if (!c || !inScope(actor, c.regionCode)) throw new NotFound();
    conds.push(eq(auditLog.collectiveId, f.collective));
  }
  if (f.household) {
    const [h] = await db
      .select({ id: households.id, regionCode: households.regionCode })
      .from(households)
      .where(isUuid(f.household) ? eq(households.id, f.household) : eq(households.code, f.household))
      .limit(1);
    if (!h || !inScope(actor, h.regionCode)) throw new NotFound();
    conds.push(eq(auditLog.householdId, h.id));
  }
  if (f.user) {
    const [u] = await db.select({ id: users.id }).from(users).where(eq(users.username, f.user)).limit(1);
    // An unknown name finds nothing, exactly like a name with no entries in scope.
    conds.push(u ? eq(auditLog.actorId, u.id) : sql`false`);
  }
  if (f.action)
    conds.push(
      f.action.includes('.')
        ? eq(auditLog.action, f.action)
        : sql`(${auditLog.action} = ${f.action} or ${auditLog.action} like ${f.action + '.%'})`,
    );
  if (f.from) conds.push(sql`${auditLog.at} >= ${new Date(`${f.from}T00:00:00+08:00`).toISOString()}`);
  if (f.to) conds.push(sql`${auditLog.at} < ${new Date(new Date(`${f.to}T00:00:00+08:00`).getTime() + 86_400_000).toISOString()}`);
  if (f.before) conds.push(lt(auditLog.seq, f.before));
  const list = await db
    .select({
      e: auditLog,
      username: users.username,
      userName: users.displayName,
      // The collective's name looked up per entry shown (its key's index), not joined: joined, PostgreSQL
      // hashed every collective of the registry for each search, a cost that grew with the registry
      // (BENCHMARKS.md, "The audit search's collectives").
      collective: sql<string | null>`(select ${collectives.name} from ${collectives} where ${collectives.id} = ${auditLog.collectiveId})`,
      householdCode: households.code,
      headName: households.headName,
      rightKind: rights.kind,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .leftJoin(households, eq(households.id, auditLog.householdId))
    // The right an entry is about, named by its kind (issue 18 item 11). Joined on the right's key
    // (an index lookup per entry), not on its id as text, which made PostgreSQL hash every right
    // of the registry for each search (BENCHMARKS.md, "The audit search's join").
    .leftJoin(
      rights,
      sql`${rights.id} = (case when ${auditLog.entityType} = 'right' and ${auditLog.entityId} ~* ${UUID.source} then ${auditLog.entityId} end)::uuid`,
    )
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(auditLog.seq))
    .limit(AUDIT_PAGE + 1);
  const more = list.length > AUDIT_PAGE;
  const page = list.slice(0, AUDIT_PAGE).map((r) => {
    // The trail's readers may not see full ID numbers (rule 14): older entries are masked anew.
    const before = redactForTrail(r.e.before),
      after = redactForTrail(r.e.after);
    return {
      ...r.e,
      before,
      after,
      username: r.username,
      userName: r.userName,
      collective: r.collective,
      householdCode: r.householdCode,
      headName: r.headName,
      rightKind: r.rightKind,
      changes: changesOf(before, after),
      beforeText: before == null ? '' : JSON.stringify(before, null, 2),
      afterText: after == null ? '' : JSON.stringify(after, null, 2),
    };
  });
  return { filter: f, list: page, older: more ? page[page.length - 1].seq : null };
}

/**
 * Recomputes the whole chain and compares it with the anchors kept outside the database; a
 * trail that checks out is anchored again at its head, so the next check starts from here.
 */
export async function verifyTrail(db: Db, actor: Actor, anchorDir: string) {
  scopePrefix(actor);
  const result = await verifyWithAnchors(db, anchorDir);
  // A folder that cannot be written to must not hide the verdict: the page says the head was not anchored.
  const anchored = result.ok ? await writeAnchor(db, anchorDir).catch(() => 'failed' as const) : null;
  return { ...result, anchored: anchored === 'failed' ? null : anchored, anchorFailed: anchored === 'failed' };
}
