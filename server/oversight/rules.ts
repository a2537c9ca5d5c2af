import { LIVE_LISTING_STATUSES, OPEN_DEAL_STATUSES } from '../../models/statuses';
import type { Actor } from '../kernel/actor';
import { regionContains } from '../kernel/codes';

// Rule 12 for oversight, decided once: the use cases assert these predicates and the page queries
// turn the same predicates into their `can` flags. A bureau sees its region (a county bureau its
// county, a city bureau the whole city) and is the only overseer that acts there: it suspends and
// lifts, acknowledges alerts and sets reference prices and thresholds. An admin sees everything
// and changes nothing here.

/** A bureau with its region, or an admin. */
export function isOverseer(actor: Actor): boolean {
  return actor.role === 'admin' || (actor.role === 'bureau' && !!actor.regionCode);
}

/** The region an overseer is held to; null for an admin (everything). */
export function overseenRegion(actor: Actor): string | null {
  return actor.role === 'admin' ? null : actor.regionCode;
}

/** May the actor see what is placed in this region? */
export function inScope(actor: Actor, regionCode: string | null | undefined): boolean {
  if (actor.role === 'admin') return true;
  return actor.role === 'bureau' && !!regionCode && !!actor.regionCode && regionContains(actor.regionCode, regionCode);
}

/** Sets reference prices and alert thresholds (within its region): the bureau, not the admin. */
export function isSupervisor(actor: Actor): boolean {
  return actor.role === 'bureau' && !!actor.regionCode;
}

/** Acts on what is placed in this region: its own bureau. */
export function supervises(actor: Actor, regionCode: string): boolean {
  return isSupervisor(actor) && inScope(actor, regionCode);
}

/** A listing in a deal is supervised through its deal (the deal's steps check the deal). */
export const SUSPENDABLE_LISTING_STATUSES: readonly string[] = LIVE_LISTING_STATUSES.filter((s) => s !== 'in_deal');

type Case = { regionCode: string; status: string; suspendedAt: Date | null };
export type SuspendRefusal = 'oversight.alreadySuspended' | 'oversight.suspendTheDeal' | 'oversight.notLive';

/** Why this listing cannot be suspended (null: it can). */
export function listingSuspendRefusal(l: Pick<Case, 'status' | 'suspendedAt'>): SuspendRefusal | null {
  if (l.suspendedAt) return 'oversight.alreadySuspended';
  if (l.status === 'in_deal') return 'oversight.suspendTheDeal';
  return SUSPENDABLE_LISTING_STATUSES.includes(l.status) ? null : 'oversight.notLive';
}

/** Why this deal cannot be suspended (null: it can): only an open deal is. */
export function dealSuspendRefusal(d: Pick<Case, 'status' | 'suspendedAt'>): SuspendRefusal | null {
  if (d.suspendedAt) return 'oversight.alreadySuspended';
  return (OPEN_DEAL_STATUSES as readonly string[]).includes(d.status) ? null : 'oversight.notLive';
}

export function canSuspend(actor: Actor, c: Case, what: 'listing' | 'deal'): boolean {
  return supervises(actor, c.regionCode) && (what === 'listing' ? listingSuspendRefusal(c) : dealSuspendRefusal(c)) === null;
}

export function canLift(actor: Actor, c: Case): boolean {
  return supervises(actor, c.regionCode) && !!c.suspendedAt;
}

/** An alert is acknowledged once, by the bureau of its region. */
export function canAcknowledge(actor: Actor, a: { regionCode: string; acknowledgedAt: Date | null }): boolean {
  return supervises(actor, a.regionCode) && !a.acknowledgedAt;
}

/** A report is seen by whoever made it and by the overseers whose region holds its place. */
export function maySeeReport(actor: Actor, report: { userId: string; placeCode: string }): boolean {
  return report.userId === actor.id || (isOverseer(actor) && inScope(actor, report.placeCode));
}
