import type { RouterDeps } from '../../server/platform/deps';
import type { Request } from 'express';
import { actorOf } from '../../server/platform/auth/guards';
import type { Actor } from '../../server/kernel/actor';
import { householdPage, membershipSplit } from '../../server/registry';

/**
 * The household page's locals: for the page itself, and for a form on it that is refused and
 * shown again. The household comes from the registry (the URL's household, right or
 * certificate), never from a field the form sent.
 */
export async function householdLocals(deps: RouterDeps, req: Request, householdId: string) {
  const actor = actorOf(req);
  return pageLocals(actor, await householdPage(deps.db, actor, householdId, deps.clock.now()));
}

/** What the household page's template is given from the page's data (also the benchmark's render floor). */
export function pageLocals(actor: Actor, page: Awaited<ReturnType<typeof householdPage>>) {
  // Current and past members (成员名册): a person whose membership ended is shown apart, never dropped.
  const { memberStatuses, ...rest } = page;
  const membership = membershipSplit(actor, page.household, page.members, memberStatuses);
  return { title: page.household.headName, ...rest, members: membership.current, membership };
}
