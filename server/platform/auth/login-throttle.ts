import { and, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { loginFailures } from '../../../models/accounts';
import type { Db, Tx } from '../db';
import { now } from '../../kernel/clock';

// Growing delays instead of a lock-out. A lock that anyone can trigger is a tool to keep an
// account's owner out (officer names are predictable), so wrong passwords only make their
// *source* wait: after PAIR_FREE failures on a name, a source (an address, or a browser that has
// logged in to that name before: login-source.ts) waits 1 s, 2 s, 4 s … up to PAIR_CAP_S before
// its next attempt on that name is even checked. Failures from all sources together make every
// source wait a little after its own failure (at most ACCOUNT_CAP_S), which slows a guesser with
// many addresses without keeping the owner out: a source's first attempt is always checked.
// Against credential stuffing (one address, many names), an address that failed on ADDRESS_FREE
// names must wait before trying yet another name, with a cap; browsers known to a name are exempt,
// so the people behind a carrier's shared address who have logged in before are never held up.
// An attempt is counted as a failure *before* its password is checked (and forgiven on success),
// so a burst of parallel requests cannot slip past a delay. Times come from the caller (the clock),
// counters live in the database, so every instance sees the same.

export const PAIR_FREE = 3;
export const PAIR_CAP_S = 15 * 60;
export const ACCOUNT_FREE = 10;
export const ACCOUNT_CAP_S = 30;
export const ADDRESS_FREE = 20;
export const ADDRESS_CAP_S = 5 * 60;
/** Quiet periods after which a counter starts again from one. */
const RESET_MS = { pair: 24 * 3600_000, account: 3600_000, address: 3600_000 } as const;
/** Failures on one name (all sources) at which the trail gets an auth.attack entry; again at each doubling. */
export const ATTACK_AT = 20;

type Kind = keyof typeof RESET_MS;
export type Attempt = { name: string; source: string; address: string | null };
export type Claim = { ok: true; newAtAddress: number | null } | { ok: false; until: Date };

/** Seconds to wait after the n-th failure: none before `free`, then 1, 2, 4 … up to `cap`. */
export function delaySeconds(n: number, free: number, cap: number): number {
  return n < free ? 0 : Math.min(2 ** (n - free), cap);
}

/** True at free·2^k (20, 40, 80 …): a counter crossing these is worth one line in the trail. */
export function isMilestone(n: number, first: number): boolean {
  return n >= first && n % first === 0 && Number.isInteger(Math.log2(n / first));
}

const ts = (at: Date) => sql`${at.toISOString()}::timestamptz`;
/** The stored count plus this failure, or one when the counter's quiet period is over. */
const next = (kind: Kind, at: Date) =>
  sql`(case when ${loginFailures.lastFailedAt} < ${ts(new Date(at.getTime() - RESET_MS[kind]))} then 1 else ${loginFailures.failures} + 1 end)`;
class Refused extends Error {
  constructor(readonly until: Date) {
    super('refused');
  }
}

/**
 * Counts one more failure on a counter, unless it is still waiting (then no row comes back). The
 * wait after it is `delaySeconds(n, free, cap)`, at least `floor` seconds.
 */
async function bump(
  tx: Tx,
  kind: Kind,
  name: string,
  source: string,
  at: Date,
  free: number,
  cap: number,
  floor = 0,
): Promise<number | null> {
  const n = next(kind, at);
  // No wait is stored as null, not as "until now": another instance whose clock is a little behind must not refuse.
  const wait = (count: SQL) => {
    const secs = sql`greatest(${floor}::float8, case when ${count} >= ${free}::int then least(power(2, ${count} - ${free}::int), ${cap}::int) else 0 end)`;
    return sql`case when ${secs} > 0 then ${ts(at)} + make_interval(secs => ${secs}) end`;
  };
  const rows = await tx
    .insert(loginFailures)
    .values({ kind, name, source, failures: 1, lastFailedAt: at, waitUntil: wait(sql`1`) })
    .onConflictDoUpdate({
      target: [loginFailures.kind, loginFailures.name, loginFailures.source],
      set: { failures: n, lastFailedAt: at, waitUntil: wait(n) },
      setWhere: or(sql`${loginFailures.waitUntil} is null`, sql`${loginFailures.waitUntil} <= ${ts(at)}`),
    })
    .returning({ failures: loginFailures.failures });
  return rows[0]?.failures ?? null;
}

async function waitOf(tx: Tx, kind: Kind, name: string, source: string): Promise<Date> {
  const [r] = await tx
    .select({ w: loginFailures.waitUntil })
    .from(loginFailures)
    .where(and(eq(loginFailures.kind, kind), eq(loginFailures.name, name), eq(loginFailures.source, source)));
  return r?.w ?? new Date(0);
}

/** Failures on a name from all sources lately, and the wait each source owes after its own failure. */
async function accountWait(tx: Tx, name: string, at: Date): Promise<number> {
  const [r] = await tx
    .select()
    .from(loginFailures)
    .where(and(eq(loginFailures.kind, 'account'), eq(loginFailures.name, name)));
  const recent = r && r.lastFailedAt.getTime() >= at.getTime() - RESET_MS.account ? r.failures : 0;
  return delaySeconds(recent, ACCOUNT_FREE, ACCOUNT_CAP_S);
}

/** May this attempt be checked now? If so it is counted as failed until `forgive` says otherwise. */
export async function claimAttempt(db: Db, a: Attempt, at: Date): Promise<Claim> {
  try {
    return await db.transaction(async (tx) => {
      const floor = await accountWait(tx, a.name, at);
      const n = await bump(tx, 'pair', a.name, a.source, at, PAIR_FREE, PAIR_CAP_S, floor);
      if (n === null) throw new Refused(await waitOf(tx, 'pair', a.name, a.source));
      // A name this address has not tried lately: one more name for the stuffing brake.
      if (a.address === null || n !== 1) return { ok: true as const, newAtAddress: null };
      const names = await bump(tx, 'address', '', a.address, at, ADDRESS_FREE, ADDRESS_CAP_S);
      if (names === null) throw new Refused(await waitOf(tx, 'address', '', a.address));
      return { ok: true as const, newAtAddress: names };
    });
  } catch (err) {
    if (err instanceof Refused) return { ok: false, until: err.until };
    throw err;
  }
}

/** The right password: this source's count on the name ends, and the address's tally of failing names forgets it. */
export async function forgive(db: Db, a: Attempt, claim: Claim): Promise<void> {
  await db
    .delete(loginFailures)
    .where(and(eq(loginFailures.kind, 'pair'), eq(loginFailures.name, a.name), eq(loginFailures.source, a.source)));
  if (a.address !== null && claim.ok && claim.newAtAddress !== null) {
    await db
      .update(loginFailures)
      .set({ failures: sql`greatest(${loginFailures.failures} - 1, 0)` })
      .where(and(eq(loginFailures.kind, 'address'), eq(loginFailures.name, ''), eq(loginFailures.source, a.address)));
  }
}

/** A wrong password (already counted for its source): counted for the name too; returns that count. */
export async function countNameFailure(db: Db, name: string, at: Date): Promise<number> {
  const [r] = await db
    .insert(loginFailures)
    .values({ kind: 'account', name, source: '', failures: 1, lastFailedAt: at })
    .onConflictDoUpdate({
      target: [loginFailures.kind, loginFailures.name, loginFailures.source],
      set: { failures: next('account', at), lastFailedAt: at },
    })
    .returning({ failures: loginFailures.failures });
  return r.failures;
}

/** When this source may try this name again (null: at once). */
export async function nextTry(db: Db, a: Attempt, at: Date): Promise<Date | null> {
  const [r] = await db
    .select({ w: loginFailures.waitUntil })
    .from(loginFailures)
    .where(and(eq(loginFailures.kind, 'pair'), eq(loginFailures.name, a.name), eq(loginFailures.source, a.source)));
  return r?.w && r.w > at ? r.w : null;
}

/** Every counter of an account, from every source (an unlock); returns what was cleared, for the trail. */
export async function clearName(db: Db | Tx, name: string): Promise<{ sources: number; failures: number }> {
  const gone = await db
    .delete(loginFailures)
    .where(and(eq(loginFailures.name, name.toLowerCase()), inArray(loginFailures.kind, ['pair', 'account'])))
    .returning({ kind: loginFailures.kind, failures: loginFailures.failures });
  return { sources: gone.filter((g) => g.kind === 'pair').length, failures: gone.find((g) => g.kind === 'account')?.failures ?? 0 };
}

export type LoginTrouble = { failures: number; waitUntil: Date | null };

/** For the account lists: recent failures on each name and the longest wait any source has on it. */
export async function loginTrouble(db: Db, names: string[], at: Date): Promise<Map<string, LoginTrouble>> {
  const out = new Map<string, LoginTrouble>();
  if (!names.length) return out;
  const rows = await db
    .select()
    .from(loginFailures)
    .where(
      and(
        inArray(
          loginFailures.name,
          names.map((n) => n.toLowerCase()),
        ),
        inArray(loginFailures.kind, ['pair', 'account']),
      ),
    );
  for (const r of rows) {
    const t = out.get(r.name) ?? { failures: 0, waitUntil: null };
    if (r.kind === 'account' && r.lastFailedAt.getTime() >= at.getTime() - RESET_MS.account) t.failures = r.failures;
    if (r.kind === 'pair' && r.waitUntil && r.waitUntil > at && (!t.waitUntil || r.waitUntil > t.waitUntil)) t.waitUntil = r.waitUntil;
    out.set(r.name, t);
  }
  return out;
}

/** The same, added to a list of accounts (their `loginTrouble`, or null when all is quiet). */
export async function withLoginTrouble<T extends { username: string }>(
  db: Db,
  list: T[],
  at = now(),
): Promise<(T & { loginTrouble: LoginTrouble | null })[]> {
  const trouble = await loginTrouble(
    db,
    list.map((u) => u.username),
    at,
  );
  return list.map((u) => {
    const t = trouble.get(u.username.toLowerCase());
    return { ...u, loginTrouble: t && (t.failures > 0 || t.waitUntil) ? t : null };
  });
}

/** Counters whose quiet period is over (an attacker's unknown names would otherwise pile up). */
export async function purgeLoginFailures(db: Db, at: Date): Promise<void> {
  await db
    .delete(loginFailures)
    .where(
      or(
        ...(Object.keys(RESET_MS) as Kind[]).map((k) =>
          and(
            eq(loginFailures.kind, k),
            lt(loginFailures.lastFailedAt, new Date(at.getTime() - RESET_MS[k])),
            or(sql`${loginFailures.waitUntil} is null`, lt(loginFailures.waitUntil, at)),
          ),
        ),
      ),
    );
}
