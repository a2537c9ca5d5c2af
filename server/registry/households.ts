import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { users } from '../../models/accounts';
import { households, HUKOU, members, RELATIONS } from '../../models/households';
import type { Db, Tx } from '../platform/db';
import { DomainError, NotFound, ValidationError, type FieldErrors } from '../kernel/errors';
import { assertCanRead, assertCanWriteRegistry, assertRole, type Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { getCollective, issuerCode } from './collectives';
import { isHouseholdCodeOf, parseIdNumber } from '../kernel/codes';
import { maskIdNumber } from '../kernel/personal-data';
import { choice, isoDate, optionalDate, optionalText, parse, phone, text } from '../kernel/fields';
import { withDbErrors } from '../kernel/tx';
import { shanghaiDate } from '../kernel/clock';
import { accept, type Submitted } from '../kernel/commands';
import { membershipEvents } from '../../models/membership';
import { isUuid } from '../kernel/ids';

export type Household = typeof households.$inferSelect;
export type Member = typeof members.$inferSelect;

const hukouFields = {
  hukouStatus: choice(HUKOU).default('rural'),
  settledOn: optionalDate,
  settledCity: optionalText(60),
};

/** A checkbox: absent means "not asked" (default applies); a hidden "false" before it lets a form clear it. */
function checkbox(v: unknown): boolean | undefined {
  const last = Array.isArray(v) ? v[v.length - 1] : v;
  if (last === undefined || last === null || last === '') return undefined;
  return last === true || last === 'on' || last === 'true' || last === '1';
}

/**
 * A member as the form, the API and the import give it. `today` is the date in Beijing
 * (shanghaiDate of the caller's time): a settlement in a city cannot be dated after it.
 */
export const memberSchemaOn = (today: string) =>
  z
    .object({
      name: text(40),
      idNumber: z
        .string({ error: 'required' })
        .trim()
        .toUpperCase()
        .min(1, { error: 'required' })
        .refine((s) => parseIdNumber(s) !== null, { error: 'invalidIdNumber' }),
      relation: choice(RELATIONS),
      isCollectiveMember: z.preprocess(checkbox, z.boolean().optional()).default(true),
      ...hukouFields,
    })
    .superRefine(checkSettled(today));

const householdFields = {
  phone,
  address: optionalText(120),
  ...hukouFields,
};

/** A new household's own fields (its code first); `today` as for members. */
export const householdSchemaOn = (today: string) =>
  z
    .object({
      code: z
        .string({ error: 'required' })
        .trim()
        .min(1, { error: 'required' })
        .regex(/^[0-9]{18}$/, { error: 'householdCodeDigits' }),
      ...householdFields,
    })
    .superRefine(checkSettled(today));

/** The household edit (form and API): contact and hukou details, and why (kept in the trail). The code is not edited. */
export const householdEditCommandOn = (today: string) =>
  z.object({ ...householdFields, reason: optionalText(200) }).superRefine(checkSettled(today));
export type HouseholdEdit = z.input<ReturnType<typeof householdEditCommandOn>>;

/** A member added to a household (form and API). */
export type NewMember = z.input<ReturnType<typeof memberSchemaOn>>;

/** Settled in a city: on a date, not after today in Beijing (a settlement dated today is accepted at 01:00 too), in a city. */
const checkSettled = (today: string) => (v: { hukouStatus?: string; settledOn?: string; settledCity?: string }, ctx: z.RefinementCtx) => {
  if (v.hukouStatus === 'settled_city') {
    if (!v.settledOn) ctx.addIssue({ code: 'custom', path: ['settledOn'], message: 'settledNeedsDateAndCity' });
    if (!v.settledCity) ctx.addIssue({ code: 'custom', path: ['settledCity'], message: 'settledNeedsDateAndCity' });
    if (v.settledOn && v.settledOn > today) ctx.addIssue({ code: 'custom', path: ['settledOn'], message: 'dateInFuture' });
  }
};

function settledValues(v: { hukouStatus: 'rural' | 'settled_city'; settledOn?: string; settledCity?: string }) {
  return v.hukouStatus === 'settled_city'
    ? { hukouStatus: v.hukouStatus, settledOn: v.settledOn ?? null, settledCity: v.settledCity ?? null }
    : { hukouStatus: v.hukouStatus, settledOn: null, settledCity: null };
}

export type NewHousehold = z.input<ReturnType<typeof householdSchemaOn>> & { members: NewMember[] };

/** Registers a household with its members (the head first or marked by relation). */
export async function createHousehold(db: Db, actor: Actor, collectiveId: string, input: NewHousehold, at: Date): Promise<Household> {
  assertRole(actor, 'officer');
  const collective = await getCollective(db, collectiveId);
  assertCanWriteRegistry(actor, { collectiveId, regionCode: collective.regionCode });
  const today = shanghaiDate(at);
  const h = parse(householdSchemaOn(today), input);
  const memberSchema = memberSchemaOn(today);
  const memberList = Array.isArray(input.members) ? input.members : [];
  const errors: FieldErrors = {};
  const parsed = memberList.map((m, i) => {
    const r = memberSchema.safeParse(m);
    if (!r.success)
      for (const iss of r.error.issues)
        errors[`members.${i}.${iss.path.join('.')}`] ??= { code: /^[a-zA-Z.]+$/.test(iss.message) ? iss.message : 'invalidValue' };
    return r.success ? r.data : null;
  });
  if (!isHouseholdCodeOf(h.code, collective.regionCode, collective.groupCode))
    errors.code = { code: 'invalidHouseholdCode', params: { prefix: issuerCode(collective) } };
  // A row refused for another field (e.g. its ID check digit) still counts as marked head.
  const marked = memberList.map((m, i) => parsed[i]?.relation ?? (m as { relation?: unknown } | undefined)?.relation);
  if (marked.filter((r) => r === 'head').length !== 1) errors.members ??= { code: 'needHead' };
  const ids = parsed.map((m) => m?.idNumber);
  ids.forEach((id, i) => {
    const first = id ? ids.indexOf(id) : i;
    if (first !== i) errors[`members.${i}.idNumber`] = { code: 'duplicateIdInForm', params: { row: first + 1 } };
  });
  if (Object.keys(errors).length) throw new ValidationError(errors);
  const ok = parsed as MemberFields[];
  const head = ok.find((m) => m.relation === 'head')!;

  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const [row] = await tx
        .insert(households)
        .values({
          collectiveId,
          regionCode: collective.regionCode,
          code: h.code,
          headName: head.name,
          phone: h.phone ?? null,
          address: h.address ?? null,
          ...settledValues(h),
        })
        .returning();
      for (const m of ok) await insertMember(tx, row, m);
      await recordAudit(tx, actor, {
        action: 'household.create',
        entityType: 'household',
        entityId: row.id,
        collectiveId,
        regionCode: row.regionCode,
        householdId: row.id,
        after: { ...row, members: ok.map((m) => ({ name: m.name, relation: m.relation })) },
      });
      return row;
    }),
  );
}

