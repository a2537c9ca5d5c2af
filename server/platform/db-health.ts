import { sql } from 'drizzle-orm';
import type { Db } from './db';

// Telling "the database cannot serve right now" (down, unreachable, overloaded, timed out) from a
// query's own fault: the first is a 503 that says to try again, the second a bug (500) or a rule.

const NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
/** pg's own words when a connection could not be made or was lost, or an answer never came. */
const PG_MESSAGES = /^(timeout expired|Connection terminated|timeout exceeded when trying to connect|Query read timeout)/;
/**
 * SQLSTATEs of a database that cannot serve: connection exceptions (08), too many connections,
 * shutting down or starting, a statement cancelled by statement_timeout, a transaction ended by
 * idle_in_transaction_session_timeout.
 */
const PG_STATES = /^(08...|53300|57P01|57P02|57P03|57014|25P03)$/;

/** The error itself and what it wraps (drizzle's "Failed query" carries pg's error as its cause). */
export function* causes(err: unknown): Generator<{ code?: unknown; message?: unknown; errors?: unknown }> {
  let cur: unknown = err;
  for (let i = 0; i < 5 && cur && typeof cur === 'object'; i++) {
    yield cur as { code?: unknown; message?: unknown };
    const inner = (cur as { errors?: unknown }).errors;
    // Node reports a refused connection to a name with several addresses as an AggregateError.
    if (Array.isArray(inner) && inner[0]) yield inner[0] as { code?: unknown };
    cur = (cur as { cause?: unknown }).cause;
  }
}

export function isDbUnavailable(err: unknown): boolean {
  for (const e of causes(err)) {
    if (typeof e.code === 'string' && (NET_CODES.has(e.code) || PG_STATES.test(e.code))) return true;
    if (typeof e.message === 'string' && PG_MESSAGES.test(e.message)) return true;
  }
  return false;
}

/**
 * Readiness: can the database answer a query now, within `timeoutMs`? Never throws. A load
 * balancer sends traffic to an instance only while this holds (/readyz).
 */
export async function databaseAnswers(db: Db, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([
      db.execute(sql`select 1`).then(
        () => true,
        () => false,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
