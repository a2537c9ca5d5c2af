import { sql, type SQL } from 'drizzle-orm';
import { households } from '../../models/households';
import type { Actor } from '../kernel/actor';
import { regionPrefix } from '../kernel/codes';
import type { Db } from '../platform/db';
import { prepared } from '../platform/prepared';

// The register (the household list without a search or filter, page by page) in one prepared
// statement (issue 19 item 2): the count, capped, and the page's 20 households with their
// number of persons, as one JSON value — one round trip instead of two, planned once per
// connection. The actor's scope is part of the statement (rule 12): one statement per kind of
// scope, its value a parameter. A region is a range of the pattern index (~>=~, ~<~) rather
// than `like $1`, so that a plan made for any prefix still uses the index.

export type RegisterRow = {
  id: string;
  code: string;
  headName: string;
  hukouStatus: string;
  settledCity: string | null;
  collectiveId: string;
  regionCode: string;
  persons: number;
};

type Scope = 'officer' | 'bureau' | 'admin';
const SCOPES: Record<Scope, SQL> = {
  officer: sql`h.collective_id = ${sql.placeholder('collective')}`,
  bureau: sql`h.region_code ~>=~ ${sql.placeholder('from')} and h.region_code ~<~ ${sql.placeholder('to')}`,
  admin: sql`true`,
};

/** The households `h` of a page as one JSON array of RegisterRow, newest first: what the list shows of each. */
export const householdRowsJson = sql`json_agg(json_build_object('id', h.id, 'code', h.code, 'headName', h.head_name,
  'hukouStatus', h.hukou_status, 'settledCity', h.settled_city, 'collectiveId', h.collective_id, 'regionCode', h.region_code,
  'persons', (select count(*)::int from members m where m.household_id = h.id)) order by h.created_at desc, h.code)`;

const read = (scope: Scope) => (db: Db) =>
  db
    .select({
      counted: sql<number>`(select count(*)::int from (select 1 from ${households} h where ${SCOPES[scope]} limit ${sql.placeholder('cap')}) c)`,
      list: sql<RegisterRow[] | null>`(select ${householdRowsJson}
        from ${households} h where h.id in (select h.id from ${households} h where ${SCOPES[scope]}
          order by h.created_at desc, h.code limit ${sql.placeholder('size')} offset ${sql.placeholder('offset')}))`,
    })
    .from(sql`(select 1) as one`)
    .prepare(`register_page_${scope}`);

/** The scope's statement parameters: a region prefix as the range of codes it starts. */
function scopeOf(actor: Actor): { scope: Scope; params: Record<string, string> } | null {
  if (actor.role === 'officer') return { scope: 'officer', params: { collective: actor.collectiveId! } };
  if (actor.role === 'bureau') {
    const from = regionPrefix(actor.regionCode!);
    const to = from.slice(0, -1) + String.fromCharCode(from.charCodeAt(from.length - 1) + 1);
    return { scope: 'bureau', params: { from, to } };
  }
  if (actor.role === 'admin') return { scope: 'admin', params: {} };
  return null;
}

/** One page of the register in the actor's scope: the households and the count (capped at maxCounted + 1). */
export async function readRegisterPage(db: Db, actor: Actor, page: number, pageSize: number, maxCounted: number) {
  const s = scopeOf(actor);
  if (!s) return null;
  const [row] = await prepared(db, `register_page_${s.scope}`, read(s.scope)).execute({
    ...s.params,
    cap: maxCounted + 1,
    size: pageSize,
    offset: (page - 1) * pageSize,
  });
  return { counted: Number(row.counted), list: row.list ?? [] };
}