type MemberFields = z.output<ReturnType<typeof memberSchemaOn>>;

async function insertMember(tx: Tx | Db, h: Household, m: MemberFields): Promise<Member> {
  const info = parseIdNumber(m.idNumber)!;
  const [row] = await tx
    .insert(members)
    .values({
      householdId: h.id,
      collectiveId: h.collectiveId,
      name: m.name,
      idNumber: m.idNumber,
      sex: info.sex,
      birthDate: info.birthDate,
      relation: m.relation,
      isCollectiveMember: m.isCollectiveMember,
      ...settledValues(m),
    })
    .returning();
  return row;
}

/** A household as a place for the scope rules: it is its own household. */
export function householdPlace(h: Household) {
  return { collectiveId: h.collectiveId, regionCode: h.regionCode, householdId: h.id };
}

export async function loadHousehold(db: Db | Tx, actor: Actor, id: string): Promise<Household> {
  if (!isUuid(id)) throw new NotFound();
  const [h] = await db.select().from(households).where(eq(households.id, id)).limit(1);
  assertCanRead(actor, h ? householdPlace(h) : null);
  return h;
}

/**
 * Edits a household's contact and hukou details. Rule 3: settling in a city changes
 * nothing about the household's rights; this touches the households row only.
 */
export async function updateHousehold(db: Db, actor: Actor, id: string, cmd: Submitted<HouseholdEdit>, at: Date): Promise<Household> {
  const before = await loadHousehold(db, actor, id);
  assertCanWriteRegistry(actor, householdPlace(before));
  // The code is the household's identity and is not edited here.
  const { reason, ...v } = accept(householdEditCommandOn(shanghaiDate(at)), cmd);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const [after] = await tx
        .update(households)
        .set({
          phone: v.phone ?? null,
          address: v.address ?? null,
          ...settledValues(v),
          version: sql`${households.version} + 1`,
          updatedAt: at,
        })
        .where(eq(households.id, id))
        .returning();
      await recordAudit(tx, actor, {
        action: 'household.update',
        entityType: 'household',
        entityId: id,
        collectiveId: before.collectiveId,
        regionCode: before.regionCode,
        householdId: id,
        before: pick(before),
        after: pick(after),
        reason: reason ?? null,
      });
      return after;
    }),
  );
}

const pick = (h: Household) => ({
  phone: h.phone,
  address: h.address,
  hukouStatus: h.hukouStatus,
  settledOn: h.settledOn,
  settledCity: h.settledCity,
});

export async function addMember(db: Db, actor: Actor, householdId: string, cmd: Submitted<NewMember>, at: Date): Promise<Member> {
  const h = await loadHousehold(db, actor, householdId);
  assertCanWriteRegistry(actor, householdPlace(h));
  const m = accept(memberSchemaOn(shanghaiDate(at)), cmd);
  if (m.relation === 'head') throw new ValidationError({ relation: { code: 'needHead' } });
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const row = await insertMember(tx, h, m);
      await recordAudit(tx, actor, {
        action: 'member.add',
        entityType: 'member',
        entityId: row.id,
        collectiveId: h.collectiveId,
        regionCode: h.regionCode,
        householdId: h.id,
        after: { name: row.name, relation: row.relation, idNumber: maskIdNumber(row.idNumber) },
      });
      return row;
    }),
  );
}

