import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { dividends } from '../../models/regions';
import type { Db } from '../platform/db';
import { ValidationError } from '../kernel/errors';
import { assertRole, type Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { getCollective } from './collectives';
import { optionalText } from '../kernel/fields';
import { shanghaiYear } from '../kernel/clock';
import { accept, type Submitted } from '../kernel/commands';
import { yuanToFen } from '../kernel/money';

export type Dividend = typeof dividends.$inferSelect;

/** A year's dividend as the form gives it: the year (not after this year in Beijing), yuan per share, a note. */
export const dividendCommandIn = (thisYear: number) =>
  z.object({
    year: z
      .string({ error: 'required' })
      .trim()
      .regex(/^(19|20)[0-9]{2}$/, { error: 'invalidYear' })
      .refine((y) => Number(y) <= thisYear, { error: 'invalidYear' }),
    perShareYuan: z
      .string({ error: 'required' })
      .trim()
      .min(1, { error: 'required' })
      .refine((v) => v === '0' || yuanToFen(v) !== null, { error: 'invalidNumber' }),
    note: optionalText(200),
  });
export type NewDividend = z.input<ReturnType<typeof dividendCommandIn>>;

/** 分红: a collective's dividend per share for one year; each household receives shares × amount. */
export async function recordDividend(db: Db, actor: Actor, cmd: Submitted<NewDividend>, at: Date): Promise<Dividend> {
  assertRole(actor, 'officer');
  const c = await getCollective(db, actor.collectiveId!);
  const v = accept(dividendCommandIn(shanghaiYear(at)), cmd);
  const perShareFen = v.perShareYuan === '0' ? 0 : yuanToFen(v.perShareYuan)!;
  return db.transaction(async (tx) => {
    // The collective row lock makes "one record per year" hold under concurrent submissions.
    await tx.execute(sql`select id from collectives where id = ${c.id} for update`);
    const [dup] = await tx
      .select({ id: dividends.id })
      .from(dividends)
      .where(and(eq(dividends.collectiveId, c.id), eq(dividends.year, Number(v.year))));
    if (dup) throw new ValidationError({ year: { code: 'dividendYearExists' } });
    const [row] = await tx
      .insert(dividends)
      .values({ collectiveId: c.id, year: Number(v.year), perShareFen, note: v.note ?? null })
      .returning();
    await recordAudit(tx, actor, {
      action: 'dividend.record',
      entityType: 'dividend',
      entityId: row.id,
      collectiveId: c.id,
      regionCode: c.regionCode,
      after: { year: row.year, perShareFen },
    });
    return row;
  });
}

/** A collective's dividend records, newest first. Callers have already checked the scope (rule 12). */
export async function dividendsOf(db: Db, collectiveId: string): Promise<Dividend[]> {
  return db.select().from(dividends).where(eq(dividends.collectiveId, collectiveId)).orderBy(desc(dividends.year));
}

/** Rows for a household's shares: per year, amount per share and what the household receives. */
export function householdDividends(list: Dividend[], shares: number) {
  return list.map((d) => ({ year: d.year, perShareFen: d.perShareFen, totalFen: d.perShareFen * shares, note: d.note }));
}
