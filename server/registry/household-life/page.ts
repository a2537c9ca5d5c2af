import { desc, eq, inArray, or } from 'drizzle-orm';
import { householdEventDocuments, householdEvents } from '../../../models/household-life';
import { households } from '../../../models/households';
import { HELD_RIGHT_STATUSES } from '../../../models/statuses';
import { assertCanRead, type Actor } from '../../kernel/actor';
import { NotFound } from '../../kernel/errors';
import type { Db } from '../../platform/db';
import { householdPlace, loadHousehold } from '../households';
import { rightDetails } from '../rights-view';
import { canChangeHead, canMerge, canRecordInheritance, canRecordMarriage, canSplit, isAdultOn } from './rules';
import { endingOf, householdMembersNow, lifeState } from './state';
import { isUuid } from '../../kernel/ids';

/**
 * The household's life page: its current members, the rights it holds (with parcels), its
 * events (this household's and those naming it: a split's new household, a merge), each
 * with its scans, and what this actor may record (`can`, from rules.ts). No ID numbers.
 */
export async function lifePage(db: Db, actor: Actor, householdId: string, at: Date) {
  const household = await loadHousehold(db, actor, householdId);
  const [state, now, ending, held, events] = await Promise.all([
    lifeState(db, household),
    householdMembersNow(db, household.id),
    endingOf(db, household.id),
    rightDetails(db, { householdIds: [household.id] }),
    db
      .select()
      .from(householdEvents)
      .where(or(eq(householdEvents.householdId, household.id), eq(householdEvents.otherHouseholdId, household.id)))
      .orderBy(desc(householdEvents.recordedAt)),
  ]);
  const docs = events.length
    ? await db
        .select({
          id: householdEventDocuments.id,
          eventId: householdEventDocuments.eventId,
          name: householdEventDocuments.name,
          size: householdEventDocuments.size,
        })
        .from(householdEventDocuments)
        .where(
          inArray(
            householdEventDocuments.eventId,
            events.map((e) => e.id),
          ),
        )
    : [];
  const others = [
    ...new Set(events.flatMap((e) => [e.householdId, e.otherHouseholdId]).filter((x): x is string => !!x && x !== household.id)),
  ];
  const otherRows = others.length
    ? await db.select({ id: households.id, code: households.code }).from(households).where(inArray(households.id, others))
    : [];
  const into = ending?.intoHouseholdId
    ? (await db.select({ id: households.id, code: households.code }).from(households).where(eq(households.id, ending.intoHouseholdId)))[0]
    : null;
  const rights = held.filter((d) => (HELD_RIGHT_STATUSES as readonly string[]).includes(d.right.status));
  return {
    household,
    ending: ending ? { ...ending, into } : null,
    members: now.map((m) => ({ id: m.id, name: m.name, relation: m.relation, sex: m.sex, adult: isAdultOn(m.birthDate, at) })),
    rights: rights.map((d) => ({
      id: d.right.id,
      kind: d.right.kind,
      status: d.right.status,
      contractNo: d.contract?.contractNo ?? null,
      endDate: d.contract?.endDate ?? null,
      parcels: (d.parcels ?? [])
        .filter((p) => p.status === 'active')
        .map((p) => ({ id: p.id, code: p.code, name: p.name, areaMuCenti: p.areaMuCenti, landClass: p.landClass })),
      certificate: d.certificates?.find((c) => c.status === 'valid')?.number ?? null,
    })),
    events: events.map((e) => ({
      ...e,
      other: otherRows.find((o) => o.id === (e.householdId === household.id ? e.otherHouseholdId : e.householdId)) ?? null,
      documents: docs.filter((d) => d.eventId === e.id),
    })),
    can: {
      changeHead: canChangeHead(actor, state),
      split: canSplit(actor, state),
      merge: canMerge(actor, state),
      inheritance: canRecordInheritance(actor, state),
      marriage: canRecordMarriage(actor, state),
    },
    frozen: state.frozen,
  };
}

/** A scan of an event, for whoever may read the household it belongs to. */
export async function eventDocument(db: Db, actor: Actor, documentId: string) {
  if (!isUuid(documentId)) throw new NotFound();
  const [d] = await db
    .select({ doc: householdEventDocuments, householdId: householdEvents.householdId })
    .from(householdEventDocuments)
    .innerJoin(householdEvents, eq(householdEvents.id, householdEventDocuments.eventId))
    .where(eq(householdEventDocuments.id, documentId))
    .limit(1);
  if (!d) throw new NotFound();
  const h = await loadHousehold(db, actor, d.householdId);
  assertCanRead(actor, householdPlace(h));
  return d.doc;
}
