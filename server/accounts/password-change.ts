import { eq } from 'drizzle-orm';
import { users } from '../../models/accounts';
import type { Db } from '../platform/db';
import { endSessions } from '../platform/auth/session-life';
import type { Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { accept, type Submitted } from '../kernel/commands';
import { Forbidden, ValidationError } from '../kernel/errors';
import { passwordChangeCommand, type PasswordChangeCommand } from './commands';
import { checkPassword, hashPassword, passwordProblem } from './passwords';

/**
 * Someone signed in changes their own password, proving they know the current one. Every other
 * session of the account ends (a stolen cookie, a forgotten PC); `keepSession`, the one the change
 * was made in, stays. Each refusal names the field it is about, one at a time, in the order a
 * person fills the form in.
 */
export async function changePassword(
  db: Db,
  actor: Actor,
  cmd: Submitted<PasswordChangeCommand>,
  at: Date,
  keepSession: string,
): Promise<void> {
  const [u] = await db.select().from(users).where(eq(users.id, actor.id)).limit(1);
  if (!u?.active) throw new Forbidden();
  const { current, newPassword, repeat } = accept(passwordChangeCommand, cmd);
  if (!(await checkPassword(u.passwordHash, current))) throw new ValidationError({ current: { code: 'passwordWrong' } });
  const weak = passwordProblem(newPassword, u.username);
  if (weak) throw new ValidationError({ newPassword: { code: weak } });
  if (newPassword !== repeat) throw new ValidationError({ repeat: { code: 'passwordMismatch' } });
  if (newPassword === current) throw new ValidationError({ newPassword: { code: 'passwordSame' } });
  const passwordHash = await hashPassword(newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: false }).where(eq(users.id, u.id));
    await endSessions(tx, u.id, at, keepSession);
    await recordAudit(tx, actor, { action: 'auth.password_change', entityType: 'user', entityId: u.id });
  });
}
