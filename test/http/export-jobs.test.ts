import { now } from '../../server/kernel/clock';
import assert from 'node:assert/strict';
import { parse as parseCsv } from 'csv-parse/sync';
import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { jobFiles, jobs } from '../../models/audit';
import type { Handle } from '../../server/platform/db';
import { issueCertificate } from '../../server/registry/certificates';
import { writeRegister } from '../../server/registry/export';
import { ChunkSink, exportFile, FILE_TTL_MS } from '../../server/registry/export-jobs';
import { STALE_MS } from '../../server/platform/jobs';
import { getCollective } from '../../server/registry/collectives';
import { registerLand, registerShares } from '../../server/registry/rights';
import { freshDb } from '../helpers/db';
import { landInput, makeCollective, makeHousehold, makeUser, VILLAGE_B } from '../helpers/factories';
import { loginAs, officerSession, postForm, testApp } from '../helpers/http';
import { binary, finished } from '../helpers/import-files';

// Issue 7 "long work shows progress" for the officer's register export: started from the
// page, written in the background into the database with its progress, downloadable from any
// instance later, refused to anyone but the collective's officers (rule 12), and deleted a day
// after it was made (rule 14).

describe('Officer exports the register in the background and downloads it later (issue 7; rules 12, 14)', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  before(async () => {
    h = await freshDb();
    app = testApp(h.db);
  });
  after(async () => {
    await h.close();
  });

  async function setup() {
    const s = await officerSession(app, h.db, { totalShares: 1000 });
    for (let i = 0; i < 3; i++) {
      const hh = await makeHousehold(h.db, s.actor, s.c, i === 0 ? { address: '=HYPERLINK("http://evil.example")' } : {});
      const land = await registerLand(h.db, s.actor, hh.id, landInput(s.c), now());
      await issueCertificate(h.db, s.actor, land.id, {}, now());
      await registerShares(h.db, s.actor, hh.id, { shares: String(5 + i) });
    }
    return s;
  }

  const start = async (agent: Awaited<ReturnType<typeof setup>>['agent'], format: string) => {
    const res = await postForm(agent, '/exports', { format });
    assert.equal(res.status, 303, res.text);
    assert.match(res.headers.location, /^\/exports\/[0-9a-f-]{36}$/);
    return res.headers.location as string;
  };

  it('when an officer starts a CSV export, then the job page ends with a download that equals the direct export, with the same headers, and the progress is recorded', async () => {
    const { agent } = await setup();
    const url = await start(agent, 'csv');
    const page = await finished(agent, url);
    assert.match(page, /导出完成：共 3 户/);
    const id = url.split('/').pop()!;
    const [job] = await h.db.select().from(jobs).where(eq(jobs.id, id));
    assert.equal(job.status, 'succeeded');
    // Households × the four sheets, all written.
    assert.deepEqual([job.done, job.total], [12, 12]);
    const pieces = await h.db.select({ seq: jobFiles.seq }).from(jobFiles).where(eq(jobFiles.jobId, id));
    assert.ok(pieces.length >= 1, 'the file is stored in the database');

    const file = await agent.get(`${url}/file`).buffer(true).parse(binary).expect(200);
    const direct = await agent.get('/exports/register.csv').buffer(true).parse(binary).expect(200);
    for (const hd of ['content-type', 'content-disposition', 'cache-control']) assert.equal(file.headers[hd], direct.headers[hd], hd);
    assert.equal(file.headers['cache-control'], 'no-store');
    assert.match(decodeURIComponent(String(file.headers['content-disposition']).split("UTF-8''")[1]), /-登记簿-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = (b: Buffer) => parseCsv(b, { bom: true, columns: true }) as Record<string, string>[];
    assert.deepEqual(rows(file.body as Buffer), rows(direct.body as Buffer));
    assert.equal(rows(file.body as Buffer).filter((r) => r['类型 Kind'] === '股权').length, 3);

    const list = await agent.get('/exports').expect(200);
    assert.ok(list.text.includes(`href="${url}/file"`), 'the exports page lists it with its download');
    assert.match(list.text, /可下载/);
  });

  it('when an officer starts an XLSX export, then the stored file reads as the same workbook as the direct export', async () => {
    const { agent } = await setup();
    const url = await start(agent, 'xlsx');
    await finished(agent, url);
    const file = await agent.get(`${url}/file`).buffer(true).parse(binary).expect(200);
    const direct = await agent.get('/exports/register.xlsx').buffer(true).parse(binary).expect(200);
    assert.match(String(file.headers['content-disposition']), /filename="register-\d{4}-\d{2}-\d{2}\.xlsx"/);
    const sheets = async (b: Buffer) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(b as never);
      return wb.worksheets.map((w) => [
        w.name,
        w
          .getSheetValues()
          .slice(1)
          .map((r) => (r as unknown[]).slice(1).map(String)),
      ]);
    };
    const got = await sheets(file.body as Buffer);
    assert.deepEqual(got, await sheets(direct.body as Buffer));
    assert.equal(got.length, 4);
  });

  it('when the register is written with a progress callback, then it is told after each page of households, up to households × sheets', async () => {
    const { c, actor } = await setup();
    const calls: [number, number][] = [];
    const { PassThrough } = await import('node:stream');
    const out = new PassThrough();
    out.resume();
    await writeRegister(h.db, actor, await getCollective(h.db, c.id), 'csv', out, (d, t) => {
      calls.push([d, t]);
    });
    assert.deepEqual(calls, [
      [0, 12],
      [3, 12],
      [6, 12],
      [9, 12],
      [12, 12],
    ]);
  });

  it('when a file is larger than a stored piece, then it is stored in order in several pieces and read back byte for byte', async () => {
    const { c, actor } = await setup();
    const [job] = await h.db
      .insert(jobs)
      .values({ kind: 'export', userId: actor.id, collectiveId: c.id, status: 'running', result: {} })
      .returning();
    const sink = new ChunkSink(h.db, job.id, 1000);
    const data = Buffer.from(Array.from({ length: 5500 }, (_, i) => i % 251));
    for (let i = 0; i < data.length; i += 300) sink.write(data.subarray(i, i + 300));
    sink.end();
    const { finished: done } = await import('node:stream/promises');
    await done(sink);
    assert.equal(sink.seq, 5, 'pieces of 1,200 bytes (four writes each) and the rest');
    assert.equal(sink.bytes, data.length);
    const back: Buffer[] = [];
    for await (const piece of exportFile(h.db, { id: job.id, chunks: sink.seq })) back.push(piece);
    assert.ok(Buffer.concat(back).equals(data));
  });

  it('when the job is still running or its process died, then the page shows the progress, or a failure that says so (not running forever)', async () => {
    const { c, actor, agent } = await setup();
    const base = { format: 'csv', fileName: 'x.csv', asciiName: 'x.csv' };
    const [running] = await h.db
      .insert(jobs)
      .values({
        kind: 'export',
        userId: actor.id,
        collectiveId: c.id,
        status: 'running',
        total: 400,
        done: 150,
        result: { ...base, at: new Date().toISOString() },
      })
      .returning();
    const page = await agent.get(`/exports/${running.id}`).expect(200);
    assert.ok(page.text.includes('<meta http-equiv="refresh" content="2">'));
    assert.ok(page.text.includes('<progress class="progress" max="100" value="38">'));
    assert.match(page.text, /正在写第 2 \/ 4 张表/);
    assert.match(page.text, /本表已写 50 \/ 100 户/);
    // No file yet: the download sends back to the page.
    assert.equal((await agent.get(`/exports/${running.id}/file`)).headers.location, `/exports/${running.id}`);
    const long = new Date(Date.now() - STALE_MS - 60_000);
    const [stale] = await h.db
      .insert(jobs)
      .values({
        kind: 'export',
        userId: actor.id,
        collectiveId: c.id,
        status: 'running',
        createdAt: long,
        total: 400,
        done: 100,
        result: { ...base, at: long.toISOString() },
      })
      .returning();
    const dead = await agent.get(`/exports/${stale.id}`).expect(200);
    assert.ok(!dead.text.includes('data-poll'));
    assert.match(dead.text, /导出已中断（服务器重启）/);
    assert.match((await agent.get('/exports').expect(200)).text, /失败/);
  });

  it('when an export is more than a day old, then a new export deletes its file from the database, and its page and download say it is gone (rule 14)', async () => {
    const { c, actor, agent } = await setup();
    const old = new Date(Date.now() - FILE_TTL_MS - 60_000);
    const [expired] = await h.db
      .insert(jobs)
      .values({
        kind: 'export',
        userId: actor.id,
        collectiveId: c.id,
        status: 'succeeded',
        createdAt: old,
        finishedAt: old,
        total: 4,
        done: 4,
        result: { format: 'csv', fileName: 'old.csv', asciiName: 'old.csv', bytes: 3, chunks: 1, at: old.toISOString() },
      })
      .returning();
    await h.db.insert(jobFiles).values({ jobId: expired.id, seq: 0, bytes: Buffer.from('abc') });
    const recent = (await h.db.select({ id: jobs.id }).from(jobs).where(sql`${jobs.kind} = 'export' and ${jobs.collectiveId} = ${c.id}`))
      .length;
    assert.equal(recent, 1);
    await finished(agent, await start(agent, 'csv'));
    assert.equal((await h.db.select().from(jobFiles).where(eq(jobFiles.jobId, expired.id))).length, 0, 'the old file is deleted');
    const page = await agent.get(`/exports/${expired.id}`).expect(200);
    assert.match(page.text, /已超过 24 小时，按规定已删除/);
    const gone = await agent.get(`/exports/${expired.id}/file`).expect(410);
    assert.match(gone.text, /已删除/);
  });

  it('when the start is clicked twice, then two complete exports are made and nothing fails', async () => {
    const { agent } = await setup();
    const token = await agent.csrf();
    const [a, b] = await Promise.all([0, 1].map(() => agent.post('/exports').type('form').send({ _csrf: token, format: 'csv' })));
    assert.deepEqual([a.status, b.status], [303, 303]);
    assert.notEqual(a.headers.location, b.headers.location);
    for (const url of [a.headers.location, b.headers.location]) assert.match(await finished(agent, url), /导出完成/);
  });

  it("when the export is started or opened by anyone but the collective's officers, or without its token, or for a format it does not make, then it is refused and names nothing", async () => {
    const { c, actor, agent } = await setup();
    const url = await start(agent, 'csv');
    await finished(agent, url);
    const before = (await h.db.select({ id: jobs.id }).from(jobs).where(eq(jobs.kind, 'export'))).length;

    const bad = await postForm(agent, '/exports', { format: 'pdf' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /导出格式只能是 XLSX 或 CSV/);
    const en = await agent
      .post('/exports')
      .set('Cookie', 'lang=en')
      .type('form')
      .send({ _csrf: await agent.csrf(), format: 'pdf' });
    assert.equal(en.status, 422);
    assert.match(en.text, /The export format can only be XLSX or CSV/);
    assert.equal((await agent.post('/exports').type('form').send({ format: 'csv' })).status, 403, 'no CSRF token');

    const other = await makeCollective(h.db, { regionCode: VILLAGE_B });
    const otherOfficer = await loginAs(app, (await makeUser(h.db, 'officer', { collectiveId: other.id })).user.username);
    const sameCollective = await loginAs(app, (await makeUser(h.db, 'officer', { collectiveId: c.id })).user.username);
    const bureau = await loginAs(app, (await makeUser(h.db, 'bureau', { regionCode: c.regionCode.slice(0, 6) })).user.username);
    const hh = await makeHousehold(h.db, actor, c);
    const farmer = await loginAs(app, (await makeUser(h.db, 'farmer', { householdId: hh.id })).user.username);
    for (const path of [url, `${url}/file`]) {
      assert.equal((await otherOfficer.get(path)).status, 404, path);
      assert.equal((await bureau.get(path)).status, 404, path);
      assert.match((await request(app).get(path)).headers.location, /^\/login/, path);
      assert.equal((await farmer.get(path)).status, 404, path);
    }
    // A colleague of the same collective may come back to it.
    assert.equal((await sameCollective.get(`${url}/file`)).status, 200);
    assert.doesNotMatch((await otherOfficer.get('/exports').expect(200)).text, new RegExp(url));
    assert.equal((await postForm(bureau, '/exports', { format: 'csv' })).status, 403);
    assert.equal((await postForm(farmer, '/exports', { format: 'csv' })).status, 403);
    assert.equal((await farmer.get('/exports')).status, 403);
    assert.equal((await request(app).post('/exports').type('form').send({ format: 'csv' })).status, 403);
    assert.equal(
      (await h.db.select({ id: jobs.id }).from(jobs).where(eq(jobs.kind, 'export'))).length,
      before,
      'no refused start made a job',
    );
  });
});
