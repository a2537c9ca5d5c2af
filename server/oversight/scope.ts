import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { collectives, regions } from '../../models/regions';
import type { Db } from '../platform/db';
import { Forbidden, NotFound, ValidationError } from '../kernel/errors';
import type { Actor } from '../kernel/actor';
import { regionContains, regionPrefix } from '../kernel/codes';
import { isUuid } from '../kernel/ids';
import { inScope, isOverseer, overseenRegion } from './rules';

// Rule 12 for oversight: a bureau sees its region (a county bureau its county, a city bureau
// the whole city); an admin sees everything. Out-of-scope or unknown ids answer 404 alike,
// so a probe learns nothing, not even whether the id exists. Malformed ids are a bad filter
// value and get a message (they name nothing that could exist).

export type Level = 'city' | 'county' | 'township' | 'village' | 'collective';

/** A place on the drill-down path: a region, or a collective (the leaf). */
export type Node = {
  level: Level;
  code: string; // region code; for a collective, its village code
  name: string;
  prefix: string; // region_code prefix that selects every row inside the node
  collectiveId: string | null;
  path: { level: Level; code: string; name: string; collectiveId: string | null }[];
};

export function assertOverseer(actor: Actor): void {
  if (!isOverseer(actor)) throw new Forbidden();
}

/** The actor's region prefix: '' (everything) for an admin. */
export function scopePrefix(actor: Actor): string {
  assertOverseer(actor);
  const region = overseenRegion(actor);
  return region ? regionPrefix(region) : '';
}

/** Out of scope or unknown: 404 alike. */
export function assertInScope(actor: Actor, regionCode: string | null | undefined): void {
  if (!inScope(actor, regionCode)) throw new NotFound();
}

async function rootCode(db: Db, actor: Actor): Promise<string> {
  const region = overseenRegion(actor);
  if (region) return region;
  const [top] = await db.select({ code: regions.code }).from(regions).where(isNull(regions.parentCode)).orderBy(asc(regions.code)).limit(1);
  if (!top) throw new NotFound();
  return top.code;
}

/** The region's ancestors from the actor's root down to itself (codes are hierarchical). */
function lineage(root: string, code: string): string[] {
  const cuts = [6, 9, 12].filter((n) => n <= code.length).map((n) => code.slice(0, n));
  const out = cuts.filter((c) => c.length >= root.length && (c === root || regionContains(root, c)));
  return out[0] === root ? out : [root, ...out.filter((c) => c !== root)];
}

/** Resolves the dashboard's place from the query (region code or collective id), within scope. */
export async function resolveNode(db: Db, actor: Actor, q: { region?: string; collective?: string }): Promise<Node> {
  assertOverseer(actor);
  const root = await rootCode(db, actor);
  let code = root;
  let collective: { id: string; name: string; regionCode: string } | null = null;
  if (q.collective) {
    if (!isUuid(q.collective)) throw new ValidationError({ collective: { code: 'oversight.badId' } });
    const [c] = await db
      .select({ id: collectives.id, name: collectives.name, regionCode: collectives.regionCode })
      .from(collectives)
      .where(eq(collectives.id, q.collective))
      .limit(1);
    if (!c || !inScope(actor, c.regionCode)) throw new NotFound();
    collective = c;
    code = c.regionCode;
  } else if (q.region) {
    if (!/^[0-9]{6}([0-9]{3}([0-9]{3})?)?$/.test(q.region)) throw new ValidationError({ region: { code: 'oversight.badRegion' } });
    if (!inScope(actor, q.region) || !regionContains(root, q.region)) throw new NotFound();
    code = q.region;
  }
  const codes = lineage(root, code);
  const found = await db.select().from(regions).where(inArray(regions.code, codes));
  const byCode = new Map(found.map((r) => [r.code, r]));
  if (!byCode.has(code)) throw new NotFound();
  const path: Node['path'] = codes
    .filter((c) => byCode.has(c))
    .map((c) => ({ level: byCode.get(c)!.level, code: c, name: byCode.get(c)!.name, collectiveId: null }));
  if (collective) {
    path.push({ level: 'collective', code, name: collective.name, collectiveId: collective.id });
    return { level: 'collective', code, name: collective.name, prefix: code, collectiveId: collective.id, path };
  }
  const r = byCode.get(code)!;
  return { level: r.level, code, name: r.name, prefix: regionPrefix(code), collectiveId: null, path };
}

export type Child = { key: string; name: string; region?: string; collective?: string };

/** The node's children for the drill-down: sub-regions, or the village's collectives. */
export async function childrenOf(db: Db, node: Node): Promise<Child[]> {
  if (node.level === 'collective') return [];
  if (node.level === 'village') {
    const cs = await db
      .select({ id: collectives.id, name: collectives.name })
      .from(collectives)
      .where(eq(collectives.regionCode, node.code))
      .orderBy(asc(collectives.name));
    return cs.map((c) => ({ key: c.id, name: c.name, collective: c.id }));
  }
  const rs = await db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(and(eq(regions.parentCode, node.code)))
    .orderBy(asc(regions.code));
  return rs.map((r) => ({ key: r.code, name: r.name, region: r.code }));
}

/** SQL that names a row's child of the node: the sub-region code prefix, or the collective. */
export function childKey(node: Node, alias: string): SQL {
  const a = sql.raw(alias);
  if (node.level === 'village' || node.level === 'collective') return sql`${a}.collective_id::text`;
  const len = node.level === 'city' ? 6 : node.level === 'county' ? 9 : 12;
  return sql`left(${a}.region_code, ${sql.raw(String(len))})`;
}

/** SQL that selects a row inside the node. */
export function nodeWhere(node: Node, alias: string): SQL {
  const a = sql.raw(alias);
  if (node.collectiveId) return sql`${a}.collective_id = ${node.collectiveId}`;
  return sql`${a}.region_code like ${node.prefix + '%'}`;
}
