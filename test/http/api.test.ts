import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import type { Express } from 'express';
import request from 'supertest';
import { apiTokens } from '../../models/accounts';
import { households, members } from '../../models/households';
import { rights } from '../../models/rights';
import type { Handle } from '../../server/platform/db';
import { freshDb } from '../helpers/db';
import {
  homesteadInput,
  householdCode,
  idNumber,
  landInput,
  makeCollective,
  makeHousehold,
  makeUser,
  VILLAGE_B,
} from '../helpers/factories';
import { testApp } from '../helpers/http';
import { openapiChecker } from '../helpers/openapi-check';
import { LIFE_TAGS } from '../../routes/api/openapi-life';
import { NYT2539_TAGS } from '../../routes/api/openapi-nyt2539';
import { OBJECTION_TAGS } from '../../routes/api/openapi-objections';
import { ESCROW_TAGS } from '../../routes/api/openapi-escrow';
import { MARKET_TAGS } from '../../routes/api/openapi-market';
import { MONEY_TAGS } from '../../routes/api/openapi-market-money';
import { MEMBERSHIP_TAGS } from '../../routes/api/openapi-membership';

// The JSON API runs the registry's use cases; every response here, success or error, is
// checked against the OpenAPI document for its path, method and status.

type Opts = { token?: string; body?: unknown; lang?: string; raw?: string; type?: string };

