import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { users } from '../../models/accounts';
import { enqueueSms } from '../platform/outbox/queue';
import type { Db, Tx } from '../platform/db';

// Being told outside the app (issue 18 item 15): a farmer who lives in Guangzhou does not open
// the platform every day. The notices that ask them to act, or that tell them their listing or
// deal changed, also go out by SMS to the account's phone, queued in the same transaction as the
// change (server/platform/outbox: sent and retried from the queue, never blocking the action).
// Broadcasts (a new listing for every member) and frequent ones (each raised offer) stay in the app.

export const SMS_NOTICE_KINDS = new Set([
  'consentNeeded',
  'draftPrepared',
  'approved',
  'rejected',
  'exitCountered',
  'chooseBuyer',
  'dealSeller',
  'dealBuyer',
  'signedByOther',
  'dealPaid',
  'registered',
  'offerLost',
  'listingSuspended',
  'listingLifted',
  'dealSuspended',
  'dealLifted',
]);

/** Queues the SMS of a notice for those of these users who are farmers with a phone. */
export async function textNotice(tx: Db | Tx, userIds: string[], kind: string, params: Record<string, unknown>): Promise<void> {
  if (!SMS_NOTICE_KINDS.has(kind) || userIds.length === 0) return;
  const to = await tx
    .select({ id: users.id, phone: users.phone, collectiveId: users.collectiveId })
    .from(users)
    .where(and(inArray(users.id, userIds), eq(users.role, 'farmer'), eq(users.active, true), isNotNull(users.phone)));
  // Only plain values travel in the queue (the words are chosen when the message is written).
  const plain: Record<string, string | number> = { notice: kind };
  for (const [k, v] of Object.entries(params)) if (typeof v === 'string' || typeof v === 'number') plain[k] = v;
  for (const u of to) await enqueueSms(tx, { to: u.phone!, template: 'notice', params: plain, userId: u.id, collectiveId: u.collectiveId });
}
