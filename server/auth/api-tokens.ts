import { createHash } from 'node:crypto';
import { and, eq, gt, isNull, or } from 'drizzle-orm';
import { apiTokens, users } from '../../models/accounts';
import type { Db } from '../db';
import type { Actor } from '../domain/actor';
import { toActor } from './actor';

// Bearer tokens for /api/v1. Only the SHA-256 (hex) of a token is stored, so a leaked
// table does not leak usable tokens. (Minimal version written for the API; the admin
// area issues and revokes tokens.)

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * The actor behind a bearer token, or null: unknown, revoked or expired token, or an
 * inactive account. A user who must change the password may still use a token that an
 * admin issued: the token, not the password, is the credential here.
 */
export async function actorFromBearer(db: Db, token: string): Promise<Actor | null> {
  if (!token || token.length > 200) return null;
  const now = new Date();
  const [row] = await db.select({ tokenId: apiTokens.id, user: users }).from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(
      eq(apiTokens.tokenHash, hashToken(token)),
      isNull(apiTokens.revokedAt),
      or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
      eq(users.active, true),
    )).limit(1);
  if (!row) return null;
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.tokenId));
  return toActor(row.user);
}
