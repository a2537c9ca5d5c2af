import assert from 'node:assert/strict';
import turfArea from '@turf/area';
import { and, desc, eq } from 'drizzle-orm';
import { auditLog } from '../../models/audit';
import { homesteads, parcels, rights } from '../../models/rights';
import { now } from '../../server/kernel/clock';
import type { Handle } from '../../server/platform/db';
import { DEFAULT_TOPO } from '../../server/registry/import/nyt2539/topology';
import { AREA_TOLERANCE_PERCENT, M2_PER_MU } from '../../server/registry';
import { registerLand } from '../../server/registry/rights';
import { freshDb } from '../helpers/db';
import { landInput, makeHousehold, parcelCode, VILLAGE_A } from '../helpers/factories';
import { officerSession, postForm, testApp } from '../helpers/http';

// Issue 17 item 3: the outline an officer draws on the form's map is checked again on save —
// one that crosses itself is refused with a Chinese message and the form keeps what was sent;
// one whose area is far from the recorded area (past the NY/T 2539 import check's tolerance) is
// saved, the difference written to the trail and shown; a redrawn outline replaces the county's
// survey shape, so the export projects what the officer drew.

/** A square of about `m2` square metres near 韶关, as the browser's map would post it. */
function square(m2: number, lon = 113.6, lat = 24.68) {
  const side = Math.sqrt(m2);
  const dLat = side / 111_195;
  const dLon = side / (111_195 * Math.cos((lat * Math.PI) / 180));
  return {
    type: 'Polygon' as const,
    coordinates: [
      [
        [lon, lat],
        [lon + dLon, lat],
        [lon + dLon, lat + dLat],
        [lon, lat + dLat],
        [lon, lat],
      ],
    ],
  };
}
const BOWTIE = {
  type: 'Polygon',
  coordinates: [
    [
      [113.6, 24.68],
      [113.6002, 24.6802],
      [113.6002, 24.68],
      [113.6, 24.6802],
      [113.6, 24.68],
    ],
  ],
};