export async function listMembers(db: Db | Tx, householdId: string): Promise<Member[]> {
  return db.select().from(members).where(eq(members.householdId, householdId)).orderBy(sql`relation <> 'head'`, members.birthDate);
}

export async function loadMember(db: Db | Tx, h: Household, memberId: string): Promise<Member> {
  if (!isUuid(memberId)) throw new NotFound();
  const [m] = await db
    .select()
    .from(members)
    .where(and(eq(members.id, memberId), eq(members.householdId, h.id)))
    .limit(1);
  if (!m) throw new NotFound();
  return m;
}

/**
 * Corrects a member's record (a typing error in the name or ID number, a new relation,
 * settlement in a city). Rule 3: none of it touches the household's rights.
 */
export async function updateMember(
  db: Db,
  actor: Actor,
  householdId: string,
  memberId: string,
  input: Record<string, unknown>,
  at: Date,
): Promise<Member> {
  const h = await loadHousehold(db, actor, householdId);
  assertCanWriteRegistry(actor, householdPlace(h));
  const before = await loadMember(db, h, memberId);
  const v = parse(memberSchemaOn(shanghaiDate(at)), { ...input, relation: before.relation === 'head' ? 'head' : input.relation });
  if (before.relation !== 'head' && v.relation === 'head') throw new ValidationError({ relation: { code: 'needHead' } });
  const { reason } = parse(z.object({ reason: text(200) }), { reason: input.reason });
  const info = parseIdNumber(v.idNumber)!;
  // Once the 成员名册 has a history for the person, membership changes only there (membership.ts).
  const inRegister = await hasMembershipHistory(db, before.id);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const [after] = await tx
        .update(members)
        .set({
          name: v.name,
          idNumber: v.idNumber,
          sex: info.sex,
          birthDate: info.birthDate,
          relation: v.relation,
          isCollectiveMember: inRegister ? before.isCollectiveMember : v.isCollectiveMember,
          ...settledValues(v),
          updatedAt: at,
        })
        .where(eq(members.id, before.id))
        .returning();
      if (after.relation === 'head' && after.name !== h.headName) {
        await tx.update(households).set({ headName: after.name, updatedAt: at }).where(eq(households.id, h.id));
      }
      // The trail is read by the bureau (rule 14): masked numbers, and whether the number changed.
      const show = (m: Member) => ({
        name: m.name,
        idNumber: maskIdNumber(m.idNumber),
        relation: m.relation,
        hukouStatus: m.hukouStatus,
        settledOn: m.settledOn,
        settledCity: m.settledCity,
        isCollectiveMember: m.isCollectiveMember,
      });
      await recordAudit(tx, actor, {
        action: 'member.update',
        entityType: 'member',
        entityId: before.id,
        collectiveId: h.collectiveId,
        regionCode: h.regionCode,
        householdId: h.id,
        before: show(before),
        after: { ...show(after), idNumberChanged: after.idNumber !== before.idNumber },
        reason,
      });
      return after;
    }),
  );
}

export async function removeMember(db: Db, actor: Actor, householdId: string, memberId: string, reason: string): Promise<void> {
  const h = await loadHousehold(db, actor, householdId);
  assertCanWriteRegistry(actor, householdPlace(h));
  const why = parse(z.object({ reason: text(200) }), { reason }).reason;
  const m = await loadMember(db, h, memberId);
  if (m.relation === 'head') throw new DomainError('needHead');
  // A member with a farmer account signs consents in their own name: the account is dealt with first.
  const [account] = await db.select({ id: users.id }).from(users).where(eq(users.memberId, m.id)).limit(1);
  if (account) throw new DomainError('memberAccountBlocksRemoval');
  // A person with a history in the 成员名册 is never deleted: a death or an exit is recorded there.
  if (await hasMembershipHistory(db, m.id)) throw new DomainError('membership.hasHistory');
  await withDbErrors(() =>
    db.transaction(async (tx) => {
      await tx.delete(members).where(eq(members.id, m.id));
      await recordAudit(tx, actor, {
        action: 'member.remove',
        entityType: 'member',
        entityId: m.id,
        collectiveId: h.collectiveId,
        regionCode: h.regionCode,
        householdId: h.id,
        before: { name: m.name, relation: m.relation },
        reason: why,
      });
    }),
  );
}

export { isoDate };

/** Whether the 成员名册 holds events for the person (then membership changes only there, and the person is never deleted). */
async function hasMembershipHistory(db: Db | Tx, memberId: string): Promise<boolean> {
  const [row] = await db.select({ id: membershipEvents.id }).from(membershipEvents).where(eq(membershipEvents.memberId, memberId)).limit(1);
  return !!row;
}
