import { and, count, desc, eq, like, sql, type SQL } from 'drizzle-orm';
import { households } from '../../models/households';
import { collectives } from '../../models/regions';
import { rows, type Db } from '../platform/db';
import { assertRole, type Actor } from '../kernel/actor';
import { regionPrefix } from '../kernel/codes';
import { countPersonalReads, type ReadVia } from '../kernel/personal-reads';
import { householdRowsJson, readRegisterPage, type RegisterRow } from './register-page-reads';
import { PICKER_MAX, pickerList } from '../kernel/pickers';
import { isUuid } from '../kernel/ids';

export const PAGE_SIZE = 20;
// Matches counted at most: a surname searched city-wide matches tens of thousands of
// households, and counting them all was most of a name search's cost at 500,000 households
// (BENCHMARKS.md). Beyond it the page says "more than 1,000" and asks for a narrower search.
export const MAX_COUNTED = 1000;

/** The household list's filters (issue 18 item 10): a right without a valid certificate, settled in a city, a right in the market. */
export const HOUSEHOLD_FILTERS = ['uncertified', 'settled', 'listed'] as const;
export type HouseholdFilter = (typeof HOUSEHOLD_FILTERS)[number];

export type SearchInput = { q?: string; page?: number; collectiveId?: string; filters?: HouseholdFilter[] };

/** A collective picked on the list (?c=…): a UUID, else ignored. Scope still applies (rule 12). */
export function parseCollective(v: string | readonly unknown[] | object | undefined): string | undefined {
  return isUuid(v) ? v.toLowerCase() : undefined;
}

/**
 * The village groups (村民小组) and villages a user may filter the list by: the collectives in
 * their scope, by region and group code. An officer keeps one collective: nothing to pick.
 * `tooMany`: the scope holds more than `max`, none are listed (a county bureau's scope fits).
 */
export async function householdGroups(
  db: Db,
  actor: Actor,
  max = PICKER_MAX,
): Promise<{ list: { id: string; name: string }[]; tooMany: boolean }> {
  if (actor.role === 'officer') return { list: [], tooMany: false };
  const rows = await db
    .select({ id: collectives.id, name: collectives.name })
    .from(collectives)
    .where(actor.role === 'bureau' ? like(collectives.regionCode, `${regionPrefix(actor.regionCode!)}%`) : undefined)
    .orderBy(collectives.regionCode, collectives.groupCode)
    .limit(max + 1);
  return pickerList(rows, max);
}

/** The filters named in a query string (?f=uncertified&f=listed); unknown ones are ignored. */
export function parseFilters(v: string | readonly unknown[] | object | undefined): HouseholdFilter[] {
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return HOUSEHOLD_FILTERS.filter((f) => list.includes(f));
}

/** What to look for: an ID number (exact), the last digits of one, a household code (prefix) or a name (a surname: prefix; else anywhere: bigram or trigram index). */
export function classifyQuery(raw: string): { kind: 'id' | 'code' | 'digits' | 'name' | 'none'; value: string } {
  const q = raw.trim().slice(0, 40);
  if (!q) return { kind: 'none', value: '' };
  if (/^[0-9]{17}[0-9Xx]$/.test(q)) return { kind: 'id', value: q.toUpperCase() };
  // Four to six digits (or ending in X): the last digits of an ID number, or the start of a household code.
  if (/^[0-9]{3,5}[0-9Xx]$/.test(q) && q.length >= 4) return { kind: 'digits', value: q.toUpperCase() };
  if (/^[0-9]{4,18}$/.test(q)) return { kind: 'code', value: q };
  return { kind: 'name', value: q };
}

/** The rows an actor may search (rule 12): officer → own collective; bureau → own region; admin → all. */
export function householdScope(actor: Actor): SQL | undefined {
  if (actor.role === 'officer') return eq(households.collectiveId, actor.collectiveId!);
  if (actor.role === 'bureau') return like(households.regionCode, `${regionPrefix(actor.regionCode!)}%`);
  return undefined;
}

