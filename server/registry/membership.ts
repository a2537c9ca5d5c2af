import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { users } from '../../models/accounts';
import { households, members } from '../../models/households';
import { END_GROUNDS, MEMBERSHIP_GROUNDS, MEMBERSHIP_KINDS, memberDecisions, membershipEvents } from '../../models/membership';
import type { Db, Tx } from '../platform/db';
import { assertCanRead, assertCanWriteRegistry, type Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { shanghaiDate } from '../kernel/clock';
import { accept, type Submitted } from '../kernel/commands';
import { DomainError, NotFound, ValidationError } from '../kernel/errors';
import { choice, isoDate, optionalText, text } from '../kernel/fields';
import { membersShown } from '../kernel/personal-data';
import { countPersonalReads } from '../kernel/personal-reads';
import { withDbErrors } from '../kernel/tx';
type Member = typeof members.$inferSelect;
import { type LatestEventRow, latestEventJoin, latestFromRow, type MembershipGround, type MembershipRow } from './membership-latest';
import { isCurrentMember, type MembershipKind, type MembershipStatus, membershipRefusal, mayRecordMembership } from './membership-rules';
import { isUuid } from '../kernel/ids';

// The 成员名册 (农村集体经济组织法 §12, §16–18): who is a member is read from the history of
// membership events — confirmed, kept, ended — each with its ground, date, decision and recorder.
// Nothing in it is updated or deleted (the app's database role may only insert: db-roles.ts).
//
// members.is_collective_member stays, as a cache of the current status: the household export,
// the NYT 2539 and spreadsheet imports, the generator and the API's member object read it, and a
// person registered with the household (form, import) is a member by that record until the
// register says otherwise ('registered'). Every event recorded here sets it in the same
// transaction, so the flag and the latest event never disagree; the member form no longer sets it.

export type { MembershipGround, MembershipRow } from './membership-latest';

/** The status a person has with their latest event (or none). */
export function statusOf(latest: Pick<MembershipRow, 'kind'> | null, flag: boolean): MembershipStatus {
  if (!latest?.kind) return flag ? 'registered' : 'not_member';
  return latest.kind === 'ended' ? 'ended' : 'member';
}

/**
 * Each member of the households (or collective) asked, with the latest event in force on the
 * Beijing day of `at` (null: the latest recorded, whatever its date).
 */
async function withLatest(db: Db | Tx, where: ReturnType<typeof sql>, at: Date | null): Promise<Map<string, MembershipRow>> {
  const day = at ? shanghaiDate(at) : null;
  const rows = (await db.execute(sql`
    select m.id, e.kind, e.ground, e.effective_on, e.decision_id
    from members m
    ${latestEventJoin(day)}
    where ${where}`)) as unknown as {
    rows: (LatestEventRow & { id: string })[];
  };
  return new Map(rows.rows.map((r) => [r.id, latestFromRow(r)]));
}

export type MemberWithStatus = Member & { status: MembershipStatus; latest: MembershipRow };

/** Every person ever recorded in the household, with their membership status on the day of `at`. */
export async function membersWithStatus(db: Db | Tx, householdId: string, at: Date | null): Promise<MemberWithStatus[]> {
  const [list, latest] = await Promise.all([
    db.select().from(members).where(eq(members.householdId, householdId)).orderBy(sql`relation <> 'head'`, members.birthDate),
    withLatest(db, sql`m.household_id = ${householdId}`, at),
  ]);
  return withStatuses(list, latest);
}

/** Each person with the status their latest event gives (none read: as never recorded). */
export function withStatuses(list: Member[], latest: Map<string, MembershipRow>): MemberWithStatus[] {
  return list.map((m) => {
    const l = latest.get(m.id) ?? { kind: null, ground: null, effectiveOn: null, decisionId: null };
    return { ...m, latest: l, status: statusOf(l, m.isCollectiveMember) };
  });
}

/**
 * The household's current members on the day of `at`: everyone recorded in it except those whose
 * membership has ended (death, §16 exit, §17). A person never confirmed (a spouse from outside
 * not yet confirmed) is still one of the household. Consents (rule 2) are asked of these only.
 */
export async function currentMembers(db: Db | Tx, householdId: string, at: Date | null): Promise<MemberWithStatus[]> {
  return (await membersWithStatus(db, householdId, at)).filter((m) => m.status !== 'ended');
}

/** The household's past members: those whose membership ended, kept in the history and shown as such. */
export async function pastMembers(db: Db | Tx, householdId: string, at: Date | null): Promise<MemberWithStatus[]> {
  return (await membersWithStatus(db, householdId, at)).filter((m) => m.status === 'ended');
}

/** Is this person a member of their collective on the day of `at` (confirmed or kept; or registered as one and not yet in the register)? */
export async function isMember(db: Db | Tx, personId: string, at: Date | null): Promise<boolean> {
  const [m] = await db.select().from(members).where(eq(members.id, personId)).limit(1);
  if (!m) return false;
  const latest = (await withLatest(db, sql`m.id = ${personId}`, at)).get(m.id) ?? null;
  return isCurrentMember(statusOf(latest, m.isCollectiveMember));
}

/** Rule 1 (集体经济组织法 §12; 承包法 §34): at least one current member of the household is a member of `collectiveId`. */
export async function householdHasMemberOf(db: Db | Tx, householdId: string, collectiveId: string, at: Date | null): Promise<boolean> {
  const list = await membersWithStatus(db, householdId, at);
  return list.some((m) => m.collectiveId === collectiveId && isCurrentMember(m.status));
}

// Recording an event.

export const membershipCommand = z.object({
  kind: choice(MEMBERSHIP_KINDS),
  ground: choice(MEMBERSHIP_GROUNDS),
  effectiveOn: isoDate,
  decisionId: z.preprocess((v) => (v === '' || v === null ? undefined : v), z.uuid({ error: 'invalidChoice' }).optional()),
  note: optionalText(200),
});
export type MembershipCommand = z.output<typeof membershipCommand>;

/**
 * A member dies or leaves (issue 16, API `POST /members/{id}/end`): the same event as an
 * "ended" change in the register (§16–17), with the date and the reason the caller gives.
 */
export const memberEndCommand = z
  .object({
    ground: choice(END_GROUNDS),
    date: isoDate,
    reason: text(200),
    decisionId: z.uuid({ error: 'invalidChoice' }).optional(),
  })
  .transform((c) => ({ kind: 'ended' as const, ground: c.ground, effectiveOn: c.date, note: c.reason, decisionId: c.decisionId }));

async function lockMember(tx: Tx, memberId: string): Promise<Member> {
  if (!isUuid(memberId)) throw new NotFound();
  const [m] = await tx.select().from(members).where(eq(members.id, memberId)).for('update');
  if (!m) throw new NotFound();
  return m;
}

async function diedBefore(db: Db | Tx, memberId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: membershipEvents.id })
    .from(membershipEvents)
    .where(and(eq(membershipEvents.memberId, memberId), eq(membershipEvents.kind, 'ended'), eq(membershipEvents.ground, 'death')))
    .limit(1);
  return !!row;
}

