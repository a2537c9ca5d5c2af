import { and, eq, sql } from 'drizzle-orm';
import { certificates } from '../../models/certificates';
import { rights } from '../../models/rights';
import type { Tx } from '../platform/db';
import type { Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { insertCertificate } from '../registry/certificates';
import type { Certificate } from '../registry/rights-view';

// Certificates inside the registration change: the old one ends (cancelled when the right
// ends, superseded when a smaller right remains or shares are added) and a new one is issued,
// in the same transaction as everything else (rule 11).

type Right = typeof rights.$inferSelect;

const trail = (r: Right, c: Certificate) => ({
  entityType: 'certificate',
  entityId: c.id,
  collectiveId: r.collectiveId,
  regionCode: r.regionCode,
  householdId: r.householdId,
  rightId: r.id,
});

export async function endCertificate(
  tx: Tx,
  actor: Actor,
  r: Right,
  how: 'cancelled' | 'superseded',
  reason: string,
  at: Date,
): Promise<Certificate | null> {
  const [old] = await tx
    .update(certificates)
    .set({ status: how, endedAt: at, endReason: reason })
    .where(and(eq(certificates.rightId, r.id), eq(certificates.status, 'valid')))
    .returning();
  if (old)
    await recordAudit(tx, actor, {
      action: how === 'cancelled' ? 'certificate.cancel' : 'certificate.supersede',
      ...trail(r, old),
      before: { number: old.number, status: 'valid' },
      after: { status: how },
      reason,
    });
  return old ?? null;
}

export async function issueFor(
  tx: Tx,
  actor: Actor,
  r: Right,
  replaces: Certificate | null,
  reason: string,
  at: Date,
): Promise<Certificate> {
  const c = await insertCertificate(tx, actor, r, undefined, replaces?.id ?? null, at);
  await recordAudit(tx, actor, {
    action: 'certificate.issue',
    ...trail(r, c),
    before: replaces ? { number: replaces.number } : undefined,
    after: { number: c.number },
    reason,
  });
  return c;
}

/** Ends the old certificate and, if the right lives on, issues its replacement. */
export async function reissueOrCancel(tx: Tx, actor: Actor, r: Right, lives: boolean, reason: string, at: Date): Promise<void> {
  const old = await endCertificate(tx, actor, r, lives ? 'superseded' : 'cancelled', reason, at);
  if (lives) await issueFor(tx, actor, r, old, reason, at);
}

export async function setStatus(tx: Tx, r: Right, status: Right['status'], at: Date): Promise<Right> {
  const [after] = await tx
    .update(rights)
    .set({ status, version: sql`${rights.version} + 1`, updatedAt: at })
    .where(eq(rights.id, r.id))
    .returning();
  return after;
}
