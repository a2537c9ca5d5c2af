// The household page's template alone, in this process: 50 households of one collective read once
// through the app's use case, then rendered by Express and EJS 10 times each per round, 20 rounds;
// prints the last 10 rounds' milliseconds per page (the first ones warm the JIT up). For a change
// to the views or the engine call (server/app.ts): run it on a checkout before and after.
//   DATABASE_URL=postgres://…/sq_bench_s npx tsx test/bench/render-loop.ts
import express from 'express';
import { sql } from 'drizzle-orm';
import { users } from '../../models/accounts';
import { toActor, type UserRow } from '../../server/accounts/session-user';
import { useViews } from '../../server/app';
import { openDb } from '../../server/platform/db';
import { householdPage } from '../../server/registry/household-page';
import { pageLocals } from '../../routes/registry/household-locals';
import { householdRenderLocals } from './lib/household-render';
const h = await openDb({ url: process.env.DATABASE_URL!, migrate: false });
const [row] = await h.db.select().from(users).where(sql`role = 'officer'`).limit(1);
const actor = toActor(row as UserRow);
const ids = (await h.db.execute(
  sql`select id from households where collective_id = ${row.collectiveId} order by code limit 50`,
)) as unknown as { rows: { id: string }[] };
const pages: ReturnType<typeof pageLocals>[] = [];
for (const { id } of ids.rows) pages.push(pageLocals(actor, await householdPage(h.db, actor, id, new Date())));
await h.close();
const app = express();
useViews(app);
app.set('view cache', true);
const render = (page: (typeof pages)[number]) =>
  new Promise<string>((ok, no) =>
    app.render('registry/household', householdRenderLocals(row as UserRow, actor, page, '/households/x'), (e, html) =>
      e ? no(e) : ok(html!),
    ),
  );
for (const p of pages) await render(p);
const out: number[] = [];
let bytes = 0;
for (let round = 0; round < 20; round++) {
  const t0 = performance.now();
  for (let i = 0; i < 10; i++) for (const p of pages) bytes += (await render(p)).length;
  out.push((performance.now() - t0) / (10 * pages.length));
}
console.log(
  `${pages.length} pages of ${(bytes / (200 * pages.length) / 1024).toFixed(1)} KB on average, ms per render by round: ${out
    .slice(10)
    .map((x) => x.toFixed(3))
    .join(' ')}; median ${[...out.slice(10)].sort((a, b) => a - b)[5].toFixed(3)}`,
);
process.exit(0);
