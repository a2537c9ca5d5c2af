import type { Actor, Place } from './actor';
import { ageOn } from './codes';
import { now, shanghaiDate } from './clock';

// Rule 14 and 个人信息保护法 §51 (de-identification): what of a person's identity a viewer is
// shown, decided here once for every page, print, export, API answer and trail entry. A masked
// number keeps the region (6 characters) and the check character, never the birth date (8) or
// the sequence (3); and whoever gets the masked number gets the age, never the birth date,
// which would give back the 8 hidden digits. Officers of the household's collective see both.

/** Rule 14: full ID numbers (and birth dates) only for officers of the household's collective. */
export function canSeeFullIdNumbers(actor: Actor, place: Pick<Place, 'collectiveId'>): boolean {
  return actor.role === 'officer' && actor.collectiveId === place.collectiveId;
}

const HIDDEN = 11; // birth date (8) and sequence (3)

/** 440203199001011234 → 440203***********4: the region and the check character only. */
export function maskIdNumber(id: string): string {
  const s = id.trim().toUpperCase();
  // Older trail entries hold shortened forms (440203…1234, 440203…): their last character is
  // the check character only when it is a digit or X.
  const check = s.length > 6 && /[0-9X]$/.test(s) ? s.slice(-1) : '*';
  return s.slice(0, 6) + '*'.repeat(HIDDEN) + check;
}

/** Age in whole years on the calendar day of `at` in Asia/Shanghai. */
export function ageOnDay(birthDate: string, at: Date): number {
  return ageOn(birthDate, new Date(`${shanghaiDate(at)}T00:00:00Z`));
}

export type ShownIdentity = { idNumber: string; idNumberMasked: boolean; birthDate: string | null; age: number };

/** The ID number and birth information this actor is shown of a person of a household at `place`. */
export function identityShown(
  actor: Actor,
  place: Pick<Place, 'collectiveId'>,
  person: { idNumber: string; birthDate: string },
  at: Date = now(),
): ShownIdentity {
  const age = ageOnDay(person.birthDate, at);
  return canSeeFullIdNumbers(actor, place)
    ? { idNumber: person.idNumber, idNumberMasked: false, birthDate: person.birthDate, age }
    : { idNumber: maskIdNumber(person.idNumber), idNumberMasked: true, birthDate: null, age };
}

export type Shown<M> = Omit<M, 'idNumber' | 'birthDate'> & ShownIdentity;

/** Members as they may be shown: the stored ID number and birth date replaced by what the actor may see. */
export function membersShown<M extends { idNumber: string; birthDate: string }>(
  actor: Actor,
  place: Pick<Place, 'collectiveId'>,
  list: M[],
  at: Date = now(),
): Shown<M>[] {
  return list.map((m) => ({ ...m, ...identityShown(actor, place, m, at) }));
}

/**
 * The trail is read by the bureau and by admins, who may not see full numbers: entries hold
 * the masked form. Entries written before this mask (first six and last four characters) are
 * masked again when shown, and birth dates in them are cut to the year.
 */
export function redactForTrail(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactForTrail);
  if (!value || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => {
      if (typeof v === 'string' && /^idNumber$/i.test(k)) return [k, maskIdNumber(v)];
      if (typeof v === 'string' && /^birthDate$/i.test(k)) return [k, v.slice(0, 4)];
      return [k, redactForTrail(v)];
    }),
  );
}

/** A bank or payment account (个人信息保护法 §28, financial accounts): the last four characters only. */
export function maskAccount(account: string): string {
  const s = account.replace(/\s+/g, '');
  return '*'.repeat(Math.max(4, s.length - 4)) + s.slice(-4);
}

type ContractSides = { sellerHouseholdId: string; buyerHouseholdId: string | null; collectiveId: string };

/**
 * Issue 18 item 6: a contract carries the parties' full ID numbers and the payee account on the
 * parties' own copies only — the seller's and the buyer's households (and, in an exit, where the
 * collective is the buyer, the collective's officer who signs for it). Everyone else, officers of
 * a transfer, the bureau and admins included, reads the masked forms.
 */
export function isOwnContractCopy(actor: Actor, deal: ContractSides, exit: boolean): boolean {
  if (actor.role === 'farmer')
    return !!actor.householdId && (actor.householdId === deal.sellerHouseholdId || actor.householdId === deal.buyerHouseholdId);
  return exit && actor.role === 'officer' && actor.collectiveId === deal.collectiveId;
}

/** The contract's parties as this actor may read them: full ID numbers and account on their own copy, masked otherwise. */
export function contractPartiesShown<P extends { idNumber?: string | null }, S extends { seller: P; buyer: P | null }>(
  actor: Actor,
  deal: ContractSides & { payeeAccount: string | null },
  snap: S,
  exit: boolean,
): { snap: S; payeeAccount: string | null; ownCopy: boolean } {
  const own = isOwnContractCopy(actor, deal, exit);
  const id = (p: P): P => (own || !p.idNumber ? p : { ...p, idNumber: maskIdNumber(p.idNumber) });
  return {
    snap: { ...snap, seller: id(snap.seller), buyer: snap.buyer ? id(snap.buyer) : null },
    payeeAccount: deal.payeeAccount && !own ? maskAccount(deal.payeeAccount) : deal.payeeAccount,
    ownCopy: own,
  };
}
