import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { regions } from '../../models/regions';
import type { Actor } from '../../server/kernel/actor';
import { rows, type Db, type Handle } from '../../server/platform/db';
import { checkNyt2539 } from '../../server/registry/import/nyt2539/check';
import { planCollective } from '../../server/registry/import/nyt2539/plan';
import { writeCollective } from '../../server/registry/import/nyt2539/write';
import { freshDb } from '../helpers/db';
import { makeCollective, makeUser } from '../helpers/factories';
import { loginAs, testApp } from '../helpers/http';
import { binary } from '../helpers/import-files';
import { nytFixture, TODAY } from '../helpers/nyt2539';

// Issue 17, item 4: the collective's current data goes back to the county in the same standard
// (the tables as XLSX, DK as a GBK shapefile set with its .prj, zipped), and reads back through
// the import unchanged: same households, members, contracts, parcels, areas and surveyed shapes.

const FBF = '44020510021000';

async function setUp(db: Db) {
  await db.insert(regions).values({ code: '440205100210', name: '村210', level: 'village', parentCode: '440205100' }).onConflictDoNothing();
  const c = await makeCollective(db, { regionCode: '440205100210', groupCode: '00' });
  const officer = await makeUser(db, 'officer', { collectiveId: c.id });
  return { c, officer };
}

async function importInto(db: Db, actor: Actor, zip: Buffer) {
  const checked = await checkNyt2539(zip, 'pkg.zip', { today: TODAY });
  assert.equal(checked.fatal, null, JSON.stringify(checked.fatal));
  const mine = checked.collectives.find((x) => x.collective.collective.code === FBF)!;
  await writeCollective(db, actor, mine, checked.loaded!.crs, { id: randomUUID(), fileName: 'pkg.zip' }, () => true);
  return checked;
}

/** A ring's corners to the centimetre, in a fixed order: a shapefile writes outer rings clockwise, GeoJSON anticlockwise. */
const vertices = (ring: number[][]) =>
  [...new Set(ring.map(([x, y]) => `${Math.round(x * 100)},${Math.round(y * 100)}`))].sort().map((s) => s.split(',').map(Number));

type Snapshot = { households: unknown[]; members: unknown[]; parcels: { code: string; area: number; ring: number[][] }[] };

async function snapshot(db: Db): Promise<Snapshot> {
  return {
    households: await rows(db, sql`select code, head_name, phone from households order by code`),
    members: await rows(
      db,
      sql`select h.code, m.name, m.id_number, m.sex, m.birth_date::text, m.relation from members m join households h on h.id = m.household_id order by m.id_number`,
    ),
    parcels: (
      await rows<{ code: string; area: number; contract_no: string; survey: { coordinates: number[][][] } }>(
        db,
        sql`select p.code, p.area_mu_centi as area, lc.contract_no, p.survey_geometry as survey from parcels p join land_contracts lc on lc.right_id = p.right_id order by p.code`,
      )
    ).map((p) => ({
      code: p.code,
      area: p.area,
      ring: vertices(p.survey.coordinates[0]),
    })),
  };
}

describe('Export back to the county: a collective as a NY/T 2539 package, read back unchanged (issue 17 item 4)', () => {
  let h: Handle;
  before(async () => {
    h = await freshDb();
  });
  after(async () => {
    await h.close();
  });

  it('the exported package passes every check of the import and, imported into an empty register, gives the same rows', async () => {
    const f = await nytFixture();
    const { c, officer } = await setUp(h.db);
    await importInto(h.db, officer.actor, f.zip);
    const app = testApp(h.db);
    const agent = await loginAs(app, officer.user.username);
    const res = await agent.get(`/collectives/${c.id}/export/nyt2539`).buffer(true).parse(binary).expect(200);
    assert.equal(res.headers['content-type'], 'application/zip');
    assert.equal(res.headers['cache-control'], 'no-store');
    const zip = res.body as Buffer;

    const back = await checkNyt2539(zip, 'export.zip', { today: TODAY });
    assert.equal(back.fatal, null);
    assert.deepEqual(back.loaded!.counts, { DK: (await snapshot(h.db)).parcels.length });
    assert.equal(back.loaded!.crs!.zonePrefix, true, 'the .prj and the eastings say zone 38 with the prefix');
    const errors = [...back.problems, ...back.collectives.flatMap((x) => x.problems)].filter((p) => p.severity === 'error');
    assert.deepEqual(errors, [], 'the export passes every check, topology included');
    const mine = back.collectives.find((x) => x.collective.collective.code === FBF)!;
    const again = await planCollective(h.db, mine, { id: c.id, name: c.name }, true);
    assert.ok(again.writable);
    assert.deepEqual(again.counts.households.create, 0, 'read back into the same register: every household exists');
    assert.deepEqual(again.counts.parcels.create, 0);

    const other = await freshDb();
    try {
      const o = await setUp(other.db);
      await importInto(other.db, o.officer.actor, zip);
      assert.deepEqual(await snapshot(other.db), await snapshot(h.db), 'the same households, members, parcels, areas and surveyed shapes');
    } finally {
      await other.close();
    }
    const [trail] = await rows<{ n: number }>(
      h.db,
      sql`select count(*)::int n from audit_log where action = 'export.nyt2539' and collective_id = ${c.id}`,
    );
    assert.equal(trail.n, 1, 'full ID numbers left in a file: the trail says who took them (rule 14)');
  });

  it("a bureau of another county cannot take the collective's package (404); the bureau of its own county can (rule 12)", async () => {
    const [c] = await rows<{ id: string }>(h.db, sql`select id from collectives where region_code = '440205100210'`);
    const app = testApp(h.db);
    const bureau = await makeUser(h.db, 'bureau', { regionCode: '440203' });
    await (await loginAs(app, bureau.user.username)).get(`/collectives/${c.id}/export/nyt2539`).expect(404);
    const own = await makeUser(h.db, 'bureau', { regionCode: '440205' });
    await (await loginAs(app, own.user.username)).get(`/collectives/${c.id}/export/nyt2539`).expect(200);
  });
});