/**
 * The officer records that a person was confirmed a member, kept membership, or that it ended
 * (农村集体经济组织法 §12, §16–18). One transaction: the person locked, the rules, the event,
 * the cached flag, the trail. A death also closes the person's account (never deleted: consents
 * they gave stay).
 */
export async function recordMembership(
  db: Db,
  actor: Actor,
  memberId: string,
  cmd: Submitted<z.input<typeof membershipCommand>>,
  at: Date,
): Promise<typeof membershipEvents.$inferSelect> {
  if (!isUuid(memberId)) throw new NotFound();
  const [seen] = await db.select().from(members).where(eq(members.id, memberId)).limit(1);
  if (!seen) throw new NotFound();
  const [h] = await db.select().from(households).where(eq(households.id, seen.householdId)).limit(1);
  assertCanWriteRegistry(actor, { collectiveId: h.collectiveId, regionCode: h.regionCode, householdId: h.id });
  const c = accept(membershipCommand, cmd);
  if (c.effectiveOn > shanghaiDate(at)) throw new ValidationError({ effectiveOn: { code: 'dateInFuture' } });
  return withDbErrors(() => db.transaction((tx) => recordEvent(tx, actor, h, memberId, c, at)));
}

type Place = { id: string; collectiveId: string; regionCode: string };

