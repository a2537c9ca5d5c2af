import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, id } from './common';

// Messages that leave the app (SMS), queued in the same transaction as the change they
// report and sent later by server/platform/outbox/sender.ts: the action never waits for a provider,
// a message exists exactly when its change committed, and a failed send is retried.
export const OUTBOX_STATUSES = ['pending', 'sent', 'failed', 'cancelled'] as const;

export const outbox = pgTable(
  'outbox',
  {
    id: id(),
    channel: text('channel', { enum: ['sms'] })
      .notNull()
      .default('sms'),
    // The full number is needed to send; pages and logs show it masked (server/kernel/phone.ts).
    recipient: varchar('recipient', { length: 20 }).notNull(),
    userId: uuid('user_id'),
    // Whose message it is: the development sink shows officers their own collective's only.
    collectiveId: uuid('collective_id'),
    // The text is made from a template when sent (server/platform/outbox/templates.ts).
    template: varchar('template', { length: 60 }).notNull(),
    params: jsonb('params').notNull().default({}),
    // A secret parameter (an activation code), sealed with a key kept outside the database and
    // erased as soon as the message leaves the queue (sent, given up or cancelled).
    sealed: text('sealed'),
    // A newer message on the same topic (e.g. a new activation code) cancels a pending older one.
    topic: varchar('topic', { length: 100 }),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    // Not sent after this (the code it carries has expired by then).
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    lastError: text('last_error'),
    providerRef: text('provider_ref'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('outbox_due_idx').on(t.nextAttemptAt).where(sql`status = 'pending'`),
    index('outbox_topic_idx').on(t.topic).where(sql`status = 'pending'`),
    index('outbox_user_idx').on(t.userId, t.createdAt),
    check('outbox_attempts', sql`${t.attempts} >= 0`),
  ],
);
