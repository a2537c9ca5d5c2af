import { clearName } from '../platform/auth/login-throttle';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { activationCodes } from '../../models/activation';
import { users } from '../../models/accounts';
import { households } from '../../models/households';
import { toActor } from './session-user';
import { checkPassword, DUMMY_HASH, hashPassword, passwordProblem } from './passwords';
import { endSessions } from '../platform/auth/session-life';
import type { Db } from '../platform/db';
import { ValidationError } from '../kernel/errors';
import { cancelTopic } from '../platform/outbox/queue';
import { recordAudit } from '../kernel/audit';
import { CODE_DIGITS, countWrongCode, MAX_CODE_ATTEMPTS } from './activation-codes';
import { normalizeMobile } from '../kernel/phone';
import { accept, type Submitted } from '../kernel/commands';
import { activationCommand, type ActivationCommand } from './commands';

// The /activate form: a farmer names the account (username, or the mobile number on it), types
// the code and a new password twice. Every failure to find a live matching code reads the same
// (no telling which accounts exist or have a code); a wrong code counts against that code.

type User = typeof users.$inferSelect;

/** The accounts the name could mean: a username, or every active farmer account on that mobile number. */
async function candidates(db: Db, login: string): Promise<User[]> {
  const mobile = normalizeMobile(login);
  if (mobile)
    return db
      .select()
      .from(users)
      .where(and(eq(users.phone, mobile), eq(users.role, 'farmer'), eq(users.active, true)))
      .limit(5);
  return db
    .select()
    .from(users)
    .where(and(sql`lower(${users.username}) = lower(${login})`, eq(users.role, 'farmer'), eq(users.active, true)))
    .limit(1);
}

export async function activateAccount(db: Db, cmd: Submitted<ActivationCommand>, at: Date): Promise<User> {
  const v = accept(activationCommand, cmd);
  const login = v.login.trim().slice(0, 64);
  const code = v.code.replace(/[\s-]/g, '');
  const next = v.newPassword,
    repeat = v.repeat;
  const errors: Record<string, { code: string; params?: Record<string, unknown> }> = {};
  if (!login) errors.login = { code: 'required' };
  if (!code) errors.code = { code: 'required' };
  else if (!new RegExp(`^[0-9]{${CODE_DIGITS}}$`).test(code)) errors.code = { code: 'activation.codeFormat', params: { n: CODE_DIGITS } };
  // The password is checked before the code, so a farmer's typing slip costs no try of the code.
  const weak = passwordProblem(next, normalizeMobile(login) ? null : login);
  if (weak) errors.newPassword = { code: weak };
  else if (next !== repeat) errors.repeat = { code: 'passwordMismatch' };
  if (Object.keys(errors).length) throw new ValidationError(errors);

  const list = await candidates(db, login);
  let found: { user: User; codeId: string } | null = null;
  const tried: string[] = [];
  for (const u of list) {
    const [c] = await db
      .select()
      .from(activationCodes)
      .where(
        and(
          eq(activationCodes.userId, u.id),
          isNull(activationCodes.usedAt),
          isNull(activationCodes.revokedAt),
          gt(activationCodes.expiresAt, at),
        ),
      )
      .limit(1);
    if (!c) continue;
    if (await checkPassword(c.codeHash, code)) {
      found = { user: u, codeId: c.id };
      break;
    }
    tried.push(c.id);
  }
  // The same work when nothing could be checked: no telling by time whether the name exists or has a live code.
  if (!found && !tried.length) await checkPassword(DUMMY_HASH, code);
  if (!found) {
    for (const id of tried) {
      if (await countWrongCode(db, id, at)) await recordDeadCode(db, id);
    }
    throw new ValidationError({ _form: { code: 'activation.failed' } });
  }
  const { user } = found;
  const own = passwordProblem(next, user.username);
  if (own) throw new ValidationError({ newPassword: { code: own } });
  return db.transaction(async (tx) => {
    // Single use, even for two forms sent at once: only one UPDATE finds the code still live.
    const [used] = await tx
      .update(activationCodes)
      .set({ usedAt: at })
      .where(
        and(
          eq(activationCodes.id, found!.codeId),
          isNull(activationCodes.usedAt),
          isNull(activationCodes.revokedAt),
          gt(activationCodes.expiresAt, at),
        ),
      )
      .returning({ id: activationCodes.id });
    if (!used) throw new ValidationError({ _form: { code: 'activation.failed' } });
    const [after] = await tx
      .update(users)
      .set({
        passwordHash: await hashPassword(next),
        mustChangePassword: false,
        awaitingActivation: false,
      })
      .where(eq(users.id, user.id))
      .returning();
    // The farmer proved who they are: login delays left by wrong guesses at the old password end too.
    await clearName(tx, user.username);
    // A code used to replace a forgotten password ends every session the old password opened.
    await endSessions(tx, user.id, at);
    await cancelTopic(tx, `activation:${user.id}`, 'code used');
    await recordAudit(tx, toActor(after), {
      action: 'user.activate',
      entityType: 'user',
      entityId: user.id,
      ...(await placeOf(tx, user)),
      before: { awaitingActivation: user.awaitingActivation },
      after: { awaitingActivation: false },
    });
    return after;
  });
}

async function placeOf(db: Pick<Db, 'select'>, u: User) {
  if (!u.householdId) return { collectiveId: u.collectiveId, regionCode: u.regionCode, householdId: null };
  const [h] = await db
    .select({ collectiveId: households.collectiveId, regionCode: households.regionCode })
    .from(households)
    .where(eq(households.id, u.householdId));
  return { collectiveId: h?.collectiveId ?? null, regionCode: h?.regionCode ?? null, householdId: u.householdId };
}

/** A code killed by wrong tries is in the trail: someone may be guessing, and the farmer needs a new one. */
async function recordDeadCode(db: Db, codeId: string): Promise<void> {
  const [c] = await db.select({ userId: activationCodes.userId }).from(activationCodes).where(eq(activationCodes.id, codeId));
  const [u] = c ? await db.select().from(users).where(eq(users.id, c.userId)) : [];
  if (!u) return;
  await recordAudit(db, null, {
    action: 'user.activation_code_dead',
    entityType: 'user',
    entityId: u.id,
    ...(await placeOf(db, u)),
    after: { attempts: MAX_CODE_ATTEMPTS },
  });
}
