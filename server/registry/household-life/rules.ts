import type { Actor } from '../../kernel/actor';
import { canWriteRegistry } from '../../kernel/actor';
import { ageOnDay } from '../../kernel/personal-data';
import { shanghaiDate } from '../../kernel/clock';

// The rules of a household's life (issue 16) as predicates: the use cases assert them (a
// DomainError naming the rule and its article), the pages turn the same predicates into their
// `can` flags. Legal basis: 农村土地承包法 §16, §24, §27, §31, §32; 土地管理法 §62 and
// 实施条例 §34; 民法典 §17 (adult at 18); 农村集体经济组织法 §8, §18, §31.

/** Rights in a listing or a deal stay still (rule 11): statuses that freeze a right. */
export const FROZEN_RIGHT_STATUSES = ['listed', 'in_transaction'] as const;

export function isFrozen(status: string): boolean {
  return (FROZEN_RIGHT_STATUSES as readonly string[]).includes(status);
}

/** 民法典 §17: an adult is 18 or older on the day (Asia/Shanghai). */
export function isAdultOn(birthDate: string, at: Date): boolean {
  return ageOnDay(birthDate, at) >= 18;
}

/** A date a person typed must not lie after today in Beijing. */
export function notInFuture(day: string, at: Date): boolean {
  return day <= shanghaiDate(at);
}

/** What the registry knows of a household's state when deciding its life's steps. */
export type LifeState = {
  collectiveId: string;
  ended: boolean;
  memberCount: number;
  /** Some held right is listed or in a deal, or has a live listing (rule 11). */
  frozen: boolean;
};

/** Only the collective's officer records a household's life, and only while the household exists. */
export function canRecordLife(actor: Actor, s: Pick<LifeState, 'collectiveId' | 'ended'>): boolean {
  return canWriteRegistry(actor, s) && !s.ended;
}

/** 户主变更: another adult member becomes head; not while a right is listed (its certificate would be reissued). */
export function canChangeHead(actor: Actor, s: LifeState): boolean {
  return canRecordLife(actor, s) && s.memberCount >= 2 && !s.frozen;
}

/** 分户: needs at least two members (one stays, one goes); not while a right is listed (rule 11). */
export function canSplit(actor: Actor, s: LifeState): boolean {
  return canRecordLife(actor, s) && s.memberCount >= 2 && !s.frozen;
}

/** 合户: not while a right of either household is listed (rule 11). */
export function canMerge(actor: Actor, s: LifeState): boolean {
  return canRecordLife(actor, s) && !s.frozen;
}

/** 继承 is recorded when the last member has died (承包法 §32; while a member remains the contract continues). */
export function canRecordInheritance(actor: Actor, s: LifeState): boolean {
  return canRecordLife(actor, s) && !s.frozen;
}

/** 农村土地承包法 §31 / 集体经济组织法 §18: a marriage is recorded; it removes nothing. */
export function canRecordMarriage(actor: Actor, s: LifeState): boolean {
  return canRecordLife(actor, s) && s.memberCount >= 1;
}

/** 土地管理法 §62: one household, one homestead, checked on each household a split or merge leaves. */
export function homesteadsFit(counts: number[]): boolean {
  return counts.every((n) => n <= 1);
}

/**
 * 承包法 §32: on the death of the last member, a contract whose parcels are all 林地 passes to the
 * heir; any other contract returns to the collective (the heirs inherit its 承包收益 only).
 * A mixed contract: its forest parcels pass to the heir, the rest returns.
 */
export type LandOutcome = 'to_heir' | 'back_to_collective' | 'forest_to_heir_rest_back';
export function landOutcome(landClasses: string[]): LandOutcome {
  const forest = landClasses.filter((c) => c === 'forest').length;
  if (forest === 0) return 'back_to_collective';
  return forest === landClasses.length ? 'to_heir' : 'forest_to_heir_rest_back';
}

/**
 * Shares pass as the collective's charter says: to an heir's household of the collective, or
 * back to the collective; a non-member heir gets income rights only where the charter says so
 * (集体经济组织法 §15: giving non-members income rights needs three quarters of the members).
 */
export const SHARES_OUTCOMES = ['to_member_heir', 'income_to_non_member', 'back_to_collective'] as const;
export type SharesOutcome = (typeof SHARES_OUTCOMES)[number];
export function sharesOutcomeAllowed(outcome: SharesOutcome, heir: { member: boolean; householdId: string | null } | null): boolean {
  if (outcome === 'back_to_collective') return true;
  if (!heir) return false;
  if (outcome === 'to_member_heir') return heir.member && heir.householdId !== null;
  return !heir.member;
}

/** 二轮延包: the contract's new end, thirty years after its old one (same month and day). */
export function extendedEnd(oldEnd: string, years = 30): string {
  const [y, m, d] = oldEnd.split('-').map(Number);
  // 29 February in a year that has none becomes 28 February.
  const leap = (yy: number) => (yy % 4 === 0 && yy % 100 !== 0) || yy % 400 === 0;
  const ny = y + years;
  const day = m === 2 && d === 29 && !leap(ny) ? 28 : d;
  return `${ny}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Which contracts the extension lists: held land contracts ending in the old term. */
export function endsInOldTerm(endDate: string, oldTermEndsBy: string): boolean {
  return endDate <= oldTermEndsBy;
}