describe('JSON API /api/v1', () => {
  let h: Handle;
  let app: Express;
  let check: ReturnType<typeof openapiChecker>;
  const tok: Record<string, string> = {};
  let colA: Awaited<ReturnType<typeof makeCollective>>;
  let colB: Awaited<ReturnType<typeof makeCollective>>;
  let hA: { id: string }, hA2: { id: string }, hB: { id: string };
  let officerA: Awaited<ReturnType<typeof makeUser>>;

  async function issue(userId: string, over: Partial<typeof apiTokens.$inferInsert> = {}): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await h.db.insert(apiTokens).values({
      userId,
      name: 'test',
      tokenHash: createHash('sha256').update(token).digest('hex'),
      scopes: ['read', 'write'],
      createdBy: userId,
      ...over,
    });
    return token;
  }

  /** One call, checked against the document before the test sees it. */
  async function call(method: 'get' | 'post' | 'patch', url: string, o: Opts = {}) {
    let req = request(app)[method](url);
    if (o.token) req = req.set('Authorization', `Bearer ${o.token}`);
    if (o.lang) req = req.set('Accept-Language', o.lang);
    if (o.raw !== undefined) req = req.set('Content-Type', o.type ?? 'application/json').send(o.raw);
    else if (o.body !== undefined) req = req.send(o.body as object);
    return check.check(method, url, await req);
  }
  const get = (url: string, o: Opts = {}) => call('get', url, o);
  const post = (url: string, body: unknown, o: Opts = {}) => call('post', url, { ...o, body });
  const patch = (url: string, body: unknown, o: Opts = {}) => call('patch', url, { ...o, body });
  const countOf = async (table: typeof households | typeof members | typeof rights) => (await h.db.select({ n: count() }).from(table))[0].n;

  before(async () => {
    h = await freshDb();
    app = testApp(h.db);
    const doc = (await request(app).get('/api/openapi.json').expect(200)).body;
    check = openapiChecker(doc);
    colA = await makeCollective(h.db);
    colB = await makeCollective(h.db, { regionCode: VILLAGE_B });
    officerA = await makeUser(h.db, 'officer', { collectiveId: colA.id });
    const officerB = await makeUser(h.db, 'officer', { collectiveId: colB.id });
    hA = await makeHousehold(h.db, officerA.actor, colA);
    hA2 = await makeHousehold(h.db, officerA.actor, colA);
    hB = await makeHousehold(h.db, officerB.actor, colB);
    const bureau = await makeUser(h.db, 'bureau', { regionCode: '440205' }); // 曲江区: holds VILLAGE_A, not VILLAGE_B
    const farmer = await makeUser(h.db, 'farmer', { householdId: hA.id });
    const admin = await makeUser(h.db, 'admin');
    tok.officerA = await issue(officerA.user.id);
    tok.officerB = await issue(officerB.user.id);
    tok.bureau = await issue(bureau.user.id);
    tok.farmer = await issue(farmer.user.id);
    tok.admin = await issue(admin.user.id);
  });
  after(async () => {
    await h?.close();
  });

  it('when the document is served, then it is OpenAPI 3.1 and every schema in it compiles (2020-12)', async () => {
    const res = await get('/api/openapi.json');
    assert.equal(res.body.openapi, '3.1.0');
    assert.ok(res.body.components.securitySchemes.bearer);
    assert.ok(check.compileAll() > 40);
  });

  it('when no token, a wrong, revoked or expired token, or an inactive account, then 401 with WWW-Authenticate: Bearer', async () => {
    const none = await get('/api/v1/me');
    assert.equal(none.status, 401);
    assert.match(none.headers['www-authenticate'], /^Bearer/);
    assert.equal(none.body.error.code, 'unauthorized');
    assert.equal((await get('/api/v1/me', { token: 'not-a-real-token' })).status, 401);
    assert.equal((await get('/api/v1/households', { token: 'a b c' })).status, 401);
    const revoked = await issue(officerA.user.id, { revokedAt: new Date() });
    const expired = await issue(officerA.user.id, { expiresAt: new Date(Date.now() - 1000) });
    assert.equal((await get('/api/v1/me', { token: revoked })).status, 401);
    assert.equal((await get('/api/v1/me', { token: expired })).status, 401);
    const gone = await makeUser(h.db, 'officer', { collectiveId: colA.id, active: false });
    assert.equal((await get('/api/v1/me', { token: await issue(gone.user.id) })).status, 401);
    assert.equal((await post(`/api/v1/households/${hA.id}/members`, { name: 'x' })).status, 401);
  });

  it('when a token is used, then /me names its account and scope, also for an account that must change its password', async () => {
    const me = await get('/api/v1/me', { token: tok.farmer });
    assert.equal(me.status, 200);
    assert.equal(me.body.role, 'farmer');
    assert.equal(me.body.householdId, hA.id);
    const fresh = await makeUser(h.db, 'officer', { collectiveId: colA.id }, true);
    const res = await get('/api/v1/me', { token: await issue(fresh.user.id) });
    assert.equal(res.status, 200);
    assert.equal(res.body.collectiveId, colA.id);
    const [row] = await h.db.select().from(apiTokens).where(eq(apiTokens.userId, fresh.user.id));
    assert.ok(row.lastUsedAt, 'last use is recorded');
  });

  it('when searching, then each role sees its scope only (rule 12): officer its collective, bureau its region, farmer refused', async () => {
    const mine = await get('/api/v1/households', { token: tok.officerA });
    assert.equal(mine.status, 200);
    const ids = mine.body.items.map((i: { id: string }) => i.id);
    assert.ok(ids.includes(hA.id) && ids.includes(hA2.id) && !ids.includes(hB.id));
    const bureau = await get('/api/v1/households?q=测试&page=1', { token: tok.bureau });
    assert.equal(bureau.body.query.kind, 'name');
    assert.ok(bureau.body.items.some((i: { id: string }) => i.id === hA.id));
    assert.ok(!bureau.body.items.some((i: { id: string }) => i.id === hB.id));
    const admin = await get('/api/v1/households', { token: tok.admin });
    assert.ok(admin.body.total >= 3);
    assert.equal((await get('/api/v1/households', { token: tok.farmer })).status, 403);
    const bad = await get('/api/v1/households?page=abc', { token: tok.officerA });
    assert.equal(bad.status, 422);
    assert.ok(bad.body.error.fields.page);
  });

  it('when a search echoes markup, then the JSON holds it escaped (\\u003c), and parsed it is exactly what was asked', async () => {
    // Found by the hostile-input test: the search answer repeats the query, and res.json wrote < and > as they came.
    const q = '"><img src=x onerror=sqx(2)> & 李';
    const res = await get(`/api/v1/households?q=${encodeURIComponent(q)}`, { token: tok.officerA });
    assert.equal(res.status, 200);
    assert.equal(res.body.query.value, q);
    assert.doesNotMatch(res.text, /[<>&]/);
    assert.match(res.text, /\\u003cimg src=x onerror=sqx\(2\)\\u003e \\u0026 李/);
  });

  it('when reading a household, then officers of its collective see full ID numbers and others masked ones (rule 14)', async () => {
    const full = await get(`/api/v1/households/${hA.id}`, { token: tok.officerA });
    assert.equal(full.status, 200);
    assert.equal(full.body.idNumbersMasked, false);
    assert.match(full.body.members[0].idNumber, /^[0-9]{17}[0-9X]$/);
    const masked = await get(`/api/v1/households/${hA.id}`, { token: tok.bureau });
    assert.equal(masked.body.idNumbersMasked, true);
    assert.match(masked.body.members[0].idNumber, /^[0-9]{6}\*{11}[0-9X]$/);
    assert.equal(masked.body.members[0].birthDate, null, 'the age instead of the birth date, which the mask hides');
    assert.equal(typeof masked.body.members[0].age, 'number');
    const admin = await get(`/api/v1/households/${hA.id}`, { token: tok.admin });
    assert.equal(admin.body.idNumbersMasked, true);
  });

  it("when an id lies outside the caller's scope, then 404 like a missing record (rule 12)", async () => {
    assert.equal((await get(`/api/v1/households/${hB.id}`, { token: tok.officerA })).status, 404);
    assert.equal((await get(`/api/v1/households/${hB.id}`, { token: tok.bureau })).status, 404);
    assert.equal((await get(`/api/v1/households/00000000-0000-4000-8000-000000000000`, { token: tok.officerA })).status, 404);
    assert.equal((await get('/api/v1/households/not-a-uuid', { token: tok.officerA })).status, 404);
    const write = await post(
      `/api/v1/households/${hB.id}/members`,
      { name: '外人', idNumber: idNumber(), relation: 'child' },
      { token: tok.officerA },
    );
    assert.equal(write.status, 404);
  });

  it('when a farmer reads, then only the own household answers (rule 12), with masked ID numbers, and writes are refused', async () => {
    const own = await get(`/api/v1/households/${hA.id}`, { token: tok.farmer });
    assert.equal(own.status, 200);
    assert.equal(own.body.idNumbersMasked, true);
    assert.equal((await get(`/api/v1/households/${hA2.id}`, { token: tok.farmer })).status, 404);
    const res = await patch(`/api/v1/households/${hA.id}`, { phone: '13800000000' }, { token: tok.farmer });
    assert.equal(res.status, 403);
  });

  it('when the bureau writes in its own region, then 403 and nothing is written (rule 12: the bureau changes nothing)', async () => {
    const before = await countOf(rights);
    const res = await post(`/api/v1/households/${hA.id}/rights/land`, landInput(colA), { token: tok.bureau });
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'forbidden');
    assert.equal(await countOf(rights), before);
    const create = await post('/api/v1/households', { code: householdCode(colA), members: [] }, { token: tok.bureau });
    assert.equal(create.status, 403);
  });

  it('when an officer registers a household with members, then 201 and the database holds both (rule 13 checks pass)', async () => {
    const code = householdCode(colA);
    const id = idNumber('1975-05-05');
    const res = await post(
      '/api/v1/households',
      {
        code,
        phone: '13912345678',
        members: [
          { name: '王大', idNumber: id, relation: 'head' },
          { name: '王小', idNumber: idNumber('2005-06-06', 'F'), relation: 'child', isCollectiveMember: true },
        ],
      },
      { token: tok.officerA },
    );
    assert.equal(res.status, 201, res.text);
    assert.equal(res.headers.location, `/api/v1/households/${res.body.id}`);
    assert.equal(res.body.headName, '王大');
    assert.equal(res.body.members.find((m: { relation: string }) => m.relation === 'head').idNumber, id);
    const rows = await h.db.select().from(members).where(eq(members.householdId, res.body.id));
    assert.equal(rows.length, 2);
  });

  it('when an ID number fails its check digit, then 422 names the field and nothing is written (rule 13)', async () => {
    const [hh, mm] = [await countOf(households), await countOf(members)];
    const good = idNumber();
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const res = await post(
      '/api/v1/households',
      {
        code: householdCode(colA),
        members: [{ name: '李四', idNumber: bad, relation: 'head' }],
      },
      { token: tok.officerA, lang: 'en' },
    );
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, 'validation');
    assert.match(res.body.error.fields['members.0.idNumber'], /check digit/);
    assert.deepEqual([await countOf(households), await countOf(members)], [hh, mm]);
  });

  it('when a name carries HTML or script, then 422 and nothing is written', async () => {
    const before = await countOf(members);
    const res = await post(
      `/api/v1/households/${hA.id}/members`,
      { name: '<script>alert(1)</script>', idNumber: idNumber(), relation: 'child' },
      { token: tok.officerA },
    );
    assert.equal(res.status, 422);
    assert.ok(res.body.error.fields.name);
    assert.equal(await countOf(members), before);
    const ok = await post(
      `/api/v1/households/${hA.id}/members`,
      { name: '张小', idNumber: idNumber('2010-01-01'), relation: 'child' },
      { token: tok.officerA },
    );
    assert.equal(ok.status, 201);
    assert.equal(ok.body.householdId, hA.id);
  });

  it('when an officer patches contact and hukou, then left-out fields keep their value and rights stay as they were (rule 3)', async () => {
    await post(`/api/v1/households/${hA2.id}/rights/shares`, { shares: 5 }, { token: tok.officerA });
    const first = await patch(`/api/v1/households/${hA2.id}`, { phone: '13700000000', address: '韶关市曲江区' }, { token: tok.officerA });
    assert.equal(first.status, 200, first.text);
    const settle = await patch(
      `/api/v1/households/${hA2.id}`,
      { hukouStatus: 'settled_city', settledOn: '2024-03-01', settledCity: '韶关市', reason: '进城落户' },
      { token: tok.officerA },
    );
    assert.equal(settle.status, 200);
    assert.equal(settle.body.address, '韶关市曲江区');
    assert.equal(settle.body.hukouStatus, 'settled_city');
    assert.ok(settle.body.rights.every((r: { status: string }) => r.status === 'active'));
    const half = await patch(`/api/v1/households/${hA2.id}`, { settledCity: null }, { token: tok.officerA });
    assert.equal(half.status, 422);
    assert.ok(half.body.error.fields.settledCity);
    const [row] = await h.db.select().from(households).where(eq(households.id, hA2.id));
    assert.equal(row.settledCity, '韶关市');
  });

  it('when rights are registered, then areas come back as decimal strings and hundredths', async () => {
    const land = await post(
      `/api/v1/households/${hA.id}/rights/land`,
      landInput(colA, {
        parcels: [{ ...landInput(colA).parcels[0], areaMu: 1.85 }],
      }),
      { token: tok.officerA },
    );
    assert.equal(land.status, 201, land.text);
    assert.equal(land.body.land.areaMu, '1.85');
    assert.equal(land.body.land.parcels[0].areaMuCenti, 185);
    const home = await post(`/api/v1/households/${hA.id}/rights/homestead`, homesteadInput(colA, { areaM2: '75.5' }), {
      token: tok.officerA,
    });
    assert.equal(home.status, 201);
    assert.equal(home.body.homestead.areaM2, '75.50');
    assert.equal(home.body.homestead.areaM2Centi, 7550);
    const shares = await post(`/api/v1/households/${hA.id}/rights/shares`, { shares: '10' }, { token: tok.officerA });
    assert.deepEqual(shares.body.shares, { shares: 10 });
    const bad = await post(
      `/api/v1/households/${hA.id}/rights/land`,
      landInput(colA, { parcels: [{ ...landInput(colA).parcels[0], areaMu: '1.234' }] }),
      { token: tok.officerA },
    );
    assert.equal(bad.status, 422);
    assert.ok(bad.body.error.fields['parcels.0.areaMu']);
  });

  it('when a household with a homestead gets a second one, then 422 with the rule 4 message in zh or en', async () => {
    const before = await countOf(rights);
    const zh = await post(`/api/v1/households/${hA.id}/rights/homestead`, homesteadInput(colA), { token: tok.officerA });
    assert.equal(zh.status, 422);
    assert.equal(zh.body.error.code, 'rule4.secondHomestead');
    assert.match(zh.body.error.message, /一户一宅|土地管理法/);
    const en = await post(`/api/v1/households/${hA.id}/rights/homestead`, homesteadInput(colA), {
      token: tok.officerA,
      lang: 'en-GB,en;q=0.9,zh;q=0.5',
    });
    assert.match(en.body.error.message, /one household, one homestead/);
    assert.equal(en.headers['content-language'], 'en');
    const oversize = await post(`/api/v1/households/${hA2.id}/rights/homestead`, homesteadInput(colA, { areaM2: '200' }), {
      token: tok.officerA,
      lang: 'en',
    });
    assert.equal(oversize.body.error.code, 'rule4.oversize');
    assert.match(oversize.body.error.message, /200\.00 m².*plain.*80 m²/);
    assert.equal(await countOf(rights), before);
  });

  it('when certificates are issued, read, reissued and cancelled, then each step answers its documented shape', async () => {
    const land = await post(`/api/v1/households/${hA.id}/rights/land`, landInput(colA), { token: tok.officerA });
    const rightId = land.body.id;
    const cert = await post(`/api/v1/rights/${rightId}/certificates`, undefined, { token: tok.officerA });
    assert.equal(cert.status, 201, cert.text);
    assert.equal((await post(`/api/v1/rights/${rightId}/certificates`, {}, { token: tok.officerA })).body.error.code, 'alreadyCertified');
    assert.equal((await post(`/api/v1/rights/${rightId}/certificates`, {}, { token: tok.bureau })).status, 403);
    for (const who of ['officerA', 'bureau', 'farmer', 'admin']) {
      const view = await get(`/api/v1/certificates/${cert.body.id}`, { token: tok[who] });
      assert.equal(view.status, 200, who);
      assert.equal(view.body.right.id, rightId);
    }
    assert.equal((await get(`/api/v1/certificates/${cert.body.id}`, { token: tok.officerB })).status, 404);
    const verify = await get(`/api/v1/verify/${cert.body.verifyToken}`);
    assert.equal(verify.body.valid, true);
    assert.match(verify.body.holder, /^.\*+$/);
    const noReason = await post(`/api/v1/certificates/${cert.body.id}/reissue`, {}, { token: tok.officerA });
    assert.equal(noReason.status, 422);
    const again = await post(`/api/v1/certificates/${cert.body.id}/reissue`, { reason: '遗失' }, { token: tok.officerA });
    assert.equal(again.status, 201);
    assert.equal(again.body.replacesId, cert.body.id);
    assert.equal((await get(`/api/v1/verify/${cert.body.verifyToken}`)).body.valid, false);
    const gone = await post(`/api/v1/certificates/${again.body.id}/cancel`, { reason: '登记错误' }, { token: tok.officerA });
    assert.equal(gone.status, 200);
    assert.equal(gone.body.status, 'cancelled');
    assert.equal(
      (await post(`/api/v1/certificates/${again.body.id}/cancel`, { reason: '再次' }, { token: tok.officerA })).body.error.code,
      'certificateNotValid',
    );
    assert.equal((await get('/api/v1/verify/nope')).status, 404);
  });

  it('when a right is cancelled, then it stays with status cancelled and its certificate ends with it', async () => {
    const shares = await post(`/api/v1/households/${hA.id}/rights/shares`, { shares: 3 }, { token: tok.officerA });
    await post(`/api/v1/rights/${shares.body.id}/certificates`, { number: `API-${Date.now()}` }, { token: tok.officerA });
    assert.equal((await post(`/api/v1/rights/${shares.body.id}/cancel`, {}, { token: tok.officerA })).status, 422);
    const res = await post(`/api/v1/rights/${shares.body.id}/cancel`, { reason: '重复登记' }, { token: tok.officerA });
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'cancelled');
    assert.equal(res.body.certificates[0].status, 'cancelled');
    assert.equal((await post(`/api/v1/rights/${shares.body.id}/cancel`, { reason: 'x' }, { token: tok.officerB })).status, 404);
  });

  it('when the body is not JSON, not an object or too large, then a JSON error (400, 415, 413), never HTML or 500', async () => {
    const url = `/api/v1/households/${hA.id}/members`;
    const broken = await call('post', url, { token: tok.officerA, raw: '{"name": "x",', lang: 'en' });
    assert.equal(broken.status, 400);
    assert.equal(broken.body.error.code, 'malformedJson');
    assert.match(broken.body.error.message, /not valid JSON/);
    assert.equal((await call('post', url, { token: tok.officerA, raw: '[1,2]' })).body.error.code, 'bodyNotObject');
    assert.equal((await call('post', url, { token: tok.officerA, raw: 'name=x', type: 'application/x-www-form-urlencoded' })).status, 415);
    const big = await call('post', url, { token: tok.officerA, raw: JSON.stringify({ name: 'x'.repeat(1_100_000) }) });
    assert.equal(big.status, 413);
    const typed = await post(`/api/v1/rights/${randomUUID()}/certificates`, { number: 12 }, { token: tok.officerA });
    assert.equal(typed.status, 422);
  });

  it('when fields have the wrong types or shapes, then every write answers a documented 4xx and never 500', async () => {
    const land = await post(`/api/v1/households/${hA2.id}/rights/land`, landInput(colA), { token: tok.officerA });
    const cert = await post(`/api/v1/rights/${land.body.id}/certificates`, {}, { token: tok.officerA });
    const urls = [
      '/api/v1/households',
      `/api/v1/households/${hA2.id}/members`,
      `/api/v1/households/${hA2.id}/rights/land`,
      `/api/v1/households/${hA2.id}/rights/homestead`,
      `/api/v1/households/${hA2.id}/rights/shares`,
      `/api/v1/rights/${land.body.id}/certificates`,
      `/api/v1/certificates/${cert.body.id}/reissue`,
    ];
    const hostile = [
      { members: 'x', parcels: 'x', code: 7, shares: -1, number: 'a b' },
      { members: [null, 1, 'x', { idNumber: ['x'] }], parcels: [{ areaMu: 1e300, geojson: { type: 'Polygon', coordinates: 'x' } }] },
      { shares: 1e20, areaM2: '1e5', terrain: 'sea', startDate: '2020-02-30', endDate: 5, reason: { a: 1 }, number: null },
      { name: 'a'.repeat(5000), idNumber: 12345, relation: 'head', hukouStatus: 'settled_city', settledOn: '2999-01-01' },
    ];
    const before = [await countOf(households), await countOf(members), await countOf(rights)];
    for (const url of urls) {
      for (const body of hostile) {
        const res = await post(url, body, { token: tok.officerA });
        assert.ok(res.status >= 400 && res.status < 500, `${url} ${JSON.stringify(body).slice(0, 80)} → ${res.status}`);
      }
    }
    const odd = await patch(
      `/api/v1/households/${hA2.id}`,
      { phone: 12, hukouStatus: ['rural'], reason: 'x'.repeat(300) },
      { token: tok.officerA },
    );
    assert.equal(odd.status, 422);
    assert.deepEqual([await countOf(households), await countOf(members), await countOf(rights)], before);
  });

  it('when a path does not exist under /api, then a JSON 404', async () => {
    const res = await request(app).get('/api/v2/nothing').set('Accept-Language', 'en');
    assert.equal(res.status, 404);
    assert.match(res.headers['content-type'], /json/);
    assert.equal(res.body.error.code, 'notFound');
    assert.match(res.body.error.message, /No such endpoint/);
    check.matches('Error', res.body);
  });

  it("when all tests ran, then every registry operation in the document was exercised (the market's: api-market.test.ts; the NY/T 2539 import's: import-nyt2539-api.test.ts; membership and household life in their own files)", () => {
    assert.deepEqual(
      check.unexercised({
        exceptTags: [...MARKET_TAGS, ...MONEY_TAGS, ...MEMBERSHIP_TAGS, ...LIFE_TAGS, ...NYT2539_TAGS, ...OBJECTION_TAGS, ...ESCROW_TAGS],
      }),
      [],
    );
  });
});
