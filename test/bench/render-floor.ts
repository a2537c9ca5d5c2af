// The render floor (started by test/bench/run.ts, not on its own): one household's page as
// the officer sees it, its data read ONCE at start-up through the app's own use case, then
// rendered by Express and EJS on every request with no database, no session and no
// middleware but the locals the page needs. What the app can never beat for this page.
import cluster from 'node:cluster';
import express from 'express';
import { sql } from 'drizzle-orm';
import { users } from '../../models/accounts';
import { toActor, type UserRow } from '../../server/accounts/session-user';
import { useViews } from '../../server/app';
import { openDb } from '../../server/platform/db';
import { householdPage } from '../../server/registry/household-page';
import { pageLocals } from '../../routes/registry/household-locals';
import { householdRenderLocals } from './lib/household-render';

// As many processes as the app under test (WEB_CONCURRENCY), so the ratio compares like with like.
const workers = Number(process.env.WEB_CONCURRENCY ?? 1);
if (cluster.isPrimary && workers > 1) {
  for (let i = 0; i < workers; i++) cluster.fork();
  process.on('SIGTERM', () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    process.exit(0);
  });
  await new Promise(() => undefined);
}
const h = await openDb(
  process.env.DATABASE_URL
    ? { url: process.env.DATABASE_URL, ownerUrl: process.env.DATABASE_OWNER_URL }
    : { dataDir: process.env.DATA_DIR! },
);
const [row] = await h.db.select().from(users).where(sql`username = ${process.env.BENCH_OFFICER}`);
const actor = toActor(row as UserRow);
// The same households the app's household scenario cycles through, each read once: the pages
// differ in size (a few members and no sketch, or many parcels drawn), so a floor of one page would
// compare the app with another page than its own.
const pages = new Map<string, ReturnType<typeof pageLocals>>();
for (const id of process.env.BENCH_HOUSEHOLDS!.split(','))
  pages.set(id, pageLocals(actor, await householdPage(h.db, actor, id, new Date())));
await h.close();

const app = express();
useViews(app);
app.get('/healthz', (_req, res) => {
  res.json({ ok: true });
});
app.get('/households/:id', (req, res) => {
  const page = pages.get(req.params.id);
  if (!page) return void res.status(404).end();
  res.render('registry/household', householdRenderLocals(row as UserRow, actor, page, req.originalUrl));
});
app.use((err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
  console.error(err);
  res.status(500).end();
});
app.listen(Number(process.env.PORT), '127.0.0.1');
