// Returning a test file's database to the template's state, so the next file in the same test
// process can have it instead of a new one (test/helpers/db.ts; BENCHMARKS.md "The test suite's
// time"). A new one costs a second or two of CPU on the embedded database (a WebAssembly
// PostgreSQL booting) and 0.2–0.6 s on a server (CREATE DATABASE writes the whole template
// through the WAL); emptying the tables again costs a few tens of milliseconds.
//
// The rule: a database is handed on only when the file left its schema as the template has it
// (the catalog's fingerprint is the same). Rows and sequence positions are put back exactly;
// anything else a file changed (a trigger switched off, a table, function, grant or setting
// altered) makes the next file get a new database, as before.

/** A query on one session: PGlite's `query` and node-postgres' `Client.query` both fit. */
export type Query = <T>(text: string, params?: unknown[]) => Promise<{ rows: T[] }>;

export type State = {
  fingerprint: string;
  sequences: { name: string; value: string; called: boolean }[];
  tables: string[];
  /** The template's rows (the regions, and whatever a migration inserts), each table's as one JSON array. */
  rows: { table: string; json: string }[];
};

/**
 * The catalog of this database, as one hash. On a server, roles, their memberships and their
 * role-wide settings belong to the whole cluster, which the other test process changes at any
 * moment (freshDbWithRoles): they are left out there; a grant to a role is still in `relacl`.
 */
function catalogFingerprint(server: boolean): string {
  const cluster = server
    ? ''
    : `union all select 'role ' || rolname || ' ' || rolsuper::text || ' ' || rolcanlogin::text || ' ' || rolbypassrls::text from pg_roles
    union all select 'member ' || roleid::regrole::text || ' ' || member::regrole::text from pg_auth_members`;
  const settings = server ? `where setdatabase = (select oid from pg_database where datname = current_database())` : '';
  return `
  select md5(string_agg(x, E'\\n' order by x)) as f from (
    select 'rel ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text || ' ' || coalesce(c.relacl::text, '') || ' ' || pg_get_userbyid(c.relowner)
      || ' ' || c.relrowsecurity::text || ' ' || coalesce(array_to_string(c.reloptions, ','), '') as x
      from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
    union all select 'att ' || a.attrelid::regclass::text || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull::text
      || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') from pg_attribute a join pg_class c on c.oid = a.attrelid
      join pg_namespace n on n.oid = c.relnamespace left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and a.attnum > 0 and not a.attisdropped
    union all select 'trg ' || t.tgrelid::regclass::text || ' ' || t.tgname || ' ' || t.tgenabled::text || ' ' || pg_get_triggerdef(t.oid) from pg_trigger t
    union all select 'con ' || conrelid::regclass::text || ' ' || conname || ' ' || convalidated::text || ' ' || pg_get_constraintdef(oid) from pg_constraint
      where connamespace not in (select oid from pg_namespace where nspname in ('pg_catalog', 'information_schema'))
    union all select 'idx ' || indexrelid::regclass::text || ' ' || pg_get_indexdef(indexrelid) from pg_index i join pg_class c on c.oid = i.indrelid
      join pg_namespace n on n.oid = c.relnamespace where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
    union all select 'fn ' || p.oid::regprocedure::text || ' ' || md5(coalesce(p.prosrc, '')) || ' ' || coalesce(p.proacl::text, '') || ' ' || p.prosecdef::text
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname not in ('pg_catalog', 'information_schema')
    ${cluster}
    union all select 'ns ' || nspname || ' ' || coalesce(nspacl::text, '') from pg_namespace
    union all select 'ext ' || extname || ' ' || extversion from pg_extension
    union all select 'pol ' || polrelid::regclass::text || ' ' || polname from pg_policy
    union all select 'set ' || coalesce(setdatabase::text, '') || ' ' || coalesce(setrole::text, '') || ' ' || array_to_string(setconfig, ',') from pg_db_role_setting ${settings}
    union all select 'defacl ' || defaclrole::regrole::text || ' ' || defaclobjtype::text || ' ' || defaclacl::text from pg_default_acl
    union all select 'mig ' || count(*)::text from drizzle.__drizzle_migrations
  ) s`;
}

/** The database's catalog, sequences and tables; with `withRows`, every table's rows too (the template's, once). */
export async function stateOf(q: Query, o: { server: boolean; withRows?: boolean }): Promise<State> {
  const f = await q<{ f: string }>(catalogFingerprint(o.server));
  const seq = await q<{ name: string; value: string; called: boolean }>(
    `select format('%I.%I', schemaname, sequencename) as name, coalesce(last_value, start_value)::text as value, last_value is not null as called
       from pg_sequences where schemaname = 'public' order by 1`,
  );
  const t = await q<{ t: string }>(`select format('public.%I', tablename) as t from pg_tables where schemaname = 'public' order by 1`);
  const tables = t.rows.map((r) => r.t);
  const rows: State['rows'] = [];
  for (const table of o.withRows ? tables : []) {
    const r = await q<{ j: string | null }>(`select json_agg(x)::text as j from ${table} x`);
    if (r.rows[0].j) rows.push({ table, json: r.rows[0].j });
  }
  return { fingerprint: f.rows[0].f, sequences: seq.rows, tables, rows };
}

/**
 * Puts the database back to `template` when its catalog is the template's: every table emptied,
 * the template's rows inserted again, every sequence where the template had it. False (and
 * nothing changed) when the catalog differs. `q` must be the tables' owner or a superuser.
 */
export async function resetTo(q: Query, template: State, o: { server: boolean }): Promise<boolean> {
  const now = await stateOf(q, o);
  if (now.fingerprint !== template.fingerprint || now.tables.join() !== template.tables.join()) return false;
  // Every table that has pages on disk, except the template's rows where the file left them as they were.
  const used = await q<{ t: string }>(
    template.tables.map((t) => `select '${t}' as t where pg_relation_size('${t}') > 0`).join(' union all '),
  );
  const changedRows: State['rows'] = [];
  for (const r of template.rows) {
    const now = await q<{ j: string | null }>(`select json_agg(x)::text as j from ${r.table} x`);
    if (now.rows[0].j !== r.json) changedRows.push(r);
  }
  const kept = new Set(template.rows.filter((r) => !changedRows.includes(r)).map((r) => r.table));
  const emptied = used.rows.map((r) => r.t).filter((t) => !kept.has(t));
  await q('begin');
  try {
    // Triggers off for this transaction: the trail's table refuses a DELETE otherwise, and the
    // foreign keys (triggers too) need no order. DELETE, not TRUNCATE: TRUNCATE makes a table's
    // files anew, 0.3 s for the 46 tables on a server against 12 ms.
    await q('set local session_replication_role = replica');
    for (const t of emptied) await q(`delete from ${t}`);
    for (const r of changedRows)
      await q(`insert into ${r.table} select * from json_populate_recordset(null::${r.table}, $1::json)`, [r.json]);
    for (const s of template.sequences) await q('select setval($1, $2, $3)', [s.name, s.value, s.called]);
    await q('commit');
  } catch (err) {
    await q('rollback').catch(() => undefined);
    throw err;
  }
  // VACUUM gives the emptied tables' space back and cuts them to no pages, as TRUNCATE would: the
  // next file's rows then lie on disk in the order it inserts them, as in a new database, which is
  // the order a query without ORDER BY shows them in.
  if (emptied.length) await q(`vacuum ${emptied.join(', ')}`);
  return true;
}
