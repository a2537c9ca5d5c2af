import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gt, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { apiTokens, users, type TokenScope } from '../../models/accounts';
import type { Db } from '../platform/db';
import { assertRole, type Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { accept, type Submitted } from '../kernel/commands';
import { addDays, shanghaiDate } from '../kernel/clock';
import { NotFound, ValidationError } from '../kernel/errors';
import { toActor } from './session-user';
import { reasonCommand, tokenCommand, type ReasonCommand, type TokenCommand } from './commands';
import { mayHoldToken, tokenState } from './rules';
import { DEFAULT_TOKEN_DAYS, TOKEN_ACCESS } from '../platform/auth/api-token-scopes';
import { isUuid } from '../kernel/ids';

export type ApiToken = typeof apiTokens.$inferSelect;

// Issued tokens are 32 random bytes in base64url (43 characters, 256 bits). Only the SHA-256
// (hex) is stored: the token has full entropy, so a fast hash suffices, and a leaked table
// yields no usable token.

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The end of a calendar day in Asia/Shanghai (UTC+8, no daylight saving), as UTC. */
function endOfDayShanghai(isoDate: string): Date {
  return new Date(`${isoDate}T23:59:59.999+08:00`);
}

/** The date the form proposes and an empty date gets: DEFAULT_TOKEN_DAYS from today (Asia/Shanghai). */
export function defaultExpiryDate(at: Date): string {
  return shanghaiDate(addDays(at, DEFAULT_TOKEN_DAYS));
}

/** Issues a bearer token for an active account; returns the plain token once, to be shown once. */
export async function issueToken(db: Db, actor: Actor, cmd: Submitted<TokenCommand>, at: Date): Promise<{ token: string; row: ApiToken }> {
  assertRole(actor, 'admin');
  const v = accept(tokenCommand, cmd);
  const expiresAt = v.noExpiry ? null : endOfDayShanghai(v.expiresOn ?? defaultExpiryDate(at));
  if (expiresAt && expiresAt.getTime() <= at.getTime()) throw new ValidationError({ expiresOn: { code: 'expiryInPast' } });
  const token = randomBytes(32).toString('base64url');
  const row = await db.transaction(async (tx) => {
    // Locked, so that a deactivation (which revokes the account's tokens) cannot pass between the check and the insert.
    const [user] = isUuid(v.userId) ? await tx.select().from(users).where(eq(users.id, v.userId)).for('update').limit(1) : [];
    // Tokens are for systems run by staff (imports, statistics); farmers use the web pages.
    if (!user || !mayHoldToken(user)) throw new ValidationError({ userId: { code: 'tokenUser' } });
    const [r] = await tx
      .insert(apiTokens)
      .values({
        userId: user.id,
        name: v.name,
        tokenHash: hashToken(token),
        scopes: [...TOKEN_ACCESS[v.access]],
        createdBy: actor.id,
        createdAt: at,
        expiresAt,
      })
      .returning();
    await recordAudit(tx, actor, {
      action: 'token.issue',
      entityType: 'api_token',
      entityId: r.id,
      collectiveId: user.collectiveId,
      regionCode: user.regionCode,
      after: { userId: user.id, username: user.username, name: r.name, scopes: r.scopes, expiresAt: r.expiresAt },
    });
    return r;
  });
  return { token, row };
}

/** Revoking is final: a revoked token is never valid again; a new one is issued instead. */
export async function revokeToken(db: Db, actor: Actor, tokenId: string, cmd: Submitted<ReasonCommand>, at: Date): Promise<ApiToken> {
  assertRole(actor, 'admin');
  if (!isUuid(tokenId)) throw new NotFound();
  const why = accept(reasonCommand, cmd).reason || null;
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(apiTokens).where(eq(apiTokens.id, tokenId)).for('update').limit(1);
    if (!before) throw new NotFound();
    if (before.revokedAt) return before;
    const [after] = await tx.update(apiTokens).set({ revokedAt: at }).where(eq(apiTokens.id, tokenId)).returning();
    await recordAudit(tx, actor, {
      action: 'token.revoke',
      entityType: 'api_token',
      entityId: tokenId,
      before: { revokedAt: null },
      after: { userId: after.userId, name: after.name, revokedAt: after.revokedAt },
      reason: why,
    });
    return after;
  });
}

/**
 * The acting user behind an `Authorization: Bearer` token, or null when the token is unknown,
 * revoked, expired or its account is deactivated. A user who must change the password may
 * still use a token an admin issued: the token, not the password, is the credential here.
 * Records when the token was last used (at most once a minute, so a busy client does not
 * write a row on every request).
 */
export async function actorFromBearer(db: Db, token: string | null | undefined, at: Date): Promise<Actor | null> {
  return (await tokenAccess(db, token, at))?.actor ?? null;
}

/** The same, with what the token may do (its scopes, api-token-scopes.ts). */
export async function tokenAccess(
  db: Db,
  token: string | null | undefined,
  at: Date,
): Promise<{ actor: Actor; scopes: TokenScope[] } | null> {
  // Any length up to 200 is looked up (the lookup is by hash, so the form does not matter);
  // longer input is refused before hashing.
  if (typeof token !== 'string' || !token || token.length > 200) return null;
  const [hit] = await db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, hashToken(token)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, at)),
        eq(users.active, true),
      ),
    )
    .limit(1);
  if (!hit) return null;
  await db
    .update(apiTokens)
    .set({ lastUsedAt: at })
    .where(
      and(eq(apiTokens.id, hit.token.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, new Date(at.getTime() - 60_000)))),
    );
  return { actor: toActor(hit.user), scopes: hit.token.scopes };
}

const PAGE = 50;

export async function listTokens(db: Db, page: number, at: Date) {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(apiTokens);
  const list = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      scopes: apiTokens.scopes,
      createdAt: apiTokens.createdAt,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      lastUsedAt: apiTokens.lastUsedAt,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      userActive: users.active,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .orderBy(sql`${apiTokens.revokedAt} is not null`, desc(apiTokens.createdAt))
    .limit(PAGE)
    .offset((page - 1) * PAGE);
  return {
    list: list.map((t) => ({ ...t, state: tokenState(t, at) })),
    total: n,
    page,
    pages: Math.max(1, Math.ceil(n / PAGE)),
  };
}

/** Accounts a token may be issued for: the active staff accounts. */
export async function tokenUserOptions(db: Db) {
  return db
    .select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role })
    .from(users)
    .where(and(eq(users.active, true), ne(users.role, 'farmer')))
    .orderBy(users.role, users.username);
}
