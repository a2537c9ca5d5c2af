import { householdEvents, type LifeEventKind } from '../../../models/household-life';
import type { Actor } from '../../kernel/actor';
import type { Tx } from '../../platform/db';
import type { Household } from '../households';

export type LifeEvent = typeof householdEvents.$inferSelect;

/** One row of the household's life (besides the trail): what happened, when, who decided. */
export async function recordEvent(
  tx: Tx,
  actor: Actor,
  h: Household,
  v: {
    kind: LifeEventKind;
    other?: string | null;
    occurredOn: string;
    decidedBy?: string | null;
    reason?: string | null;
    details: unknown;
  },
  at: Date,
): Promise<LifeEvent> {
  const [e] = await tx
    .insert(householdEvents)
    .values({
      kind: v.kind,
      householdId: h.id,
      otherHouseholdId: v.other ?? null,
      collectiveId: h.collectiveId,
      regionCode: h.regionCode,
      occurredOn: v.occurredOn,
      decidedBy: v.decidedBy ?? null,
      reason: v.reason ?? null,
      details: v.details ?? {},
      recordedBy: actor.id,
      recordedAt: at,
    })
    .returning();
  return e;
}

export const householdTrail = (h: Household) => ({
  entityType: 'household',
  entityId: h.id,
  collectiveId: h.collectiveId,
  regionCode: h.regionCode,
  householdId: h.id,
});