/** One event inside the caller's transaction: the person locked, the rules, the event, the cached flag, the trail. */
async function recordEvent(tx: Tx, actor: Actor, h: Place, memberId: string, c: MembershipCommand, at: Date) {
  const m = await lockMember(tx, memberId);
  const latest = (await withLatest(tx, sql`m.id = ${m.id}`, null)).get(m.id) ?? null;
  const status = statusOf(latest, m.isCollectiveMember);
  if (c.decisionId) {
    const [d] = await tx.select().from(memberDecisions).where(eq(memberDecisions.id, c.decisionId)).limit(1);
    if (!d || d.collectiveId !== m.collectiveId) throw new DomainError('membership.decisionUnknown', {}, 'decisionId');
    if (d.matter !== 'membership') throw new DomainError('membership.decisionMatter', {}, 'decisionId');
    if (d.decidedOn > c.effectiveOn) throw new DomainError('membership.beforeDecision', { decidedOn: d.decidedOn }, 'effectiveOn');
  }
  const refusal = membershipRefusal(status, await diedBefore(tx, m.id), { kind: c.kind, ground: c.ground, hasDecision: !!c.decisionId });
  if (refusal) throw refusal;
  const [event] = await tx
    .insert(membershipEvents)
    .values({
      memberId: m.id,
      householdId: m.householdId,
      collectiveId: m.collectiveId,
      kind: c.kind,
      ground: c.ground as MembershipGround,
      effectiveOn: c.effectiveOn,
      decisionId: c.decisionId ?? null,
      note: c.note ?? null,
      recordedBy: actor.id,
      recordedAt: at,
    })
    .returning();
  const flag = c.kind !== 'ended';
  if (flag !== m.isCollectiveMember) await tx.update(members).set({ isCollectiveMember: flag, updatedAt: at }).where(eq(members.id, m.id));
  if (c.kind === 'ended' && c.ground === 'death') await tx.update(users).set({ active: false }).where(eq(users.memberId, m.id));
  await recordAudit(tx, actor, {
    action: `membership.${c.kind}`,
    entityType: 'member',
    entityId: m.id,
    collectiveId: h.collectiveId,
    regionCode: h.regionCode,
    householdId: h.id,
    before: { status },
    after: { kind: c.kind, ground: c.ground, effectiveOn: c.effectiveOn, decisionId: c.decisionId ?? null },
    reason: c.note ?? null,
  });
  return event;
}

/**
 * A death recorded elsewhere in the registry (an inheritance, issue 16) also ends the person's
 * membership in the register (§17), inside the caller's transaction; a person who was not a
 * member, or whose death is already recorded, is left as the register has them.
 */
export async function endMembershipByDeathIn(tx: Tx, actor: Actor, h: Place, memberId: string, diedOn: string, note: string, at: Date) {
  const m = await lockMember(tx, memberId);
  const latest = (await withLatest(tx, sql`m.id = ${m.id}`, null)).get(m.id) ?? null;
  if (!isCurrentMember(statusOf(latest, m.isCollectiveMember)) || (await diedBefore(tx, m.id))) return null;
  return recordEvent(tx, actor, h, memberId, { kind: 'ended', ground: 'death', effectiveOn: diedOn, note }, at);
}

/** Rule 12 before a register file is even read: only the collective's officer may import it. */
export async function assertMayImportRegister(db: Db, actor: Actor, collectiveId: string): Promise<void> {
  assertCanWriteRegistry(actor, await placeOfCollective(db, collectiveId));
}

/** Labels of the register file (the export's Chinese words) or the codes themselves, to codes. */
const KIND_OF: Record<string, MembershipKind> = { 确认成员身份: 'confirmed', 保留成员身份: 'kept', 成员身份终止: 'ended' };

/** The register file's column of each command field (the export's Chinese headings). */
const COLUMN_OF: Record<string, string> = {
  kind: '最近变动',
  ground: '依据',
  effectiveOn: '生效日期',
  decisionId: '决定编号',
  note: '说明',
};

export type RegisterFileRow = { row: number; values: Record<string, unknown> };
export type RegisterWords = { kinds: Record<string, string>; grounds: Record<string, string> };

