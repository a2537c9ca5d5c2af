import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Express, Request } from 'express';
import pino from 'pino';
import request from 'supertest';
import { apiTokens } from '../../models/accounts';
import { households } from '../../models/households';
import { collectives } from '../../models/regions';
import { ensureRegions } from '../../server/admin/reference';
import { createApp } from '../../server/app';
import { makeCollectiveCode } from '../../server/demo/id-gen';
import { systemClock } from '../../server/kernel/clock';
import { loadConfig } from '../../server/platform/config';
import { openDb, type Handle } from '../../server/platform/db';
import { Reads, type ReadsOptions } from '../../server/platform/reads';
import { makeCollective, makeHousehold, makeUser, PASSWORD, VILLAGE_A } from '../helpers/factories';
import { loginAs, postForm, type Agent } from '../helpers/http';
import { startReplication, type Replication } from '../helpers/replica';
import { freePort, startServer } from '../helpers/spawn-server';
import { WebClient } from '../helpers/web-client';

// DATABASE_READ_URL (README "Read replicas"): with a real streaming replica (test/helpers/
// replica.ts), the oversight dashboard reads from the replica, while a user's page right after
// their own write reads from the primary, and an API write is answered only once the replica has
// it. Pausing the replica's replay (pg_wal_replay_pause) makes the two databases differ, so what
// a page shows says which one it was read from. PostgreSQL server only, like the other tests of
// a server's deployment; the replica is made here, never skipped.

const GET = { method: 'GET' } as Request;
const VILLAGE_PAGE = `/oversight?region=${VILLAGE_A}`;

