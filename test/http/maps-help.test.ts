import { now } from '../../server/kernel/clock';
import { systemClock } from '../../server/kernel/clock';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import request from 'supertest';
import { members } from '../../models/households';
import { rights } from '../../models/rights';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/platform/config';
import type { Handle } from '../../server/platform/db';
import { issueCertificate } from '../../server/registry/certificates';
import { registerHomestead, registerLand } from '../../server/registry/rights';
import { freshDb } from '../helpers/db';
import { homesteadInput, makeCollective, makeHousehold, makeUser, parcelCode, VILLAGE_B } from '../helpers/factories';
import { loginAs, postForm, testApp } from '../helpers/http';

const square = (lon: number, lat: number, d = 0.0005) =>
  JSON.stringify({
    type: 'Polygon',
    coordinates: [
      [
        [lon, lat],
        [lon + d, lat],
        [lon + d, lat + d],
        [lon, lat + d],
        [lon, lat],
      ],
    ],
  });

describe('Parcel sketches, the collective map and help pages', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  before(async () => {
    h = await freshDb();
    app = testApp(h.db);
  });
  after(async () => {
    await h.close();
  });

  /** A collective with two households: one with a listed land right (a mapped and an unmapped parcel) and a homestead, one in a deal. */
  async function village() {
    const c = await makeCollective(h.db);
    const { user, actor } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    const a = await makeHousehold(h.db, actor, c);
    const b = await makeHousehold(h.db, actor, c);
    const mapped = parcelCode(c),
      unmapped = parcelCode(c),
      other = parcelCode(c);
    const land = await registerLand(
      h.db,
      actor,
      a.id,
      {
        contractNo: `MAP-${mapped.slice(-6)}`,
        startDate: '2018-01-01',
        endDate: '2047-12-31',
        parcels: [
          {
            code: mapped,
            name: '塘背田',
            areaMu: '1.85',
            landClass: 'paddy',
            east: '张&李田',
            south: '机耕路',
            west: '水渠',
            north: '村道',
            geojson: square(113.6, 24.68),
          },
          { code: unmapped, name: '山脚地', areaMu: '0.92', landClass: 'dry', east: '山林', south: '祖坟', west: '村道', north: '荒坡' },
        ],
      },
      now(),
    );
    const home = await registerHomestead(h.db, actor, a.id, homesteadInput(c, { geojson: square(113.601, 24.681, 0.0001) }));
    const dealLand = await registerLand(
      h.db,
      actor,
      b.id,
      {
        contractNo: `MAP-${other.slice(-6)}`,
        startDate: '2018-01-01',
        endDate: '2047-12-31',
        parcels: [
          {
            code: other,
            name: '大丘田',
            areaMu: '2.10',
            landClass: 'paddy',
            east: '河堤',
            south: '路',
            west: '沟',
            north: '山',
            geojson: square(113.602, 24.68),
          },
        ],
      },
      now(),
    );
    await h.db.update(rights).set({ status: 'listed' }).where(eq(rights.id, land.id));
    await h.db.update(rights).set({ status: 'in_transaction' }).where(eq(rights.id, dealLand.id));
    return { c, user, actor, a, b, land, home, mapped, unmapped, other };
  }

  it('when an officer opens the collective map, then every live parcel is listed with its household and the mapped ones are drawn, coloured by kind and status', async () => {
    const v = await village();
    const agent = await loginAs(app, v.user.username);
    const start = await agent.get('/maps').expect(302);
    assert.equal(start.headers.location, `/collectives/${v.c.id}/map`);
    const page = await agent.get(start.headers.location).expect(200);
    for (const code of [v.mapped, v.unmapped, v.other]) assert.ok(page.text.includes(code), `parcel ${code} is in the table`);
    assert.match(page.text, /未录入测绘范围/);
    // The server-drawn map (no JavaScript needed): each shape links to its household.
    assert.match(page.text, new RegExp(`<a href="/households/${v.a.id}"[^>]*><path class="parcel kind-land status-listed"`));
    assert.match(page.text, new RegExp(`<a href="/households/${v.b.id}"[^>]*><path class="parcel kind-land status-in_transaction"`));
    assert.match(page.text, /<path class="parcel kind-homestead status-active"/);
    // Leaflet comes from the app itself; no outside host anywhere.
    assert.match(page.text, /<link rel="stylesheet" href="\/vendor\/leaflet\/leaflet.css">/);
    assert.match(page.text, /<script src="\/vendor\/leaflet\/leaflet.js" defer><\/script>/);
    assert.match(page.text, /data-tiles=""/);
    assert.match(page.text, /未配置底图服务/);
    const js = await agent.get('/vendor/leaflet/leaflet.js').expect(200);
    assert.match(js.headers['content-type'], /javascript/);
    assert.doesNotMatch(page.headers['content-security-policy'], /https?:\/\//);
  });

  it('when the map asks for the parcels as GeoJSON, then it gets the mapped ones with kind, status and household, and no ID numbers (rule 14)', async () => {
    const v = await village();
    const agent = await loginAs(app, v.user.username);
    const res = await agent.get(`/collectives/${v.c.id}/parcels.geojson`).expect(200);
    assert.match(res.headers['content-type'], /application\/geo\+json/);
    const fc = JSON.parse(res.text);
    assert.equal(fc.type, 'FeatureCollection');
    const byCode = Object.fromEntries(fc.features.map((f: { properties: { parcelCode: string } }) => [f.properties.parcelCode, f]));
    assert.deepEqual(Object.keys(byCode).sort(), [v.mapped, v.other, homesteadCodeOf(fc)].sort(), 'the unmapped parcel has no feature');
    assert.equal(byCode[v.mapped].properties.status, 'listed');
    assert.equal(byCode[v.mapped].properties.statusLabel, '挂牌中');
    assert.equal(byCode[v.mapped].properties.url, `/households/${v.a.id}`);
    assert.equal(byCode[v.other].properties.status, 'in_transaction');
    assert.equal(byCode[v.mapped].geometry.type, 'Polygon');
    const ids = (await h.db.select({ id: members.idNumber }).from(members).where(eq(members.householdId, v.a.id))).map((m) => m.id);
    for (const id of ids) assert.ok(!res.text.includes(id) && !res.text.includes(id.slice(0, 14)), 'no ID number, not even in part');
  });

  function homesteadCodeOf(fc: { features: { properties: { kind: string; parcelCode: string } }[] }) {
    return fc.features.find((f) => f.properties.kind === 'homestead')!.properties.parcelCode;
  }

  it('when someone outside the collective asks for its map, then 404 (other officer, other region); the bureau of its region and admins see it; farmers are refused (rule 12)', async () => {
    const v = await village();
    const other = await makeCollective(h.db, { regionCode: VILLAGE_B });
    const { user: stranger } = await makeUser(h.db, 'officer', { collectiveId: other.id });
    const { user: qujiang } = await makeUser(h.db, 'bureau', { regionCode: '440205' });
    const { user: wujiang } = await makeUser(h.db, 'bureau', { regionCode: '440203' });
    const { user: admin } = await makeUser(h.db, 'admin');
    const { user: farmer } = await makeUser(h.db, 'farmer', { householdId: v.a.id });
    const urls = [`/collectives/${v.c.id}/map`, `/collectives/${v.c.id}/parcels.geojson`];
    for (const [who, status] of [
      [stranger, 404],
      [wujiang, 404],
      [qujiang, 200],
      [admin, 200],
      [farmer, 403],
    ] as const) {
      const agent = await loginAs(app, who.username);
      for (const url of urls) assert.equal((await agent.get(url)).status, status, `${who.role} ${url}`);
    }
    const officer = await loginAs(app, v.user.username);
    await officer.get('/collectives/not-a-uuid/map').expect(404);
    await officer.get('/collectives/00000000-0000-4000-8000-000000000000/parcels.geojson').expect(404);
    assert.equal((await request(app).get(urls[1])).status, 302, 'anonymous: to the login form');
    const list = await (await loginAs(app, qujiang.username)).get('/maps').expect(200);
    assert.ok(list.text.includes(`/collectives/${v.c.id}/map`));
    assert.ok(!list.text.includes(`/collectives/${other.id}/map`), 'a collective of another county is not offered');
  });

  it('when a tile server is configured, then the map page names it and the CSP lets its tiles in', async () => {
    const v = await village();
    const config = loadConfig({
      NODE_ENV: 'test',
      MAP_TILE_URL: 'https://{s}.tiles.example.cn/{z}/{x}/{y}.png',
      MAP_TILE_ATTRIBUTION: '© 韶关测绘',
    });
    const tiled = createApp({ db: h.db, clock: systemClock, config, logger: pino({ level: 'silent' }) });
    const page = await (await loginAs(tiled, v.user.username)).get(`/collectives/${v.c.id}/map`).expect(200);
    assert.match(page.text, /data-tiles="https:\/\/\{s\}.tiles.example.cn\/\{z\}\/\{x\}\/\{y\}.png"/);
    assert.match(page.text, /data-attribution="© 韶关测绘"/);
    assert.match(page.headers['content-security-policy'], /img-src 'self' data: https:\/\/\*\.tiles\.example\.cn/);
  });

  it('when a household page or a certificate is shown, then each parcel has its sketch with the four neighbours (escaped), a scale bar, and a note where there is no outline', async () => {
    const v = await village();
    await h.db.update(rights).set({ status: 'active' }).where(eq(rights.id, v.land.id));
    const agent = await loginAs(app, v.user.username);
    const page = await agent.get(`/households/${v.a.id}`).expect(200);
    assert.equal((page.text.match(/<figure class="sketch kind-land/g) ?? []).length, 2);
    assert.equal((page.text.match(/<figure class="sketch kind-homestead/g) ?? []).length, 1);
    assert.ok(page.text.includes('东至 张&amp;李田'), 'neighbour text is escaped');
    assert.match(page.text, /<text class="sk-side vertical"[^>]*writing-mode="vertical-rl">西至 水渠<\/text>/);
    assert.match(page.text, /<figure class="sketch kind-land unsurveyed">/);
    assert.match(page.text, /<g class="sk-scale">/);
    const cert = await issueCertificate(h.db, v.actor, v.land.id, {}, now());
    const printed = await agent.get(`/certificates/${cert.id}`).expect(200);
    assert.match(printed.text, /<h2 id="h-sketches">地块示意图<\/h2>/);
    assert.equal((printed.text.match(/<figure class="sketch kind-land/g) ?? []).length, 2);
    assert.match(printed.text, /role="img" aria-labelledby="sk-[^"]+-t sk-[^"]+-d"/);
    const homeCert = await issueCertificate(h.db, v.actor, v.home.id, {}, now());
    const homePage = await agent.get(`/certificates/${homeCert.id}`).expect(200);
    assert.equal((homePage.text.match(/<figure class="sketch kind-homestead">/g) ?? []).length, 1);
  });

  it("when anyone opens /help without logging in, then the farmers' guide comes first and every rule has its anchor and legal basis", async () => {
    const res = await request(app).get('/help').expect(200);
    assert.match(res.text, /<a href="\/help\/farmer" aria-current=page>农户<\/a>/);
    for (let n = 1; n <= 14; n++) assert.ok(res.text.includes(`id="rule-${n}"`), `rule ${n} has an anchor`);
    // Issue 15: national law first, the seed (expired trial) only as the local origin.
    assert.match(
      res.text,
      /《农村集体经济组织法》第十二条（成员名册）.*土地：《农村土地承包法》第三十四条.*地方来源：韶府办〔2017〕37号 第三\(四\)条/,
    );
    assert.match(res.text, /《广东省土地管理条例》第四十二条（面积标准，适用于新批）/);
    assert.match(res.text, /《土地管理法》第六十二条/);
    assert.match(res.text, /进城落户后，您家的承包地、宅基地和集体股份都还是您家的/);
    assert.match(res.text, /签约之前，农户随时可以撤回挂牌/);
    const officer = await request(app).get('/help/officer').expect(200);
    assert.match(officer.text, /给村集体经办人的说明/);
    await request(app).get('/help/nobody').expect(404);
    const en = await request(app).get('/help/bureau').set('Cookie', 'lang=en').expect(200);
    assert.match(en.text, /For the agriculture bureau/);
    assert.match(en.text, /Rule 1: inside the collective only/);
    const v = await village();
    const mine = await (await loginAs(app, v.user.username)).get('/help').expect(200);
    assert.match(mine.text, /<a href="\/help\/officer" aria-current=page>/, "a logged-in officer sees the officers' guide first");
  });

  it('when a rule refuses an action, then the message links to its explanation (rule 4 on the form, rule 12 on the 403 page)', async () => {
    const v = await village();
    const agent = await loginAs(app, v.user.username);
    const second = await postForm(agent, `/households/${v.a.id}/rights/homestead`, homesteadInput(v.c));
    assert.equal(second.status, 422);
    assert.match(second.text, /一户只能拥有一处宅基地[^<]*<a class="why" href="\/help#rule-4">为什么？看规则 4 的说明<\/a>/);
    const { user: farmer } = await makeUser(h.db, 'farmer', { householdId: v.b.id });
    const refused = await (await loginAs(app, farmer.username)).get('/households').expect(403);
    assert.match(refused.text, /href="\/help#rule-12"/);
  });
});
