import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { regions } from '../../models/regions';
import type { Handle } from '../../server/platform/db';
import { rows } from '../../server/platform/db';
import { verifyChain } from '../../server/kernel/audit';
import { freshDb } from '../helpers/db';
import { makeCollective, makeUser } from '../helpers/factories';
import { csrfFrom, loginAs, testApp, type Agent } from '../helpers/http';
import { counts } from '../helpers/import-files';
import { nytFixture } from '../helpers/nyt2539';
import { testClock } from '../helpers/clock';

// Issue 17, item 2: a county's NY/T 2539 package is checked first (a dry run that writes
// nothing and names every problem's table, row and field), then written on the officer's
// confirmation, one transaction per collective, all or nothing, re-runnable; rule 12: an
// officer writes only their own collective; rule 13: one code, one household / parcel.

const MINE = { regionCode: '440205100210', groupCode: '00' }; // the fixture's first 发包方
const OTHER = { regionCode: '440205100211', groupCode: '00' }; // its second

/** The fixture's villages of 马坝镇 (440205100), as the region list would hold them. */
async function villages(db: Handle['db']) {
  for (const code of [MINE.regionCode, OTHER.regionCode])
    await db
      .insert(regions)
      .values({ code, name: `村${code.slice(-3)}`, level: 'village', parentCode: '440205100' })
      .onConflictDoNothing();
}

async function uploadPackage(agent: Agent, name: string, zip: Buffer) {
  const token = csrfFrom((await agent.get('/imports/nyt2539/new').expect(200)).text);
  return agent.post('/imports/nyt2539').field('_csrf', token).attach('file', zip, name);
}

async function settled(agent: Agent, url: string): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const page = await agent.get(url).expect(200);
    if (!page.text.includes('data-poll')) return page.text;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the job did not finish');
}

async function confirm(agent: Agent, url: string) {
  const token = csrfFrom((await agent.get(url).expect(200)).text);
  return agent.post(`${url}/confirm`).type('form').send({ _csrf: token });
}

