import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDb, type Handle } from '../../server/platform/db';
import { verifyChain } from '../../server/kernel/audit';
import { freshDataDir, freshDb } from '../helpers/db';
import { dealStates, halfDone } from '../helpers/deal-wholeness';
import { PASSWORD } from '../helpers/factories';
import { assertInvariants } from '../helpers/market-invariants';
import { settledDeals } from '../helpers/resilience-world';
import { startServer } from '../helpers/spawn-server';
import { WebClient } from '../helpers/web-client';

// Rule 11 under crashes: the real server (server/main.ts, a child process) is killed with
// SIGKILL at random moments while the officer registers deals, then started again. After every
// kill each deal must be wholly registered or not at all (test/helpers/deal-wholeness.ts), the
// market's invariants and the trail's hash chain must hold, and the server must start and go
// on. With DATABASE_URL the database is a PostgreSQL server; without it the embedded PGlite in
// a DATA_DIR folder, which this test opens between the kills (one process at a time).
// Bounded: CRASH_KILLS kills (default 6) or CRASH_BUDGET_MS (default 50 s), whichever is first,
// but never fewer than three kills (a slow machine takes longer, it does not test less).

const PG = !!process.env.DATABASE_URL;
const KILLS = Number(process.env.CRASH_KILLS ?? 6);
const BUDGET_MS = Number(process.env.CRASH_BUDGET_MS ?? 50_000);
const DEALS = PG ? 18 : 12;

describe(`Crashes during registration (rule 11; ${PG ? 'PostgreSQL server' : 'embedded database in DATA_DIR'}): the server is killed and started again`, () => {
  let pg: (Handle & { url?: string }) | null = null;
  let dataDir = '';
  let env: Record<string, string>;
  after(async () => {
    await pg?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** The database as the test reads it between runs of the server. */
  async function withDb<T>(work: (h: Handle) => Promise<T>, first = false): Promise<T> {
    if (pg) return work(pg);
    // The first time, the DATA_DIR is made from the test template (migrated, regions loaded):
    // what this test is about is what the kills do to it later, not its initdb.
    const h = first ? await freshDataDir(dataDir) : await openDb({ dataDir });
    try {
      return await work(h);
    } finally {
      await h.close();
    }
  }

  it('when the server is killed at random moments while the officer registers deals, then after every restart each deal is wholly registered or not at all, the invariants and the trail chain hold, and the rest register afterwards', async function () {
    this.timeout(900_000);
    if (PG) {
      pg = await freshDb();
      env = { DATABASE_URL: pg.url! };
    } else {
      dataDir = mkdtempSync(path.join(tmpdir(), 'sq-crash-'));
      env = { DATA_DIR: dataDir, UPLOAD_DIR: path.join(dataDir, 'uploads') };
    }
    const tSeed = Date.now();
    const seeded = await withDb((h) => settledDeals(h.db, DEALS), true);
    const { dealIds, officerUsername } = seeded;
    const timing = [`seeded ${DEALS} deals in ${Date.now() - tSeed} ms`];
    const client = new WebClient('');
    const t0 = Date.now();
    const log: string[] = [];
    let kills = 0;
    let cut = 0;
    // Read between runs only: the embedded database must never be open in two processes at once.
    let pending = [...dealIds];
    while (kills < KILLS && (kills < 3 || Date.now() - t0 < BUDGET_MS)) {
      const tStart = Date.now();
      const srv = await startServer(env);
      timing.push(`start ${Date.now() - tStart} ms`);
      client.base = srv.url;
      // The session made before the first kill is in the database: it outlives every restart.
      if (kills === 0) assert.equal((await client.login(officerUsername, PASSWORD)).status, 302);
      const token = await client.csrf();
      // Six pending deals, each twice (a double click), all at once. The kill comes after a random
      // number of them have answered, plus a random instant: with the rest in flight, some mid-transaction.
      let answered = 0;
      const fired = pending.slice(0, 6).flatMap((id) =>
        [0, 1].map(() =>
          client.post(`/deals/${id}/register`, { _csrf: token }).then(
            (a) => {
              answered++;
              return a.status;
            },
            () => 'cut' as const,
          ),
        ),
      );
      const after = Math.floor(Math.random() * Math.min(fired.length, 8));
      for (let i = 0; i < 600 && answered < after; i++) await new Promise((r) => setTimeout(r, 25));
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * (after ? 150 : 1500))));
      await srv.kill('SIGKILL');
      kills++;
      const answers = await Promise.all(fired);
      cut += answers.filter((a) => a === 'cut').length;
      for (const a of answers) assert.ok(a === 'cut' || a === 302 || a === 409, `an answer before the kill was ${a}`);
      await withDb(async (h) => {
        assert.deepEqual(await halfDone(h.db, dealIds), [], `after kill ${kills}: deals half done`);
        await assertInvariants(h.db);
        const chain = await verifyChain(h.db);
        assert.ok(chain.ok, `after kill ${kills}: the trail's chain is broken at ${JSON.stringify(chain)}`);
        pending = (await dealStates(h.db, dealIds)).filter((d) => d.status !== 'registered').map((d) => d.id);
        log.push(
          `kill ${kills}: ${answers.filter((a) => a === 302).length} answered done, ${answers.filter((a) => a === 'cut').length} cut; ${DEALS - pending.length}/${DEALS} registered`,
        );
      });
      if (!pending.length) break;
    }
    assert.ok(kills >= 3, `at least three kills (${kills}; all deals were registered before the third)`);
    assert.ok(cut > 0, 'some requests were cut off by a kill');
    // Started once more, the server registers the rest; nothing was lost or left frozen.
    const srv = await startServer(env);
    client.base = srv.url;
    const token = await client.csrf();
    for (const id of dealIds) {
      const a = await client.post(`/deals/${id}/register`, { _csrf: token });
      assert.ok(a.status === 302 || a.status === 409, `${id}: ${a.status}`);
    }
    await srv.kill('SIGTERM');
    await withDb(async (h) => {
      const states = await dealStates(h.db, dealIds);
      assert.deepEqual(
        states.filter((d) => d.status !== 'registered').map((d) => d.id),
        [],
      );
      assert.deepEqual(await halfDone(h.db, dealIds), []);
      await assertInvariants(h.db);
      assert.ok((await verifyChain(h.db)).ok);
    });
    console.log(`      ${[...log, timing.join(', ')].join('\n      ')}`);
  });
});
