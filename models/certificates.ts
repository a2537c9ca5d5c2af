import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, id } from './common';
import { rights } from './rights';

export const CERT_STATUSES = ['valid', 'superseded', 'cancelled'] as const;

// 证书. Numbers are unique for ever; a reissue supersedes the old row, which stays in history.
export const certificates = pgTable(
  'certificates',
  {
    id: id(),
    rightId: uuid('right_id')
      .notNull()
      .references(() => rights.id),
    collectiveId: uuid('collective_id').notNull(),
    number: varchar('number', { length: 40 }).notNull().unique(),
    status: text('status', { enum: CERT_STATUSES }).notNull().default('valid'),
    // Unguessable key in the QR code: the public check reveals nothing to someone enumerating numbers.
    verifyToken: varchar('verify_token', { length: 43 }).notNull().unique(),
    replacesId: uuid('replaces_id'),
    issuedBy: uuid('issued_by'),
    issuedAt: createdAt(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endReason: text('end_reason'),
  },
  (t) => [
    index('certificates_right_idx').on(t.rightId),
    uniqueIndex('certificates_one_valid_per_right').on(t.rightId).where(sql`status = 'valid'`),
  ],
);
