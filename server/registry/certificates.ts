import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { certificates } from '../../models/certificates';
import { households } from '../../models/households';
import { rights } from '../../models/rights';
import type { Db, Tx } from '../platform/db';
import { DomainError, NotFound, ValidationError } from '../kernel/errors';
import { assertCanRead, assertCanWriteRegistry, type Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { maskName } from '../kernel/codes';
import { optionalText, parse, text } from '../kernel/fields';
import { loadRight } from './rights';
import { rightAreaLabel, rightDetails, type Certificate } from './rights-view';
import { withDbErrors } from '../kernel/tx';
import { shanghaiYear } from '../kernel/clock';
import { mayOpenHouseholdPage } from './rules';
import { assertRightStill } from './household-life/still';
import { isUuid } from '../kernel/ids';

const KIND_LETTER = { land: 'J', homestead: 'Z', shares: 'G' } as const;
export const numberSchema = optionalText(40).refine((s) => s === undefined || /^[0-9A-Za-z-]{4,40}$/.test(s), {
  error: 'invalidCertificateNumber',
});

/** 证书编号: region code + kind letter + the year in Beijing + a sequence shared by all instances. */
async function nextNumber(tx: Tx, regionCode: string, kind: keyof typeof KIND_LETTER, at: Date): Promise<string> {
  const r = (await tx.execute(sql`select nextval('certificate_number_seq') as n`)) as unknown as { rows: { n: string }[] };
  return `${regionCode}${KIND_LETTER[kind]}${shanghaiYear(at)}${String(r.rows[0].n).padStart(6, '0')}`;
}

export async function insertCertificate(
  tx: Tx,
  actor: Actor,
  right: typeof rights.$inferSelect,
  number: string | undefined,
  replacesId: string | null,
  at: Date,
): Promise<Certificate> {
  const [c] = await tx
    .insert(certificates)
    .values({
      rightId: right.id,
      collectiveId: right.collectiveId,
      number: number ?? (await nextNumber(tx, right.regionCode, right.kind, at)),
      verifyToken: randomBytes(32).toString('base64url'),
      replacesId,
      issuedBy: actor.id,
    })
    .returning();
  return c;
}

const trail = (r: typeof rights.$inferSelect, c: Certificate) => ({
  entityType: 'certificate',
  entityId: c.id,
  collectiveId: r.collectiveId,
  regionCode: r.regionCode,
  householdId: r.householdId,
  rightId: r.id,
});

/** Issues the first certificate of an active right. A number may be given (an existing paper one) or generated. */
export async function issueCertificate(db: Db, actor: Actor, rightId: string, input: { number?: string }, at: Date): Promise<Certificate> {
  const right = await loadRight(db, actor, rightId);
  assertCanWriteRegistry(actor, right);
  const number = parse(z.object({ number: numberSchema }), input).number;
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const [locked] = await tx.select().from(rights).where(eq(rights.id, rightId)).for('update');
      if (locked.status !== 'active') throw new DomainError('rightNotActive', { status: locked.status });
      const [existing] = await tx
        .select({ id: certificates.id })
        .from(certificates)
        .where(and(eq(certificates.rightId, rightId), eq(certificates.status, 'valid')));
      if (existing) throw new DomainError('alreadyCertified');
      const c = await insertCertificate(tx, actor, locked, number, null, at);
      await recordAudit(tx, actor, { action: 'certificate.issue', ...trail(locked, c), after: { number: c.number } });
      return c;
    }),
  );
}

async function loadCertificate(db: Db | Tx, actor: Actor, id: string) {
  if (!isUuid(id)) throw new NotFound();
  const [c] = await db.select().from(certificates).where(eq(certificates.id, id)).limit(1);
  if (!c) throw new NotFound();
  const right = await loadRight(db, actor, c.rightId);
  return { c, right };
}

/** The household holding a certificate's right (where its page is), for a reader who may see it. */
export async function certificateHouseholdId(db: Db, actor: Actor, certId: string): Promise<string> {
  return (await loadCertificate(db, actor, certId)).right.householdId;
}

/** Replaces a lost or damaged certificate: the old number stays in history, superseded. */
export async function reissueCertificate(
  db: Db,
  actor: Actor,
  certId: string,
  input: { reason?: string; number?: string },
  at: Date,
): Promise<Certificate> {
  const { c, right } = await loadCertificate(db, actor, certId);
  assertCanWriteRegistry(actor, right);
  const v = parse(z.object({ reason: text(200), number: numberSchema }), input);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const [locked] = await tx.select().from(certificates).where(eq(certificates.id, c.id)).for('update');
      if (locked.status !== 'valid') throw new DomainError('certificateNotValid');
      if (right.status !== 'active') throw new DomainError('rightNotActive', { status: right.status });
      await assertRightStill(tx, right.id);
      await tx.update(certificates).set({ status: 'superseded', endedAt: at, endReason: v.reason }).where(eq(certificates.id, c.id));
      const fresh = await insertCertificate(tx, actor, right, v.number, c.id, at);
      await recordAudit(tx, actor, {
        action: 'certificate.reissue',
        ...trail(right, fresh),
        before: { number: c.number },
        after: { number: fresh.number },
        reason: v.reason,
      });
      return fresh;
    }),
  );
}

/** Cancels a valid certificate; returns the holder's household (where the officer goes next). */
export async function cancelCertificate(
  db: Db,
  actor: Actor,
  certId: string,
  input: { reason?: string },
  at: Date,
): Promise<{ householdId: string }> {
  const { c, right } = await loadCertificate(db, actor, certId);
  assertCanWriteRegistry(actor, right);
  const v = parse(z.object({ reason: text(200) }), input);
  await withDbErrors(() =>
    db.transaction(async (tx) => {
      const [locked] = await tx.select().from(certificates).where(eq(certificates.id, c.id)).for('update');
      if (locked.status !== 'valid') throw new DomainError('certificateNotValid');
      await assertRightStill(tx, right.id);
      await tx.update(certificates).set({ status: 'cancelled', endedAt: at, endReason: v.reason }).where(eq(certificates.id, c.id));
      await recordAudit(tx, actor, {
        action: 'certificate.cancel',
        ...trail(right, c),
        before: { number: c.number, status: 'valid' },
        after: { status: 'cancelled' },
        reason: v.reason,
      });
    }),
  );
  return { householdId: right.householdId };
}

/** The printable certificate: the right's details, the holder and the members. */
export async function certificateForPrint(db: Db, actor: Actor, certId: string) {
  const { c, right } = await loadCertificate(db, actor, certId);
  assertCanRead(actor, right);
  const [detail] = await rightDetails(db, { rightIds: [right.id] });
  const [holder] = await db.select().from(households).where(eq(households.id, right.householdId));
  return { certificate: c, detail, holder, can: { openHousehold: mayOpenHouseholdPage(actor) } };
}

/** Public check behind the QR code: no login, and nothing beyond validity, kind, size and a masked holder. */
export async function verifyPublic(db: Db, token: string) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const [c] = await db.select().from(certificates).where(eq(certificates.verifyToken, token)).limit(1);
  if (!c) return null;
  const [detail] = await rightDetails(db, { rightIds: [c.rightId] });
  const [holder] = await db.select({ headName: households.headName }).from(households).where(eq(households.id, detail.right.householdId));
  const valid = c.status === 'valid' && detail.right.status !== 'cancelled';
  return {
    number: c.number,
    status: c.status,
    valid,
    kind: detail.right.kind,
    size: rightAreaLabel(detail),
    holder: maskName(holder.headName),
    issuedAt: c.issuedAt,
  };
}

export { ValidationError };
