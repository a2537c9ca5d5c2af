import { and, eq, ilike, isNull, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { apiTokens, ROLES, users, type Role } from '../../models/accounts';
import { households } from '../../models/households';
import { collectives, regions } from '../../models/regions';
import { clearName, withLoginTrouble } from '../platform/auth/login-throttle';
import { hashPassword } from '../accounts/passwords';
import { endSessions } from '../platform/auth/session-life';
import { temporaryPassword } from '../accounts/temp-password';
import type { Db, Tx } from '../platform/db';
import { DomainError, NotFound, ValidationError, type FieldErrors } from '../kernel/errors';
import { assertRole, type Actor } from '../kernel/actor';
import { getUser, insertAccount, publicUser, usernameField, type UserRow } from '../accounts/accounts';
import { recordAudit } from '../kernel/audit';
import { choice, optionalText, parse, text } from '../kernel/fields';
import { withDbErrors } from '../kernel/tx';

// Staff accounts are made here by an admin; farmer accounts by their collective's officer
// (server/accounts/farmer-accounts.ts), who knows the household.
export const STAFF_ROLES = ['admin', 'bureau', 'officer'] as const;

const newUserSchema = z.object({
  role: choice(STAFF_ROLES),
  username: usernameField,
  displayName: text(60),
  regionCode: z.string().trim().optional(),
  collectiveId: z.string().trim().optional(),
});

/** Creates a staff account with its scope (rule 12) and a temporary password shown once. */
export async function createStaffUser(db: Db, actor: Actor, input: unknown): Promise<{ user: UserRow; password: string }> {
  assertRole(actor, 'admin');
  const v = parse(newUserSchema, input);
  const errors: FieldErrors = {};
  let regionCode: string | null = null,
    collectiveId: string | null = null;
  if (v.role === 'bureau') {
    const [r] = v.regionCode ? await db.select().from(regions).where(eq(regions.code, v.regionCode)).limit(1) : [];
    if (!r || (r.level !== 'city' && r.level !== 'county')) errors.regionCode = { code: v.regionCode ? 'bureauRegion' : 'required' };
    else regionCode = r.code;
  }
  if (v.role === 'officer') {
    const ok = !!v.collectiveId && z.uuid().safeParse(v.collectiveId).success;
    const [c] = ok ? await db.select({ id: collectives.id }).from(collectives).where(eq(collectives.id, v.collectiveId!)).limit(1) : [];
    if (!c) errors.collectiveId = { code: v.collectiveId ? 'officerCollective' : 'required' };
    else collectiveId = c.id;
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return withDbErrors(() =>
    db.transaction((tx) =>
      insertAccount(
        tx,
        actor,
        {
          username: v.username,
          role: v.role,
          displayName: v.displayName,
          regionCode,
          collectiveId,
        },
        { collectiveId, regionCode },
      ),
    ),
  );
}

/** Deactivated accounts stop at their next request (the session loads the account each time). */
export async function setUserActive(db: Db, actor: Actor, id: string, active: boolean, reason?: string): Promise<UserRow> {
  assertRole(actor, 'admin');
  const before = await getUser(db, id);
  if (!before) throw new NotFound();
  // An admin cannot lock themselves out; so there is always one active admin left.
  if (!active && before.id === actor.id) throw new DomainError('cannotDeactivateSelf');
  const why = parse(z.object({ reason: optionalText(200) }), { reason }).reason || null;
  return db.transaction(async (tx) => {
    const [after] = await tx.update(users).set({ active }).where(eq(users.id, id)).returning();
    // A reactivation must not bring back what the account held before: its sessions and API
    // tokens end with the deactivation, for good (a reactivated account logs in and gets new tokens).
    const ended = active ? null : await endAccess(tx, id);
    await recordAudit(tx, actor, {
      action: active ? 'user.reactivate' : 'user.deactivate',
      entityType: 'user',
      entityId: id,
      collectiveId: after.collectiveId,
      regionCode: after.regionCode,
      householdId: after.householdId,
      before: { active: before.active },
      after: { active: after.active, ...ended },
      reason: why,
    });
    return after;
  });
}

/** Ends the account's sessions and revokes its API tokens; says how many tokens were revoked. */
async function endAccess(tx: Tx, userId: string): Promise<{ tokensRevoked: number }> {
  const at = new Date();
  await endSessions(tx, userId, at);
  const revoked = await tx
    .update(apiTokens)
    .set({ revokedAt: at })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return { tokensRevoked: revoked.length };
}

/** A new temporary password, to be changed again at the next login; whoever is signed in as the account is signed out. */
export async function resetPassword(db: Db, actor: Actor, id: string): Promise<{ user: UserRow; password: string }> {
  assertRole(actor, 'admin');
  const before = await getUser(db, id);
  if (!before) throw new NotFound();
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  const user = await db.transaction(async (tx) => {
    const [after] = await tx.update(users).set({ passwordHash, mustChangePassword: true }).where(eq(users.id, id)).returning();
    await endSessions(tx, id, new Date());
    // A new password from the admin: the old one's delays need not hold its owner up.
    await clearName(tx, after.username);
    await recordAudit(tx, actor, {
      action: 'user.password_reset',
      entityType: 'user',
      entityId: id,
      collectiveId: after.collectiveId,
      regionCode: after.regionCode,
      householdId: after.householdId,
      before: { mustChangePassword: before.mustChangePassword },
      after: { mustChangePassword: true },
    });
    return after;
  });
  return { user, password };
}

const PAGE = 50;

export type UserFilter = { role?: string; q?: string; page: number };

export async function listUsers(db: Db, f: UserFilter) {
  const conds: SQL[] = [];
  if (f.role && (ROLES as readonly string[]).includes(f.role)) conds.push(eq(users.role, f.role as Role));
  const q = (f.q ?? '').trim().slice(0, 40);
  if (q) conds.push(or(ilike(users.username, `%${escapeLike(q)}%`), ilike(users.displayName, `%${escapeLike(q)}%`))!);
  const where = conds.length ? and(...conds) : undefined;
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(users).where(where);
  const list = await db
    .select({
      user: users,
      collectiveName: collectives.name,
      regionName: regions.name,
      householdCode: households.code,
    })
    .from(users)
    .leftJoin(collectives, eq(collectives.id, users.collectiveId))
    .leftJoin(regions, eq(regions.code, users.regionCode))
    .leftJoin(households, eq(households.id, users.householdId))
    .where(where)
    .orderBy(users.role, users.username)
    .limit(PAGE)
    .offset((f.page - 1) * PAGE);
  return {
    list: await withLoginTrouble(
      db,
      list.map((r) => ({
        ...publicUser(r.user),
        awaitingActivation: r.user.awaitingActivation && !r.user.lastLoginAt,
        lastLoginAt: r.user.lastLoginAt,
        createdAt: r.user.createdAt,
        collectiveName: r.collectiveName,
        regionName: r.regionName,
        householdCode: r.householdCode,
      })),
    ),
    total: n,
    page: f.page,
    pages: Math.max(1, Math.ceil(n / PAGE)),
  };
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

/** Choices for the new-account form: bureau regions (city, counties) and collectives. */
export async function staffFormOptions(db: Db) {
  const bureauRegions = await db
    .select({ code: regions.code, name: regions.name, level: regions.level })
    .from(regions)
    .where(or(eq(regions.level, 'city'), eq(regions.level, 'county')))
    .orderBy(regions.code);
  const collectiveList = await db
    .select({ id: collectives.id, name: collectives.name, regionCode: collectives.regionCode })
    .from(collectives)
    .orderBy(collectives.regionCode, collectives.groupCode);
  return { bureauRegions, collectives: collectiveList };
}
