import { now } from '../../kernel/clock';
import { and, eq, sql } from 'drizzle-orm';
import { outbox } from '../../../models/outbox';
import { rows, type Db } from '../db';
import { maskPhone } from '../../kernel/phone';
import { PermanentSendError, type SmsProvider } from './providers';
import { unseal } from './seal';
import { renderSms } from './templates';

// Sends what the queue holds. Safe on several instances: a batch is claimed with
// FOR UPDATE SKIP LOCKED and leased (next_attempt_at moved LEASE_MS ahead) in one short
// statement, then sent outside any transaction, so no lock is held while a provider answers
// and the embedded database's one connection is never kept waiting. An instance that dies
// mid-send leaves the lease to run out; another instance then sends again (at least once).

export const MAX_ATTEMPTS = 8;
export const LEASE_MS = 2 * 60_000;
const BATCH = 20;

/** 30 s, 1, 2, 4, 8, 16, 32 min, then hourly: about 2 hours of tries before giving up. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

type Claimed = typeof outbox.$inferSelect;

export type SendResult = { sent: number; retried: number; failed: number; expired: number };

export async function sendDueMessages(db: Db, provider: SmsProvider, opts: { baseUrl: string; at?: Date; log?: Log }): Promise<SendResult> {
  const at = opts.at ?? now();
  const result: SendResult = { sent: 0, retried: 0, failed: 0, expired: 0 };
  const claimed = await rows<Record<string, unknown>>(
    db,
    sql`
    update outbox set attempts = attempts + 1, next_attempt_at = ${new Date(at.getTime() + LEASE_MS).toISOString()}::timestamptz
    where id in (select id from outbox where status = 'pending' and next_attempt_at <= ${at.toISOString()}::timestamptz
      order by next_attempt_at limit ${BATCH} for update skip locked)
    returning id, recipient, user_id, collective_id, template, params, sealed, attempts, expires_at`,
  );
  for (const r of claimed) {
    const m = {
      id: String(r.id),
      recipient: String(r.recipient),
      userId: (r.user_id as string) ?? null,
      collectiveId: (r.collective_id as string) ?? null,
      template: String(r.template),
      params: (typeof r.params === 'string' ? JSON.parse(r.params) : r.params) as Record<string, unknown>,
      sealed: (r.sealed as string) ?? null,
      attempts: Number(r.attempts),
      expiresAt: r.expires_at ? new Date(r.expires_at as string) : null,
    };
    if (m.expiresAt && m.expiresAt <= at) {
      await finish(db, m.id, { status: 'cancelled', lastError: 'expired before it could be sent' });
      result.expired++;
      continue;
    }
    const secret = m.sealed ? unseal(m.sealed) : null;
    if (m.sealed && !secret) {
      // Sealed under another key (SESSION_SECRET changed): nobody can send it; the officer sends a new code.
      await finish(db, m.id, { status: 'failed', lastError: 'sealed with another key' });
      result.failed++;
      continue;
    }
    try {
      const text = renderSms({ template: m.template, params: m.params, secret }, opts.baseUrl);
      const sent = await provider.send({
        id: m.id,
        to: m.recipient,
        text,
        template: m.template,
        params: { ...m.params, ...(secret ?? {}) },
        userId: m.userId,
        collectiveId: m.collectiveId,
      });
      await finish(db, m.id, { status: 'sent', sentAt: now(), providerRef: sent.ref ?? null, lastError: null });
      result.sent++;
    } catch (err) {
      const why = String((err as Error)?.message ?? err).slice(0, 300);
      const giveUp = err instanceof PermanentSendError || m.attempts >= MAX_ATTEMPTS;
      if (giveUp) await finish(db, m.id, { status: 'failed', lastError: why });
      else
        await db
          .update(outbox)
          .set({ lastError: why, nextAttemptAt: new Date(at.getTime() + backoffMs(m.attempts)) })
          .where(and(eq(outbox.id, m.id), eq(outbox.status, 'pending')));
      if (giveUp) result.failed++;
      else result.retried++;
      opts.log?.warn(
        { message: m.id, to: maskPhone(m.recipient), template: m.template, attempts: m.attempts, error: why, gaveUp: giveUp },
        'sms not sent',
      );
    }
  }
  return result;
}

/** Leaves the queue: the secret is erased with it. Only a message still pending (not cancelled meanwhile). */
async function finish(db: Db, id: string, set: Partial<Claimed>): Promise<void> {
  await db
    .update(outbox)
    .set({ ...set, sealed: null })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'pending')));
}

type Log = { error: (o: object, m: string) => void; warn: (o: object, m: string) => void; info: (o: object, m: string) => void };

/** Runs the sender every `everyMs` (and once now); returns a stop function. Errors are logged, never thrown. */
export function startOutboxSender(db: Db, provider: SmsProvider, baseUrl: string, log: Log, everyMs = 15_000): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const r = await sendDueMessages(db, provider, { baseUrl, log });
      if (r.sent || r.failed || r.expired) log.info(r, 'sms outbox');
    } catch (err) {
      log.error({ err }, 'sms outbox failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
