import { now } from '../../kernel/clock';
import { and, eq, lt, ne } from 'drizzle-orm';
import { outbox } from '../../../models/outbox';
import type { Db, Tx } from '../db';
import { seal } from './seal';

// Queues a message inside the caller's transaction: it exists exactly when the change it
// reports committed, and the caller never waits for a provider (server/platform/outbox/sender.ts sends).

export type OutgoingSms = {
  to: string;
  template: string;
  params?: Record<string, string | number>;
  /** Parameters that must not rest in the database in clear (sealed, erased once sent). */
  secret?: Record<string, string>;
  userId?: string | null;
  collectiveId?: string | null;
  /** A newer message on the same topic cancels a pending older one (e.g. a replaced code). */
  topic?: string;
  /** Not sent after this. */
  expiresAt?: Date;
  /** When it is queued (the caller's time; the app's clock if none): due from then. */
  at?: Date;
};

export async function enqueueSms(tx: Db | Tx, m: OutgoingSms): Promise<{ id: string }> {
  if (m.topic) await cancelTopic(tx, m.topic, 'replaced');
  const [row] = await tx
    .insert(outbox)
    .values({
      channel: 'sms',
      recipient: m.to,
      template: m.template,
      params: m.params ?? {},
      sealed: m.secret ? seal(m.secret) : null,
      userId: m.userId ?? null,
      collectiveId: m.collectiveId ?? null,
      topic: m.topic ?? null,
      expiresAt: m.expiresAt ?? null,
      createdAt: m.at ?? now(),
      nextAttemptAt: m.at ?? now(),
    })
    .returning({ id: outbox.id });
  return row;
}

/** Cancels what is still waiting on a topic (its secret erased with it). */
export async function cancelTopic(tx: Db | Tx, topic: string, why: string): Promise<void> {
  await tx
    .update(outbox)
    .set({ status: 'cancelled', sealed: null, lastError: why })
    .where(and(eq(outbox.topic, topic), eq(outbox.status, 'pending')));
}

/** Messages that left the queue are kept this long (what was sent, for the officer's page), then deleted: they hold phone numbers. */
export const KEEP_MESSAGES_DAYS = 90;

export async function purgeOldMessages(db: Db, at = now()): Promise<void> {
  await db
    .delete(outbox)
    .where(and(ne(outbox.status, 'pending'), lt(outbox.createdAt, new Date(at.getTime() - KEEP_MESSAGES_DAYS * 86_400_000))));
}
