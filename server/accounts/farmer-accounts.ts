import { and, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import { users } from '../../models/accounts';
import { households, members } from '../../models/households';
import type { Db, Tx } from '../platform/db';
import { ValidationError, type FieldErrors } from '../kernel/errors';
import { assertCanWriteRegistry, assertRole, type Actor } from '../kernel/actor';
import { insertAccount, usernameField, type UserRow } from './accounts';
import { ageOn } from '../kernel/codes';
import { householdPlace, listMembers, loadHousehold, type Household, type Member } from '../registry/households';
import { parse } from '../kernel/fields';
import { sendCodeBySms } from './activation-codes';
import { optionalMobile } from '../kernel/phone';
import { withDbErrors } from '../kernel/tx';

// Rule 2 asks every adult member to consent in person, so only adults (18+) get an
// account, and one account per member: a consent must be traceable to one person.
export const ADULT_AGE = 18;

export type MemberChoice = {
  id: string;
  name: string;
  relation: Member['relation'];
  age: number;
  eligible: boolean;
  reason: 'minor' | 'hasAccount' | null;
};

/** The household's members and whether each may get an account. */
export async function accountCandidates(
  db: Db,
  actor: Actor,
  householdId: string,
): Promise<{ household: Household; members: MemberChoice[] }> {
  assertRole(actor, 'officer');
  const household = await loadHousehold(db, actor, householdId);
  assertCanWriteRegistry(actor, householdPlace(household));
  const list = await listMembers(db, household.id);
  const taken = new Set(
    (await db.select({ memberId: users.memberId }).from(users).where(eq(users.householdId, household.id))).map((u) => u.memberId),
  );
  return {
    household,
    members: list.map((m) => {
      const age = ageOn(m.birthDate);
      const reason = age < ADULT_AGE ? ('minor' as const) : taken.has(m.id) ? ('hasAccount' as const) : null;
      return { id: m.id, name: m.name, relation: m.relation, age, eligible: !reason, reason };
    }),
  };
}

const schema = z.object({
  memberId: z.string({ error: 'required' }).trim().min(1, { error: 'required' }),
  username: usernameField,
  phone: optionalMobile,
});

export type Created = { user: UserRow; sentTo: string | null };

/**
 * Opens a farmer account for an adult member of a household of the officer's own collective.
 * Rule 2: the officer never learns a password. The account waits for its farmer, who sets the
 * password with a code sent by SMS to the member's phone (or printed by an admin in a sealed
 * slip when the member has none); the random password insertAccount makes is never shown.
 */
export async function createFarmerAccount(db: Db, actor: Actor, householdId: string, input: unknown): Promise<Created> {
  assertRole(actor, 'officer');
  const h = await loadHousehold(db, actor, householdId);
  assertCanWriteRegistry(actor, householdPlace(h));
  const v = parse(schema, input);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      // Locking the household serialises account creation for it: no two accounts for one member.
      await tx.select({ id: households.id }).from(households).where(eq(households.id, h.id)).for('update');
      const [m] = z.uuid().safeParse(v.memberId).success
        ? await tx
            .select()
            .from(members)
            .where(and(eq(members.id, v.memberId), eq(members.householdId, h.id)))
            .limit(1)
        : [];
      const errors: FieldErrors = {};
      if (!m) errors.memberId = { code: 'invalidChoice' };
      else if (ageOn(m.birthDate) < ADULT_AGE) errors.memberId = { code: 'accountMinor', params: { age: ADULT_AGE } };
      else {
        const [has] = await tx.select({ username: users.username }).from(users).where(eq(users.memberId, m.id)).limit(1);
        if (has) errors.memberId = { code: 'memberHasAccount', params: { username: has.username } };
      }
      if (v.phone) Object.assign(errors, await phoneProblem(tx, v.phone, h.id));
      if (Object.keys(errors).length) throw new ValidationError(errors);
      const place = { collectiveId: h.collectiveId, regionCode: h.regionCode, householdId: h.id };
      const { user } = await insertAccount(
        tx,
        actor,
        {
          username: v.username,
          role: 'farmer',
          displayName: m!.name,
          householdId: h.id,
          memberId: m!.id,
          phone: v.phone,
          awaitingActivation: true,
        },
        place,
      );
      const sent = user.phone ? await sendCodeBySms(tx, actor, user, place, false) : null;
      return { user, sentTo: sent?.sentTo ?? null };
    }),
  );
}

/**
 * One person, one phone: a number already on an account of another household would let one
 * phone (an officer's own, say) receive the codes of several households. Members of one
 * household may share a phone (an elderly couple).
 */
export async function phoneProblem(tx: Db | Tx, phone: string, householdId: string): Promise<FieldErrors> {
  const [other] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.phone, phone), ne(users.householdId, householdId)))
    .limit(1);
  return other ? { phone: { code: 'phoneOtherHousehold' } } : {};
}
