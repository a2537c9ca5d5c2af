import { randomInt } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { activationCodes } from '../../models/activation';
import type { users } from '../../models/accounts';
import { hashPassword } from './passwords';
import type { Db, Tx } from '../platform/db';
import { enqueueSms } from '../platform/outbox/queue';
import type { Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { maskPhone } from '../kernel/phone';
import { addDays } from '../kernel/clock';

// Rule 2: a farmer sets the first password (or a new one) with a one-time code that reaches
// them without passing through the officer: by SMS to the phone on the account, or in a
// sealed slip printed by an admin (another role) for a member without a mobile phone.

export const CODE_DIGITS = 8;
/** An SMS code lives three days: long enough for a farmer working in Guangzhou to get to it. */
export const SMS_HOURS = 72;
/** A sealed slip is handed over in person or posted, so it lives longer. */
export const SLIP_DAYS = 14;
/** Wrong tries before a code dies: 10 in 10^8 is a one-in-ten-million guess. */
export const MAX_CODE_ATTEMPTS = 10;

type User = typeof users.$inferSelect;
export type Channel = 'sms' | 'slip';

/** Eight digits from the system's CSPRNG: typed on a phone's number pad, read off a slip. */
export function newCode(): string {
  return String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
}

/** 4829 1735: how a slip prints a code, easier to read and type; the form accepts either. */
export const groupCode = (code: string) => code.replace(/(\d{4})(?=\d)/g, '$1 ');

/** Issues a new code for the account; the account's previous live code dies with it. */
export async function issueCode(tx: Tx, actor: Actor, user: User, channel: Channel, at: Date): Promise<{ code: string; expiresAt: Date }> {
  await tx
    .update(activationCodes)
    .set({ revokedAt: at })
    .where(and(eq(activationCodes.userId, user.id), isNull(activationCodes.usedAt), isNull(activationCodes.revokedAt)));
  const code = newCode();
  const expiresAt = channel === 'sms' ? new Date(at.getTime() + SMS_HOURS * 3600_000) : addDays(at, SLIP_DAYS);
  await tx
    .insert(activationCodes)
    .values({ userId: user.id, codeHash: await hashPassword(code), channel, issuedBy: actor.id, issuedAt: at, expiresAt });
  return { code, expiresAt };
}

export type Place = { collectiveId: string; regionCode: string; householdId: string };

/**
 * A new code by SMS to the account's phone, queued in the caller's transaction (the officer
 * never waits for the provider). The trail says that a code went out and to which masked
 * number; neither the code nor the number is written anywhere in clear but the sealed queue.
 */
export async function sendCodeBySms(
  tx: Tx,
  actor: Actor,
  user: User,
  place: Place,
  again: boolean,
  at: Date,
): Promise<{ sentTo: string; expiresAt: Date }> {
  if (!user.phone) throw new Error('sendCodeBySms: account without phone');
  const { code, expiresAt } = await issueCode(tx, actor, user, 'sms', at);
  await enqueueSms(tx, {
    to: user.phone,
    template: again ? 'activationAgain' : 'activation',
    params: { username: user.username, hours: SMS_HOURS },
    secret: { code },
    userId: user.id,
    collectiveId: place.collectiveId,
    topic: `activation:${user.id}`,
    expiresAt,
    at,
  });
  const sentTo = maskPhone(user.phone);
  await recordAudit(tx, actor, {
    action: 'user.activation_code',
    entityType: 'user',
    entityId: user.id,
    ...place,
    after: { channel: 'sms', to: sentTo, expiresAt: expiresAt.toISOString() },
  });
  return { sentTo, expiresAt };
}

export type CodeState = {
  channel: Channel;
  issuedAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  attempts: number;
  live: boolean;
};

/** The account's latest code, for the officer's and the admin's pages (never the code). */
export async function latestCode(db: Db | Tx, userId: string, at: Date): Promise<CodeState | null> {
  const [c] = await db
    .select()
    .from(activationCodes)
    .where(eq(activationCodes.userId, userId))
    .orderBy(desc(activationCodes.issuedAt))
    .limit(1);
  if (!c) return null;
  return {
    channel: c.channel,
    issuedAt: c.issuedAt,
    expiresAt: c.expiresAt,
    usedAt: c.usedAt,
    revokedAt: c.revokedAt,
    attempts: c.attempts,
    live: !c.usedAt && !c.revokedAt && c.expiresAt > at,
  };
}

/** Counts a wrong try on a live code, atomically; the try that reaches the limit kills the code. Returns whether it died. */
export async function countWrongCode(db: Db, codeId: string, at: Date): Promise<boolean> {
  const [r] = await db
    .update(activationCodes)
    .set({
      attempts: sql`${activationCodes.attempts} + 1`,
      revokedAt: sql`case when ${activationCodes.attempts} + 1 >= ${MAX_CODE_ATTEMPTS} then ${at.toISOString()}::timestamptz else ${activationCodes.revokedAt} end`,
    })
    .where(and(eq(activationCodes.id, codeId), isNull(activationCodes.usedAt), isNull(activationCodes.revokedAt)))
    .returning({ attempts: activationCodes.attempts });
  return !!r && r.attempts >= MAX_CODE_ATTEMPTS;
}
