import { and, eq, sql } from 'drizzle-orm';
import { regions } from '../../models/regions';
import type { Db } from '../platform/db';
import { NotFound, ValidationError } from '../kernel/errors';
import { assertRole, type Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { accept, type Submitted } from '../kernel/commands';
import { withDbErrors } from '../kernel/tx';
import { regionCommand, type RegionCommand } from './commands';
import { childLevel } from './rules';

export type Region = typeof regions.$inferSelect;

/** One node of the tree with its ancestors and children, for drilling down level by level. */
export async function regionNode(db: Db, code?: string) {
  const where = code ? eq(regions.code, code) : sql`${regions.parentCode} is null`;
  const [region] = code && !/^[0-9]{6,12}$/.test(code) ? [] : await db.select().from(regions).where(where).orderBy(regions.code).limit(1);
  if (!region) throw new NotFound();
  const ancestors: Region[] = [];
  for (let p = region.parentCode; p; ) {
    const [a] = await db.select().from(regions).where(eq(regions.code, p)).limit(1);
    if (!a) break;
    ancestors.unshift(a);
    p = a.parentCode;
  }
  const children = await db
    .select({
      code: regions.code,
      name: regions.name,
      level: regions.level,
      // Qualified by hand: inside the subquery an unqualified "code" would mean the inner row's.
      children: sql<number>`(select count(*)::int from regions c where c.parent_code = "regions"."code")`,
      collectives: sql<number>`(select count(*)::int from collectives k where k.region_code like "regions"."code" || '%')`,
    })
    .from(regions)
    .where(eq(regions.parentCode, region.code))
    .orderBy(regions.code);
  return { region, ancestors, children, childLevel: childLevel(region.level) };
}

/**
 * Adds a township under a county or a village under a township. The code is the parent's
 * code and three more digits (the statistical code form); the short form "101" is accepted.
 */
export async function addRegion(db: Db, actor: Actor, parentCode: string, cmd: Submitted<RegionCommand>): Promise<Region> {
  assertRole(actor, 'admin');
  const [parent] = /^[0-9]{6,12}$/.test(parentCode) ? await db.select().from(regions).where(eq(regions.code, parentCode)).limit(1) : [];
  if (!parent) throw new NotFound();
  const level = childLevel(parent.level);
  if (!level) throw new ValidationError({ _form: { code: 'regionNoChildren' } });
  const v = accept(regionCommand, cmd);
  const code = /^[0-9]{3}$/.test(v.code) ? parent.code + v.code : v.code;
  if (!(code.length === parent.code.length + 3 && code.startsWith(parent.code) && /^[0-9]+$/.test(code)) || code.endsWith('000')) {
    throw new ValidationError({ code: { code: 'regionCodeForm', params: { parent: parent.code } } });
  }
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const [sameCode] = await tx.select({ name: regions.name }).from(regions).where(eq(regions.code, code)).limit(1);
      if (sameCode) throw new ValidationError({ code: { code: 'regionCodeTaken', params: { code, name: sameCode.name } } });
      const [sameName] = await tx
        .select({ code: regions.code })
        .from(regions)
        .where(and(eq(regions.parentCode, parent.code), eq(regions.name, v.name)))
        .limit(1);
      if (sameName) throw new ValidationError({ name: { code: 'regionNameTaken', params: { code: sameName.code, parent: parent.name } } });
      const [row] = await tx.insert(regions).values({ code, name: v.name, level, parentCode: parent.code }).returning();
      await recordAudit(tx, actor, { action: 'region.create', entityType: 'region', entityId: code, regionCode: code, after: row });
      return row;
    }),
  );
}
