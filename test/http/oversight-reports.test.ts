import assert from 'node:assert/strict';
import { desc, eq } from 'drizzle-orm';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { auditLog, jobs } from '../../models/audit';
import type { Handle } from '../../server/platform/db';
import { STALE_MS } from '../../server/platform/jobs';
import { freshDb } from '../helpers/db';
import { makeUser } from '../helpers/factories';
import { loginAs, postForm, testApp, type Agent } from '../helpers/http';
import { finished } from '../helpers/import-files';
import { testClock } from '../helpers/clock';
import { household, land, oversightWorld } from '../helpers/oversight-factories';

// Issue 7 for the annual report (统计年报, seed 四): prepared in the background with its
// progress, kept as a snapshot that reads the same later, listed for its author, and seen only
// by its author and the bureaus whose region holds its place (rule 12).

describe('Bureau prepares the annual report in the background and opens it later (issue 7; rule 12)', function () {
  this.timeout(120_000);
  let h: Handle;
  let app: Express;
  let w: Awaited<ReturnType<typeof oversightWorld>>;
  let county: Agent;
  let farmerHousehold: string;
  // The app's clock: a job falls silent when the test moves it past STALE_MS, not by rows written back.
  const clock = testClock('2026-06-10T02:00:00Z');
  before(async () => {
    h = await freshDb();
    app = testApp(h.db, {}, clock);
    w = await oversightWorld(h.db);
    const a = await household(h.db, w.oA1, w.cA1);
    await land(h.db, w.oA1, w.cA1, a.id, '2.50', true);
    farmerHousehold = a.id;
    county = await loginAs(app, w.countyA.user.username);
  });
  after(async () => h.close());

  const start = async (agent: Agent, body: Record<string, string>) => {
    const res = await postForm(agent, '/oversight/reports', body);
    assert.equal(res.status, 303, res.text.slice(0, 300));
    assert.match(res.headers.location, /^\/oversight\/reports\/[0-9a-f-]{36}$/);
    return res.headers.location as string;
  };

  it('when a county bureau prepares a report, then the job records its progress, the page shows the report with its generation time, and the form lists it', async () => {
    const form = await county.get('/oversight/report?region=440205').expect(200);
    assert.match(form.text, /action="\/oversight\/reports"/);
    assert.match(form.text, /name="region" value="440205"/);
    const url = await start(county, { region: '440205', year: '2026' });
    const page = await finished(county, url);
    assert.match(page, /2026 年农村“三权”统计年报/);
    assert.match(page, /统计期间 2026-01 至 2026-12；生成时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    assert.match(page, /农户与人口/);
    const [job] = await h.db
      .select()
      .from(jobs)
      .where(eq(jobs.id, url.split('/').pop()!));
    assert.equal(job.status, 'succeeded');
    assert.equal(job.done, job.total);
    assert.ok(job.total >= 7, `steps: ${job.total}`);
    assert.equal((job.result as { node: { code: string } }).node.code, '440205');
    const list = await county.get('/oversight/report').expect(200);
    assert.ok(list.text.includes(`href="${url}"`), 'the form page lists the report');
    assert.match(list.text, /已生成/);
    // In English the same snapshot reads in English.
    const en = await county.get(url).set('Cookie', 'lang=en').expect(200);
    assert.match(en.text, /annual report 2026/);
  });

  it("when a report is made, then it carries the audit trail's head as it was, signed, and the same anchor is written outside the database", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sq-report-anchors-'));
    try {
      const agent = await loginAs(testApp(h.db, { AUDIT_ANCHOR_DIR: dir }), w.countyA.user.username);
      const [head] = await h.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
      const page = await finished(agent, await start(agent, { region: '440205', year: '2026' }));
      assert.match(page, new RegExp(`审计日志锚点：本报告生成时（\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}）日志共到第 ${head.seq} 条`));
      assert.ok(page.includes(`<code>${head.hash}</code>`), "the head's hash is printed in full");
      const lines = fs
        .readdirSync(dir)
        .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').trim().split('\n'))
        .map((l) => JSON.parse(l) as { seq: number; hash: string; mac: string });
      assert.deepEqual(
        lines.map((l) => [l.seq, l.hash]),
        [[head.seq, head.hash]],
      );
      assert.ok(page.includes(lines[0].mac), 'the signature printed is the one in the anchor file');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when a report is being prepared or its process died, then the page shows the progress, or a failure that says so', async () => {
    const node = {
      level: 'county',
      code: '440205',
      name: '武江区',
      prefix: '440205',
      collectiveId: null,
      path: [{ level: 'county', code: '440205', name: '武江区', collectiveId: null }],
    };
    const [running] = await h.db
      .insert(jobs)
      .values({
        kind: 'report',
        userId: w.countyA.user.id,
        status: 'running',
        total: 7,
        done: 3,
        result: { year: '2026', node, at: clock.now().toISOString() },
      })
      .returning();
    const page = await county.get(`/oversight/reports/${running.id}`).expect(200);
    assert.ok(page.text.includes('<meta http-equiv="refresh" content="2">'));
    assert.ok(page.text.includes('<progress class="progress" max="100" value="43">'));
    assert.match(page.text, /已完成 3 \/ 7 项统计/);
    // Its process stops writing (a restart): past STALE_MS without a sign of life, it reads as failed.
    clock.advance(STALE_MS + 60_000);
    const dead = await county.get(`/oversight/reports/${running.id}`).expect(200);
    assert.ok(!dead.text.includes('data-poll'));
    assert.match(dead.text, /年报生成已中断（服务器重启）/);
  });

  it('when someone else opens a report, then the city bureau above and an admin see it, another county, officers and farmers do not', async () => {
    const url = await start(county, { collective: w.cA1.id, year: '2026' });
    await finished(county, url);
    const city = await loginAs(app, w.city.user.username);
    const admin = await loginAs(app, w.admin.user.username);
    const countyB = await loginAs(app, w.countyB.user.username);
    const officer = await loginAs(app, (await makeUser(h.db, 'officer', { collectiveId: w.cA1.id })).user.username);
    assert.match((await city.get(url).expect(200)).text, new RegExp(w.cA1.name));
    await admin.get(url).expect(200);
    const other = await countyB.get(url).expect(404);
    assert.doesNotMatch(other.text, new RegExp(w.cA1.name));
    await officer.get(url).expect(403);
    const farmer = await loginAs(app, (await makeUser(h.db, 'farmer', { householdId: farmerHousehold })).user.username);
    await farmer.get(url).expect(403);
    assert.match((await request(app).get(url)).headers.location, /^\/login/);
    // Another county's bureau does not find it in its list either.
    assert.ok(!(await countyB.get('/oversight/report').expect(200)).text.includes(url));
  });

  it('when the form is sent with a bad year, a place out of scope, no CSRF token, or by a role without oversight, then it is refused and no report is made', async () => {
    const count = async () => (await h.db.select({ id: jobs.id }).from(jobs).where(eq(jobs.kind, 'report'))).length;
    const before = await count();
    const bad = await postForm(county, '/oversight/reports', { region: '440205', year: '20x6' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /请输入有效年份/);
    assert.match(bad.text, /value="20x6"/, 'what was typed stays');
    const en = await county
      .post('/oversight/reports')
      .set('Cookie', 'lang=en')
      .type('form')
      .send({ _csrf: await county.csrf(), year: '1999' });
    assert.equal(en.status, 422);
    assert.match(en.text, /Enter a valid year/);
    assert.equal((await postForm(county, '/oversight/reports', { collective: w.cB.id, year: '2026' })).status, 404);
    assert.equal((await postForm(county, '/oversight/reports', { region: '44-02', year: '2026' })).status, 422);
    assert.equal((await county.post('/oversight/reports').type('form').send({ region: '440205', year: '2026' })).status, 403);
    const officer = await loginAs(app, (await makeUser(h.db, 'officer', { collectiveId: w.cA1.id })).user.username);
    assert.equal((await postForm(officer, '/oversight/reports', { year: '2026' })).status, 403);
    assert.equal(await count(), before);
  });
});
