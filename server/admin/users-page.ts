import { and, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { ROLES, users, type Role } from '../../models/accounts';
import { households } from '../../models/households';
import { collectives, regions } from '../../models/regions';
import type { Db } from '../platform/db';
import { withLoginTrouble } from '../platform/auth/login-throttle';
import { assertRole, type Actor } from '../kernel/actor';
import { publicUser } from '../accounts/accounts';
import { canMakeSlip, neverUsed } from '../accounts/rules';
import { LISTED_ROLES } from './rules';

// The admin's list of accounts and the choices of the new-account form: page queries that hand
// the view each account's `can` flags and the filter's options, so the view decides nothing.

const PAGE = 50;

export type UserFilter = { role?: string; q?: string; page: number };

/** `%`, `_` and `\` typed into a search box are searched as themselves. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

/** Accounts matching the filter, with their login trouble (as of `at`) and what the admin may do with each. */
export async function listUsers(db: Db, actor: Actor, f: UserFilter, at: Date) {
  assertRole(actor, 'admin');
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
  const rows = await withLoginTrouble(
    db,
    list.map((r) => ({
      ...publicUser(r.user),
      awaitingActivation: neverUsed(r.user),
      lastLoginAt: r.user.lastLoginAt,
      createdAt: r.user.createdAt,
      collectiveName: r.collectiveName,
      regionName: r.regionName,
      householdCode: r.householdCode,
    })),
    at,
  );
  return {
    list: rows.map((u) => ({ ...u, can: { slip: canMakeSlip(actor, u), unlock: !!u.loginTrouble } })),
    roles: LISTED_ROLES.map((r) => ({ value: r, selected: f.role === r })),
    total: n,
    page: f.page,
    pages: Math.max(1, Math.ceil(n / PAGE)),
  };
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