/**
 * The register file back (the export's columns: 公民身份号码, 最近变动, 依据, 生效日期, 决定编号, and an
 * optional 说明): each row a change for one person of the officer's collective, checked by the same
 * rules, all in one transaction — one refused row and nothing is recorded. A row that repeats the
 * person's latest event (an exported file read back) is left alone.
 */
export async function importRegister(
  db: Db,
  actor: Actor,
  collectiveId: string,
  rows: RegisterFileRow[],
  words: RegisterWords,
  at: Date,
): Promise<{ recorded: number; unchanged: number }> {
  const place = await placeOfCollective(db, collectiveId);
  assertCanWriteRegistry(actor, place);
  const kindOf = (v: string) => KIND_OF[v] ?? Object.entries(words.kinds).find(([, w]) => w === v)?.[0] ?? v;
  const groundOf = (v: string) => Object.entries(words.grounds).find(([, w]) => w === v)?.[0] ?? v;
  const text = (v: unknown) => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim());
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const fields: Record<string, { code: string; params?: Record<string, unknown> }> = {};
      let recorded = 0;
      let unchanged = 0;
      for (const r of rows) {
        const idNumber = text(r.values.公民身份号码).toUpperCase();
        const kindText = text(r.values.最近变动);
        if (!kindText) continue; // a person with no register entry yet: nothing to record
        const [m] = await tx
          .select()
          .from(members)
          .where(and(eq(members.idNumber, idNumber), eq(members.collectiveId, collectiveId)))
          .limit(1);
        if (!m) {
          fields[`row${r.row}`] = { code: 'membership.import.unknownPerson', params: { row: r.row } };
          continue;
        }
        const kind = kindOf(kindText);
        const ground = groundOf(text(r.values.依据));
        const dateText = text(r.values.生效日期);
        // A row that repeats the latest event (undated ones: whatever the file says) is the register as it is.
        const latest = (await withLatest(tx, sql`m.id = ${m.id}`, null)).get(m.id);
        if (latest?.kind === kind && latest.ground === ground && (!latest.effectiveOn || latest.effectiveOn === dateText)) {
          unchanged++;
          continue;
        }
        const parsed = membershipCommand.safeParse({
          kind,
          ground,
          effectiveOn: dateText,
          decisionId: text(r.values.决定编号),
          note: text(r.values.说明),
        });
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          fields[`row${r.row}`] = {
            code: 'membership.import.badRow',
            params: { row: r.row, field: COLUMN_OF[String(issue.path[0])] ?? '' },
          };
          continue;
        }
        const c = parsed.data;
        if (c.effectiveOn > shanghaiDate(at)) {
          fields[`row${r.row}`] = { code: 'membership.import.badRow', params: { row: r.row, field: COLUMN_OF.effectiveOn } };
          continue;
        }
        // recordEvent refuses before it writes anything, so a refused row leaves the transaction usable;
        // the refusals are gathered and thrown at the end, which rolls back the rows already recorded.
        try {
          await recordEvent(tx, actor, { id: m.householdId, collectiveId, regionCode: place.regionCode }, m.id, c, at);
          recorded++;
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          fields[`row${r.row}`] = { code: 'membership.import.refused', params: { row: r.row, rule: e.code } };
        }
      }
      if (Object.keys(fields).length) throw new ValidationError(fields);
      return { recorded, unchanged };
    }),
  );
}

/** A person's whole history in the register, oldest first. */
export async function membershipHistory(db: Db | Tx, memberId: string) {
  return db
    .select({
      id: membershipEvents.id,
      kind: membershipEvents.kind,
      ground: membershipEvents.ground,
      effectiveOn: membershipEvents.effectiveOn,
      decisionId: membershipEvents.decisionId,
      decisionTitle: memberDecisions.title,
      note: membershipEvents.note,
      recordedBy: users.displayName,
      recordedAt: membershipEvents.recordedAt,
    })
    .from(membershipEvents)
    .leftJoin(memberDecisions, eq(memberDecisions.id, membershipEvents.decisionId))
    .leftJoin(users, eq(users.id, membershipEvents.recordedBy))
    .where(eq(membershipEvents.memberId, memberId))
    .orderBy(sql`coalesce(${membershipEvents.effectiveOn}, '0001-01-01'::date)`, membershipEvents.recordedAt);
}

