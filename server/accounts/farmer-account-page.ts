import { and, desc, eq } from 'drizzle-orm';
import { users } from '../../models/accounts';
import { outbox } from '../../models/outbox';
import type { Db } from '../platform/db';
import { DomainError, NotFound, ValidationError } from '../kernel/errors';
import { assertCanWriteRegistry, assertRole, type Actor } from '../kernel/actor';
import { latestCode, sendCodeBySms } from './activation-codes';
import { recordAudit } from '../kernel/audit';
import { phoneProblem } from './farmer-accounts';
import { accept, type Submitted } from '../kernel/commands';
import { resendCodeCommand, type ResendCodeCommand } from './commands';
import { neverUsed } from './rules';
import { householdPlace, loadHousehold } from '../registry/households';
import { maskPhone } from '../kernel/phone';
import { withDbErrors } from '../kernel/tx';
import { isUuid } from '../kernel/ids';

// The officer's page of one farmer account: the account slip to print (how to log in, where to
// activate, where the code went — never the code) and a new code when the farmer needs one.

async function loadAccount(db: Db, actor: Actor, householdId: string, userId: string) {
  assertRole(actor, 'officer');
  const household = await loadHousehold(db, actor, householdId);
  assertCanWriteRegistry(actor, householdPlace(household));
  if (!isUuid(userId)) throw new NotFound();
  const [u] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, userId), eq(users.householdId, household.id), eq(users.role, 'farmer')))
    .limit(1);
  if (!u) throw new NotFound();
  return { household, u };
}

export async function farmerAccountPage(db: Db, actor: Actor, householdId: string, userId: string, at: Date) {
  const { household, u } = await loadAccount(db, actor, householdId, userId);
  const [message] = await db
    .select({
      status: outbox.status,
      createdAt: outbox.createdAt,
      sentAt: outbox.sentAt,
      lastError: outbox.lastError,
      attempts: outbox.attempts,
    })
    .from(outbox)
    .where(eq(outbox.userId, u.id))
    .orderBy(desc(outbox.createdAt))
    .limit(1);
  return {
    household,
    account: {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      phone: maskPhone(u.phone),
      active: u.active,
      awaitingActivation: neverUsed(u),
      createdAt: u.createdAt,
    },
    code: await latestCode(db, u.id, at),
    message: message ?? null,
    can: { send: u.active && !!u.phone, changePhone: u.active && neverUsed(u) },
  };
}

/**
 * Sends a new code (the old one dies). Before the farmer has used the account the officer may
 * correct the number; afterwards not, or an officer could move a farmer's account to a phone
 * of their own and reset its password.
 */
export async function resendActivationCode(
  db: Db,
  actor: Actor,
  householdId: string,
  userId: string,
  cmd: Submitted<ResendCodeCommand>,
  at: Date,
): Promise<{ sentTo: string }> {
  const { household, u } = await loadAccount(db, actor, householdId, userId);
  const { phone } = accept(resendCodeCommand, cmd);
  if (!u.active) throw new DomainError('activation.inactive');
  const place = { collectiveId: household.collectiveId, regionCode: household.regionCode, householdId: household.id };
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const [locked] = await tx.select().from(users).where(eq(users.id, u.id)).for('update');
      let target = locked;
      if (phone && phone !== locked.phone) {
        if (!neverUsed(locked)) throw new DomainError('activation.phoneLocked', {}, 'phone');
        const problem = await phoneProblem(tx, phone, household.id);
        if (Object.keys(problem).length) throw new ValidationError(problem);
        [target] = await tx.update(users).set({ phone }).where(eq(users.id, u.id)).returning();
        await recordAudit(tx, actor, {
          action: 'user.phone',
          entityType: 'user',
          entityId: u.id,
          ...place,
          before: { phone: maskPhone(locked.phone) },
          after: { phone: maskPhone(phone) },
        });
      }
      if (!target.phone) throw new ValidationError({ phone: { code: 'activation.phoneNeeded' } });
      return sendCodeBySms(tx, actor, target, place, !neverUsed(target) || !!(await latestCode(tx, u.id, at)), at);
    }),
  );
}
