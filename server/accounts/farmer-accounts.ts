import { and, eq, ne } from 'drizzle-orm';
import { users } from '../../models/accounts';
import { households, members } from '../../models/households';
import type { Db, Tx } from '../platform/db';
import { ValidationError, type FieldErrors } from '../kernel/errors';
import { assertCanWriteRegistry, assertRole, type Actor } from '../kernel/actor';
import { insertAccount, type UserRow } from './accounts';
import { ageOnDay } from '../kernel/personal-data';
import { householdPlace, listMembers, loadHousehold, type Household, type Member } from '../registry/households';
import { accept, type Submitted } from '../kernel/commands';
import { sendCodeBySms } from './activation-codes';
import { farmerAccountCommand, type FarmerAccountCommand } from './commands';
import { ADULT_AGE, memberAccountRefusal } from './rules';
import { withDbErrors } from '../kernel/tx';
import { isUuid } from '../kernel/ids';

// Rule 2 asks every adult member to consent in person, so only adults (18+) get an
// account, and one account per member: a consent must be traceable to one person (rules.ts).

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
  at: Date,
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
      const reason = memberAccountRefusal(m, taken.has(m.id), at);
      return { id: m.id, name: m.name, relation: m.relation, age: ageOnDay(m.birthDate, at), eligible: !reason, reason };
    }),
  };
}

export type Created = { user: UserRow; sentTo: string | null };

/**
 * Opens a farmer account for an adult member of a household of the officer's own collective.
 * Rule 2: the officer never learns a password. The account waits for its farmer, who sets the
 * password with a code sent by SMS to the member's phone (or printed by an admin in a sealed
 * slip when the member has none); the random password insertAccount makes is never shown.
 */
export async function createFarmerAccount(
  db: Db,
  actor: Actor,
  householdId: string,
  cmd: Submitted<FarmerAccountCommand>,
  at: Date,
): Promise<Created> {
  assertRole(actor, 'officer');
  const h = await loadHousehold(db, actor, householdId);
  assertCanWriteRegistry(actor, householdPlace(h));
  const v = accept(farmerAccountCommand, cmd);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      // Locking the household serialises account creation for it: no two accounts for one member.
      await tx.select({ id: households.id }).from(households).where(eq(households.id, h.id)).for('update');
      const [m] = isUuid(v.memberId)
        ? await tx
            .select()
            .from(members)
            .where(and(eq(members.id, v.memberId), eq(members.householdId, h.id)))
            .limit(1)
        : [];
      const errors: FieldErrors = {};
      const [has] = m ? await tx.select({ username: users.username }).from(users).where(eq(users.memberId, m.id)).limit(1) : [];
      const refusal = m ? memberAccountRefusal(m, !!has, at) : null;
      if (!m) errors.memberId = { code: 'invalidChoice' };
      else if (refusal === 'minor') errors.memberId = { code: 'accountMinor', params: { age: ADULT_AGE } };
      else if (has) errors.memberId = { code: 'memberHasAccount', params: { username: has.username } };
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
        at,
        place,
      );
      const sent = user.phone ? await sendCodeBySms(tx, actor, user, place, false, at) : null;
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
