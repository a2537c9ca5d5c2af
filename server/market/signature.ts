import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { users } from '../../models/accounts';
import type { Db } from '../platform/db';
import { checkPassword } from '../accounts/passwords';
import type { Actor } from '../kernel/actor';
import { ValidationError, Forbidden } from '../kernel/errors';
import { text } from '../kernel/fields';
import { type CommandSchemas, type Input, received } from './commands';
import { signDeal } from './deals';
import { dealSide } from './rules';
import { loadDeal } from './scope';
import type { Deal } from './locks';

// Issue 18 item 6 / 电子签名法 §13: a reliable electronic signature is one only its signer
// controls at the moment of signing. Signing a contract on screen therefore asks the signer to
// type their password again; the deal records that it was (seller_sign_method /
// buyer_sign_method, and the trail entry). The seller gives the account the price is paid into.

export type OnScreenSignature = { password: string; payeeAccount: string | null };
const secret = z.preprocess(
  (v) => (typeof v === 'string' ? v : ''),
  z.string().min(1, { error: 'required' }).max(200, { error: 'tooLong' }),
);
const account = z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? v : null), text(80).nullable());
const signature = z.object({ password: secret, payeeAccount: account });
export const signatureCommand: CommandSchemas<OnScreenSignature> = { form: signature, json: signature };

/** The signer re-enters their password (and the seller the payee account); then the deal is signed as signDeal does. */
export async function signOnScreen(db: Db, actor: Actor, id: string, input: Input<OnScreenSignature>, at: Date): Promise<Deal> {
  const d = await loadDeal(db, actor, id);
  const side = dealSide(actor, d);
  if (!side) throw new Forbidden();
  const { command } = received(input);
  if (side === 'seller' && !command.payeeAccount) throw new ValidationError({ payeeAccount: { code: 'required' } });
  const [u] = await db.select({ hash: users.passwordHash, active: users.active }).from(users).where(eq(users.id, actor.id)).limit(1);
  if (!u?.active) throw new Forbidden();
  if (!(await checkPassword(u.hash, command.password.slice(0, 200))))
    throw new ValidationError({ password: { code: 'signaturePassword' } });
  return signDeal(db, actor, id, at, { method: 'password', payeeAccount: side === 'seller' ? command.payeeAccount : null });
}
