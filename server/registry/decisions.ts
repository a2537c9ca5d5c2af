import { desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { users } from '../../models/accounts';
import { households } from '../../models/households';
import { DECISION_MATTERS, MEETING_TYPES, memberDecisions } from '../../models/membership';
import { collectives } from '../../models/regions';
import type { Db, Tx } from '../platform/db';
import { assertCanWriteRegistry, canRead, type Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { shanghaiDate } from '../kernel/clock';
import { accept, type Submitted } from '../kernel/commands';
import { DomainError, NotFound, ValidationError } from '../kernel/errors';
import { choice, depositYuan, isoDate, text } from '../kernel/fields';
import { DEPOSIT_FORFEIT_TO } from '../../models/regions';
import { withDbErrors } from '../kernel/tx';
import { CHARTER_SETTINGS, type CharterSetting, decisionRefusal, mayRecordMembership } from './membership-rules';
import { isUuid } from '../kernel/ids';

// Decisions of the 成员大会 / 成员代表大会 (农村集体经济组织法 §26–28, §15): recorded with their
// attendance and votes, checked against the law's thresholds, and kept (§57: a member may ask a
// court to revoke a decision within five years). Membership confirmations in bulk, charter
// settings (share cap, notice days, land-return notice) and collective redemptions rest on one.

const count = z.union([z.string(), z.number()], { error: 'required' }).transform((v, ctx) => {
  const s = String(v).trim();
  if (s === '') {
    ctx.addIssue({ code: 'custom', message: 'required' });
    return z.NEVER;
  }
  if (!/^[0-9]{1,7}$/.test(s)) {
    ctx.addIssue({ code: 'custom', message: 'invalidInteger' });
    return z.NEVER;
  }
  return Number(s);
});
const optionalCount = z.preprocess((v) => (v === '' || v === null || v === undefined ? '0' : v), count);
const optionalSetting = z.preprocess((v) => (v === '' || v === null ? undefined : v), count.optional());
const blank = (v: unknown) => (v === '' || v === null ? undefined : v);
/** Issue 20: whether the price goes through the supervised account (资金监管): yes or no (a form's select, or a JSON boolean). */
const yesNo = z.preprocess(
  (v) => (v === true ? 'yes' : v === false ? 'no' : blank(v)),
  choice(['yes', 'no'] as const)
    .transform((v) => v === 'yes')
    .optional(),
);

export const decisionCommand = z.object({
  decidedOn: isoDate,
  meetingType: choice(MEETING_TYPES),
  matter: choice(DECISION_MATTERS),
  title: text(100),
  text: text(4000),
  entitled: count,
  presentInPerson: count,
  presentOnline: optionalCount,
  presentByProxy: optionalCount,
  votesFor: count,
  votesAgainst: optionalCount,
  votesAbstain: optionalCount,
  shareCapPercent: optionalSetting,
  noticeDays: optionalSetting,
  landReturnNoticeMonths: optionalSetting,
  // Issue 20: the market's money.
  deposit: depositYuan,
  depositPercent: optionalSetting,
  depositForfeitTo: z.preprocess(blank, choice(DEPOSIT_FORFEIT_TO).optional()),
  supervisedPayment: yesNo,
});
export type DecisionCommand = z.output<typeof decisionCommand>;
type Optional =
  | 'presentOnline'
  | 'presentByProxy'
  | 'votesAgainst'
  | 'votesAbstain'
  | 'shareCapPercent'
  | 'noticeDays'
  | 'landReturnNoticeMonths'
  | 'deposit'
  | 'depositPercent'
  | 'depositForfeitTo'
  | 'supervisedPayment';
/** What a form or JSON body sends: the counts that default to 0 and the settings may be left out. */
export type DecisionInput = Omit<z.input<typeof decisionCommand>, Optional> & Partial<Pick<z.input<typeof decisionCommand>, Optional>>;
export type Decision = typeof memberDecisions.$inferSelect;
/** The scanned minutes (PDF, JPEG or PNG, checked by the route). */
export type Minutes = { bytes: Buffer; mime: string };

async function collectivePlace(db: Db | Tx, collectiveId: string) {
  if (!isUuid(collectiveId)) throw new NotFound();
  const [c] = await db.select().from(collectives).where(eq(collectives.id, collectiveId)).limit(1);
  if (!c) throw new NotFound();
  return c;
}

/** What a charter decision may set: the numbers of CHARTER_SETTINGS, and the market's money (issue 20). */
export type CharterValues = Partial<Record<CharterSetting, number>> & {
  depositFen?: number;
  depositForfeitTo?: (typeof DEPOSIT_FORFEIT_TO)[number];
  supervisedPayment?: boolean;
};

/** The charter settings a charter decision sets; refused outside their bounds (承包法 §30: at least six months). */
function charterSettings(c: DecisionCommand): CharterValues | null {
  const out: CharterValues = {};
  for (const key of Object.keys(CHARTER_SETTINGS) as CharterSetting[]) {
    const v = c[key];
    if (v === undefined) continue;
    if (c.matter !== 'charter') throw new ValidationError({ [key]: { code: 'decision.settingsOnlyCharter' } });
    const { min, max } = CHARTER_SETTINGS[key];
    if (v < min || v > max) throw new DomainError(`decision.setting.${key}`, { min, max }, key);
    out[key] = v;
  }
  const money = { deposit: c.deposit, depositForfeitTo: c.depositForfeitTo, supervisedPayment: c.supervisedPayment };
  for (const [key, v] of Object.entries(money)) {
    if (v === undefined) continue;
    if (c.matter !== 'charter') throw new ValidationError({ [key]: { code: 'decision.settingsOnlyCharter' } });
  }
  if (c.deposit !== undefined) out.depositFen = c.deposit;
  if (c.depositForfeitTo !== undefined) out.depositForfeitTo = c.depositForfeitTo;
  if (c.supervisedPayment !== undefined) out.supervisedPayment = c.supervisedPayment;
  if (c.matter === 'charter' && Object.keys(out).length === 0)
    throw new ValidationError({ shareCapPercent: { code: 'decision.settingsNeeded' } });
  return Object.keys(out).length ? out : null;
}

/**
 * The officer records a decision of the members' meeting. Refused (422, naming the article)
 * when it misses the law's thresholds; a charter decision sets the collective's settings in
 * the same transaction.
 */
export async function recordDecision(
  db: Db,
  actor: Actor,
  collectiveId: string,
  cmd: Submitted<DecisionInput>,
  at: Date,
  minutes?: Minutes,
): Promise<Decision> {
  const c0 = await collectivePlace(db, collectiveId);
  assertCanWriteRegistry(actor, { collectiveId: c0.id, regionCode: c0.regionCode });
  const c = accept(decisionCommand, cmd as Submitted<z.input<typeof decisionCommand>>);
  if (c.decidedOn > shanghaiDate(at)) throw new ValidationError({ decidedOn: { code: 'dateInFuture' } });
  const refusal = decisionRefusal(c);
  if (refusal) throw refusal;
  const settings = charterSettings(c);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const [before] = await tx.select().from(collectives).where(eq(collectives.id, c0.id)).for('update');
      const [d] = await tx
        .insert(memberDecisions)
        .values({
          collectiveId: before.id,
          regionCode: before.regionCode,
          decidedOn: c.decidedOn,
          meetingType: c.meetingType,
          matter: c.matter,
          title: c.title,
          text: c.text,
          entitled: c.entitled,
          presentInPerson: c.presentInPerson,
          presentOnline: c.presentOnline,
          presentByProxy: c.presentByProxy,
          votesFor: c.votesFor,
          votesAgainst: c.votesAgainst,
          votesAbstain: c.votesAbstain,
          settings,
          minutesScan: minutes?.bytes ?? null,
          minutesMime: minutes?.mime ?? null,
          recordedBy: actor.id,
          createdAt: at,
        })
        .returning();
      if (settings) await tx.update(collectives).set(settings).where(eq(collectives.id, before.id));
      await recordAudit(tx, actor, {
        action: 'decision.record',
        entityType: 'decision',
        entityId: d.id,
        collectiveId: before.id,
        regionCode: before.regionCode,
        before: settings ? Object.fromEntries(Object.keys(settings).map((k) => [k, before[k as keyof CharterValues]])) : undefined,
        after: {
          title: c.title,
          matter: c.matter,
          meetingType: c.meetingType,
          entitled: c.entitled,
          present: c.presentInPerson + c.presentOnline + c.presentByProxy,
          votesFor: c.votesFor,
          settings,
        },
      });
      return d;
    }),
  );
}

