import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../server/platform/db';

// "Nothing changed": a count and a hash of the content of every table, in one query. The hash is
// the sum of each row's 64-bit hash, which needs no sort and no joined string (about a millisecond
// less than md5 over the sorted rows, on the embedded database: test/bench/fingerprint.ts;
// hostile-input takes about a thousand), and a changed, added or removed row still changes it. Sessions
// and rate-limit and login counters change on every request by design and are left out; so are the
// counts of person records shown to staff, and the trail entries they lead to
// (server/kernel/personal-reads.ts): a refusal that shows the page again is a read, not a change.

const SKIP = ['sessions', 'rate_limits', 'login_failures', 'personal_reads'];
const READS_ONLY: Record<string, string> = { audit_log: `where x.action <> 'personal_data.bulk_read'` };

/**
 * Work an earlier request started in the background (an import, an export, an annual report)
 * changes tables on its own schedule: it is let end first, so that a change is the request's.
 */
async function backgroundSettled(db: Db): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const busy = await rows(
      db,
      sql`select 1 from jobs where status in ('queued', 'running') and created_at > now() - interval '10 minutes' limit 1`,
    );
    if (!busy.length) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function fingerprint(db: Db): Promise<Record<string, string>> {
  await backgroundSettled(db);
  const names = (await rows<{ t: string }>(db, sql`select tablename as t from pg_tables where schemaname = 'public' order by 1`))
    .map((r) => r.t)
    .filter((t) => !SKIP.includes(t));
  const out = await rows<{ t: string; v: string }>(db, sql.raw(names.map(tableHashSql).join(' union all ')));
  return Object.fromEntries(out.map((r) => [r.t, r.v]));
}

/** One table's part of the fingerprint: its name, and its row count and hash as `v`. */
export function tableHashSql(t: string): string {
  return `select '${t}' as t, count(*)::text || ':' || coalesce(sum(hashtextextended(x::text, 0)), 0)::text as v from public."${t}" x ${READS_ONLY[t] ?? ''}`;
}

/** The tables whose content differs between two fingerprints. */
export function changedTables(a: Record<string, string>, b: Record<string, string>): string[] {
  return Object.keys({ ...a, ...b }).filter((t) => a[t] !== b[t]);
}