describe('Officer imports a county NY/T 2539 package: dry run, confirm, write per collective (issue 17)', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  let agent: Agent;
  let mine: Awaited<ReturnType<typeof makeCollective>>;
  before(async () => {
    h = await freshDb();
    app = testApp(h.db, {}, testClock('2026-06-01T02:00:00Z'));
    await villages(h.db);
    mine = await makeCollective(h.db, MINE);
    await makeCollective(h.db, OTHER);
    const { user } = await makeUser(h.db, 'officer', { collectiveId: mine.id });
    agent = await loginAs(app, user.username);
  });
  after(async () => {
    await h.close();
  });

  it('the dry run lists every household and parcel as new, writes nothing, and the other collective is out of reach (rule 12)', async () => {
    const f = await nytFixture();
    const before = await counts(h.db);
    const res = await uploadPackage(agent, '马坝镇确权数据.zip', f.zip);
    assert.equal(res.status, 303);
    assert.match(res.headers.location, /^\/imports\/nyt2539\/[0-9a-f-]{36}$/);
    const page = await settled(agent, res.headers.location);
    assert.ok(page.includes('马坝镇确权数据.zip'));
    assert.ok(page.includes('检查完成：本集体的数据可以写入'), page);
    assert.ok(page.includes('不是您所在的集体，不会写入'), 'the second collective is not written by this officer');
    assert.ok(page.includes('确认写入'));
    assert.match(page, /data-household="44020510021000\d{4}"/);
    assert.ok(!/data-household="44020510021100/.test(page), "another collective's households are not listed to this officer");
    assert.deepEqual(await counts(h.db), before, 'a dry run writes nothing');
  });

  it('on confirmation, the own collective is written in one transaction: households, members, contracts, parcels with both shapes, certificates, trail (rule 13)', async () => {
    const f = await nytFixture();
    const check = (await uploadPackage(agent, 'pkg.zip', f.zip)).headers.location;
    await settled(agent, check);
    const res = await confirm(agent, check);
    assert.equal(res.status, 303);
    const write = res.headers.location;
    assert.notEqual(write, check);
    const page = await settled(agent, write);
    assert.ok(page.includes('已写入：新建'), page);
    const [hs] = await rows<{ n: number; other: number }>(
      h.db,
      sql`select count(*) filter (where collective_id = ${mine.id})::int n, count(*) filter (where collective_id <> ${mine.id})::int other from households`,
    );
    assert.ok(hs.n >= 5, `households written: ${hs.n}`);
    assert.equal(hs.other, 0, 'the other collective is untouched');
    const [p] = await rows<{
      geojson: { type: string; coordinates: number[][][] };
      survey_geometry: { crs: { properties: { name: string } }; coordinates: number[][][] };
    }>(h.db, sql`select geojson, survey_geometry from parcels where collective_id = ${mine.id} limit 1`);
    const [lon, lat] = p.geojson.coordinates[0][0];
    assert.ok(lon > 112.9 && lon < 114.8 && lat > 23.9 && lat < 25.6, `the map shape is WGS84 in Shaoguan: ${lon}, ${lat}`);
    assert.match(p.survey_geometry.crs.properties.name, /^EPSG:45(26|47)$/, 'the surveyed shape keeps its CGCS2000 GK system');
    assert.ok(p.survey_geometry.coordinates[0][0][0] > 100_000, 'the surveyed shape is in projected metres as recorded');
    const trail = await rows<{ action: string; n: number }>(
      h.db,
      sql`select action, count(*)::int n from audit_log where collective_id = ${mine.id} group by action order by action`,
    );
    assert.deepEqual(trail, [
      { action: 'household.create', n: hs.n },
      { action: 'import.nyt2539', n: 1 },
    ]);
    assert.equal((await verifyChain(h.db)).ok, true);
    const ids = [check, write].map((u) => u.split('/').pop()!);
    const [files] = await rows<{ n: number }>(
      h.db,
      sql`select count(*)::int n from job_files where job_id = any(${sql.param(ids)}::uuid[])`,
    );
    assert.equal(files.n, 0, 'the uploaded package (personal data) is deleted once written (rule 14)');
    const again = await confirm(agent, check);
    assert.equal(again.status, 422, 'a confirmed dry run is not written twice');
  });

  it('a second run of the same package finds everything registered and changes nothing, not even the trail', async () => {
    const f = await nytFixture();
    const before = await counts(h.db);
    const check = (await uploadPackage(agent, 'pkg-again.zip', f.zip)).headers.location;
    const report = await settled(agent, check);
    assert.match(report, /<strong>0<\/strong>户新建/);
    assert.ok(!report.includes('>新建</td>'), 'no household is new');
    const write = (await confirm(agent, check)).headers.location;
    const page = await settled(agent, write);
    assert.ok(page.includes('已写入：新建 0 户、0 块地'), page);
    assert.deepEqual(await counts(h.db), before);
  });

  it('overlapping parcels block their collective: the report names the layer, record and parcels, and nothing can be confirmed', async () => {
    const f = await nytFixture('overlap');
    const fresh = await freshDb();
    try {
      const app2 = testApp(fresh.db, {}, testClock('2026-06-01T02:00:00Z'));
      await villages(fresh.db);
      const c = await makeCollective(fresh.db, MINE);
      const { user } = await makeUser(fresh.db, 'officer', { collectiveId: c.id });
      const a = await loginAs(app2, user.username);
      const check = (await uploadPackage(a, 'overlap.zip', f.zip)).headers.location;
      const page = await settled(a, check);
      assert.ok(page.includes('这个集体不会写入'), page);
      assert.ok(page.includes(`与地块 ${f.planted!.other}`), 'the overlapping neighbour is named');
      assert.match(page, new RegExp(`<td data-label="表">DK</td><td class="num" data-label="行">${f.planted!.row}</td>`));
      assert.ok(!page.includes('/confirm'), 'no confirm button');
      assert.equal((await confirm(a, check)).status, 422);
      assert.equal((await counts(fresh.db)).h, 0);
    } finally {
      await fresh.close();
    }
  });

  it('a 15-digit legacy ID is flagged in the report and written in its 18-digit form; the trail keeps the flag', async () => {
    const f = await nytFixture('id15');
    const fresh = await freshDb();
    try {
      const app2 = testApp(fresh.db, {}, testClock('2026-06-01T02:00:00Z'));
      await villages(fresh.db);
      const c = await makeCollective(fresh.db, MINE);
      const { user } = await makeUser(fresh.db, 'officer', { collectiveId: c.id });
      const a = await loginAs(app2, user.username);
      const check = (await uploadPackage(a, 'id15.zip', f.zip)).headers.location;
      const page = await settled(a, check);
      if (!page.includes('15 位旧身份证号')) return assert.fail(`the legacy number is flagged: ${page.slice(0, 200)}`);
      await settled(a, (await confirm(a, check)).headers.location);
      const old = f.planted!.code!;
      const [m] = await rows<{ id_number: string }>(
        fresh.db,
        sql`select id_number from members where id_number like ${`${old.slice(0, 6)}19${old.slice(6, 15)}_`}`,
      );
      assert.ok(m, 'the member is stored with the 18-digit form of the old number');
      const [t] = await rows<{ n: number }>(
        fresh.db,
        sql`select count(*)::int n from audit_log where action = 'household.create' and after::text like '%legacyId15%'`,
      );
      assert.equal(t.n, 1);
    } finally {
      await fresh.close();
    }
  });

  it('a broken .dbf is refused with its file named; a file that is not a zip is refused at once (422, nothing stored)', async () => {
    const f = await nytFixture('broken-dbf');
    const check = (await uploadPackage(agent, 'broken.zip', f.zip)).headers.location;
    const page = await settled(agent, check);
    assert.ok(page.includes('无法读取数据包，没有写入任何数据'), page);
    assert.match(page, /\.dbf/);
    const bad = await uploadPackage(agent, 'table.xlsx', Buffer.from('not a zip'));
    assert.equal(bad.status, 422);
    assert.ok(bad.text.includes('只接受 ZIP 文件'));
  });

  it("another collective's officer cannot see the job (404, rule 12)", async () => {
    const f = await nytFixture();
    const check = (await uploadPackage(agent, 'pkg.zip', f.zip)).headers.location;
    await settled(agent, check);
    const other = await makeCollective(h.db);
    const { user } = await makeUser(h.db, 'officer', { collectiveId: other.id });
    const stranger = await loginAs(app, user.username);
    await stranger.get(check).expect(404);
  });
});