/** The collective whose decisions the actor reads by default: the officer's, or the farmer's household's. */
export async function ownCollectiveId(db: Db | Tx, actor: Actor): Promise<string> {
  if (actor.collectiveId) return actor.collectiveId;
  if (!actor.householdId) throw new NotFound();
  const [h] = await db
    .select({ collectiveId: households.collectiveId })
    .from(households)
    .where(eq(households.id, actor.householdId))
    .limit(1);
  if (!h) throw new NotFound();
  return h.collectiveId;
}

/**
 * Rule 12 and §13(3): the collective's officers and the bureau of its region see its decisions,
 * and so does every farmer of the collective (members may inspect the organisation's records).
 */
export async function maySeeDecisions(db: Db | Tx, actor: Actor, c: { id: string; regionCode: string }): Promise<boolean> {
  if (actor.role === 'farmer') {
    if (!actor.householdId) return false;
    const [h] = await db
      .select({ collectiveId: households.collectiveId })
      .from(households)
      .where(eq(households.id, actor.householdId))
      .limit(1);
    return h?.collectiveId === c.id;
  }
  return canRead(actor, { collectiveId: c.id, regionCode: c.regionCode });
}

export async function listDecisions(db: Db, actor: Actor, collectiveId: string) {
  const c = await collectivePlace(db, collectiveId);
  if (!(await maySeeDecisions(db, actor, c))) throw new NotFound();
  const list = await db
    .select({
      id: memberDecisions.id,
      decidedOn: memberDecisions.decidedOn,
      meetingType: memberDecisions.meetingType,
      matter: memberDecisions.matter,
      title: memberDecisions.title,
      text: memberDecisions.text,
      entitled: memberDecisions.entitled,
      presentInPerson: memberDecisions.presentInPerson,
      presentOnline: memberDecisions.presentOnline,
      presentByProxy: memberDecisions.presentByProxy,
      votesFor: memberDecisions.votesFor,
      votesAgainst: memberDecisions.votesAgainst,
      votesAbstain: memberDecisions.votesAbstain,
      settings: memberDecisions.settings,
      hasMinutes: sql<boolean>`${memberDecisions.minutesScan} is not null`,
      recordedBy: users.displayName,
      createdAt: memberDecisions.createdAt,
    })
    .from(memberDecisions)
    .leftJoin(users, eq(users.id, memberDecisions.recordedBy))
    .where(eq(memberDecisions.collectiveId, c.id))
    .orderBy(desc(memberDecisions.decidedOn), desc(memberDecisions.createdAt));
  return { collective: c, decisions: list, can: { record: mayRecordMembership(actor, c.id) } };
}

/** The scanned minutes of a decision, for whoever may see the decision. */
export async function decisionMinutes(db: Db, actor: Actor, decisionId: string): Promise<Minutes> {
  if (!isUuid(decisionId)) throw new NotFound();
  const [d] = await db.select().from(memberDecisions).where(eq(memberDecisions.id, decisionId)).limit(1);
  if (!d) throw new NotFound();
  const c = await collectivePlace(db, d.collectiveId);
  if (!(await maySeeDecisions(db, actor, c)) || !d.minutesScan || !d.minutesMime) throw new NotFound();
  return { bytes: d.minutesScan, mime: d.minutesMime };
}

/** Decisions of a collective on membership, for the form that records a confirmation or exit. */
export async function membershipDecisions(db: Db | Tx, collectiveId: string) {
  return db
    .select({ id: memberDecisions.id, title: memberDecisions.title, decidedOn: memberDecisions.decidedOn })
    .from(memberDecisions)
    .where(sql`${memberDecisions.collectiveId} = ${collectiveId} and ${memberDecisions.matter} = 'membership'`)
    .orderBy(desc(memberDecisions.decidedOn));
}
