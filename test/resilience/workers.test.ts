import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { freshDb } from '../helpers/db';
import { PASSWORD } from '../helpers/factories';
import { settledDeals } from '../helpers/resilience-world';
import { startServer, type Instance } from '../helpers/spawn-server';
import { WebClient } from '../helpers/web-client';
import type { Handle } from '../../server/platform/db';

// WEB_CONCURRENCY=2 (server/main.ts): one primary migrates and runs the periodic jobs, two
// forked workers serve HTTP on one port. A worker that dies is replaced, and a user's session
// is good on whichever worker answers (sessions live in the database). PostgreSQL only: the
// embedded database belongs to one process, and the configuration refuses workers without it.

const childrenOf = (pid: number) =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);

/** Worker pids that have logged "listening on": a forked worker is a child before it listens. */
const listeningPids = (output: string) =>
  new Set(
    output.split('\n').flatMap((line) => {
      try {
        const e = JSON.parse(line) as { pid?: number; msg?: string };
        return e.msg?.startsWith('listening on') ? [e.pid!] : [];
      } catch {
        return [];
      }
    }),
  );

if (process.env.DATABASE_URL) {
  describe('Several web workers on one port (WEB_CONCURRENCY, PostgreSQL server)', () => {
    let h: Handle & { url?: string };
    let srv: Instance;
    let officer = '';
    before(async function () {
      this.timeout(180_000);
      h = await freshDb();
      officer = (await settledDeals(h.db, 1)).officerUsername;
      srv = await startServer({ DATABASE_URL: h.url!, WEB_CONCURRENCY: '2', LOG_LEVEL: 'info' }, 120_000);
    });
    after(async () => {
      await srv?.kill('SIGTERM');
      await h?.close();
    });

    it('when started with two workers, then two processes serve, and a worker killed with SIGKILL is replaced while the logged-in user goes on working', async function () {
      this.timeout(120_000);
      const wait = async (ok: () => boolean) => {
        for (let i = 0; i < 300 && !ok(); i++) await new Promise((r) => setTimeout(r, 200));
      };
      // Both workers must be listening before one is killed: when the only listening worker
      // dies, the primary closes the shared port until another one listens (node:cluster).
      await wait(
        () => childrenOf(srv.proc.pid!).length === 2 && childrenOf(srv.proc.pid!).every((pid) => listeningPids(srv.output()).has(pid)),
      );
      const first = childrenOf(srv.proc.pid!);
      assert.equal(first.length, 2, `worker processes: ${first}`);
      assert.ok(
        first.every((pid) => listeningPids(srv.output()).has(pid)),
        `both workers listening: ${first}`,
      );
      const c = new WebClient(srv.url);
      assert.equal((await c.login(officer, PASSWORD)).status, 302);
      // Requests over new connections land on either worker; every one of them knows the session.
      for (let i = 0; i < 6; i++) assert.equal((await c.get('/households')).status, 200);

      process.kill(first[0], 'SIGKILL');
      await wait(() => {
        const now = childrenOf(srv.proc.pid!);
        return now.length === 2 && !now.includes(first[0]);
      });
      const now = childrenOf(srv.proc.pid!);
      assert.equal(now.length, 2, `after the kill: ${now}`);
      assert.ok(!now.includes(first[0]), 'the killed worker is gone');
      for (let i = 0; i < 6; i++) {
        const page = await c.get('/households');
        assert.equal(page.status, 200);
        assert.match(page.text, /<h1/);
      }
    });
  });
}