export async function searchHouseholds(db: Db, actor: Actor, input: SearchInput, via: ReadVia = 'search') {
  assertRole(actor, 'officer', 'bureau', 'admin');
  const q = classifyQuery(input.q ?? '');
  const conds: (SQL | undefined)[] = [householdScope(actor)];
  if (input.collectiveId) conds.push(eq(households.collectiveId, input.collectiveId));
  const escaped = q.value.replace(/[\\%_]/g, (c) => '\\' + c);
  // Each kind is answered from an index, then narrowed to the scope (benchmarks, BENCHMARKS.md):
  // the candidates come from a UNION of index lookups, never from an OR over every household,
  // and are fetched by key (= any(array(...))), so a misestimated match count cannot turn
  // the plan into a scan of all households.
  if (q.kind === 'id') {
    // An 18-digit number may be an ID number or a household code (both have 18 characters).
    conds.push(sql`${households.id} = any(array(select household_id from members where id_number = ${q.value}
      union all select id from households where code = ${q.value}))`);
  } else if (q.kind === 'code') {
    conds.push(like(households.code, `${escaped}%`)); // varchar_pattern_ops index
  } else if (q.kind === 'digits') {
    // The last digits of an ID number (any member) or the start of a household code. The
    // suffix is a prefix of the reversed number (members_id_suffix_idx); the scope narrows after.
    const reversed = Array.from(escaped).reverse().join('');
    conds.push(sql`${households.id} = any(array(select m.household_id from members m
        where reverse(m.id_number) like ${reversed + '%'}
      union select id from households where code like ${escaped + '%'}))`);
  } else if (q.kind === 'name') {
    // Trigram indexes need three characters to work with. One character (a surname) matches
    // from the start (B-tree pattern index); two (a given name, or a whole two-character name)
    // anywhere, in any letter case, through the index of each name's two-character pieces
    // (name_bigrams, migration 0013); three or more anywhere, in any letter case (trigram index).
    const chars = Array.from(q.value).length;
    if (chars < 2) {
      conds.push(sql`${households.id} = any(array(select household_id from members where name like ${escaped + '%'}
        union select id from households where head_name like ${escaped + '%'}))`);
    } else if (chars === 2) {
      conds.push(sql`${households.id} = any(array(select household_id from members where name_bigrams(name) @> array[lower(${q.value})]
        union select id from households where name_bigrams(head_name) @> array[lower(${q.value})]))`);
    } else {
      conds.push(sql`${households.id} = any(array(select household_id from members where name ilike ${'%' + escaped + '%'}
        union select id from households where head_name ilike ${'%' + escaped + '%'}))`);
    }
  }
  for (const f of input.filters ?? []) conds.push(FILTER_SQL[f]);
  const where = and(...conds.filter(Boolean));
  const page = Math.max(1, Math.min(100_000, Math.floor(input.page ?? 1) || 1));
  // The register itself (no search, no filter): one prepared statement (register-page-reads.ts).
  const plain = q.kind === 'none' && !input.collectiveId && !input.filters?.length;
  const { counted, list } =
    (plain && (await readRegisterPage(db, actor, page, PAGE_SIZE, MAX_COUNTED))) ||
    (FOUND_BY_KEYS.has(q.kind) ? await pageOfMatches(db, where, page) : await pageInOrder(db, where, page));
  // Each household found shows a person (its head); a search by ID number is a look-up of a
  // person even when it finds nothing (it tells whether the number is registered).
  await countPersonalReads(db, actor, q.kind === 'id' || q.kind === 'digits' ? Math.max(1, list.length) : list.length, via);
  const more = counted > MAX_COUNTED;
  const total = more ? MAX_COUNTED : counted;
  return { q, page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), total, more, list, filters: input.filters ?? [] };
}

/** The kinds of search whose matches are gathered whole by key first (`= any(array(…))` above). */
const FOUND_BY_KEYS: ReadonlySet<ReturnType<typeof classifyQuery>['kind']> = new Set(['id', 'digits', 'name']);

/**
 * One page of a search whose matches are gathered whole anyway, and its count (capped at
 * MAX_COUNTED + 1), in one statement: the matching households' keys are found once (a
 * materialized CTE, over the covering index households_id_cover_idx), counted from there, and
 * only the page's 20 households are read whole, as JSON. Counted and listed in two statements,
 * every match was found twice: at L the bench's name searches ran 1.6–2.7× as many per second in
 * one (test/bench/search-once.ts; BENCHMARKS.md, "Night 3: the name search found its matches twice").
 */
async function pageOfMatches(db: Db, where: SQL | undefined, page: number) {
  const [row] = await rows<{ counted: number; list: RegisterRow[] | null }>(
    db,
    sql`with found as materialized (
        select ${households.id} as id, ${households.createdAt} as created_at, ${households.code} as code
        from ${households} where ${where ?? sql`true`}),
      shown as (select id from found order by created_at desc, code limit ${PAGE_SIZE} offset ${(page - 1) * PAGE_SIZE})
      select (select count(*)::int from (select 1 from found limit ${MAX_COUNTED + 1}) c) as counted,
        (select ${householdRowsJson} from ${households} h where h.id in (select id from shown)) as list`,
  );
  return { counted: Number(row.counted), list: row.list ?? [] };
}

/**
 * The same for a list that may hold most of the registry (a code's first digits, a filter, a
 * village group): the count stops after MAX_COUNTED + 1 rows, and the page's 20 keys come from a
 * newest-first walk of households_newest_idx (or from the village group's few hundred households,
 * sorted), so neither reads the whole registry. The page's 20 households are then read whole.
 */
async function pageInOrder(db: Db, where: SQL | undefined, page: number) {
  const capped = db
    .select({ one: sql`1`.as('one') })
    .from(households)
    .where(where)
    .limit(MAX_COUNTED + 1)
    .as('capped');
  const keys = db
    .select({ id: households.id })
    .from(households)
    .where(where)
    .orderBy(desc(households.createdAt), households.code)
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE);
  const [[{ counted }], [{ list }]] = await Promise.all([
    db.select({ counted: count() }).from(capped),
    db
      .select({ list: sql<RegisterRow[] | null>`(select ${householdRowsJson} from ${households} h where h.id in (${keys}))` })
      .from(sql`(select 1) as one`),
  ]);
  return { counted, list: list ?? [] };
}

const FILTER_SQL: Record<HouseholdFilter, SQL> = {
  uncertified: sql`exists (select 1 from rights r where r.household_id = ${households.id} and r.status = 'active'
    and not exists (select 1 from certificates c where c.right_id = r.id and c.status = 'valid'))`,
  settled: sql`${households.hukouStatus} = 'settled_city'`,
  listed: sql`exists (select 1 from rights r where r.household_id = ${households.id} and r.status in ('listed', 'in_transaction'))`,
};
