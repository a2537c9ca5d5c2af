import { z } from 'zod';
import { choice, optionalDate, text } from '../kernel/fields';
import { optionalMobile } from '../kernel/phone';
import { usernameField } from './accounts';

// The accounts' use cases' commands, and the schemas that turn their forms into them (a route
// parses with these, server/kernel/commands.ts; the use case checks who may act, then takes it).

/** A password field as typed: never trimmed; what is not text counts as empty (and is refused by the rules). */
const secret = z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string());

/** Changing one's own password: the current one, and the new one twice. */
export const passwordChangeCommand = z.object({ current: secret, newPassword: secret, repeat: secret });
export type PasswordChangeCommand = z.output<typeof passwordChangeCommand>;

/** The /activate form: the account (username or its mobile number), the code, and the new password twice. */
export const activationCommand = z.object({ login: secret, code: secret, newPassword: secret, repeat: secret });
export type ActivationCommand = z.output<typeof activationCommand>;

/** An account for an adult member of a household (rule 2): the phone its activation code goes to, if any. */
export const farmerAccountCommand = z.object({
  memberId: z.string({ error: 'required' }).trim().min(1, { error: 'required' }),
  username: usernameField,
  phone: optionalMobile,
});
export type FarmerAccountCommand = z.output<typeof farmerAccountCommand>;

/** A new activation code, to the number on the account or (before its first use) a corrected one. */
export const resendCodeCommand = z.object({ phone: optionalMobile });
export type ResendCodeCommand = z.output<typeof resendCodeCommand>;

/** An API token for a staff account: read-only or read-write, until a day (Asia/Shanghai) or, said so, never. */
export const tokenCommand = z.object({
  userId: z.string({ error: 'required' }).trim().min(1, { error: 'required' }),
  name: text(60),
  access: choice(['read', 'write'] as const),
  expiresOn: optionalDate,
  // Only an explicit "yes" makes a token that never expires; an empty date gets the default.
  noExpiry: z.preprocess((v) => v === 'yes' || v === true, z.boolean()),
});
export type TokenCommand = z.output<typeof tokenCommand>;

/** Why a token is revoked or an account deactivated (optional, for the trail). */
export const reasonCommand = z.object({
  reason: z.preprocess((v) => (typeof v === 'string' ? v : undefined), z.string().trim().max(200, { error: 'tooLong' }).optional()),
});
export type ReasonCommand = z.output<typeof reasonCommand>;
