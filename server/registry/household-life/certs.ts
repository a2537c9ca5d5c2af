import { randomBytes } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { certificates } from '../../../models/certificates';
import type { rights } from '../../../models/rights';
import { shanghaiYear } from '../../kernel/clock';
import type { Tx } from '../../platform/db';

const KIND_LETTER = { land: 'J', homestead: 'Z', shares: 'G' } as const;

type RightRow = typeof rights.$inferSelect;
export type Reissued = { rightId: string; oldNumber: string | null; number: string; certificateId: string };

async function numbers(tx: Tx, n: number): Promise<string[]> {
  if (n === 0) return [];
  const r = (await tx.execute(sql`select nextval('certificate_number_seq')::text as n from generate_series(1, ${n})`)) as unknown as {
    rows: { n: string }[];
  };
  return r.rows.map((x) => x.n);
}

/**
 * Reissues, in one batch, the valid certificate of each right given (a new head, a new holder,
 * a new term): the old one is superseded and stays in history, the new one replaces it. With
 * `alsoNew`, rights without a certificate get a first one (a contract made by a split).
 */
export async function reissueBatch(
  tx: Tx,
  actorId: string,
  list: RightRow[],
  reason: string,
  at: Date,
  alsoNew: RightRow[] = [],
): Promise<Reissued[]> {
  if (list.length === 0 && alsoNew.length === 0) return [];
  const ids = list.map((r) => r.id);
  const old = ids.length
    ? await tx
        .update(certificates)
        .set({ status: 'superseded', endedAt: at, endReason: reason })
        .where(and(inArray(certificates.rightId, ids), eq(certificates.status, 'valid')))
        .returning({ id: certificates.id, rightId: certificates.rightId, number: certificates.number })
    : [];
  const targets = [
    ...old.map((o) => ({ right: list.find((r) => r.id === o.rightId)!, replaces: o })),
    ...alsoNew.map((r) => ({ right: r, replaces: null as null | { id: string; number: string } })),
  ];
  const seq = await numbers(tx, targets.length);
  const year = shanghaiYear(at);
  const rows = targets.map((t, i) => ({
    rightId: t.right.id,
    collectiveId: t.right.collectiveId,
    number: `${t.right.regionCode}${KIND_LETTER[t.right.kind]}${year}${seq[i].padStart(6, '0')}`,
    verifyToken: randomBytes(32).toString('base64url'),
    replacesId: t.replaces?.id ?? null,
    issuedBy: actorId,
    issuedAt: at,
  }));
  const out: Reissued[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const made = await tx
      .insert(certificates)
      .values(rows.slice(i, i + 500))
      .returning({ id: certificates.id, rightId: certificates.rightId, number: certificates.number, replacesId: certificates.replacesId });
    for (const m of made)
      out.push({
        rightId: m.rightId,
        certificateId: m.id,
        number: m.number,
        oldNumber: targets.find((t) => t.replaces?.id === m.replacesId && m.replacesId)?.replaces?.number ?? null,
      });
  }
  return out;
}