if (process.env.DATABASE_URL) {
  describe('Read replicas (DATABASE_READ_URL, a real streaming replica)', function () {
    this.timeout(120_000);
    let rep: Replication;
    let name: string;
    let h: Handle;
    const started: Reads[] = [];

    /** This process's view of the replicas, as an app instance has it. */
    async function instance(o: ReadsOptions = {}): Promise<{ reads: Reads; app: Express }> {
      const reads = new Reads(h.db, h.replicas, { pollMs: 3_600_000, ...o });
      await reads.start();
      started.push(reads);
      const config = loadConfig({ NODE_ENV: 'test', PUBLIC_BASE_URL: 'http://localhost:3000', DATABASE_URL: rep.primaryUrl(name) });
      return { reads, app: createApp({ db: h.db, config, logger: pino({ level: 'silent' }), clock: systemClock, reads }) };
    }
    const onReplica = async (text: string, params: unknown[] = []) => rep.query('replica', name, text, params);
    const which = (db: unknown) => (db === h.db ? 'primary' : db === h.replicas[0].db ? 'replica' : 'another database');
    const collectiveNamed = async (n: string) => (await h.db.select().from(collectives).where(eq(collectives.name, n))).length;

    before(async () => {
      rep = await startReplication();
      name = await rep.createDatabase();
      h = await openDb({ url: rep.primaryUrl(name), readUrls: [rep.replicaUrl(name)] });
      await ensureRegions(h.db);
    });
    after(async () => {
      for (const r of started) r.stop();
      await h?.close();
      await rep?.stop();
    });
    afterEach(async () => {
      // A failed test must not leave the next one with a paused replica.
      await rep.resume();
    });

    it("when replay is paused, then the dashboard shows what the replica has, the admin's next page after their own write shows it at once (primary), and the fence ends once the replica has the write", async () => {
      const { app } = await instance();
      await makeCollective(h.db, { regionCode: VILLAGE_A, name: '已有合作社' });
      const admin = await loginAs(app, (await makeUser(h.db, 'admin')).user.username);
      const bureau = await loginAs(app, (await makeUser(h.db, 'bureau', { regionCode: '440200' })).user.username);
      await rep.caughtUp();
      const page = async (who: Agent) => {
        const res = await who.get(VILLAGE_PAGE).expect(200);
        return ['已有合作社', '直写合作社', '自建合作社', '后写合作社'].filter((n) => res.text.includes(n));
      };
      assert.deepEqual(await page(admin), ['已有合作社']);

      await rep.pause();
      await makeCollective(h.db, { regionCode: VILLAGE_A, name: '直写合作社' });
      assert.equal(await collectiveNamed('直写合作社'), 1, 'on the primary');
      assert.deepEqual(await onReplica("select 1 from collectives where name = '直写合作社'"), [], 'not on the paused replica');
      // Nobody has written since the replica caught up: both read from the replica.
      assert.deepEqual(await page(admin), ['已有合作社']);
      assert.deepEqual(await page(bureau), ['已有合作社']);

      // The admin's own write (a form, redirect and all): their next page is read from the primary.
      const res = await postForm(admin, '/admin/collectives', collectiveForm('自建合作社'));
      assert.equal(res.status, 302, res.text);
      assert.equal(await collectiveNamed('自建合作社'), 1);
      assert.deepEqual(await page(admin), ['已有合作社', '直写合作社', '自建合作社']);
      // Another user's session has no such write: still the replica, which has neither.
      assert.deepEqual(await page(bureau), ['已有合作社']);

      await rep.resume();
      await rep.caughtUp();
      assert.deepEqual(await page(bureau), ['已有合作社', '直写合作社', '自建合作社']);
      // The replica has the admin's write now: their pages go back to it (a row it lacks stays unseen).
      await rep.pause();
      await makeCollective(h.db, { regionCode: VILLAGE_A, name: '后写合作社' });
      assert.deepEqual(await page(admin), ['已有合作社', '直写合作社', '自建合作社']);
      await rep.resume();
      await rep.caughtUp();
      assert.deepEqual(await page(admin), ['已有合作社', '直写合作社', '自建合作社', '后写合作社']);
    });

    it("when the server starts with DATABASE_READ_URL and two workers, then its pages read from the replica, and a page after the user's own write from the primary, on whichever worker answers", async () => {
      const admin = (await makeUser(h.db, 'admin')).user.username;
      const srv = await startServer({
        DATABASE_URL: rep.primaryUrl(name),
        DATABASE_READ_URL: rep.replicaUrl(name),
        WEB_CONCURRENCY: '2',
        LOG_LEVEL: 'info',
      });
      try {
        assert.match(srv.output(), /reads from replicas/);
        const web = new WebClient(srv.url);
        assert.equal((await web.login(admin, PASSWORD)).status, 302);
        await rep.caughtUp();
        await rep.pause();
        await makeCollective(h.db, { regionCode: VILLAGE_A, name: '进程直写社' });
        // Whichever worker answers reads from the replica (sessions and their fences live in the database).
        for (let i = 0; i < 4; i++) assert.doesNotMatch((await web.get(VILLAGE_PAGE)).text, /进程直写社/);
        const saved = await web.post('/admin/collectives', { _csrf: await web.csrf(), ...collectiveForm('进程自建社') });
        assert.equal(saved.status, 302, saved.text);
        for (let i = 0; i < 4; i++) {
          const page = (await web.get(VILLAGE_PAGE)).text;
          assert.match(page, /进程直写社/);
          assert.match(page, /进程自建社/);
        }
      } finally {
        await rep.resume();
        await srv.kill('SIGTERM');
      }
    });

    it('when an API client writes while replay is paused, then the answer waits until the replica has replayed the write, so that its next read anywhere sees it', async function () {
      // Fails by this timeout if the answer never waits (reads.waiting stays 0).
      this.timeout(30_000);
      const { app, reads } = await instance({ writeWaitMs: 60_000 });
      const c = await makeCollective(h.db, { regionCode: VILLAGE_A });
      const officer = await makeUser(h.db, 'officer', { collectiveId: c.id });
      const hh = await makeHousehold(h.db, officer.actor, c);
      const token = randomBytes(32).toString('base64url');
      await h.db.insert(apiTokens).values({
        userId: officer.user.id,
        name: 'replica test',
        tokenHash: createHash('sha256').update(token).digest('hex'),
        scopes: ['read', 'write'],
        createdBy: officer.user.id,
      });
      await rep.caughtUp();
      await rep.pause();
      let answered = false;
      const answer = request(app)
        .patch(`/api/v1/households/${hh.id}`)
        .set('Authorization', `Bearer ${token}`)
        .send({ address: '复制测试路 8 号' })
        .then((r) => {
          answered = true;
          return r;
        });
      const address = async () => (await h.db.select({ a: households.address }).from(households).where(eq(households.id, hh.id)))[0].a;
      await until(async () => (await address()) === '复制测试路 8 号' && reads.waiting > 0);
      assert.equal(answered, false, 'no answer while the replica lacks the write');
      assert.deepEqual(await onReplica('select address from households where id = $1', [hh.id]), [{ address: hh.address }]);

      await rep.resume();
      const res = await answer;
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.address, '复制测试路 8 号');
      assert.deepEqual(await onReplica('select address from households where id = $1', [hh.id]), [{ address: '复制测试路 8 号' }]);
    });

    it('when the replica stays behind longer than an API write may wait, then the write is answered and this instance reads from the primary until the replica has it', async () => {
      const { app, reads } = await instance({ writeWaitMs: 50 });
      const c = await makeCollective(h.db, { regionCode: VILLAGE_A });
      const officer = await makeUser(h.db, 'officer', { collectiveId: c.id });
      const hh = await makeHousehold(h.db, officer.actor, c);
      const token = randomBytes(32).toString('base64url');
      await h.db.insert(apiTokens).values({
        userId: officer.user.id,
        name: 'replica test',
        tokenHash: createHash('sha256').update(token).digest('hex'),
        scopes: ['read', 'write'],
        createdBy: officer.user.id,
      });
      await rep.caughtUp();
      assert.equal(which(await reads.for(GET)), 'replica', 'a replica that has everything serves');
      await rep.pause();
      const res = await request(app)
        .patch(`/api/v1/households/${hh.id}`)
        .set('Authorization', `Bearer ${token}`)
        .send({ address: '等不及路 1 号' });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(await onReplica('select address from households where id = $1', [hh.id]), [{ address: hh.address }]);
      assert.equal(which(await reads.for(GET)), 'primary', 'the primary, while the replica lacks the write');
      await rep.resume();
      await rep.caughtUp();
      assert.equal(which(await reads.for(GET)), 'replica', 'the replica again once it has it');
    });

    it('when a replica falls more than maxLagMs behind, or cannot be reached, then reads go to the primary until it is back', async () => {
      let t = 0;
      const { reads } = await instance({ maxLagMs: 30_000, now: () => t });
      assert.equal(which(await reads.for(GET)), 'replica');
      await rep.pause();
      await makeCollective(h.db, { regionCode: VILLAGE_A });
      t += 1_000;
      await reads.poll();
      assert.equal(which(await reads.for(GET)), 'replica', 'behind, but not for long yet');
      t += 30_000;
      await reads.poll();
      assert.equal(which(await reads.for(GET)), 'primary', 'more than 30 s behind what the primary had');
      assert.equal(which(reads.any()), 'primary', 'nor for the reads no user waits on');
      await rep.resume();
      await rep.caughtUp();
      await reads.poll();
      assert.equal(which(await reads.for(GET)), 'replica', 'caught up');
      assert.equal(which(reads.any()), 'replica');

      const gone = await openDb({
        url: rep.primaryUrl(name),
        migrate: false,
        readUrls: [`postgres://postgres@127.0.0.1:${await freePort()}/${name}`],
      });
      try {
        const down = new Reads(gone.db, gone.replicas, { pollMs: 3_600_000 });
        await down.start();
        down.stop();
        assert.ok((await down.for(GET)) === gone.db, 'an unreachable replica is passed over');
      } finally {
        await gone.close();
      }
    });

    it('when a read pool is given a write, then it refuses it (default_transaction_read_only), also when DATABASE_READ_URL names the primary itself', async () => {
      const same = await openDb({ url: rep.primaryUrl(name), migrate: false, readUrls: [rep.primaryUrl(name)] });
      try {
        await assert.rejects(
          same.replicas[0].db.execute(
            sql`insert into collectives (region_code, name, registration_code, total_shares) values ('x', 'x', 'x', 1)`,
          ),
          readOnly,
        );
        const reads = new Reads(same.db, same.replicas, { pollMs: 3_600_000 });
        await reads.start();
        reads.stop();
        // Not in recovery: always current, whatever the session wrote.
        assert.ok((await reads.for({ method: 'GET', session: { readAfter: 'FFFFFFFF/0' } } as unknown as Request)) === same.replicas[0].db);
      } finally {
        await same.close();
      }
      await assert.rejects(h.replicas[0].db.execute(sql`select 1 from collectives for update`), readOnly);
    });
  });
}

let serial = 800_000 + Math.floor(Math.random() * 100_000);
function collectiveForm(name: string) {
  return {
    name,
    regionCode: VILLAGE_A,
    groupCode: String(10 + (serial % 80)),
    level: 'group',
    registrationCode: makeCollectiveCode('440205', ++serial),
    noticeDays: '15',
    shareCapPercent: '300',
    totalShares: '1200',
    landReturnNoticeMonths: '6',
    homesteadLimitPlainM2: '80',
    homesteadLimitHillM2: '120',
    homesteadLimitMountainM2: '150',
  };
}

/** Drizzle wraps the server's refusal: its cause says what it was. */
const readOnly = (err: { message: string; cause?: { message?: string } }) =>
  /read-only transaction/.test(err.cause?.message ?? err.message);

/** Waits for a state of the databases (not for time): the test fails by its timeout if it never comes. */
async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setImmediate(r));
}
