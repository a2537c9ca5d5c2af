import { withLoginTrouble } from '../platform/auth/login-throttle';
import type { Db } from '../platform/db';
import type { Actor } from '../kernel/actor';
import { getCollective, homesteadLimitM2, type Collective } from './collectives';
import { householdPlace, loadHousehold } from './households';
import { countPersonalReads } from '../kernel/personal-reads';
import { allocatedSharesSummary } from './rights';
import { assertCanRead } from '../kernel/actor';
import { NotFound } from '../kernel/errors';
import { membersShown } from '../kernel/personal-data';
import { daysLeft, effectiveState } from '../market/listing-state';
import { readHouseholdDetail, readHouseholdPage } from './household-page-reads';
import type { ReadVia } from '../kernel/personal-reads';
import { mayChangeHousehold } from './rules';
import { withStatuses } from './membership';
import { isUuid } from '../kernel/ids';

/**
 * Everything about one household on one page: members (as rule 14 lets the actor see them),
 * rights, certificates, history. Read in one prepared statement (household-page-reads.ts); the
 * scope is checked on the household before anything else is used.
 */
export async function householdPage(db: Db, actor: Actor, householdId: string, at: Date) {
  if (!isUuid(householdId)) throw new NotFound();
  const p = await readHouseholdPage(db, householdId, at);
  assertCanRead(actor, p ? householdPlace(p.household) : null);
  if (!p?.collective) throw new NotFound();
  const { household, collective } = p;
  // Rule 14: the members as this actor may see them, counted as read; the accounts' login trouble.
  const [, accounts] = await Promise.all([
    countPersonalReads(db, actor, p.members.length, 'household', household),
    withLoginTrouble(db, p.accounts),
  ]);
  const marketListings = Object.fromEntries(
    p.listings.map((l) => [l.rightId, { id: l.id, state: effectiveState(l, at), daysLeft: daysLeft(l, at), path: l.path }]),
  );
  return {
    household,
    collective,
    members: membersShown(actor, household, p.members, at),
    rights: p.rights,
    history: p.history,
    actorNames: p.actorNames,
    accounts,
    ...charterFacts(collective, p.allocated),
    dividends: p.dividends,
    marketListings,
    // Each person's membership status on the day (membership.ts), from the same statement.
    memberStatuses: new Map(withStatuses(p.members, p.memberLatest).map((m) => [m.id, { status: m.status, latest: m.latest }])),
    can: { change: mayChangeHousehold(actor, household) },
  };
}

/**
 * A household with its members (as rule 14 lets the actor see them, counted as read) and its
 * rights, for the API: one prepared statement, the scope checked on the household first.
 */
export async function householdWithRights(db: Db, actor: Actor, householdId: string, via: ReadVia, at: Date) {
  if (!isUuid(householdId)) throw new NotFound();
  const p = await readHouseholdDetail(db, householdId);
  assertCanRead(actor, p ? householdPlace(p.household) : null);
  if (!p) throw new NotFound();
  await countPersonalReads(db, actor, p.members.length, via, p.household);
  return { household: p.household, members: membersShown(actor, p.household, p.members, at), rights: p.rights };
}

function charterFacts(collective: Collective, allocated: number) {
  return {
    limits: {
      plain: homesteadLimitM2(collective, 'plain'),
      hill: homesteadLimitM2(collective, 'hill'),
      mountain: homesteadLimitM2(collective, 'mountain'),
    },
    shareTotals: { total: collective.totalShares, allocated, free: collective.totalShares - allocated },
  };
}

/** What the forms that register a right show: the household and its collective's limits, no persons. */
export async function rightFormPage(db: Db, actor: Actor, householdId: string) {
  const household = await loadHousehold(db, actor, householdId);
  const [collective, allocated] = await Promise.all([
    getCollective(db, household.collectiveId),
    allocatedSharesSummary(db, household.collectiveId),
  ]);
  return { household, collective, ...charterFacts(collective, allocated) };
}
