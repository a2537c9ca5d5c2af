import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { apiTokens } from '../../models/accounts';
import { regions } from '../../models/regions';
import { NYT2539_TAGS } from '../../routes/api/openapi-nyt2539';
import { rows, type Handle } from '../../server/platform/db';
import { freshDb } from '../helpers/db';
import { makeCollective, makeUser } from '../helpers/factories';
import { testApp } from '../helpers/http';
import { binary, counts } from '../helpers/import-files';
import { nytFixture } from '../helpers/nyt2539';
import { openapiChecker } from '../helpers/openapi-check';
import { testClock } from '../helpers/clock';

// Issue 17, API: POST /api/v1/imports/nyt2539 (multipart .zip, ?dryRun=true) → a job whose
// result lists created, matched and refused rows with reasons; every answer matches the
// OpenAPI document. Rule 12: an officer's token writes that officer's collective only.

describe('API: a NY/T 2539 package imported by an officer token, dry run then write (issue 17)', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  let check: ReturnType<typeof openapiChecker>;
  let token: string;
  let bureauToken: string;

  const issue = async (userId: string) => {
    const t = randomBytes(32).toString('base64url');
    await h.db.insert(apiTokens).values({
      userId,
      name: 'test',
      tokenHash: createHash('sha256').update(t).digest('hex'),
      scopes: ['read', 'write'],
      createdBy: userId,
    });
    return t;
  };
  const send = async (zip: Buffer, query: string, t = token) =>
    check.check(
      'post',
      `/api/v1/imports/nyt2539${query}`,
      await request(app).post(`/api/v1/imports/nyt2539${query}`).set('Authorization', `Bearer ${t}`).attach('file', zip, 'pkg.zip'),
    );
  const until = async (url: string) => {
    for (let i = 0; i < 600; i++) {
      const res = check.check('get', url, await request(app).get(url).set('Authorization', `Bearer ${token}`));
      if (res.body.status !== 'running') return res;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the job did not finish');
  };

  before(async () => {
    h = await freshDb();
    app = testApp(h.db, {}, testClock('2026-06-01T02:00:00Z'));
    check = openapiChecker((await request(app).get('/api/openapi.json').expect(200)).body);
    await h.db
      .insert(regions)
      .values({ code: '440205100210', name: '村210', level: 'village', parentCode: '440205100' })
      .onConflictDoNothing();
    const c = await makeCollective(h.db, { regionCode: '440205100210', groupCode: '00' });
    token = await issue((await makeUser(h.db, 'officer', { collectiveId: c.id })).user.id);
    bureauToken = await issue((await makeUser(h.db, 'bureau', { regionCode: '440205' })).user.id);
  });
  after(async () => {
    await h.close();
  });

  it('?dryRun=true answers 202 with the job; its report lists new households and parcels and writes nothing', async () => {
    const f = await nytFixture();
    const before = await counts(h.db);
    const res = await send(f.zip, '?dryRun=true');
    assert.equal(res.status, 202);
    assert.equal(res.body.dryRun, true);
    const done = await until(res.headers.location);
    assert.equal(done.body.status, 'succeeded');
    const [mine, other] = done.body.collectives;
    assert.equal(mine.code, '44020510021000');
    assert.equal(mine.writable, true);
    assert.ok(mine.households.length > 0 && mine.households.every((x: { action: string }) => x.action === 'create'));
    assert.equal(other.writable, false, 'a collective the registry does not have is refused');
    assert.ok(other.problems.some((p: { code: string }) => p.code === 'fbf.unknownToRegistry') || !other.inScope);
    assert.deepEqual(await counts(h.db), before);
  });

  it('without dryRun the own collective is written; sent again, the same package changes nothing', async () => {
    const f = await nytFixture();
    const first = await until((await send(f.zip, '')).headers.location);
    assert.equal(first.body.collectives[0].written.households.create > 0, true);
    const after1 = await counts(h.db);
    const second = await until((await send(f.zip, '')).headers.location);
    assert.equal(second.body.collectives[0].written.households.create, 0);
    assert.ok(second.body.collectives[0].households.every((x: { action: string }) => x.action === 'exists'));
    assert.deepEqual(await counts(h.db), after1);
    const [n] = await rows<{ n: number }>(h.db, sql`select count(*)::int n from audit_log where action = 'import.nyt2539'`);
    assert.equal(n.n, 1, 'one trail entry, for the run that wrote');
  });

  it('a request without a zip, or with a file that is not one, is refused with 422 and starts nothing', async () => {
    const none = check.check(
      'post',
      '/api/v1/imports/nyt2539',
      await request(app).post('/api/v1/imports/nyt2539').set('Authorization', `Bearer ${token}`).send({}),
    );
    assert.equal(none.status, 422);
    const notZip = await send(Buffer.from('a,b'), '');
    assert.equal(notZip.status, 422);
    assert.equal(notZip.body.error.fields.file.length > 0, true);
  });

  it("a bureau token cannot import: registry writes are the officer's (rule 12, 403)", async () => {
    const f = await nytFixture();
    const res = await send(f.zip, '?dryRun=true', bureauToken);
    assert.equal(res.status, 403);
  });

  it("the collective's parcels come as WGS84 GeoJSON and its package as a zip; another collective's answer 404 (rule 12)", async () => {
    const [c] = await rows<{ id: string }>(h.db, sql`select id from collectives where region_code = '440205100210'`);
    const geo = await request(app).get(`/api/v1/collectives/${c.id}/parcels.geojson`).set('Authorization', `Bearer ${token}`).expect(200);
    assert.match(String(geo.headers['content-type']), /^application\/geo\+json/);
    const fc = JSON.parse(geo.text) as { type: string; features: { geometry: { coordinates: number[][][] } }[] };
    assert.equal(fc.type, 'FeatureCollection');
    const [lon] = fc.features[0].geometry.coordinates[0][0];
    assert.ok(lon > 112.9 && lon < 114.8, 'longitude in Shaoguan: WGS84, not projected metres');
    const zip = await request(app)
      .get(`/api/v1/collectives/${c.id}/export/nyt2539`)
      .set('Authorization', `Bearer ${token}`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    assert.equal((zip.body as Buffer).subarray(0, 2).toString('latin1'), 'PK');
    const other = await makeCollective(h.db);
    for (const url of [`/api/v1/collectives/${other.id}/parcels.geojson`, `/api/v1/collectives/${other.id}/export/nyt2539`])
      assert.equal(check.check('get', url, await request(app).get(url).set('Authorization', `Bearer ${token}`)).status, 404);
  });

  it('when all tests ran, every NY/T 2539 operation in the document was called', () => {
    assert.deepEqual(check.unexercised({ tags: NYT2539_TAGS }), []);
  });
});
