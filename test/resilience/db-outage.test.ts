import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { openDb, type Handle } from '../../server/platform/db';
import { freshDb } from '../helpers/db';
import { testApp } from '../helpers/http';
import { freePort, startExpectingExit } from '../helpers/spawn-server';

// The database goes away (a dropped network path, a stopped server, a wrong address): requests
// must end with a page that says so instead of hanging, the readiness check must say so to the
// proxy, and a start against such a database (or a read-only DATA_DIR) must stop with a message
// an operator can act on, not a stack trace.

const TIMEOUTS = { DB_CONNECT_TIMEOUT_MS: '800', DB_STATEMENT_TIMEOUT_MS: '2000', DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '2000' };
const TOKEN = 'a'.repeat(43); // a well-formed certificate token: the page looks it up
const timeouts = { connectMs: 800, statementMs: 2000, idleInTransactionMs: 2000 };
const noStack = (output: string) => assert.doesNotMatch(output, /\n\s+at .+:\d+:\d+/, `no stack trace:\n${output}`);

/** A TCP server that accepts connections and never says a word: a database behind a black hole. */
async function blackHole(): Promise<{ url: string; port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
  return {
    url: `postgres://app@127.0.0.1:${port}/sanquan`,
    port,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('Database outages: timeouts, readiness and a clear start-up refusal', function () {
  this.timeout(60_000);

  describe('a database that accepts connections and never answers', () => {
    let hole: Awaited<ReturnType<typeof blackHole>>;
    let h: Handle;
    before(async () => {
      hole = await blackHole();
      // As a worker opens it: the schema is the primary's business, the limits are the app's.
      h = await openDb({ url: hole.url, migrate: false, timeouts });
    });
    after(async () => {
      await h.close().catch(() => undefined);
      await hole.close();
    });

    it('when a page needs the database, then the request ends with a 503 page saying to try again, instead of hanging', async () => {
      const app = testApp(h.db, TIMEOUTS);
      const res = await request(app).get(`/verify/${TOKEN}`);
      assert.equal(res.status, 503);
      assert.equal(res.headers['retry-after'], '30');
      assert.match(res.text, /暂时无法服务/);
      assert.match(res.text, /数据库暂时无法访问，请过一两分钟再试/);
      const en = await request(app).get(`/verify/${TOKEN}`).set('Cookie', 'lang=en');
      assert.equal(en.status, 503);
      assert.match(en.text, /The database cannot be reached right now/);
    });

    it('when an API caller needs the database, then it gets a 503 in JSON', async () => {
      const res = await request(testApp(h.db, TIMEOUTS))
        .get('/api/v1/households')
        .set('Authorization', 'Bearer sq_abcdefghijklmnopqrstuvwxyz012345');
      assert.equal(res.status, 503);
      assert.equal(res.body.error.code, 'unavailable');
    });

    it('when the proxy asks whether the instance is ready, then /readyz answers 503 within its timeout, while /healthz (liveness) still answers 200', async () => {
      const app = testApp(h.db, TIMEOUTS);
      const ready = await request(app).get('/readyz');
      assert.equal(ready.status, 503);
      assert.deepEqual(ready.body, { ok: false, database: 'unavailable' });
      assert.equal((await request(app).get('/healthz')).status, 200);
    });
  });

  describe('a database that refuses connections, and one that works', () => {
    it("when nothing listens on the database's port, then /readyz answers 503 and pages 503; on a working database /readyz answers 200", async () => {
      const down = await openDb({ url: `postgres://app@127.0.0.1:${await freePort()}/sanquan`, migrate: false, timeouts });
      try {
        const app = testApp(down.db, TIMEOUTS);
        assert.equal((await request(app).get('/readyz')).status, 503);
        assert.equal((await request(app).get(`/verify/${TOKEN}`)).status, 503);
      } finally {
        await down.close();
      }
      const up = await freshDb();
      try {
        const ready = await request(testApp(up.db, TIMEOUTS)).get('/readyz');
        assert.equal(ready.status, 200);
        assert.deepEqual(ready.body, { ok: true, database: 'ok' });
      } finally {
        await up.close();
      }
    });
  });

  describe('the real server started against what it cannot use', () => {
    it('when DATABASE_URL points at a port where nothing listens, then it says the database refused the connection, in two lines, and exits 2', async () => {
      const port = await freePort();
      const r = await startExpectingExit({ DATABASE_URL: `postgres://app@127.0.0.1:${port}/sanquan`, ...TIMEOUTS });
      assert.equal(r.code, 2, r.output);
      assert.match(r.output, new RegExp(`数据库无法连接：127\\.0\\.0\\.1:${port} 拒绝连接（DATABASE_URL）`));
      assert.match(r.output, new RegExp(`Cannot connect to the database: 127\\.0\\.0\\.1:${port} refused the connection`));
      noStack(r.output);
    });

    it('when the database never answers, then it gives up after DB_CONNECT_TIMEOUT_MS with a message naming it, and exits 2', async () => {
      const hole = await blackHole();
      try {
        const r = await startExpectingExit({ DATABASE_URL: hole.url, ...TIMEOUTS });
        assert.equal(r.code, 2, r.output);
        assert.match(
          r.output,
          new RegExp(`no answer from 127\\.0\\.0\\.1:${hole.port} within 800 ms \\(DATABASE_URL, DB_CONNECT_TIMEOUT_MS\\)`),
        );
        noStack(r.output);
      } finally {
        await hole.close();
      }
    });

    if (process.env.DATABASE_URL) {
      it('when the database named in DATABASE_URL does not exist on the server, then it says so and how to create it, and exits 2', async () => {
        const u = new URL(process.env.DATABASE_URL!);
        u.pathname = '/sq_no_such_database';
        const r = await startExpectingExit({ DATABASE_URL: u.toString(), ...TIMEOUTS });
        assert.equal(r.code, 2, r.output);
        assert.match(r.output, /数据库 sq_no_such_database 在 .+ 上不存在/);
        assert.match(r.output, /Database sq_no_such_database does not exist on .+: create it first \(createdb sq_no_such_database\)/);
        noStack(r.output);
      });
    }

    it('when DATA_DIR cannot be written, then it says so, naming the folder, and exits 2', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sq-readonly-'));
      fs.chmodSync(dir, 0o555);
      // Root writes through permission bits: the server then runs as "nobody", as a service would.
      const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
      try {
        const r = await startExpectingExit({ DATA_DIR: dir, DATABASE_URL: '', DATABASE_OWNER_URL: '', AUDIT_ANCHOR_DIR: '' }, asUser);
        assert.equal(r.code, 2, r.output);
        assert.match(r.output, new RegExp(`无法写入 DATA_DIR（${dir}，EACCES）`));
        assert.match(r.output, new RegExp(`Cannot write to DATA_DIR \\(${dir}, EACCES\\)`));
        noStack(r.output);
        assert.deepEqual(fs.readdirSync(dir), [], 'nothing was written');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
