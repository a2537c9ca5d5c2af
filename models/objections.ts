import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { bytea } from './audit';
import { createdAt, id } from './common';
import { listings } from './market';

export const OBJECTION_GROUNDS = ['noConsent', 'boundaries', 'disputed', 'other'] as const;
export const OBJECTION_STATUSES = ['open', 'rejected', 'returned', 'ended', 'reconsented'] as const;
export const OBJECTOR_ROLES = ['household', 'member', 'officer'] as const;

// 异议 lodged against a published listing during its notice period (issue 20): by a member of
// the seller's household, a member household of the collective, or the collective's officer.
// While any is open the listing pauses; the officer's finding (with reasons) resumes it
// (rejected), sends it back to the seller (returned) or ends it (ended). A household member's
// "I did not consent" is resolved only by that member's consent given again (reconsented).
export const listingObjections = pgTable(
  'listing_objections',
  {
    id: id(),
    listingId: uuid('listing_id')
      .notNull()
      .references(() => listings.id),
    collectiveId: uuid('collective_id').notNull(),
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    objectorUserId: uuid('objector_user_id').notNull(),
    objectorRole: text('objector_role', { enum: OBJECTOR_ROLES }).notNull(),
    /** The seller household's member who objects (ground noConsent: whose consent is withdrawn). */
    objectorMemberId: uuid('objector_member_id'),
    ground: text('ground', { enum: OBJECTION_GROUNDS }).notNull(),
    text: text('text').notNull(),
    /** The evidence the objector sent (a photo or a PDF, recognised by content, at most 5 MB), optional; served only to those who see the objection. */
    attachment: bytea('attachment'),
    attachmentMime: varchar('attachment_mime', { length: 60 }),
    attachmentSize: integer('attachment_size'),
    status: text('status', { enum: OBJECTION_STATUSES }).notNull().default('open'),
    findingReason: text('finding_reason'),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('listing_objections_listing_idx').on(t.listingId),
    index('listing_objections_open_idx').on(t.regionCode, t.status),
    check(
      'listing_objections_attachment',
      sql`(${t.attachment} is null and ${t.attachmentMime} is null and ${t.attachmentSize} is null) or (${t.attachment} is not null and ${t.attachmentMime} is not null and ${t.attachmentSize} > 0)`,
    ),
  ],
);