describe('Parcel outlines drawn on the form map are checked again on save (issue 17 item 3)', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  before(async () => {
    h = await freshDb();
    app = testApp(h.db);
  });
  after(async () => {
    await h.close();
  });

  it('when the land form opens, then it has a map field instead of a GeoJSON box, and the page carries the import check’s area tolerance', async () => {
    const s = await officerSession(app, h.db, { regionCode: VILLAGE_A });
    const hh = await makeHousehold(h.db, s.actor, s.c);
    const page = await s.agent.get(`/households/${hh.id}/rights/new/land`).expect(200);
    assert.equal(AREA_TOLERANCE_PERCENT, DEFAULT_TOPO.areaTolerancePercent, 'one tolerance for the import and the form');
    assert.match(page.text, new RegExp(`data-tolerance="${AREA_TOLERANCE_PERCENT}"`));
    assert.match(page.text, new RegExp(`data-geojson="/collectives/${s.c.id}/parcels.geojson"`));
    assert.doesNotMatch(page.text, /<textarea[^>]*geojson/, 'no raw GeoJSON for the officer');
    assert.match(page.text, /<input type="hidden" name="parcels\[0\]\[geojson\]" value="">/);
    assert.match(page.text, /在地图上绘制地块需要启用 JavaScript/, 'a message without JavaScript');
    assert.match(page.text, /src="\/vendor\/geoman\/leaflet-geoman.min.js"/);
    const geoman = await s.agent.get('/vendor/geoman/leaflet-geoman.min.js').expect(200);
    assert.ok(geoman.text.length > 100_000, 'Leaflet-Geoman served by the app itself');
    const area = await s.agent.get('/vendor/turf/area.js').expect(200);
    assert.match(area.headers['content-type'], /javascript/);
    assert.match(area.text, /from "\/vendor\/turf\/helpers\.js"/, 'bare imports pointed at our own paths');
    await s.agent.get('/vendor/turf/kinks.js').expect(404);
  });

  it('when a land form posts an outline that crosses itself, then it is refused with a Chinese message, nothing is written, and the form keeps what was sent', async () => {
    const s = await officerSession(app, h.db, { regionCode: VILLAGE_A });
    const hh = await makeHousehold(h.db, s.actor, s.c);
    const code = parcelCode(s.c);
    const res = await postForm(s.agent, `/households/${hh.id}/rights/land`, {
      contractNo: 'HT-2020-0007',
      startDate: '2020-01-01',
      endDate: '2049-12-31',
      'parcels[0][code]': code,
      'parcels[0][name]': '塘尾田',
      'parcels[0][areaMu]': '1.20',
      'parcels[0][landClass]': 'paddy',
      'parcels[0][geojson]': JSON.stringify(BOWTIE),
    });
    assert.equal(res.status, 422);
    assert.match(res.text, /地块图形的边线自相交叉/);
    assert.match(res.text, /href="#f-parcels-0-geojson"/, 'the summary links to the map');
    assert.match(res.text, /value="塘尾田"/);
    assert.ok(res.text.includes(`value="${JSON.stringify(BOWTIE).replace(/"/g, '&#34;')}"`), 'the outline sent is kept');
    const held = await h.db.select().from(rights).where(eq(rights.householdId, hh.id));
    assert.equal(held.length, 0);
  });

  it('when a homestead outline is far from its recorded area, then it is registered, the officer is told, and the trail records the difference', async () => {
    const s = await officerSession(app, h.db, { regionCode: VILLAGE_A });
    const hh = await makeHousehold(h.db, s.actor, s.c);
    const shape = square(150);
    const computed = turfArea(shape);
    const res = await postForm(s.agent, `/households/${hh.id}/rights/homestead`, {
      origin: 'existing',
      parcelCode: parcelCode(s.c),
      location: '测试村 8 号',
      areaM2: '100',
      terrain: 'plain',
      approvalNo: '测宅批008',
      geojson: JSON.stringify(shape),
    });
    assert.equal(res.status, 302, /<div class="error-summary"[\s\S]*?<\/div>/.exec(res.text)?.[0] ?? res.text.slice(0, 300));
    const next = await s.agent.get(res.headers.location.replace(/#.*/, '')).expect(200);
    assert.match(
      next.text,
      /class="flash warn"[^>]*>地块 \d{19} 的图形面积 \d+(\.\d+)? 平方米与登记面积 100 平方米相差 \d+(\.\d+)?%，超过允许误差 5%/,
    );
    const [home] = await h.db
      .select()
      .from(homesteads)
      .innerJoin(rights, eq(rights.id, homesteads.rightId))
      .where(eq(rights.householdId, hh.id));
    assert.deepEqual(home.homesteads.geojson, shape);
    const [entry] = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.householdId, hh.id), eq(auditLog.action, 'right.register')))
      .orderBy(desc(auditLog.seq));
    const w = (entry.after as { areaWarnings: { computedM2: number; recordedM2: number; percent: number }[] }).areaWarnings;
    assert.equal(w.length, 1);
    assert.equal(w[0].recordedM2, 100);
    assert.ok(Math.abs(w[0].computedM2 - computed) < 0.01);
    assert.ok(w[0].percent > AREA_TOLERANCE_PERCENT);
  });

  it('when an officer redraws an imported parcel within the tolerance, then no warning is given, and the county’s survey shape gives way to the drawn one', async () => {
    const s = await officerSession(app, h.db, { regionCode: VILLAGE_A });
    const hh = await makeHousehold(h.db, s.actor, s.c);
    const r = await registerLand(h.db, s.actor, hh.id, landInput(s.c, {}), now());
    const [p] = await h.db.select().from(parcels).where(eq(parcels.rightId, r.id));
    // As a NY/T 2539 import leaves it: the survey's Gauss-Krüger shape beside the WGS84 one.
    await h.db
      .update(parcels)
      .set({ geojson: square(1000), surveyGeometry: { type: 'Polygon', coordinates: [[[38_459_554, 2_729_000]]] } })
      .where(eq(parcels.id, p.id));
    const redrawn = square(1.5 * M2_PER_MU * 1.02, 113.601); // 1.50 亩, 2% off: within the tolerance
    const res = await postForm(s.agent, `/rights/${r.id}/correct`, {
      version: '1',
      contractNo: 'HT-2018-0001',
      startDate: '2018-01-01',
      endDate: '2047-12-31',
      'parcels[0][id]': p.id,
      'parcels[0][code]': p.code,
      'parcels[0][name]': p.name,
      'parcels[0][areaMu]': '1.50',
      'parcels[0][landClass]': p.landClass,
      'parcels[0][east]': p.east,
      'parcels[0][south]': p.south,
      'parcels[0][west]': p.west,
      'parcels[0][north]': p.north,
      'parcels[0][geojson]': JSON.stringify(redrawn),
      reason: '按实地重新勾绘地块范围',
    });
    assert.equal(res.status, 302, /<div class="error-summary"[\s\S]*?<\/div>/.exec(res.text)?.[0] ?? res.text.slice(0, 300));
    const next = await s.agent.get(res.headers.location.replace(/#.*/, '')).expect(200);
    assert.doesNotMatch(next.text, /flash warn/);
    const [after] = await h.db.select().from(parcels).where(eq(parcels.id, p.id));
    assert.deepEqual(after.geojson, redrawn);
    assert.equal(after.surveyGeometry, null, 'the export projects the drawn outline, not the old survey');
  });

  it('when a correction keeps a stored outline and its area, then the survey shape stays and the outline is not judged again', async () => {
    const s = await officerSession(app, h.db, { regionCode: VILLAGE_A });
    const hh = await makeHousehold(h.db, s.actor, s.c);
    const r = await registerLand(h.db, s.actor, hh.id, landInput(s.c, {}), now());
    const [p] = await h.db.select().from(parcels).where(eq(parcels.rightId, r.id));
    const survey = { type: 'Polygon', coordinates: [[[38_459_554, 2_729_000]]] };
    await h.db
      .update(parcels)
      .set({ geojson: square(2 * 1.5 * M2_PER_MU), surveyGeometry: survey }) // twice the recorded area, as the county left it
      .where(eq(parcels.id, p.id));
    // The form's hidden field carries the stored outline back as the form rendered it.
    const form = await s.agent.get(`/rights/${r.id}/correct`).expect(200);
    const kept = /name="parcels\[0\]\[geojson\]" value="([^"]*)"/.exec(form.text)![1].replace(/&#34;/g, '"');
    const res = await postForm(s.agent, `/rights/${r.id}/correct`, {
      version: '1',
      contractNo: 'HT-2018-0002',
      startDate: '2018-01-01',
      endDate: '2047-12-31',
      'parcels[0][id]': p.id,
      'parcels[0][code]': p.code,
      'parcels[0][name]': '改名田',
      'parcels[0][areaMu]': '1.50',
      'parcels[0][landClass]': p.landClass,
      'parcels[0][east]': p.east,
      'parcels[0][south]': p.south,
      'parcels[0][west]': p.west,
      'parcels[0][north]': p.north,
      'parcels[0][geojson]': kept,
      reason: '更正地块名称',
    });
    assert.equal(res.status, 302, /<div class="error-summary"[\s\S]*?<\/div>/.exec(res.text)?.[0] ?? res.text.slice(0, 300));
    const [after] = await h.db.select().from(parcels).where(eq(parcels.id, p.id));
    assert.equal(after.name, '改名田');
    assert.deepEqual(after.surveyGeometry, survey);
    const next = await s.agent.get(res.headers.location.replace(/#.*/, '')).expect(200);
    assert.doesNotMatch(next.text, /flash warn/, 'only a changed outline or area is warned about');
  });
});