export async function hasMembershipHistory(db: Db | Tx, memberId: string): Promise<boolean> {
  const [row] = await db.select({ id: membershipEvents.id }).from(membershipEvents).where(eq(membershipEvents.memberId, memberId)).limit(1);
  return !!row;
}

/** Before a person recorded in error is taken out of the household: refused once the register has a history for them (never deleted). */
export async function assertNoMembershipHistory(db: Db | Tx, memberId: string): Promise<void> {
  if (await hasMembershipHistory(db, memberId)) throw new DomainError('membership.hasHistory');
}

// The register of a collective.

export type RegisterRow = {
  memberId: string;
  householdId: string;
  householdCode: string;
  name: string;
  sex: 'M' | 'F';
  relation: Member['relation'];
  idNumber: string;
  idNumberMasked: boolean;
  age: number;
  birthDate: string | null;
  status: MembershipStatus;
  kind: MembershipKind | null;
  ground: MembershipGround | null;
  effectiveOn: string | null;
  decisionId: string | null;
};

/**
 * The 成员名册 of a collective: every person recorded, with status, ground, date and decision.
 * Full ID numbers only for the collective's officers (rule 14); counted as a bulk read.
 */
export async function collectiveRegister(
  db: Db,
  actor: Actor,
  collectiveId: string,
  at: Date,
  via: 'export' | 'api.search' = 'export',
): Promise<RegisterRow[]> {
  if (!isUuid(collectiveId)) throw new NotFound();
  const place = await placeOfCollective(db, collectiveId);
  assertCanRead(actor, place);
  if (actor.role === 'farmer') throw new NotFound();
  const list = await db
    .select({ m: members, code: households.code })
    .from(members)
    .innerJoin(households, eq(households.id, members.householdId))
    .where(eq(members.collectiveId, collectiveId))
    .orderBy(households.code, sql`${members.relation} <> 'head'`, members.birthDate);
  const latest = await withLatest(db, sql`m.collective_id = ${collectiveId}`, at);
  await countPersonalReads(db, actor, list.length, via, place, at);
  const shown = membersShown(
    actor,
    place,
    list.map((r) => r.m),
    at,
  );
  return shown.map((m, i) => {
    const l = latest.get(m.id) ?? { kind: null, ground: null, effectiveOn: null, decisionId: null };
    return {
      memberId: m.id,
      householdId: m.householdId,
      householdCode: list[i].code,
      name: m.name,
      sex: m.sex,
      relation: m.relation,
      idNumber: m.idNumber,
      idNumberMasked: m.idNumberMasked,
      age: m.age,
      birthDate: m.birthDate,
      status: statusOf(l, m.isCollectiveMember),
      kind: l.kind,
      ground: l.ground,
      effectiveOn: l.effectiveOn,
      decisionId: l.decisionId,
    };
  });
}

async function placeOfCollective(db: Db, collectiveId: string) {
  const rows = (await db.execute(
    sql`select id as "collectiveId", region_code as "regionCode" from collectives where id = ${collectiveId}`,
  )) as unknown as {
    rows: { collectiveId: string; regionCode: string }[];
  };
  if (!rows.rows[0]) throw new NotFound();
  return rows.rows[0];
}

/** What the register page may offer this actor. */
export const registerFlags = (actor: Actor, collectiveId: string) => ({ record: mayRecordMembership(actor, collectiveId) });

/**
 * The household's members split into current and past by their status on the page's day, for
 * a page that read each member's latest event already (the household page's folded statement).
 */
export function membershipSplit<M extends { id: string }>(
  actor: Actor,
  h: { collectiveId: string },
  shown: M[],
  statuses: Map<string, { status: MembershipStatus; latest: MembershipRow }>,
) {
  const none = { status: 'not_member' as MembershipStatus, latest: { kind: null, ground: null, effectiveOn: null, decisionId: null } };
  const withStatus = shown.map((m) => ({ ...m, ...(statuses.get(m.id) ?? none) }));
  return {
    current: withStatus.filter((m) => m.status !== 'ended'),
    past: withStatus.filter((m) => m.status === 'ended'),
    can: { record: mayRecordMembership(actor, h.collectiveId) },
  };
}
