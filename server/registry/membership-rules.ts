import {
  CONFIRM_GROUNDS,
  END_GROUNDS,
  KEEP_GROUNDS,
  type MEMBERSHIP_KINDS,
  type DECISION_MATTERS,
  type MEETING_TYPES,
} from '../../models/membership';
import type { Actor } from '../kernel/actor';
import { DomainError } from '../kernel/errors';

// The 成员名册's rules (农村集体经济组织法, in force 2025-05-01) as predicates: each answers the
// refusal (a DomainError naming the article) or null. The use cases assert them; the pages turn
// the same predicates into their `can` flags.

export type MembershipKind = (typeof MEMBERSHIP_KINDS)[number];
export type MeetingType = (typeof MEETING_TYPES)[number];
export type DecisionMatter = (typeof DECISION_MATTERS)[number];

/** A person's status in the register: the latest event, or (no event yet) the status recorded with the household. */
export type MembershipStatus = 'member' | 'ended' | 'registered' | 'not_member';

export const isCurrentMember = (s: MembershipStatus) => s === 'member' || s === 'registered';

/** The grounds each kind of event may cite: §12 (confirmed), §18 and the settlement policy (kept), §16–17 (ended). */
export const GROUNDS_OF: Record<MembershipKind, readonly string[]> = {
  confirmed: CONFIRM_GROUNDS,
  kept: KEEP_GROUNDS,
  ended: END_GROUNDS,
};

/** §12: confirmations are decided by the 成员大会 (a birth is confirmed by law; 原始成员 were confirmed in earlier reforms); §16: an exit needs the organisation's consent. */
export function decisionNeeded(kind: MembershipKind, ground: string): boolean {
  if (kind === 'confirmed') return ground !== 'birth' && ground !== 'original';
  if (kind === 'ended') return ground === 'voluntary_exit';
  return false;
}

export type MembershipChange = { kind: MembershipKind; ground: string; hasDecision: boolean };

/** Why this event may not be recorded for a person whose status is `status` (and who died, if `dead`), or null. */
export function membershipRefusal(status: MembershipStatus, dead: boolean, c: MembershipChange, field = 'ground'): DomainError | null {
  // §8, §31, §18: marriage and divorce never end membership; §16–17 name the only grounds that do.
  if (!GROUNDS_OF[c.kind].includes(c.ground)) return new DomainError(`membership.ground.${c.kind}`, {}, field);
  if (dead) return new DomainError('membership.dead', {}, 'kind');
  if (c.kind === 'confirmed' && status === 'member') return new DomainError('membership.alreadyMember', {}, 'kind');
  if (c.kind !== 'confirmed' && !isCurrentMember(status)) return new DomainError('membership.notMember', {}, 'kind');
  if (decisionNeeded(c.kind, c.ground) && !c.hasDecision) return new DomainError(`membership.decisionNeeded.${c.kind}`, {}, 'decisionId');
  return null;
}

/** Rule 12: the register is kept by the collective's officers. */
export const mayRecordMembership = (actor: Actor, collectiveId: string) => actor.role === 'officer' && actor.collectiveId === collectiveId;

// Decisions of the 成员大会 / 成员代表大会.

/** §28: matters a 成员代表大会 may not decide (membership, contract, homestead and quantification plans, compensation, mergers). */
export const GENERAL_MEETING_ONLY: readonly DecisionMatter[] = [
  'membership',
  'contract_plan',
  'homestead_plan',
  'quantification',
  'compensation',
  'merger',
];

export type Votes = {
  meetingType: MeetingType;
  matter: DecisionMatter;
  entitled: number;
  presentInPerson: number;
  presentOnline: number;
  presentByProxy: number;
  votesFor: number;
  votesAgainst: number;
  votesAbstain: number;
};

export const presentOf = (v: Votes) => v.presentInPerson + v.presentOnline + v.presentByProxy;

/**
 * The law's thresholds, checked in whole numbers: §28 (matters kept from the 代表大会), §27 (two
 * thirds of the entitled present; two thirds of ALL entitled in favour, not of those present),
 * §15 (three quarters of all members to give non-members income rights). Null when the decision stands.
 */
export function decisionRefusal(v: Votes): DomainError | null {
  const present = presentOf(v);
  if (present > v.entitled) return new DomainError('decision.presentOverEntitled', { present, entitled: v.entitled }, 'entitled');
  if (v.votesFor + v.votesAgainst + v.votesAbstain > present) return new DomainError('decision.votesOverPresent', { present }, 'votesFor');
  if (v.meetingType === 'representative' && GENERAL_MEETING_ONLY.includes(v.matter))
    return new DomainError('decision.generalOnly', {}, 'meetingType');
  if (present * 3 < v.entitled * 2)
    return new DomainError(
      'decision.quorum',
      { present, entitled: v.entitled, needed: Math.ceil((v.entitled * 2) / 3) },
      'presentInPerson',
    );
  if (v.matter === 'non_member_income') {
    if (v.votesFor * 4 < v.entitled * 3)
      return new DomainError(
        'decision.threeQuarters',
        { votesFor: v.votesFor, entitled: v.entitled, needed: Math.ceil((v.entitled * 3) / 4) },
        'votesFor',
      );
  } else if (v.votesFor * 3 < v.entitled * 2)
    return new DomainError(
      'decision.twoThirds',
      { votesFor: v.votesFor, entitled: v.entitled, needed: Math.ceil((v.entitled * 2) / 3) },
      'votesFor',
    );
  return null;
}

/** Charter settings a decision may set, with the bounds the law or the database keeps (承包法 §30: at least six months' notice). */
export const CHARTER_SETTINGS = {
  shareCapPercent: { min: 100, max: 10000 },
  noticeDays: { min: 1, max: 90 },
  landReturnNoticeMonths: { min: 6, max: 36 },
  // Issue 20: a deposit as a percentage of the asking price (0: none; the database keeps 0–100).
  depositPercent: { min: 0, max: 100 },
} as const;
export type CharterSetting = keyof typeof CHARTER_SETTINGS;
