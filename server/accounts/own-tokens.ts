import { accept, type Submitted } from '../kernel/commands';
import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { apiTokens } from '../../models/accounts';
import { assertRole, type Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { addDays } from '../kernel/clock';
import { NotFound, ValidationError } from '../kernel/errors';
import { text } from '../kernel/fields';
import { TOKEN_ACCESS } from '../platform/auth/api-token-scopes';
import type { Db } from '../platform/db';
import { hashToken } from './api-tokens';
import { isUuid } from '../kernel/ids';

// The API serves the farmers too (issue 18 item 16): a farmer makes a personal token on their
// account page for a phone app, and revokes it there. The token acts as the farmer, so it
// reaches exactly what the farmer's own pages reach (their household, their listings, offers
// and deals); it expires after OWN_TOKEN_DAYS and at most OWN_TOKENS_MAX are live at a time.

export const OWN_TOKEN_DAYS = 180;
export const OWN_TOKENS_MAX = 3;

export const ownTokenCommand = z.object({ name: text(60) });
export type OwnTokenCommand = z.output<typeof ownTokenCommand>;

export async function listOwnTokens(db: Db, actor: Actor, at: Date) {
  assertRole(actor, 'farmer');
  const rows = await db.select().from(apiTokens).where(eq(apiTokens.userId, actor.id)).orderBy(desc(apiTokens.createdAt)).limit(20);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    lastUsedAt: r.lastUsedAt,
    live: !r.revokedAt && (!r.expiresAt || r.expiresAt > at),
    revokedAt: r.revokedAt,
  }));
}

/** Makes a personal token; the plain token is returned once, to be shown once. */
export async function issueOwnToken(
  db: Db,
  actor: Actor,
  cmd: Submitted<OwnTokenCommand>,
  at: Date,
): Promise<{ token: string; id: string }> {
  assertRole(actor, 'farmer');
  const { name } = accept(ownTokenCommand, cmd);
  const token = randomBytes(32).toString('base64url');
  const id = await db.transaction(async (tx) => {
    const live = (
      await tx
        .select()
        .from(apiTokens)
        .where(and(eq(apiTokens.userId, actor.id), isNull(apiTokens.revokedAt)))
    ).filter((r) => !r.expiresAt || r.expiresAt > at);
    if (live.length >= OWN_TOKENS_MAX) throw new ValidationError({ name: { code: 'ownTokens.tooMany', params: { max: OWN_TOKENS_MAX } } });
    const [r] = await tx
      .insert(apiTokens)
      .values({
        userId: actor.id,
        name,
        tokenHash: hashToken(token),
        scopes: [...TOKEN_ACCESS.write],
        createdBy: actor.id,
        createdAt: at,
        expiresAt: addDays(at, OWN_TOKEN_DAYS),
      })
      .returning();
    await recordAudit(tx, actor, {
      action: 'token.issue',
      entityType: 'api_token',
      entityId: r.id,
      householdId: actor.householdId ?? null,
      after: { userId: actor.id, name: r.name, scopes: r.scopes, expiresAt: r.expiresAt, own: true },
    });
    return r.id;
  });
  return { token, id };
}

/** Revokes one of the farmer's own tokens (another's is not found). */
export async function revokeOwnToken(db: Db, actor: Actor, tokenId: string, at: Date): Promise<void> {
  assertRole(actor, 'farmer');
  if (!isUuid(tokenId)) throw new NotFound();
  await db.transaction(async (tx) => {
    const [t] = await tx
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, actor.id)))
      .for('update')
      .limit(1);
    if (!t) throw new NotFound();
    if (t.revokedAt) return;
    await tx.update(apiTokens).set({ revokedAt: at }).where(eq(apiTokens.id, tokenId));
    await recordAudit(tx, actor, {
      action: 'token.revoke',
      entityType: 'api_token',
      entityId: tokenId,
      householdId: actor.householdId ?? null,
      before: { revokedAt: null },
      after: { name: t.name, revokedAt: at, own: true },
    });
  });
}
