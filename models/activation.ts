import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts';
import { id } from './common';

// One-time activation codes (rule 2: the farmer sets the first password out of the officer's
// sight). Only an Argon2 hash is kept; a code is single-use, expires, dies after a number of
// wrong tries, and a new one revokes the old (one live code per account, by the index below).
export const activationCodes = pgTable(
  'activation_codes',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull(),
    // sms: sent to the account's phone; slip: printed in a sealed slip by an admin.
    channel: text('channel', { enum: ['sms', 'slip'] }).notNull(),
    issuedBy: uuid('issued_by').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    usedAt: timestamp('used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('activation_codes_one_live').on(t.userId).where(sql`used_at is null and revoked_at is null`),
    index('activation_codes_user_idx').on(t.userId, t.issuedAt),
    check('activation_codes_attempts', sql`${t.attempts} >= 0`),
  ],
);
