import { eq } from 'drizzle-orm';
import { users } from '../../models/accounts';
import { withLoginTrouble } from '../platform/auth/login-throttle';
import type { Db } from '../platform/db';
import type { Actor } from '../kernel/actor';
import { getCollective, homesteadLimitM2, type Collective } from './collectives';
import { loadHousehold } from './households';
import { householdMembers } from '../kernel/personal-reads';
import { allocatedSharesSummary } from './rights';
import { dividendsOf } from './dividends';
import { householdListings } from '../market';
import { householdHistory, rightDetails } from './rights-view';
import { mayChangeHousehold } from './rules';

/** Everything about one household on one page: members (as rule 14 lets the actor see them), rights, certificates, history. */
export async function householdPage(db: Db, actor: Actor, householdId: string, at: Date) {
  const household = await loadHousehold(db, actor, householdId);
  // Everything else at once, in one wave after the household (whose read checks the scope).
  const [collective, memberList, rights, { history, actorNames }, accounts, allocated, dividendList, marketListings] = await Promise.all([
    getCollective(db, household.collectiveId),
    householdMembers(db, actor, household, 'household'),
    rightDetails(db, { householdIds: [household.id] }),
    householdHistory(db, household.id),
    db
      .select({
        id: users.id,
        username: users.username,
        displayName: users.displayName,
        memberId: users.memberId,
        active: users.active,
        awaitingActivation: users.awaitingActivation,
        lastLoginAt: users.lastLoginAt,
      })
      .from(users)
      .where(eq(users.householdId, household.id))
      .then((list) => withLoginTrouble(db, list)),
    allocatedSharesSummary(db, household.collectiveId),
    dividendsOf(db, household.collectiveId),
    householdListings(db, household.id, at),
  ]);
  return {
    household,
    collective,
    members: memberList,
    rights,
    history,
    actorNames,
    accounts,
    ...charterFacts(collective, allocated),
    dividends: dividendList,
    marketListings,
    can: { change: mayChangeHousehold(actor, household) },
  };
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
