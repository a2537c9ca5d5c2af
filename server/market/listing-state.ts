import type { listings } from '../../models/market';

// Notice periods end by the clock, not by someone opening a page: every state that depends on
// time is derived here from stored times and the time of the request, and the sweep job
// (sweep.ts) only records what the clock already decided.

type Listing = typeof listings.$inferSelect;
const DAY = 24 * 3600 * 1000;

export type EffectiveState =
  | Listing['status']
  | 'open' // approved, notice period running: members may offer (rule 8)
  | 'closed'; // approved, notice period over: awaiting the award (rule 9)

/** What a listing is now, whether or not the sweep job has run yet. */
export function effectiveState(l: Pick<Listing, 'status' | 'noticeEndsAt'>, at: Date): EffectiveState {
  if (l.status !== 'approved') return l.status;
  return l.noticeEndsAt && at < l.noticeEndsAt ? 'open' : 'closed';
}

export function isOpenForOffers(l: Pick<Listing, 'status' | 'noticeEndsAt'>, at: Date): boolean {
  return effectiveState(l, at) === 'open';
}

/** Whole days left in the notice period, counting a started day as one; 0 when over. */
export function daysLeft(l: Pick<Listing, 'noticeEndsAt'>, at: Date): number {
  if (!l.noticeEndsAt) return 0;
  const ms = l.noticeEndsAt.getTime() - at.getTime();
  return ms <= 0 ? 0 : Math.ceil(ms / DAY);
}

export type ShownState = EffectiveState | 'suspended' | 'objection';

/**
 * What people are shown (issue 18 item 1): a live listing the bureau suspended is 已暂停, not
 * 公示中 with a countdown; the rules still reason on effectiveState and refuse every step.
 */
export function shownState(l: Pick<Listing, 'status' | 'noticeEndsAt' | 'suspendedAt' | 'objectionPausedAt'>, at: Date): ShownState {
  const live = l.status === 'draft' || l.status === 'submitted' || l.status === 'approved' || l.status === 'in_deal';
  if (l.suspendedAt && live) return 'suspended';
  // Issue 20: paused by an open objection (异议处理中), no countdown.
  if (l.objectionPausedAt && l.status === 'approved') return 'objection';
  return effectiveState(l, at);
}
