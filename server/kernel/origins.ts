import { now } from './clock';
import { lt } from 'drizzle-orm';
import { requestOrigins } from '../../models/origins';
import type { Db, Tx } from '../platform/db';
import { currentOrigin } from '../platform/request-origin';
import type { Actor } from './actor';

// Where trail entries came from (models/origins.ts): read by the sameAddress alert (rule 2).

/** Kept this long: the alert compares addresses hours apart, and an address is personal data. */
export const ORIGIN_DAYS = 90;

/** Called by recordAudit for the entry it just wrote; nothing when no request is being served. */
export async function recordOrigin(
  tx: Db | Tx,
  seq: number,
  at: Date,
  actor: Actor | null,
  collectiveId: string | null | undefined,
): Promise<void> {
  const origin = currentOrigin();
  if (!origin) return;
  await tx.insert(requestOrigins).values({
    seq,
    at,
    ip: origin.ip,
    actorId: actor?.id ?? null,
    actorRole: actor?.role ?? null,
    collectiveId: (actor?.role === 'officer' ? actor.collectiveId : collectiveId) ?? null,
  });
}

export async function purgeOldOrigins(db: Db, at = now()): Promise<void> {
  await db.delete(requestOrigins).where(lt(requestOrigins.at, new Date(at.getTime() - ORIGIN_DAYS * 86_400_000)));
}
